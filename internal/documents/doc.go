// Package documents keeps a company's ISMS documents under version control (文書管理): policies,
// procedures, manuals, standards, record templates, risk assessments, the SoA and minutes.
// Other modules publish documents through Service.CreateDocument (the meetings module publishes
// minutes with kind MINUTES). Isolation comes from the ent schema, as everywhere: a record of
// another organization or of an ungranted company is not found, and the privacy policies let
// only the ISMS editors (OWNER, ADMIN, CONSULTANT, SECRETARIAT) write, every member but the
// auditor acknowledge.
//
// The rules:
//
//   - A document has a code unique in its company. Without one, the next free number of its
//     kind's series is taken: POLICY ISMS-P-001, STANDARD ISMS-S-001, PROCEDURE ISMS-PR-001,
//     MANUAL ISMS-M-001, RECORD_TEMPLATE ISMS-F-001 (様式), RISK_ASSESSMENT ISMS-RA-001,
//     SOA ISMS-SOA-001, MINUTES ISMS-MIN-001, OTHER ISMS-X-001 (one more than the highest number
//     in use, archived documents included; three digits at least).
//   - createDocument makes version 1.0 as DRAFT. A version moves DRAFT → IN_REVIEW (submit) →
//     APPROVED or REJECTED (with a reason). Its content (body, file, change summary) can be edited
//     only as a DRAFT; once submitted it never changes (the schema's hook holds this for every
//     writer). A DRAFT is discarded by submitting and rejecting it.
//   - Approving needs someone other than the version's author (segregation of duties); it
//     supersedes the previously approved version (SUPERSEDED), makes the new one current
//     (Document.currentVersion) and sets the next review date to the approval date plus the
//     review interval. At most one version is open (DRAFT or IN_REVIEW) and at most one is
//     APPROVED per document: partial unique indexes hold both in the database too.
//   - Revising (createDocumentVersion) opens a new DRAFT from the current version (or, before
//     any approval, from the latest one): the next minor number by default (1.0 → 1.1), the next
//     major on request (1.3 → 2.0), numbered after the highest version of the document.
//   - Every step is recorded with its actor and time (DocumentStep): DRAFTED, EDITED, SUBMITTED,
//     APPROVED, REJECTED, SUPERSEDED.
//   - Acknowledgements (周知確認) are of the current version, by the viewer itself; the report
//     lists who of the people reaching the company (OWNER and ADMIN, and members granted the
//     company; never an AUDITOR) has and has not acknowledged it.
//   - A document is overdue when its next review date is before today (in the ISMS calendar,
//     date.Calendar: Japan) and it is not archived. ScheduleReviews gives each overdue document without an open review
//     task (TODO, IN_PROGRESS or BLOCKED) a task for its owner, due reviewTaskDueDays later.
//   - Archived documents are read-only: restore them first.
//
// Failures, one kind per cause:
//
//   - BAD_USER_INPUT with the field: malformed input (an empty title, an unknown kind, a code
//     with spaces, an interval outside 1–60, an empty rejection reason, a file too large), an
//     owner who does not reach the company (or is an auditor), an archived company, a diff
//     between versions of two documents.
//   - CONFLICT: well-formed input that the records' present state refuses: a code already used
//     in the company, a workflow step out of order (approving a DRAFT, editing or submitting a
//     version already submitted, opening a second version while one is open), submitting a
//     version without content, acknowledging a document with no approved version, any change
//     to an archived document.
//   - FORBIDDEN: a role that may not write (privacy policies), and an author approving their
//     own version (ErrSelfApproval).
//   - NOT_FOUND: an ID the viewer cannot reach, exactly as one that does not exist.
package documents
