// Package controls keeps each company's Statement of Applicability (適用宣言書, SoA), one row per
// control of the catalogue that package iso27001 carries (Annex A of ISO/IEC 27001:2022). Risks
// and their links to controls belong to the risk module; documents and their approval workflow
// to package documents.
//
// The rules:
//
//   - Titles are given in the locale asked for ("ja", "en", or a language tag such as "en-GB");
//     without one, as package language decides for every module. A locale the product does not
//     speak is BAD_USER_INPUT on locale, an unknown framework BAD_USER_INPUT on framework.
//   - A company's SoA has one row (ControlImplementation) per control of the catalogue.
//     Initializing creates the missing rows in one transaction, applicable and NOT_STARTED, and
//     says how many it created: a second call creates none.
//   - Every row states why: the reason for excluding a control, and equally the reason for
//     including it (a risk it treats, a legal or contractual requirement, a business need). An
//     update that leaves a row without a justification is BAD_USER_INPUT on justification.
//   - A row's owner is a person who reaches the company and is not its auditor (BAD_USER_INPUT
//     on ownerID otherwise). Linked documents are documents of the same company, not archived.
//     Linking a linked document and unlinking an unlinked one change nothing.
//   - The SoA lists its rows in the natural order of references (5.2 before 5.10) with the
//     title in the viewer's locale, the risks the risk register links to each control, and
//     counts: applicable, excluded, rows without justification, and the implementation status
//     of the applicable controls.
//   - Approving snapshots the SoA as a Markdown table into the company's SOA document (the
//     first document of kind SOA that is not archived; created as ISMS-SOA-001, 「情報セキュリティ
//     適用宣言書」, when there is none): version 1.0, or a new version after the current one, or
//     the open DRAFT rewritten. The version is submitted for review; another person approves it
//     with approveDocumentVersion, as any document. CONFLICT while a version of that document is
//     IN_REVIEW, before the SoA is initialized, and while a row has no justification.
//
// Isolation and roles come from the ent schema: rows and links of another organization or of
// an ungranted company are not found, and only the ISMS editors write them.
package controls
