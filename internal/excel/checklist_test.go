package excel

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/checklistitem"
	"secretariat/ent/finding"
	"secretariat/internal/apperr"
	"secretariat/internal/audits"
	"secretariat/internal/date"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"
)

// auditWorld is the shared fixture with the Excel service over the real audits service, and an
// internal audit of company A in progress whose checklist has three items (clause 9.2, controls
// 5.1 and 8.7), led by the secretariat.
type auditWorld struct {
	*servicetest.Fixture
	svc    *Service
	audits *audits.Service
	audit  *ent.Audit
	items  []*ent.ChecklistItem
}

func newAuditWorld(t *testing.T) *auditWorld {
	t.Helper()
	f := servicetest.SQLite(t)
	as := audits.NewService(f.Client, tasks.NewService(f.Client, servicetest.Log), nil, nil, servicetest.Log)
	w := &auditWorld{Fixture: f, audits: as, svc: NewService(f.Client, nil, nil, nil, as, servicetest.Log)}
	w.audit = w.plan(t, f.Org.A)
	_, err := as.SetAuditStatus(f.Org.Secretariat.Ctx, audits.SetAuditStatusInput{ID: w.audit.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)
	w.items = w.checklist(t, w.audit.ID)
	require.Len(t, w.items, 3)
	return w
}

// plan plans an internal audit of the company, PLANNED.
func (w *auditWorld) plan(t *testing.T, company pulid.ID) *ent.Audit {
	t.Helper()
	a, err := w.audits.PlanAudit(w.Org.Owner.Ctx, audits.PlanAuditInput{
		CompanyID: company, Kind: audit.KindINTERNAL, Title: "内部監査", Clauses: []string{"9.2"}, Controls: []string{"8.7", "5.1"},
		PlannedStart: date.New(2027, 6, 1), PlannedEnd: date.New(2027, 6, 2), LeadAuditorID: &w.Org.Owner.UserID,
	}, language.Request{})
	require.NoError(t, err)
	return a
}

func (w *auditWorld) checklist(t *testing.T, auditID pulid.ID) []*ent.ChecklistItem {
	t.Helper()
	return w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(auditID)).Order(checklistitem.ByPosition()).WithFinding().AllX(w.System)
}

// importAs imports the workbook into the audit as the person, in one operation as the API does.
func (w *auditWorld) importAs(t *testing.T, ctx context.Context, auditID pulid.ID, content []byte) (*Result, error) {
	t.Helper()
	var res *Result
	err := w.Mutation(t, ctx, func(ctx context.Context) error {
		var err error
		res, err = w.svc.ImportChecklist(ctx, ChecklistImportInput{AuditID: auditID, File: upload(content)}, language.Request{})
		return err
	})
	return res, err
}

