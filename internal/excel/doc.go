// Package excel exports a company's asset inventory (情報資産台帳), risk register (リスク台帳),
// Statement of Applicability (適用宣言書) and findings register (所見台帳), and an audit's checklist
// (監査チェックリスト), as .xlsx workbooks, and imports assets, risks and checklist results from
// workbooks laid out the same way. It reads through the viewer's ent client, so tenancy and the
// privacy policies apply as everywhere else, and it writes through the services that own the
// entities (package assets, package risks, package audits), the same calls the API makes: it owns
// no rule of theirs.
//
// # Exports
//
// One sheet, the header row bold, filled and frozen, with a filter; numbers are numbers and dates
// are Excel dates (yyyy-mm-dd). Headers are Japanese or English. Enumerations are written as
// their codes (INFORMATION, MITIGATE, TREATING …) in both languages, so an export is itself a
// valid import file; a column of codes an import reads (a checklist's result and grade) offers
// them as a drop-down list. Archived assets, risks and findings are left out.
//
// The findings register (export only) has one row per finding of the company, oldest first:
// 番号 No., 所見ID Finding ID, 発生源 Source, 監査 Audit (its title), 等級 Grade, 箇条 Clause,
// 管理策 Control, 内容 Statement, 証拠 Evidence, 対象部署 Departments (one a line), 回答期限
// Response due, 修正 Correction, 原因 Root cause, 是正処置 Corrective actions (each task as
// "title (STATUS)", one a line), 有効性 Effectiveness, 状態 Status.
//
// # Import template
//
// The first sheet is read. Row 1 holds the headers, in Japanese or English (either language per
// column, any order, case ignored, a trailing "*" ignored); a header the layout does not know is an
// error, a column the file lacks leaves that field of existing records as it is (new records get
// the default). Blank rows are skipped. Limits: 5 MiB, 5,000 data rows; a file that is not an
// .xlsx workbook, or is over a limit, is BAD_USER_INPUT on file.
//
// Assets (matched by 資産名/Name within the company):
//
//	資産名 Name              required, at most 300 characters; the key
//	種別 Type                required: INFORMATION, SOFTWARE, HARDWARE, SERVICE, PEOPLE, FACILITY
//	拠点 Site                name of a site of the company (not archived), or empty
//	部署 Department          name of a department of the company (not archived), or empty
//	管理責任者 Owner         e-mail of a user who works in the company (not an auditor), or empty
//	機密性 Confidentiality   1, 2 or 3 (empty: 2)
//	完全性 Integrity         1, 2 or 3 (empty: 2)
//	可用性 Availability      1, 2 or 3 (empty: 2)
//	保管場所 Location        at most 300 characters
//	保存期間 Retention       at most 200 characters
//	備考 Notes               free text
//
// Risks (matched by リスク番号/Code within the company):
//
//	リスク番号 Code                   required, at most 50 characters; the key
//	リスク名 Title                    required, at most 300 characters
//	対象資産 Assets                   asset names, one per line (or separated by ";"); each must exist in the company
//	脅威 Threat, 脆弱性 Vulnerability free text
//	発生可能性 Likelihood             required, a whole number on the company's likelihood scale
//	影響度 Impact                     required, a whole number on the company's impact scale
//	リスク値 Score, リスクレベル Level computed by the company's method: exported, ignored on import
//	リスク所有者 Owner                e-mail of a user who works in the company (not an auditor)
//	対応方針 Treatment                MITIGATE, ACCEPT, TRANSFER, AVOID or empty
//	対応計画 Treatment plan           free text
//	管理策 Controls                   Annex A references ("5.1, 8.7"; "A.5.1" accepted)
//	目標発生可能性 Target likelihood   with 目標影響度 Target impact: both or neither, on the scales
//	残留リスク値 Residual score, 残留リスクレベル Residual level  computed from the targets: ignored on import
//	受容者 Accepted by                e-mail of a user who works in the company
//	受容日 Accepted on, 受容期限 Acceptance expires on, 次回見直し日 Next review
//	                                  dates: Excel dates or text 2026-04-01 / 2026/4/1
//	状態 Status                       IDENTIFIED (empty), ASSESSED, TREATING, ACCEPTED, CLOSED
//
// The rules of the risk register are the risk service's (package risks), with its messages:
// accepted by and accepted on come together and an expiry is after the acceptance; an ACCEPTED
// risk is accepted; a CLOSED one is when its treatment is ACCEPT or what remains stays above the
// method's threshold; a risk is accepted by its owner or by top management (OWNER, ADMIN). A
// site, department or asset that is archived, or a person who no longer works in the company,
// is refused, except where the record already names it: a row is sent to the service as the
// fields that differ from the stored record, so an export always imports back unchanged.
//
// An audit's checklist (matched by 項目ID/Item ID within the audit; the export of the audit's
// checklist is the template, filled in by the auditors on the day):
//
//	番号 No., 箇条 Clause, 管理策 Control, 質問 Question   the audit's: exported, ignored on import
//	項目ID Item ID   required; an item of the audit's checklist (of another audit or unknown: UNKNOWN_ID)
//	結果 Result      NOT_AUDITED (empty), CONFORMING, NONCONFORMITY, OBSERVATION, OPPORTUNITY
//	証拠 Evidence    free text; once recorded it can be changed, not emptied
//	備考 Notes       free text, the statement of the finding a nonconformity raises; as evidence
//	等級 Grade       MAJOR or MINOR (empty: MINOR), only with NONCONFORMITY; exported as the grade of
//	                 the finding the item raised, which an import does not change
//
// A row that differs from its item is recorded through the audits service
// (audits.RecordChecklistResult), with its rules and messages: results are recorded while the
// audit is IN_PROGRESS (refused on the item ID otherwise), a NONCONFORMITY raises a finding of the
// audit in the same step, an item that raised one stays NONCONFORMITY. An archived audit is
// refused on auditID before the file is read. Items are never created: the result counts the
// items recorded as updated.
//
// A drill's results (訓練結果), into a drill campaign: an .xlsx or a CSV file (UTF-8, with or
// without a byte order mark, or Shift_JIS; commas or tabs), as the drill tool writes it. Columns
// the layout does not name are ignored (the tool's own):
//
//	メールアドレス Email   required; a person holding an assignment of the campaign (else UNKNOWN_ID)
//	氏名 Name             ignored
//	結果 Result           a phishing drill's: CLICKED, REPORTED, IGNORED (or クリック, 報告, 無視)
//	実施 Done             another drill's: YES or NO (also 済/未, TRUE/FALSE, 1/0)
//
// The rows are recorded through the training service (training.RecordDrillResults) in one call,
// all or none; the result counts the people whose result changed as updated.
//
// The training history (教育訓練履歴) is export only: every assignment of the company, or of one
// person, by name, with the course, campaign, due day, completion, score, result and expiry, and
// its status as of the day (OPEN, OVERDUE, COMPLETED, EXPIRED).
//
// # All or nothing
//
// Every row is read, and every readable row sent to its service, in one step of the operation.
// When any cell is wrong, or a service refuses any row, the step is undone, the import writes
// nothing and answers every problem as {row, column, reason, message}, the column as headed in
// the file, the reason one of apperr's (as in extensions.reason) and the message in the viewer's
// language, like every error of the API.
// Otherwise all rows are written together: a new key creates a record, a changed one
// is updated (with its asset and control links), an identical one is counted as unchanged, so
// importing the same file twice changes nothing the second time. A key that belongs to an
// archived record is an error (restore it first).
package excel
