// Package training keeps a company's awareness and training (ISO/IEC 27001 7.2, 7.3): courses,
// campaigns that run them for an audience, drills, and each person's assignments, which are the
// training history the certification auditor asks for.
//
// Rules this package owns:
//   - a course is NEW_HIRE, ALL_STAFF, ROLE or DRILL (a drill says whether it is a PHISHING,
//     PASSWORD or OTHER drill, and is not scored); a scored course has a pass mark from 0 to 100;
//     its materials are approved versions of the company's documents;
//   - a campaign runs a course for an audience of its company (everyone, sites, departments,
//     roles, named people; they add up), due on a day not in the past; it assigns each person
//     of the audience once: the members who work in the company, not removed, not past the end
//     of their access, never a read-only AUDITOR; a person's department is the one recorded on
//     its company grant (setMemberDepartment), and a department's site places the person at a
//     site; at most 5,000 people a campaign;
//   - each assignment of a course that is not a drill comes with a task of the person (source
//     TRAINING, due on the campaign's day), so that it shows in myTasks; a drill is not announced;
//   - when a person joins a company (an invitation accepted, a company granted), every NEW_HIRE
//     course of the company that is not archived is assigned, due in the course's days, and so is
//     every campaign still running whose audience takes the person in;
//   - a person completes its own assignment (an editor may record it for them): a scored course
//     takes the score, passed at the pass mark or above, and a failed score leaves the assignment
//     open for another try; a course that is not scored takes the attestation; completing
//     finishes the task; a drill's results are recorded by editors, all or none: CLICKED,
//     REPORTED or IGNORED for a phishing drill, done or not for another;
//   - a MEMBER reads only its own assignments (not the campaigns, not anyone else's results);
//   - a campaign's progress counts assigned, completed and overdue assignments, and a phishing
//     drill's clicks and reports, in all and per department, with the rates.
package training