// fill sets cells of the first sheet of a workbook, by row number and header.
func fill(t *testing.T, content []byte, cells map[int]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(content))
	require.NoError(t, err)
	defer f.Close()
	sheet := f.GetSheetList()[0]
	header, err := f.GetRows(sheet)
	require.NoError(t, err)
	for row, byHeader := range cells {
		for h, v := range byHeader {
			col := -1
			for i, name := range header[0] {
				if name == h {
					col = i + 1
				}
			}
			require.NotEqual(t, -1, col, h)
			cell, _ := excelize.CoordinatesToCellName(col, row)
			require.NoError(t, f.SetCellValue(sheet, cell, v))
		}
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

// problems lists a result's errors as "row column reason".
func problems(res *Result) []string {
	var out []string
	for _, e := range res.Errors {
		out = append(out, fmt.Sprintf("%d %s %s", e.Row, e.Column, e.Reason))
	}
	return out
}

// The checklist exports in the order of its items, with codes the import reads back; filled in,
// it records every changed row through the audits service (a NONCONFORMITY raising its finding
// with the grade of the sheet), and its own export then imports back unchanged.
func TestChecklist_ExportFillImportRecordsResultsAndRaisesFindings(t *testing.T) {
	w := newAuditWorld(t)
	ctx := w.Org.Secretariat.Ctx
	content, err := w.svc.ExportChecklist(ctx, w.audit.ID, locale.English)
	require.NoError(t, err)
	tb, err := readTable(upload(content), checklistSheet)
	require.NoError(t, err)
	require.Empty(t, tb.errs)
	assert.Equal(t, []string{"No.", "Item ID", "Clause", "Control", "Question", "Result", "Evidence", "Notes", "Grade"}, tb.headers)
	require.Len(t, tb.rows, 3)
	assert.Equal(t, []string{"1", string(w.items[0].ID), "9.2", "", w.items[0].Question, "NOT_AUDITED"}, tb.rows[0].cells[:6])
	assert.Equal(t, "5.1", tb.rows[1].text("control"))
	assert.Equal(t, "8.7", tb.rows[2].text("control"))

	f, err := excelize.OpenReader(bytes.NewReader(content))
	require.NoError(t, err)
	dvs, err := f.GetDataValidations(f.GetSheetList()[0])
	require.NoError(t, err)
	require.Len(t, dvs, 2, "drop-down lists of results and grades")
	assert.Equal(t, "F2:F4", dvs[0].Sqref)
	assert.Contains(t, dvs[0].Formula1, "NONCONFORMITY")
	require.NoError(t, f.Close())

	filled := fill(t, content, map[int]map[string]any{
		2: {"Result": "conforming", "Evidence": "内部監査報告書 2026年度"},
		3: {"Result": "NONCONFORMITY", "Evidence": "方針の承認記録なし", "Notes": "情報セキュリティ方針が承認されていない", "Grade": "MAJOR"},
	})
	res, err := w.importAs(t, ctx, w.audit.ID, filled)
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	assert.Equal(t, [3]int{0, 2, 1}, [3]int{res.Imported, res.Updated, res.Unchanged})

	items := w.checklist(t, w.audit.ID)
	assert.Equal(t, checklistitem.ResultCONFORMING, items[0].Result)
	assert.Equal(t, "内部監査報告書 2026年度", *items[0].Evidence)
	assert.Equal(t, checklistitem.ResultNONCONFORMITY, items[1].Result)
	require.NotNil(t, items[1].Edges.Finding, "the nonconformity raised its finding")
	raised := items[1].Edges.Finding
	assert.Equal(t, []any{finding.GradeMAJOR, finding.SourceINTERNAL_AUDIT, "情報セキュリティ方針が承認されていない", "5.1"},
		[]any{raised.Grade, raised.Source, raised.Statement, *raised.Control})
	assert.Equal(t, checklistitem.ResultNOT_AUDITED, items[2].Result)

	// The export now shows the results and the finding's grade, and imports back unchanged.
	again, err := w.svc.ExportChecklist(ctx, w.audit.ID, locale.Japanese)
	require.NoError(t, err)
	tb, err = readTable(upload(again), checklistSheet)
	require.NoError(t, err)
	assert.Equal(t, "結果", tb.headers[5])
	assert.Equal(t, []string{"NONCONFORMITY", "方針の承認記録なし", "情報セキュリティ方針が承認されていない", "MAJOR"}, tb.rows[1].cells[5:9])
	before := w.Snapshot(t)
	res, err = w.importAs(t, ctx, w.audit.ID, again)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 3}, [3]int{res.Imported, res.Updated, res.Unchanged})
	w.Unchanged(t, before)

	// The findings register lists the finding with its audit and departments.
	register, err := w.svc.Export(ctx, w.Org.A, FindingsWorkbook, locale.English)
	require.NoError(t, err)
	tb, err = readTable(upload(register), findingSheet)
	require.NoError(t, err)
	require.Len(t, tb.rows, 1)
	r := tb.rows[0]
	assert.Equal(t, []string{"1", string(raised.ID), "INTERNAL_AUDIT", "内部監査", "MAJOR", "", "5.1", "情報セキュリティ方針が承認されていない", "方針の承認記録なし"},
		r.cells[:9])
	d, ok := r.day("responseDue")
	require.True(t, ok)
	assert.Equal(t, *raised.ResponseDue, *d)
	assert.Equal(t, "OPEN", r.text("status"))
}

