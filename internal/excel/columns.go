package excel

import (
	"strings"

	"secretariat/internal/locale"
)

// kind says how a column's cells are written and read.
type kind int

const (
	text kind = iota
	number
	day // a calendar date, written as an Excel date
)

// column is one column of a sheet: its key, its headers in both languages, its width and
// whether an import reads it (computed columns are exported and ignored on import). choices, when
// set, are the codes the column takes, offered as a drop-down list in the export's cells.
type column struct {
	key      string
	ja, en   string
	kind     kind
	width    float64
	required bool
	computed bool
	choices  []string
}

func (c column) header(l locale.Locale) string {
	if l == locale.English {
		return c.en
	}
	return c.ja
}

// sheet is the layout of one workbook. An import of a sheet that takes csv reads a CSV file as
// well as a workbook; a lenient one ignores the columns it does not know (the other columns of
// the tool that wrote the file) instead of refusing them.
type sheet struct {
	nameJa, nameEn string
	columns        []column
	csv, lenient   bool
}

func (s sheet) name(l locale.Locale) string {
	if l == locale.English {
		return s.nameEn
	}
	return s.nameJa
}

// byHeader finds the column a header names, in either language, ignoring case and surrounding
// spaces (and a trailing "*" that marks required columns in hand-made templates).
func (s sheet) byHeader(h string) (column, bool) {
	h = strings.TrimSuffix(strings.TrimSpace(h), "*")
	h = strings.TrimSpace(h)
	for _, c := range s.columns {
		if strings.EqualFold(h, c.en) || h == c.ja || strings.EqualFold(h, c.key) {
			return c, true
		}
	}
	return column{}, false
}

// The asset inventory (情報資産台帳). Its columns are also the import template.
var assetSheet = sheet{nameJa: "情報資産台帳", nameEn: "Assets", columns: []column{
	{key: "name", ja: "資産名", en: "Name", width: 32, required: true},
	{key: "type", ja: "種別", en: "Type", width: 14, required: true},
	{key: "site", ja: "拠点", en: "Site", width: 18},
	{key: "department", ja: "部署", en: "Department", width: 18},
	{key: "owner", ja: "管理責任者", en: "Owner", width: 28},
	{key: "confidentiality", ja: "機密性", en: "Confidentiality", kind: number, width: 10},
	{key: "integrity", ja: "完全性", en: "Integrity", kind: number, width: 10},
	{key: "availability", ja: "可用性", en: "Availability", kind: number, width: 10},
	{key: "location", ja: "保管場所", en: "Location", width: 24},
	{key: "retention", ja: "保存期間", en: "Retention", width: 16},
	{key: "notes", ja: "備考", en: "Notes", width: 40},
}}

// The risk register (リスク台帳). Score, level and the residual ones are computed by the
// company's method: exported for the reader, never read back.
var riskSheet = sheet{nameJa: "リスク台帳", nameEn: "Risks", columns: []column{
	{key: "code", ja: "リスク番号", en: "Code", width: 12, required: true},
	{key: "title", ja: "リスク名", en: "Title", width: 32, required: true},
	{key: "assets", ja: "対象資産", en: "Assets", width: 28},
	{key: "threat", ja: "脅威", en: "Threat", width: 28},
	{key: "vulnerability", ja: "脆弱性", en: "Vulnerability", width: 28},
	{key: "likelihood", ja: "発生可能性", en: "Likelihood", kind: number, width: 11, required: true},
	{key: "impact", ja: "影響度", en: "Impact", kind: number, width: 10, required: true},
	{key: "score", ja: "リスク値", en: "Score", kind: number, width: 10, computed: true},
	{key: "level", ja: "リスクレベル", en: "Level", width: 12, computed: true},
	{key: "owner", ja: "リスク所有者", en: "Owner", width: 28},
	{key: "treatment", ja: "対応方針", en: "Treatment", width: 12},
	{key: "treatmentPlan", ja: "対応計画", en: "Treatment plan", width: 32},
	{key: "controls", ja: "管理策", en: "Controls", width: 18},
	{key: "targetLikelihood", ja: "目標発生可能性", en: "Target likelihood", kind: number, width: 12},
	{key: "targetImpact", ja: "目標影響度", en: "Target impact", kind: number, width: 12},
	{key: "residualScore", ja: "残留リスク値", en: "Residual score", kind: number, width: 12, computed: true},
	{key: "residualLevel", ja: "残留リスクレベル", en: "Residual level", width: 14, computed: true},
	{key: "acceptedBy", ja: "受容者", en: "Accepted by", width: 28},
	{key: "acceptedOn", ja: "受容日", en: "Accepted on", kind: day, width: 12},
	{key: "acceptanceExpiresOn", ja: "受容期限", en: "Acceptance expires on", kind: day, width: 14},
	{key: "status", ja: "状態", en: "Status", width: 12},
	{key: "nextReviewOn", ja: "次回見直し日", en: "Next review", kind: day, width: 13},
}}

