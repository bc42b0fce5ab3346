package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"secretariat/ent/audit"
	"secretariat/ent/finding"
	"secretariat/ent/task"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const importChecklist = `mutation($input: ImportChecklistInput!) { importChecklist(input: $input) { imported updated unchanged errors { row column reason message } } }`

// checklistAudit plans an internal audit of the company led by the secretariat (clause 9.2,
// controls 5.1 and 8.7, the department in scope) and starts it; it returns the audit's ID and its
// checklist items' IDs in order.
func (e *env) checklistAudit(w *riskTeam, company, department string) (string, []string) {
	e.t.Helper()
	a := e.create(w.owner, planAuditMutation, "planAudit", map[string]any{
		"companyID": company, "kind": "INTERNAL", "title": "内部監査 " + company[len(company)-4:], "clauses": []string{"9.2"}, "controls": []string{"8.7", "5.1"},
		"departmentIDs": []string{department}, "plannedStart": "2026-06-01", "plannedEnd": "2026-06-02", "leadAuditorID": w.users[w.owner],
	})
	e.ok(w.owner, `mutation($a: ID!) { setAuditStatus(input: {id: $a, status: IN_PROGRESS}) { status } }`, map[string]any{"a": a["id"]}, "setAuditStatus", "status")
	var items []string
	for _, edge := range field(a, "checklist", "edges").([]any) {
		items = append(items, edge.(map[string]any)["node"].(map[string]any)["id"].(string))
	}
	return a["id"].(string), items
}

func (e *env) importChecklistFile(token, auditID string, content []byte) response {
	e.t.Helper()
	return e.upload(token, importChecklist, map[string]any{"input": map[string]any{"auditID": auditID, "file": nil}},
		"variables.input.file", "checklist.xlsx", content)
}

