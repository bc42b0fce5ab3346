// Package audits runs a company's audits and the improvement that follows them (ISO/IEC 27001
// 9.2 and 10.2): the audit programme of a period, internal and certification audits with their
// scope and auditors, the checklist built from the scope, findings and their corrective actions
// (tasks, source FINDING), the review of the actions' effectiveness, and the status the
// secretariat checks before the next audit.
//
// Rules this package owns:
//   - an audit's scope names clauses 4 to 10 and Annex A controls of the catalogue
//     (package iso27001) and departments of the audit's company; its last planned day is not
//     before its first;
//   - an internal audit has internal auditors (a lead and a team: members who work in the company
//     and are not read-only AUDITORs) and no certification body; a certification audit has a
//     certification body and no internal auditors;
//   - auditors are impartial (9.2.2 c): an auditor who heads or represents a department in the
//     scope is refused, BAD_USER_INPUT / NOT_INDEPENDENT on its field, unless the audit records
//     why (independenceOverride);
//   - planning an internal audit builds its checklist from the scope: one question per clause,
//     then one per control, in the order of the standard; items can be added while the audit is
//     not completed;
//   - a programme is published, with the audits planned in it, as a version of its AUDIT_PROGRAMME
//     document submitted for approval (documented information, 9.2.2);
//   - an organization's standard checklists (templates, kept by OWNER, ADMIN and CONSULTANT) are
//     versioned: new questions make the next version; applying one to an audit that is not
//     completed copies its questions after the audit's items, and a later version never rewrites
//     them;
//   - an audit moves PLANNED → IN_PROGRESS → COMPLETED, and PLANNED or IN_PROGRESS → CANCELED;
//     results are recorded only while it is IN_PROGRESS; completing an internal audit drafts its
//     report (scope, checklist, findings) as a version of its AUDIT_REPORT document, submitted for
//     approval; a certification audit's improvement report (its findings with their causes,
//     corrective actions, status and effectiveness) is drafted on demand as a version of its
//     IMPROVEMENT_REPORT document, submitted for approval (package documents);
//   - recording NONCONFORMITY on a checklist item raises a finding of the audit in the same
//     transaction (grade MINOR unless MAJOR is given, the item's clause or control, the audit's
//     departments, a response deadline from the audit's rule); the item then keeps that result;
//   - the audit-day timetable: a slot (interview) of an audit not completed or canceled has a room
//     or an online link, lasts at most 12 hours, and names departments and interviewees who work
//     in the company; a room or a person already booked in an overlapping slot of the company is
//     refused, BAD_USER_INPUT / SCHEDULE_CLASH naming the other slot (slots that only touch do not
//     clash); an audit day holds at most 100 slots and reads in time order, Japan time;
//   - a certification audit is given to certification auditors' accounts (members whose role is
//     AUDITOR, granted the company): such an auditor reads only the records of the audits it is
//     given (the schema's read rules) and files their requests; a request moves OPEN → ROUTED
//     (an URGENT task, source AUDITOR_REQUEST, due when the auditor wants the answer) →
//     ANSWERED (text and the current approved versions of documents of the company, never a
//     draft; the routed task is done with it) → ACCEPTED, or REOPENED with a reason and routed
//     or answered again;
//   - the company's next audit day and certification body follow its certification audits (the
//     earliest still PLANNED or IN_PROGRESS), and its certificate number and expiry the STAGE2 or
//     RECERTIFICATION audit completed with them; nobody types them twice;
//   - a finding is closed only when none of its corrective actions is open and, for a
//     nonconformity (MAJOR, MINOR), its root cause is recorded and the review of the actions'
//     effectiveness found them EFFECTIVE: otherwise BAD_USER_INPUT / INCOMPLETE on each field
//     that is missing; a closed finding changes no more.
//
// Isolation and roles come from the ent schema (layers 1 and 2).
package audits