// The Statement of Applicability (適用宣言書), export only.
var soaSheet = sheet{nameJa: "適用宣言書", nameEn: "Statement of Applicability", columns: []column{
	{key: "ref", ja: "管理策番号", en: "Ref", width: 10},
	{key: "title", ja: "管理策", en: "Control", width: 40},
	{key: "theme", ja: "分類", en: "Theme", width: 14},
	{key: "applicable", ja: "適用", en: "Applicable", width: 9},
	{key: "justification", ja: "適用・除外の理由", en: "Justification", width: 40},
	{key: "status", ja: "実施状況", en: "Status", width: 14},
	{key: "owner", ja: "責任者", en: "Owner", width: 28},
	{key: "evidence", ja: "証跡", en: "Evidence", width: 36},
	{key: "lastReviewedOn", ja: "最終見直し日", en: "Last reviewed", kind: day, width: 13},
}}

// The findings register (所見台帳): every finding of the company that is not archived, export
// only. Enumerations are written as their codes, as in the other workbooks.
var findingSheet = sheet{nameJa: "所見台帳", nameEn: "Findings", columns: []column{
	{key: "no", ja: "番号", en: "No.", kind: number, width: 6},
	{key: "id", ja: "所見ID", en: "Finding ID", width: 30},
	{key: "source", ja: "発生源", en: "Source", width: 20},
	{key: "audit", ja: "監査", en: "Audit", width: 28},
	{key: "grade", ja: "等級", en: "Grade", width: 13},
	{key: "clause", ja: "箇条", en: "Clause", width: 8},
	{key: "control", ja: "管理策", en: "Control", width: 9},
	{key: "statement", ja: "内容", en: "Statement", width: 48},
	{key: "evidence", ja: "証拠", en: "Evidence", width: 36},
	{key: "departments", ja: "対象部署", en: "Departments", width: 20},
	{key: "responseDue", ja: "回答期限", en: "Response due", kind: day, width: 13},
	{key: "correction", ja: "修正", en: "Correction", width: 32},
	{key: "rootCause", ja: "原因", en: "Root cause", width: 32},
	{key: "correctiveActions", ja: "是正処置", en: "Corrective actions", width: 40},
	{key: "effectiveness", ja: "有効性", en: "Effectiveness", width: 14},
	{key: "status", ja: "状態", en: "Status", width: 10},
}}

// The incident register (インシデント管理台帳): every incident of the company the viewer reads,
// export only. Times are written in Japan time; enumerations as their codes.
var incidentSheet = sheet{nameJa: "インシデント管理台帳", nameEn: "Incidents", columns: []column{
	{key: "no", ja: "番号", en: "No.", kind: number, width: 6},
	{key: "id", ja: "インシデントID", en: "Incident ID", width: 30},
	{key: "discoveredAt", ja: "発見日時", en: "Discovered", width: 17},
	{key: "occurredAt", ja: "発生日時", en: "Occurred", width: 17},
	{key: "category", ja: "分類", en: "Category", width: 20},
	{key: "title", ja: "件名", en: "Title", width: 36},
	{key: "description", ja: "内容", en: "Description", width: 48},
	{key: "site", ja: "拠点", en: "Site", width: 16},
	{key: "department", ja: "部署", en: "Department", width: 16},
	{key: "reporter", ja: "報告者", en: "Reporter", width: 16},
	{key: "assignee", ja: "対応者", en: "Handler", width: 16},
	{key: "severity", ja: "重大度", en: "Severity", width: 10},
	{key: "status", ja: "状態", en: "Status", width: 11},
	{key: "personalData", ja: "個人情報", en: "Personal data", width: 10},
	{key: "assets", ja: "影響資産", en: "Assets", width: 24},
	{key: "controls", ja: "関連管理策", en: "Controls", width: 12},
	{key: "reports", ja: "当局への報告", en: "Reports to the authority", width: 40},
	{key: "closedAt", ja: "終了日時", en: "Closed", width: 17},
	{key: "rejectionReason", ja: "却下理由", en: "Rejection reason", width: 30},
}}

