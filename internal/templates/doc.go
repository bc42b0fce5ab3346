// Package templates keeps an organization's template sets (テンプレートセット): a consultancy's
// standard kit for a new client — document templates in Markdown with placeholders, checklist
// templates, the risk method, the Statement of Applicability defaults, recurring tasks, the
// meeting cadence and training courses — and applies them to client companies.
//
// Its rules:
//   - A set's content lives in versions, each immutable once published: what a company received
//     is never rewritten. Publishing checks every item as the module that will write it would
//     (a document as the documents service, a task as the tasks service …), each problem on its
//     path ("content.documents.2.title"); a placeholder other than those listed (Placeholders)
//     is refused there, not found missing in a client's document later.
//   - The library is the organization's own know-how: its OWNER, ADMIN and CONSULTANT keep and
//     read it; nobody of a client company reads it. A company's record of the versions applied to
//     it (TemplateApplication) is read by the company's editors.
//   - createCompanyFromTemplate sets a new client up in one transaction: the company, its
//     documents as drafts, its checklists, its risk method, its SoA initialised with the defaults,
//     its tasks due from the start day, a year of its meetings, its courses, and the record of
//     the version. Each record is written by its module, under its rules and the viewer's role:
//     anything refused undoes everything.
//   - pushTemplateSetVersion brings a version's documents to chosen clients as drafts for their
//     review, never overwriting what a client changed: an existing document gets a new draft
//     version (the approved one stays in force until the client approves), a new template a
//     draft document, an unchanged template nothing; a document that cannot take a draft
//     (archived, a version already open) is skipped with the reason and tried again next time.
//   - An archived set publishes no version and applies none; what it set up stays.
package templates