// fillSheet sets cells of the first sheet of a workbook by row number and header, as an auditor
// fills in the exported checklist.
func fillSheet(t testing.TB, content []byte, cells map[int]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(content))
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	for row, byHeader := range cells {
		for h, v := range byHeader {
			col := 0
			for i, name := range rows[0] {
				if name == h {
					col = i + 1
				}
			}
			require.NotZero(t, col, "no column %s", h)
			cell, _ := excelize.CoordinatesToCellName(col, row)
			require.NoError(t, f.SetCellValue(sheet, cell, v))
		}
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

// cellErrors lists an import's errors as "row column reason: message".
func cellErrors(t testing.TB, res response, name string) []string {
	t.Helper()
	require.Empty(t, res.Errors)
	var out []string
	for _, e := range field(res.Data, name, "errors").([]any) {
		m := e.(map[string]any)
		out = append(out, fmt.Sprintf("%d %s %s: %s", int(m["row"].(float64)), m["column"], m["reason"], m["message"]))
	}
	return out
}

// On the day: the secretariat downloads the audit's checklist, the auditors fill it in, and the
// import records the results through the audits service, raising a finding for each
// nonconformity; the findings register then lists them, and the checklist's new export imports
// back unchanged.
func TestExcel_AChecklistFilledInOnTheDayImportsAndRaisesFindings(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("ExcelChecklist")
		c := w.companies[0]
		auditID, items := e.checklistAudit(w, c, w.departments[0])
		require.Len(t, items, 3)

		status, h, content := e.download(w.secretariat, "/exports/audits/"+auditID+"/checklist.xlsx?locale=en")
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", h.Get("Content-Type"))
		assert.Contains(t, h.Get("Content-Disposition"), `filename=checklist-`)
		rows := sheetRows(t, content)
		require.Len(t, rows, 4)
		assert.Equal(t, []string{"No.", "Item ID", "Clause", "Control", "Question", "Result", "Evidence", "Notes", "Grade"}, rows[0])
		assert.Equal(t, []string{"1", items[0], "9.2", ""}, rows[1][:4])
		assert.Equal(t, []string{"2", items[1], "", "5.1"}, rows[2][:4])
		assert.Equal(t, "NOT_AUDITED", rows[3][5])
		_, _, ja := e.download(w.secretariat, "/exports/audits/"+auditID+"/checklist.xlsx")
		assert.Equal(t, []string{"番号", "項目ID", "箇条", "管理策", "質問", "結果", "証拠", "備考", "等級"}, sheetRows(t, ja)[0], "the organization's language")

		filled := fillSheet(t, content, map[int]map[string]any{
			2: {"Result": "CONFORMING", "Evidence": "2025年度 内部監査報告書"},
			3: {"Result": "NONCONFORMITY", "Evidence": "承認記録なし", "Notes": "情報セキュリティ方針が経営者に承認されていない", "Grade": "MAJOR"},
			4: {"Result": "NONCONFORMITY", "Notes": "管理者権限の棚卸しが行われていない"},
		})
		assert.Equal(t, [3]int{0, 3, 0}, imported(t, e.importChecklistFile(w.secretariat, auditID, filled), "importChecklist"))

		res := e.post(w.secretariat, `query($a: ID!) { node(id: $a) { ... on Audit { checklist(first: 10) { nodes { result evidence notes finding { id grade statement control source departments { department { id } } } } } } } }`,
			map[string]any{"a": auditID})
		require.Empty(t, res.Errors)
		got := field(res.Data, "node", "checklist", "nodes").([]any)
		assert.Equal(t, map[string]any{"result": "CONFORMING", "evidence": "2025年度 内部監査報告書", "notes": nil, "finding": nil}, got[0])
		major := field(got[1].(map[string]any), "finding").(map[string]any)
		assert.Equal(t, []any{"MAJOR", "情報セキュリティ方針が経営者に承認されていない", "5.1", "INTERNAL_AUDIT"},
			[]any{major["grade"], major["statement"], major["control"], major["source"]})
		assert.Equal(t, []any{map[string]any{"department": map[string]any{"id": w.departments[0]}}}, major["departments"], "the audit's departments")
		assert.Equal(t, "MINOR", field(got[2].(map[string]any), "finding", "grade"), "MINOR unless the sheet says MAJOR")

		// The findings register: both findings, with their audit, departments and corrective actions.
		findingID := major["id"]
		e.ok(w.secretariat, `mutation($f: ID!, $d: ID!, $u: ID!) { addCorrectiveAction(input: {findingID: $f, departmentID: $d, title: "方針の承認手続の整備", assigneeID: $u, dueDate: "2026-08-31"}) { id } }`,
			map[string]any{"f": findingID, "d": w.departments[0], "u": w.users[w.secretariat]}, "addCorrectiveAction", "id")
		for lang, header := range map[string][]string{
			"ja": {"番号", "所見ID", "発生源", "監査", "等級", "箇条", "管理策", "内容", "証拠", "対象部署", "回答期限", "修正", "原因", "是正処置", "有効性", "状態"},
			"en": {"No.", "Finding ID", "Source", "Audit", "Grade", "Clause", "Control", "Statement", "Evidence", "Departments", "Response due", "Correction", "Root cause", "Corrective actions", "Effectiveness", "Status"},
		} {
			status, _, register := e.download(w.owner, "/exports/companies/"+c+"/findings.xlsx?locale="+lang)
			require.Equal(t, http.StatusOK, status)
			fr := sheetRows(t, register)
			require.Len(t, fr, 3, lang)
			assert.Equal(t, header, fr[0])
			assert.Equal(t, []string{"1", findingID.(string), "INTERNAL_AUDIT", "内部監査 " + c[len(c)-4:], "MAJOR", "", "5.1", "情報セキュリティ方針が経営者に承認されていない", "承認記録なし", "情報システム部"}, fr[1][:10])
			assert.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, fr[1][10], "the response is due by the audit's rule")
			assert.Equal(t, []string{"", "", "方針の承認手続の整備 (TODO)", "", "OPEN"}, fr[1][11:16])
			assert.Equal(t, []string{"2", "MINOR", "8.7"}, []string{fr[2][0], fr[2][4], fr[2][6]})
		}

		// The new export shows the results and the grades, and imports back as it is.
		_, _, again := e.download(w.secretariat, "/exports/audits/"+auditID+"/checklist.xlsx?locale=en")
		rows = sheetRows(t, again)
		assert.Equal(t, []string{"NONCONFORMITY", "承認記録なし", "情報セキュリティ方針が経営者に承認されていない", "MAJOR"}, rows[2][5:9])
		before := testdb.Snapshot(t, e.raw)
		assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importChecklistFile(w.secretariat, auditID, again), "importChecklist"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))

		// Once the audit is completed, a change is refused on its item, and an unchanged sheet passes.
		e.ok(w.owner, `mutation($a: ID!) { setAuditStatus(input: {id: $a, status: COMPLETED}) { status } }`, map[string]any{"a": auditID}, "setAuditStatus", "status")
		before = testdb.Snapshot(t, e.raw)
		assert.Equal(t, [3]int{0, 0, 3}, imported(t, e.importChecklistFile(w.secretariat, auditID, again), "importChecklist"))
		assert.Equal(t, []string{"2 Item ID STALE_STATE: 結果を記録できるのは監査が実施中（IN_PROGRESS）のときのみです（現在 COMPLETED）"},
			cellErrors(t, e.importChecklistFile(w.secretariat, auditID, fillSheet(t, again, map[int]map[string]any{2: {"Evidence": "追記"}})), "importChecklist"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

// A bad cell is named by row and column, with a reason and a message in the viewer's language,
// and nothing of the sheet is written: not the good rows, not the findings of its
// nonconformities.
func TestExcel_ABadChecklistCellNamesRowAndColumnAndImportsNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("ExcelChecklistBad")
		auditID, items := e.checklistAudit(w, w.companies[0], w.departments[0])
		_, other := e.checklistAudit(w, w.companies[1], w.departments[1])
		_, _, content := e.download(w.secretariat, "/exports/audits/"+auditID+"/checklist.xlsx?locale=en")
		filled := fillSheet(t, content, map[int]map[string]any{
			2: {"Result": "NONCONFORMITY", "Notes": "記録が残っていない"}, // fine, but not written
			3: {"Result": "PASSED"},
			4: {"Item ID": other[0], "Result": "OBSERVATION", "Grade": "MAJOR"},
		})
		before := testdb.Snapshot(t, e.raw)
		assert.Equal(t, []string{
			"3 Result INVALID_VALUE: 「PASSED」は指定できません。NOT_AUDITED、CONFORMING、NONCONFORMITY、OBSERVATION、OPPORTUNITY のいずれかにしてください",
			"4 Item ID UNKNOWN_ID: この監査のチェックリストにID「" + other[0] + "」の項目はありません",
		}, cellErrors(t, e.importChecklistFile(w.secretariat, auditID, filled), "importChecklist"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing was imported")

		e.english(w.owner)
		before = testdb.Snapshot(t, e.raw)
		filled = fillSheet(t, content, map[int]map[string]any{
			2: {"Result": "NONCONFORMITY"},
			3: {"Result": "CONFORMING", "Grade": "MAJOR"},
			4: {"Item ID": items[1]},
		})
		assert.Equal(t, []string{
			"3 Grade CONFLICTING_FIELDS: only a NONCONFORMITY raises a finding with a grade",
			"4 Item ID DUPLICATE: the item is already on row 3",
		}, cellErrors(t, e.importChecklistFile(w.secretariat, auditID, filled), "importChecklist"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
		assert.Zero(t, e.count("findings"))
	})
}

// Only the audit's people reach its checklist: no token is 401; another tenant, an auditor of
// another company and a secretariat of another company of the organization get the answer of an
// audit that never existed, for the checklist and the findings register alike; a MEMBER reads
// the checklist and may not import it; the certification auditor writes nothing.
func TestExcel_OnlyTheAuditsPeopleReachItsChecklist(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("ExcelChecklistMine")
		other := e.riskTeam("ExcelChecklistOther")
		c := w.companies[0]
		auditID, _ := e.checklistAudit(w, c, w.departments[0])
		elsewhere := e.join(w.workspace, "auditor1@excelchecklistmine.example", "AUDITOR", w.companies[1:2],
			map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})
		never := string(pulid.New("AU"))

		path := "/exports/audits/" + auditID + "/checklist.xlsx"
		status, _, _ := e.download("", path)
		assert.Equal(t, http.StatusUnauthorized, status)
		missing, _, mbody := e.download(other.owner, "/exports/audits/"+never+"/checklist.xlsx")
		assert.Equal(t, http.StatusNotFound, missing)
		for name, token := range map[string]string{"another tenant": other.owner, "an auditor of company 1": elsewhere} {
			status, _, body := e.download(token, path)
			assert.Equal(t, missing, status, name)
			assert.Equal(t, mbody, body, name)
			status, _, _ = e.download(token, "/exports/companies/"+c+"/findings.xlsx")
			assert.Equal(t, http.StatusNotFound, status, name)
		}
		companyOne, _ := e.checklistAudit(w, w.companies[1], w.departments[1])
		status, _, _ = e.download(w.secretariat, "/exports/audits/"+companyOne+"/checklist.xlsx")
		assert.Equal(t, http.StatusNotFound, status, "the secretariat of company 0 does not reach company 1")
		status, _, _ = e.download(w.owner, "/exports/audits/"+auditID+"/other.xlsx")
		assert.Equal(t, http.StatusNotFound, status)
		status, _, _ = e.download(w.owner, "/exports/audits/not-an-id/checklist.xlsx")
		assert.Equal(t, http.StatusNotFound, status)
		status, _, _ = e.download(w.owner, path+"?locale=fr")
		assert.Equal(t, http.StatusBadRequest, status)

		status, _, content := e.download(w.member, path+"?locale=en")
		require.Equal(t, http.StatusOK, status, "a MEMBER reads the checklist")
		filled := fillSheet(t, content, map[int]map[string]any{2: {"Result": "NONCONFORMITY", "Notes": "植え付け"}})
		before := testdb.Snapshot(t, e.raw)
		want := answer(e.importChecklistFile(other.owner, never, filled), never)
		for name, token := range map[string]string{"another tenant": other.owner, "an auditor of company 1": elsewhere} {
			res := e.importChecklistFile(token, auditID, filled)
			require.NotEmpty(t, res.Errors, name)
			assert.Equal(t, []any{"BAD_USER_INPUT", "UNKNOWN_ID", "auditID"},
				[]any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]}, name)
			assert.Equal(t, want, answer(res, auditID), name)
		}
		assert.Equal(t, "BAD_USER_INPUT", e.importChecklistFile(w.secretariat, companyOne, filled).code(0))
		assert.Equal(t, "FORBIDDEN", e.importChecklistFile(w.member, auditID, filled).code(0))
		assert.NotEmpty(t, e.importChecklistFile(w.auditor, auditID, filled).Errors, "the certification auditor writes nothing")
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

// The findings register and the checklist cost the same statements for one row or forty.
func TestExcel_AuditExportsCostTheSameStatementsForOneRowOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			fill := func(name string, n int) (string, string, string) {
				token, companies := e.tenant(name, 1)
				ctx := viewer.NewContext(context.Background(), e.viewers[token])
				c := pulid.ID(companies[0])
				user := e.viewers[token].UserID
				dept := db.Client.Department.Create().SetCompanyID(c).SetName("情報システム部").SaveX(ctx)
				a := db.Client.Audit.Create().SetCompanyID(c).SetKind(audit.KindINTERNAL).SetTitle("内部監査").SetLeadAuditorID(user).SaveX(ctx)
				for i := range n {
					f := db.Client.Finding.Create().SetCompanyID(c).SetAuditID(a.ID).SetSource(finding.SourceINTERNAL_AUDIT).SetGrade(finding.GradeMINOR).SetStatement(strconv.Itoa(i)).SaveX(ctx)
					db.Client.ChecklistItem.Create().SetCompanyID(c).SetAuditID(a.ID).SetPosition(i + 1).SetQuestion("質問").SetFindingID(f.ID).ExecX(ctx)
					db.Client.FindingDepartment.Create().SetCompanyID(c).SetFindingID(f.ID).SetDepartmentID(dept.ID).ExecX(ctx)
					tk := db.Client.Task.Create().SetCompanyID(c).SetTitle("是正").SetAssigneeID(user).SetSource(task.SourceFINDING).SetSourceID(f.ID).SaveX(ctx)
					db.Client.CorrectiveAction.Create().SetCompanyID(c).SetFindingID(f.ID).SetDepartmentID(dept.ID).SetTaskID(tk.ID).ExecX(ctx)
				}
				return token, string(c), string(a.ID)
			}
			oneToken, oneCompany, oneAudit := fill("auditexportone", 1)
			manyToken, manyCompany, manyAudit := fill("auditexportmany", 40)
			statements := func(token, path string, rows int) int {
				counter.Reset()
				status, _, body := e.download(token, path)
				require.Equal(t, http.StatusOK, status)
				require.Len(t, sheetRows(t, body), rows+1)
				return counter.Count()
			}
			for _, paths := range [][2]string{
				{"/exports/companies/" + oneCompany + "/findings.xlsx", "/exports/companies/" + manyCompany + "/findings.xlsx"},
				{"/exports/audits/" + oneAudit + "/checklist.xlsx", "/exports/audits/" + manyAudit + "/checklist.xlsx"},
			} {
				forOne, forMany := statements(oneToken, paths[0], 1), statements(manyToken, paths[1], 40)
				t.Logf("%s %s: %d statements for 1 row, %d for 40", dialect, paths[0], forOne, forMany)
				assert.Equal(t, forOne, forMany, "no N+1 in %s", paths[0])
			}
		})
	}
}