// One bad cell and nothing is written: every problem is named by row and column, the sheet's own
// (an unknown result, item or grade, an item twice, an emptied evidence, a regraded finding) and
// the service's (a grade without a nonconformity, a nonconformity's grade that is no
// nonconformity's, an item whose finding keeps it NONCONFORMITY).
func TestChecklist_ABadCellNamesRowAndColumnAndWritesNothing(t *testing.T) {
	w := newAuditWorld(t)
	ctx := w.Org.Secretariat.Ctx
	_, err := w.audits.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{ID: w.items[0].ID, Result: checklistitem.ResultNONCONFORMITY, Evidence: ptr("記録なし")})
	require.NoError(t, err)
	for _, q := range []string{"アクセス権の見直し記録はあるか", "教育の記録はあるか", "供給者の評価記録はあるか"} {
		_, err := w.audits.AddChecklistItem(ctx, audits.AddChecklistItemInput{AuditID: w.audit.ID, Question: q})
		require.NoError(t, err)
	}
	w.items = w.checklist(t, w.audit.ID)
	require.Len(t, w.items, 6)
	other := w.checklist(t, w.plan(t, w.Org.A).ID)[0]
	foreign := w.checklist(t, w.plan(t, w.Org.B).ID)[0]
	header := []any{"Item ID", "Result", "Evidence", "Notes", "Grade"}
	id := func(i int) string { return string(w.items[i].ID) }
	before := w.Snapshot(t)
	res, err := w.importAs(t, ctx, w.audit.ID, book(t, [][]any{header,
		{id(1), "PASSED"},                                  // 2: no such result
		{string(other.ID), "CONFORMING"},                   // 3: an item of another audit
		{string(foreign.ID), "CONFORMING"},                 // 4: an item of another company
		{"CK0000", "CONFORMING"},                           // 5: no such item
		{id(2), "CONFORMING", "", "", "MAJOR"},             // 6: a grade without a nonconformity (the service)
		{id(3), "NONCONFORMITY", "", "", "OBSERVATION"},    // 7: no nonconformity's grade (the service)
		{id(2), "CONFORMING"},                              // 8: the same item twice
		{id(0), "CONFORMING", "記録なし"},                      // 9: the finding keeps it NONCONFORMITY (the service)
		{"", "CONFORMING"},                                 // 10: no ID
		{id(4), "OBSERVATION", "", "", "severe"},           // 11: no such grade
		{strings.ToLower(id(5)), "opportunity", "改善の余地あり"}, // 12: fine, and not written
	}))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"2 Result INVALID_VALUE",
		"3 Item ID UNKNOWN_ID",
		"4 Item ID UNKNOWN_ID",
		"5 Item ID UNKNOWN_ID",
		"6 Grade CONFLICTING_FIELDS",
		"7 Grade INVALID_VALUE",
		"8 Item ID DUPLICATE",
		"9 Result STALE_STATE",
		"10 Item ID REQUIRED",
		"11 Grade INVALID_VALUE",
	}, problems(res))
	assert.Zero(t, res.Imported+res.Updated+res.Unchanged)
	w.Unchanged(t, before)
	assert.Equal(t, `"PASSED" is not one of NOT_AUDITED, CONFORMING, NONCONFORMITY, OBSERVATION, OPPORTUNITY`, res.Errors[0].Text.EN)
	assert.Equal(t, "「PASSED」は指定できません。NOT_AUDITED、CONFORMING、NONCONFORMITY、OBSERVATION、OPPORTUNITY のいずれかにしてください", res.Errors[0].Message,
		"in the organization's language")

	// The evidence recorded cannot be emptied, and the finding raised MINOR is not regraded here.
	res, err = w.importAs(t, ctx, w.audit.ID, book(t, [][]any{header, {id(0), "NONCONFORMITY", "", "", "MAJOR"}}))
	require.NoError(t, err)
	assert.Equal(t, []string{"2 Evidence REQUIRED", "2 Grade STALE_STATE"}, problems(res))
	w.Unchanged(t, before)

	// Headers: the item ID is required, an unknown column is named on row 1.
	res, err = w.importAs(t, ctx, w.audit.ID, book(t, [][]any{{"Result", "Auditor"}, {"CONFORMING", "x"}}))
	require.NoError(t, err)
	assert.Equal(t, []string{"1 Auditor INVALID_VALUE", "1 Item ID REQUIRED"}, problems(res))
	w.Unchanged(t, before)
}