// checklistResults are the results a checklist item takes, in the order of the drop-down list.
var checklistResults = []string{"NOT_AUDITED", "CONFORMING", "NONCONFORMITY", "OBSERVATION", "OPPORTUNITY"}

// The checklist of one audit (監査チェックリスト), which the auditors fill in on the day and
// import back. The item ID is the key; the number, clause, control and question are the audit's
// and are ignored on import; the result, evidence, notes and grade are what an import records.
var checklistSheet = sheet{nameJa: "監査チェックリスト", nameEn: "Audit checklist", columns: []column{
	{key: "position", ja: "番号", en: "No.", kind: number, width: 6, computed: true},
	{key: "id", ja: "項目ID", en: "Item ID", width: 30, required: true},
	{key: "clause", ja: "箇条", en: "Clause", width: 8, computed: true},
	{key: "control", ja: "管理策", en: "Control", width: 9, computed: true},
	{key: "question", ja: "質問", en: "Question", width: 56, computed: true},
	{key: "result", ja: "結果", en: "Result", width: 17, choices: checklistResults},
	{key: "evidence", ja: "証拠", en: "Evidence", width: 40},
	{key: "notes", ja: "備考", en: "Notes", width: 40},
	{key: "grade", ja: "等級", en: "Grade", width: 10, choices: []string{"MAJOR", "MINOR"}},
}}

// The training history (教育訓練履歴): each assignment of a company's courses, by person, export
// only. A drill's result is CLICKED, REPORTED or IGNORED for a phishing drill, DONE or NOT_DONE for
// another; the status is OPEN, OVERDUE, COMPLETED or EXPIRED (a completion past its validity).
var trainingSheet = sheet{nameJa: "教育訓練履歴", nameEn: "Training history", columns: []column{
	{key: "person", ja: "氏名", en: "Name", width: 18},
	{key: "email", ja: "メールアドレス", en: "Email", width: 28},
	{key: "department", ja: "部署", en: "Department", width: 16},
	{key: "course", ja: "コース", en: "Course", width: 32},
	{key: "kind", ja: "種別", en: "Kind", width: 11},
	{key: "campaign", ja: "キャンペーン", en: "Campaign", width: 28},
	{key: "dueOn", ja: "期限", en: "Due", kind: day, width: 12},
	{key: "completedAt", ja: "完了日時", en: "Completed", width: 17},
	{key: "score", ja: "点数", en: "Score", kind: number, width: 7},
	{key: "passed", ja: "合否", en: "Passed", width: 8},
	{key: "attested", ja: "受講確認", en: "Attested", width: 9},
	{key: "drillResult", ja: "訓練結果", en: "Drill result", width: 12},
	{key: "expiresOn", ja: "有効期限", en: "Expires", kind: day, width: 12},
	{key: "status", ja: "状態", en: "Status", width: 11},
}}

// drillResults are what a person did in a phishing drill, in the order of the drop-down list.
var drillResults = []string{"CLICKED", "REPORTED", "IGNORED"}

// The results of a drill (訓練結果), as the secretariat or the drill tool writes them: one row per
// person, by e-mail address; for a phishing drill what the person did, for another whether it
// was done. A CSV file is read too, and the other columns of the tool's file are ignored.
var drillSheet = sheet{nameJa: "訓練結果", nameEn: "Drill results", csv: true, lenient: true, columns: []column{
	{key: "email", ja: "メールアドレス", en: "Email", width: 28, required: true},
	{key: "person", ja: "氏名", en: "Name", width: 18, computed: true},
	{key: "result", ja: "結果", en: "Result", width: 12, choices: drillResults},
	{key: "done", ja: "実施", en: "Done", width: 8, choices: []string{"YES", "NO"}},
}}