// Results are recorded while the audit is IN_PROGRESS: a changed row of an audit planned or
// completed is refused on its item, while its unchanged rows import as unchanged.
func TestChecklist_ResultsWaitForTheAuditToStart(t *testing.T) {
	w := newAuditWorld(t)
	planned := w.plan(t, w.Org.A)
	items := w.checklist(t, planned.ID)
	ctx := w.Org.Secretariat.Ctx
	content, err := w.svc.ExportChecklist(ctx, planned.ID, locale.English)
	require.NoError(t, err)
	before := w.Snapshot(t)
	res, err := w.importAs(t, ctx, planned.ID, content)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 3}, [3]int{res.Imported, res.Updated, res.Unchanged})
	res, err = w.importAs(t, ctx, planned.ID, fill(t, content, map[int]map[string]any{3: {"Result": "CONFORMING"}}))
	require.NoError(t, err)
	assert.Equal(t, []string{"3 Item ID STALE_STATE"}, problems(res))
	assert.Contains(t, res.Errors[0].Text.EN, "IN_PROGRESS")
	w.Unchanged(t, before)
	assert.Equal(t, checklistitem.ResultNOT_AUDITED, w.checklist(t, planned.ID)[1].Result)
	require.Len(t, items, 3)
}

// Who reaches an audit's checklist: another organization's audit, and one that never existed,
// are the same unknown auditID; a MEMBER reads it and may not record results; an archived audit
// is refused; a file that is no workbook is refused on file.
func TestChecklist_WhoImportsWhere(t *testing.T) {
	w := newAuditWorld(t)
	content, err := w.svc.ExportChecklist(w.Org.Member.Ctx, w.audit.ID, locale.English)
	require.NoError(t, err)
	filled := fill(t, content, map[int]map[string]any{2: {"Result": "CONFORMING"}})
	before := w.Snapshot(t)

	_, err = w.svc.ExportChecklist(w.Other.Owner.Ctx, w.audit.ID, locale.English)
	assert.Equal(t, apperr.KindNotFound, apperr.KindOf(err))
	_, err = w.svc.ExportChecklist(w.Org.Owner.Ctx, pulid.New("AU"), locale.English)
	assert.Equal(t, apperr.KindNotFound, apperr.KindOf(err))

	_, err = w.importAs(t, w.Other.Owner.Ctx, w.audit.ID, filled)
	servicetest.Check(t, servicetest.Invalid("auditID", apperr.UnknownID), err)
	_, missing := w.importAs(t, w.Org.Owner.Ctx, pulid.New("AU"), filled)
	assert.Equal(t, apperr.Fields(missing)[0].Text, apperr.Fields(err)[0].Text)
	_, err = w.importAs(t, w.Org.Member.Ctx, w.audit.ID, filled)
	assert.Equal(t, apperr.KindForbidden, apperr.KindOf(err), "%v", err)
	_, err = w.importAs(t, w.Org.Secretariat.Ctx, w.audit.ID, []byte("No.,Item ID\n"))
	servicetest.Check(t, servicetest.Invalid("file", apperr.InvalidFormat), err)
	w.Unchanged(t, before)

	w.Client.Audit.UpdateOneID(w.audit.ID).SetArchivedAt(w.audit.CreatedAt).ExecX(w.System)
	_, err = w.importAs(t, w.Org.Secretariat.Ctx, w.audit.ID, filled)
	servicetest.Check(t, servicetest.Invalid("auditID", apperr.Archived), err)
	assert.Equal(t, checklistitem.ResultNOT_AUDITED, w.checklist(t, w.audit.ID)[0].Result)
}

// The findings register leaves archived findings out, numbers the rest in the order they were
// raised, and lists departments and corrective actions one a line.
func TestFindingsRegister_ListsTheCompanysFindings(t *testing.T) {
	w := newAuditWorld(t)
	ctx := w.Org.Secretariat.Ctx
	dept := w.Client.Department.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetName("営業部").SaveX(w.System).ID
	direct, err := w.audits.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeOBSERVATION,
		Statement: "持ち出し記録の様式が古い", DepartmentIDs: []pulid.ID{dept}})
	require.NoError(t, err)
	_, err = w.audits.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{FindingID: direct.ID, Title: "様式の改訂", AssigneeID: w.Org.Secretariat.UserID, DueDate: date.New(2027, 9, 30)})
	require.NoError(t, err)
	archived, err := w.audits.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceINCIDENT), Grade: finding.GradeMINOR, Statement: "取り下げ"})
	require.NoError(t, err)
	w.Client.Finding.UpdateOneID(archived.ID).SetArchivedAt(archived.CreatedAt).ExecX(w.System)
	_, err = w.audits.RaiseFinding(w.Org.Owner.Ctx, audits.RaiseFindingInput{CompanyID: w.Org.B, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: "B社の所見"})
	require.NoError(t, err)
	_, err = w.audits.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{ID: w.items[2].ID, Result: checklistitem.ResultNONCONFORMITY, Notes: ptr("ログが保管されていない")})
	require.NoError(t, err)

	for _, l := range []locale.Locale{locale.Japanese, locale.English} {
		content, err := w.svc.Export(ctx, w.Org.A, FindingsWorkbook, l)
		require.NoError(t, err)
		f, err := excelize.OpenReader(bytes.NewReader(content))
		require.NoError(t, err)
		assert.Equal(t, findingSheet.name(l), f.GetSheetList()[0])
		rows, err := f.GetRows(f.GetSheetList()[0])
		require.NoError(t, err)
		require.NoError(t, f.Close())
		require.Len(t, rows, 3, "a header and the two findings of company A that are not archived")
		if l == locale.English {
			assert.Equal(t, []string{"No.", "Finding ID", "Source", "Audit", "Grade", "Clause", "Control", "Statement", "Evidence", "Departments",
				"Response due", "Correction", "Root cause", "Corrective actions", "Effectiveness", "Status"}, rows[0])
		} else {
			assert.Equal(t, []string{"番号", "所見ID", "発生源", "監査", "等級", "箇条", "管理策", "内容", "証拠", "対象部署",
				"回答期限", "修正", "原因", "是正処置", "有効性", "状態"}, rows[0])
		}
		assert.Equal(t, []string{"1", string(direct.ID), "DIRECT", "", "OBSERVATION", "", "", "持ち出し記録の様式が古い", "", "営業部", "", "", "", "様式の改訂 (TODO)", "", "OPEN"}, rows[1])
		assert.Equal(t, []string{"2", "INTERNAL_AUDIT", "内部監査", "MINOR", "8.7", "ログが保管されていない"}, []string{rows[2][0], rows[2][2], rows[2][3], rows[2][4], rows[2][6], rows[2][7]})
		assert.True(t, strings.HasPrefix(rows[2][10], "20"), "the response is due by the audit's rule: %q", rows[2][10])
	}
}

func ptr[T any](v T) *T { return &v }
