package audits_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditorrequest"
	"secretariat/ent/auditorrequestcomment"
	"secretariat/ent/checklistitem"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/finding"
	"secretariat/ent/findingsite"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/audits"
	"secretariat/internal/blob"
	"secretariat/internal/checklist"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"
	"secretariat/internal/testdb"
)

type world struct {
	*servicetest.Fixture
	s     *audits.Service
	tasks *tasks.Service
	// sales is headed by the Member; it is represented by the Consultant. it has no one of the
	// fixture; other is a department of company B.
	sales, it, other pulid.ID
	blobs            blob.Store
}

func newWorld(t *testing.T) *world {
	t.Helper()
	f := servicetest.SQLite(t)
	ts := tasks.NewService(f.Client, servicetest.Log)
	blobs := blob.NewLocal(t.TempDir())
	// The Excel module renders the real workbook (internal/server tests it); here the report
	// carries what the renderer returned.
	workbook := func(_ context.Context, auditID pulid.ID, l locale.Locale) ([]byte, error) {
		return []byte("checklist " + string(auditID) + " " + string(l)), nil
	}
	w := &world{Fixture: f, s: audits.NewService(f.Client, ts, documents.NewService(f.Client, blobs, servicetest.Log), blobs, servicetest.Log, audits.WithChecklistWorkbook(workbook)), tasks: ts, blobs: blobs}
	w.sales = f.Client.Department.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("営業部").SetHeadID(f.Org.Member.UserID).SaveX(f.System).ID
	f.Client.DepartmentRepresentative.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetDepartmentID(w.sales).SetUserID(f.Org.Consultant.UserID).SaveX(f.System)
	w.it = f.Client.Department.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("情報システム部").SaveX(f.System).ID
	w.other = f.Client.Department.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.B).SetName("総務部").SaveX(f.System).ID
	return w
}

var (
	start = date.New(2027, 6, 1)
	end   = date.New(2027, 6, 3)
)

func (w *world) internal() audits.PlanAuditInput {
	return audits.PlanAuditInput{
		CompanyID:     w.Org.A,
		Kind:          audit.KindINTERNAL,
		Title:         "2027年度 内部監査",
		Clauses:       []string{"10", "4", "5", "6", "7", "8", "9"},
		Controls:      []string{"5.10", "5.1", "5.2", "5.3", "5.15", "5.23", "6.3", "8.7", "8.13", "8.24", "5.1"},
		DepartmentIDs: []pulid.ID{w.sales, w.it},
		PlannedStart:  start,
		PlannedEnd:    end,
		LeadAuditorID: &w.Org.Secretariat.UserID,
	}
}

func ptr[T any](v T) *T { return &v }

// An internal audit's checklist is built from its scope: a question per clause, then per
// control, in the order of the standard, repeats dropped, in the language of the request.
func TestAudits_TheChecklistComesFromTheScope(t *testing.T) {
	w := newWorld(t)
	a, err := w.s.PlanAudit(w.Org.Secretariat.Ctx, w.internal(), language.Request{})
	require.NoError(t, err)
	assert.Equal(t, []string{"4", "5", "6", "7", "8", "9", "10"}, a.Clauses)
	assert.Equal(t, []string{"5.1", "5.2", "5.3", "5.10", "5.15", "5.23", "6.3", "8.7", "8.13", "8.24"}, a.Controls)
	items := w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).Order(checklistitem.ByPosition()).AllX(w.System)
	require.Len(t, items, 17)
	for i, it := range items {
		assert.Equal(t, i+1, it.Position)
		assert.Equal(t, checklistitem.ResultNOT_AUDITED, it.Result)
	}
	assert.Equal(t, "4", *items[0].Clause)
	assert.Nil(t, items[0].Control)
	assert.Contains(t, items[0].Question, "箇条4 組織の状況")
	assert.Equal(t, "5.10", *items[10].Control)
	assert.Nil(t, items[10].Clause)
	assert.Contains(t, items[10].Question, "管理策5.10")
	assert.Equal(t, 2, w.Client.AuditDepartment.Query().CountX(w.System))

	in := w.internal()
	in.Clauses, in.Controls = []string{"9.2"}, nil
	a, err = w.s.PlanAudit(w.Org.Secretariat.Ctx, in, language.Request{Asked: "en"})
	require.NoError(t, err)
	items = w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).AllX(w.System)
	require.Len(t, items, 1)
	assert.Contains(t, items[0].Question, "Clause 9.2 ")

	// A certification audit has no checklist of ours.
	cert := audits.PlanAuditInput{CompanyID: w.Org.A, Kind: audit.KindSTAGE2, Title: "第二段階審査", Clauses: []string{"4"}, PlannedStart: start, PlannedEnd: end, CertificationBody: ptr("JQA")}
	a, err = w.s.PlanAudit(w.Org.Secretariat.Ctx, cert, language.Request{})
	require.NoError(t, err)
	assert.Zero(t, w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).CountX(w.System))
}

// An auditor may not audit a department it heads or represents (9.2.2 c) unless the audit
// records why; the refusal names the auditor's field and writes nothing.
func TestAudits_AuditorsAreIndependentUnlessTheOverrideSaysWhy(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		name string
		edit func(*audits.PlanAuditInput)
		want servicetest.Want
	}{
		{"the head of a department in scope leads", func(in *audits.PlanAuditInput) { in.LeadAuditorID = &w.Org.Member.UserID },
			servicetest.Invalid("leadAuditorID", apperr.NotIndependent)},
		{"a representative in the team", func(in *audits.PlanAuditInput) {
			in.TeamAuditorIDs = []pulid.ID{w.Org.Owner.UserID, w.Org.Consultant.UserID}
		},
			servicetest.Invalid("teamAuditorIDs.1", apperr.NotIndependent)},
		{"the department out of scope", func(in *audits.PlanAuditInput) {
			in.LeadAuditorID, in.DepartmentIDs = &w.Org.Member.UserID, []pulid.ID{w.it}
		}, servicetest.OK},
		{"overridden with a reason", func(in *audits.PlanAuditInput) {
			in.LeadAuditorID, in.IndependenceOverride = &w.Org.Member.UserID, ptr("監査員が2名のみのため、部門長が自部署を監査し、事務局が立ち会う")
		}, servicetest.OK},
		{"a read-only auditor", func(in *audits.PlanAuditInput) { in.LeadAuditorID = &w.Org.Auditor.UserID },
			servicetest.Invalid("leadAuditorID", apperr.RoleRequired)},
		{"someone of another organization", func(in *audits.PlanAuditInput) { in.LeadAuditorID = &w.Other.Owner.UserID },
			servicetest.Invalid("leadAuditorID", apperr.InvalidValue)},
		{"the lead twice", func(in *audits.PlanAuditInput) { in.TeamAuditorIDs = []pulid.ID{w.Org.Secretariat.UserID} },
			servicetest.Invalid("teamAuditorIDs.0", apperr.Duplicate)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := w.internal()
			tc.edit(&in)
			before := w.Snapshot(t)
			a, err := w.s.PlanAudit(w.Org.Secretariat.Ctx, in, language.Request{})
			servicetest.Check(t, tc.want, err)
			if tc.want.Fails() {
				w.Unchanged(t, before)
				return
			}
			assert.Equal(t, in.IndependenceOverride, a.IndependenceOverride)
		})
	}
}

// Bad input is refused field by field, and names of another company or organization read as
// unknown.
func TestAudits_PlanRefusesBadInput(t *testing.T) {
	w := newWorld(t)
	otherProgramme := w.Client.AuditProgramme.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.B).SetTitle("B").SetPeriodStart(start).SetPeriodEnd(end).SaveX(w.System).ID
	for _, tc := range []struct {
		name string
		edit func(*audits.PlanAuditInput)
		want servicetest.Want
	}{
		{"a clause outside 4 to 10", func(in *audits.PlanAuditInput) { in.Clauses = []string{"4", "11"} }, servicetest.Invalid("clauses.1", apperr.InvalidValue)},
		{"a control outside Annex A", func(in *audits.PlanAuditInput) { in.Controls = []string{"A.9.1"} }, servicetest.Invalid("controls.0", apperr.InvalidValue)},
		{"the end before the start", func(in *audits.PlanAuditInput) { in.PlannedEnd = start.AddDays(-1) }, servicetest.Invalid("plannedEnd", apperr.OutOfRange)},
		{"an internal audit with a body", func(in *audits.PlanAuditInput) { in.CertificationBody = ptr("JQA") }, servicetest.Invalid("certificationBody", apperr.ConflictingFields)},
		{"a certification audit without one", func(in *audits.PlanAuditInput) { in.Kind = audit.KindSURVEILLANCE }, servicetest.Invalid("certificationBody", apperr.Required)},
		{"a department of company B", func(in *audits.PlanAuditInput) { in.DepartmentIDs = []pulid.ID{w.it, w.other} }, servicetest.Invalid("departmentIDs.1", apperr.UnknownID)},
		{"a programme of company B", func(in *audits.PlanAuditInput) { in.ProgrammeID = &otherProgramme }, servicetest.Invalid("programmeID", apperr.UnknownID)},
		{"a company of another organization", func(in *audits.PlanAuditInput) { in.CompanyID = w.Other.A }, servicetest.Invalid("companyID", apperr.UnknownID)},
		{"too many response days", func(in *audits.PlanAuditInput) { in.MajorResponseDays = ptr(400) }, servicetest.Invalid("majorResponseDays", apperr.OutOfRange)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := w.internal()
			in.LeadAuditorID = &w.Org.Owner.UserID
			tc.edit(&in)
			before := w.Snapshot(t)
			_, err := w.s.PlanAudit(w.Org.Secretariat.Ctx, in, language.Request{})
			servicetest.Check(t, tc.want, err)
			w.Unchanged(t, before)
		})
	}
}

// Editors plan audits; a MEMBER and a certification AUDITOR do not.
func TestAudits_WhoPlansAnAudit(t *testing.T) {
	w := newWorld(t)
	for _, p := range w.Org.People() {
		t.Run(string(p.Role), func(t *testing.T) {
			in := w.internal()
			in.LeadAuditorID, in.DepartmentIDs = nil, nil
			_, err := w.s.PlanAudit(p.Ctx, in, language.Request{})
			switch p.Role {
			case "MEMBER", "AUDITOR":
				assert.Equal(t, apperr.KindForbidden, apperr.KindOf(err), "%v", err)
			default:
				assert.NoError(t, err)
			}
		})
	}
}

// Results are recorded while the audit is in progress; a NONCONFORMITY raises a finding of the
// audit in the same transaction, with the item's clause or control and the audit's departments,
// due by the audit's rule; the item keeps that result.
func TestAudits_ANonconformityRaisesAFinding(t *testing.T) {
	w := newWorld(t)
	ctx := w.Org.Secretariat.Ctx
	in := w.internal()
	in.LeadAuditorID = &w.Org.Owner.UserID
	in.MajorResponseDays = ptr(30)
	osaka := w.Client.Site.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetName("大阪事業所").SaveX(w.System)
	in.SiteIDs = []pulid.ID{osaka.ID}
	a, err := w.s.PlanAudit(ctx, in, language.Request{})
	require.NoError(t, err)
	items := w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(a.ID)).Order(checklistitem.ByPosition()).AllX(w.System)

	_, err = w.s.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{ID: items[0].ID, Result: checklistitem.ResultCONFORMING})
	servicetest.Check(t, servicetest.Invalid("id", apperr.StaleState), err)
	_, err = w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: a.ID, Status: audit.StatusCOMPLETED}, language.Request{})
	servicetest.Check(t, servicetest.Invalid("status", apperr.InvalidTransition), err)
	_, err = w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: a.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)

	_, err = w.s.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{ID: items[0].ID, Result: checklistitem.ResultCONFORMING, Grade: ptr(finding.GradeMAJOR)})
	servicetest.Check(t, servicetest.Invalid("grade", apperr.ConflictingFields), err)

	item, err := w.s.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{
		ID: items[10].ID, Result: checklistitem.ResultNONCONFORMITY, Grade: ptr(finding.GradeMAJOR),
		Evidence: ptr("アクセス権レビュー記録（2027年4月）"), Notes: ptr("退職者3名のアカウントが残存していた"),
	})
	require.NoError(t, err)
	require.NotNil(t, item.FindingID)
	f := w.Client.Finding.GetX(w.System, *item.FindingID)
	assert.Equal(t, finding.SourceINTERNAL_AUDIT, f.Source)
	assert.Equal(t, finding.GradeMAJOR, f.Grade)
	assert.Equal(t, "5.10", *f.Control)
	assert.Equal(t, "退職者3名のアカウントが残存していた", f.Statement)
	assert.Equal(t, w.s.Today().AddDays(30), *f.ResponseDue)
	assert.Equal(t, a.ID, *f.AuditID)
	assert.Equal(t, 2, w.Client.FindingDepartment.Query().CountX(w.System))
	assert.Equal(t, []string{string(osaka.ID)}, w.Client.FindingSite.Query().Where(findingsite.FindingID(f.ID)).Select(findingsite.FieldSiteID).StringsX(w.System), "the finding concerns the audit's sites")

	_, err = w.s.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{ID: items[10].ID, Result: checklistitem.ResultCONFORMING})
	servicetest.Check(t, servicetest.Invalid("result", apperr.StaleState), err)
	again, err := w.s.RecordChecklistResult(ctx, audits.RecordChecklistResultInput{ID: items[10].ID, Result: checklistitem.ResultNONCONFORMITY, Notes: ptr("追記")})
	require.NoError(t, err)
	assert.Equal(t, f.ID, *again.FindingID, "recording it again raises no second finding")
	assert.Equal(t, 1, w.Client.Finding.Query().CountX(w.System))

	completed, err := w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: a.ID, Status: audit.StatusCOMPLETED}, language.Request{})
	require.NoError(t, err)

	// Completing it drafts its report, submitted for approval.
	require.NotNil(t, completed.ReportVersionID)
	report := w.Client.DocumentVersion.Query().Where(documentversion.ID(*completed.ReportVersionID)).WithDocument().OnlyX(w.System)
	assert.Equal(t, documentversion.StatusIN_REVIEW, report.Status)
	assert.Equal(t, document.KindAUDIT_REPORT, report.Edges.Document.Kind)
	assert.Equal(t, "内部監査報告書 2027年度 内部監査", report.Edges.Document.Title)
	assert.Contains(t, *report.Body, "| 11 | 5.10 | ")
	assert.Contains(t, *report.Body, "### 1. [MAJOR] 5.10\n\n退職者3名のアカウントが残存していた")
	assert.Contains(t, *report.Body, "アクセス権レビュー記録（2027年4月）")
	assert.Contains(t, *report.Body, "- 対象拠点: 大阪事業所")
	assert.Equal(t, "チェックリスト.xlsx", *report.FileName, "the checklist workbook is attached to the report")
	content, err := w.blobs.Get(w.System, report.FileKey, *report.FileSha256)
	require.NoError(t, err)
	defer content.Close()
	body, err := io.ReadAll(content)
	require.NoError(t, err)
	assert.Equal(t, "checklist "+string(a.ID)+" ja", string(body))
	_, err = w.s.AddChecklistItem(ctx, audits.AddChecklistItemInput{AuditID: a.ID, Question: "追加の質問"})
	servicetest.Check(t, servicetest.Invalid("auditID", apperr.StaleState), err)
}

// A finding closes only when its corrective actions are done and, for a nonconformity, its root
// cause is recorded and the actions were reviewed EFFECTIVE; each missing piece is named.
func TestAudits_AFindingClosesWhenItsWorkIsDone(t *testing.T) {
	w := newWorld(t)
	ctx := w.Org.Secretariat.Ctx
	f, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{
		CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR,
		Clause: ptr("7.5"), Statement: "文書の版管理が一部で行われていない", DepartmentIDs: []pulid.ID{w.sales},
	})
	require.NoError(t, err)
	ca, err := w.s.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{
		FindingID: f.ID, DepartmentID: &w.sales, Title: "文書管理規程の周知", AssigneeID: w.Org.Member.UserID, DueDate: w.s.Today().AddDays(-1),
	})
	require.NoError(t, err)
	tk := w.Client.Task.GetX(w.System, ca.TaskID)
	assert.Equal(t, task.SourceFINDING, tk.Source)
	assert.Equal(t, f.ID, *tk.SourceID)

	st, err := w.s.FindingsStatus(ctx, w.Org.A)
	require.NoError(t, err)
	assert.Equal(t, 1, st.Open)
	require.Len(t, st.Departments, 1)
	assert.Equal(t, w.sales, st.Departments[0].Department.ID)
	assert.Equal(t, 1, st.Departments[0].Open)
	assert.Equal(t, 1, st.Departments[0].Overdue)

	before := w.Snapshot(t)
	_, err = w.s.CloseFinding(ctx, f.ID)
	got := servicetest.Problems(err)
	assert.ElementsMatch(t, []servicetest.Want{
		servicetest.Invalid("correctiveActions", apperr.Incomplete),
		servicetest.Invalid("rootCause", apperr.Incomplete),
		servicetest.Invalid("effectiveness", apperr.Incomplete),
	}, got)
	w.Unchanged(t, before)

	_, err = w.tasks.SetStatus(w.Org.Member.Ctx, tasks.SetTaskStatusInput{ID: tk.ID, Status: task.StatusDONE})
	require.NoError(t, err)
	_, err = w.s.RespondToFinding(ctx, audits.RespondToFindingInput{ID: f.ID, Correction: ptr("該当文書を改版"), RootCause: ptr("規程の周知不足")})
	require.NoError(t, err)
	_, err = w.s.ReviewEffectiveness(ctx, audits.ReviewEffectivenessInput{FindingID: f.ID, Result: finding.EffectivenessNOT_EFFECTIVE, ReviewerID: w.Org.Owner.UserID, ReviewedOn: w.s.Today(), Evidence: "再発あり"})
	require.NoError(t, err)
	_, err = w.s.CloseFinding(ctx, f.ID)
	assert.Equal(t, []servicetest.Want{servicetest.Invalid("effectiveness", apperr.Incomplete)}, servicetest.Problems(err))
	st, err = w.s.FindingsStatus(ctx, w.Org.A)
	require.NoError(t, err)
	assert.Equal(t, 1, st.NotEffective)
	assert.Empty(t, st.Departments)

	_, err = w.s.ReviewEffectiveness(ctx, audits.ReviewEffectivenessInput{FindingID: f.ID, Result: finding.EffectivenessEFFECTIVE, ReviewerID: w.Org.Owner.UserID, ReviewedOn: w.s.Today(), Evidence: "3か月間再発なし"})
	require.NoError(t, err)
	closed, err := w.s.CloseFinding(ctx, f.ID)
	require.NoError(t, err)
	assert.Equal(t, finding.StatusCLOSED, closed.Status)
	assert.NotNil(t, closed.ClosedAt)

	_, err = w.s.RespondToFinding(ctx, audits.RespondToFindingInput{ID: f.ID, RootCause: ptr("変更")})
	servicetest.Check(t, servicetest.Invalid("id", apperr.StaleState), err)
	st, err = w.s.FindingsStatus(ctx, w.Org.A)
	require.NoError(t, err)
	assert.Equal(t, 0, st.Open)
	assert.Equal(t, 1, st.Closed)
}

// An observation closes without a root cause or a review; a reviewer or assignee must work in
// the company; a finding's department and audit must be the company's.
func TestAudits_FindingRules(t *testing.T) {
	w := newWorld(t)
	ctx := w.Org.Secretariat.Ctx
	obs, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceINCIDENT), Grade: finding.GradeOBSERVATION, Statement: "USBメモリの持ち出し記録が手書き"})
	require.NoError(t, err)
	_, err = w.s.CloseFinding(ctx, obs.ID)
	require.NoError(t, err)

	bAudit := w.Client.Audit.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.B).SetKind(audit.KindINTERNAL).SetTitle("B").SetStatus(audit.StatusIN_PROGRESS).SaveX(w.System)
	planned := w.Client.Audit.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetKind(audit.KindINTERNAL).SetTitle("A").SaveX(w.System)
	open, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: "x"})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		do   func() error
		want servicetest.Want
	}{
		{"an audit of company B", func() error {
			_, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &bAudit.ID, Grade: finding.GradeMINOR, Statement: "x"})
			return err
		}, servicetest.Invalid("auditID", apperr.UnknownID)},
		{"an audit not started", func() error {
			_, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &planned.ID, Grade: finding.GradeMINOR, Statement: "x"})
			return err
		}, servicetest.Invalid("auditID", apperr.StaleState)},
		{"a source with an audit", func() error {
			_, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &planned.ID, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: "x"})
			return err
		}, servicetest.Invalid("source", apperr.ConflictingFields)},
		{"a department of company B", func() error {
			_, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: "x", DepartmentIDs: []pulid.ID{w.other}})
			return err
		}, servicetest.Invalid("departmentIDs.0", apperr.UnknownID)},
		{"an action for a department of company B", func() error {
			_, err := w.s.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{FindingID: open.ID, DepartmentID: &w.other, Title: "x", AssigneeID: w.Org.Member.UserID, DueDate: start})
			return err
		}, servicetest.Invalid("departmentID", apperr.UnknownID)},
		{"an action assigned to the auditor", func() error {
			_, err := w.s.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{FindingID: open.ID, Title: "x", AssigneeID: w.Org.Auditor.UserID, DueDate: start})
			return err
		}, servicetest.Invalid("assigneeID", apperr.RoleRequired)},
		{"an action of a closed finding", func() error {
			_, err := w.s.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{FindingID: obs.ID, Title: "x", AssigneeID: w.Org.Member.UserID, DueDate: start})
			return err
		}, servicetest.Invalid("findingID", apperr.StaleState)},
		{"a finding of another organization", func() error {
			other := w.Client.Finding.Create().SetOrganizationID(w.Other.ID).SetCompanyID(w.Other.A).SetSource(finding.SourceDIRECT).SetGrade(finding.GradeMINOR).SetStatement("x").SaveX(w.System)
			_, err := w.s.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{FindingID: other.ID, Title: "x", AssigneeID: w.Org.Member.UserID, DueDate: start})
			return err
		}, servicetest.Invalid("findingID", apperr.UnknownID)},
		{"a reviewer of another organization", func() error {
			_, err := w.s.ReviewEffectiveness(ctx, audits.ReviewEffectivenessInput{FindingID: open.ID, Result: finding.EffectivenessEFFECTIVE, ReviewerID: w.Other.Owner.UserID, ReviewedOn: start, Evidence: "x"})
			return err
		}, servicetest.Invalid("reviewerID", apperr.InvalidValue)},
		{"a member raises a finding", func() error {
			_, err := w.s.RaiseFinding(w.Org.Member.Ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: "x"})
			return err
		}, servicetest.Want{Kind: apperr.KindForbidden, Reason: forbiddenReason(t, w)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			servicetest.Check(t, tc.want, tc.do())
			if tc.name != "a finding of another organization" {
				w.Unchanged(t, before)
			}
		})
	}
}

// forbiddenReason is the reason the privacy policy gives a write the role may not make.
func forbiddenReason(t *testing.T, w *world) apperr.Reason {
	t.Helper()
	_, err := w.Client.Finding.Create().SetCompanyID(w.Org.A).SetSource(finding.SourceDIRECT).SetGrade(finding.GradeMINOR).SetStatement("x").Save(w.Org.Auditor.Ctx)
	require.Error(t, err)
	got := servicetest.Problems(err)
	require.NotEmpty(t, got)
	return got[0].Reason
}

// The status costs the same statements for one finding or many.
func TestAudits_FindingsStatusReadsAFixedNumberOfStatements(t *testing.T) {
	w := newWorld(t)
	counts := make([]int, 0, 2)
	total := 0
	for _, n := range []int{1, 20} {
		for ; total < n; total++ {
			i := total
			f, err := w.s.RaiseFinding(w.Org.Secretariat.Ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: fmt.Sprint(i), DepartmentIDs: []pulid.ID{w.it}})
			require.NoError(t, err)
			_, err = w.s.AddCorrectiveAction(w.Org.Secretariat.Ctx, audits.AddCorrectiveActionInput{FindingID: f.ID, DepartmentID: &w.it, Title: "x", AssigneeID: w.Org.Member.UserID, DueDate: start})
			require.NoError(t, err)
		}
		counted, c := testdb.Counting(w.DB)
		s := audits.NewService(counted.Client, w.tasks, nil, nil, servicetest.Log)
		st, err := s.FindingsStatus(w.Org.Secretariat.Ctx, w.Org.A)
		require.NoError(t, err)
		require.Len(t, st.Departments, 1)
		assert.Equal(t, n, st.Departments[0].Open)
		counts = append(counts, c.Count())
	}
	assert.Equal(t, counts[0], counts[1])
}

// A room or a person booked in two overlapping slots of the company is refused, naming the other
// slot; slots that only touch do not clash; the audit day lists the slots in time order.
func TestAudits_TheTimetableRefusesClashes(t *testing.T) {
	w := newWorld(t)
	ctx := w.Org.Secretariat.Ctx
	cert := audits.PlanAuditInput{CompanyID: w.Org.A, Kind: audit.KindSTAGE2, Title: "第二段階審査", PlannedStart: start, PlannedEnd: end, CertificationBody: ptr("JQA")}
	a, err := w.s.PlanAudit(ctx, cert, language.Request{})
	require.NoError(t, err)
	at := func(h, m int) time.Time { return time.Date(2027, 6, 1, h, m, 0, 0, date.Calendar) }
	slot := func(from, to time.Time, room string, people ...pulid.ID) audits.ScheduleInterviewInput {
		return audits.ScheduleInterviewInput{AuditID: a.ID, StartsAt: from, EndsAt: to, Room: ptr(room), IntervieweeIDs: people, Clauses: []string{"9.2"}}
	}
	afternoon, err := w.s.ScheduleInterview(ctx, slot(at(13, 0), at(14, 0), "第1会議室", w.Org.Member.UserID))
	require.NoError(t, err)
	morning, err := w.s.ScheduleInterview(ctx, slot(at(9, 0), at(10, 0), "第1会議室", w.Org.Member.UserID))
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		in   audits.ScheduleInterviewInput
		want []servicetest.Want
	}{
		{"the same room, overlapping", slot(at(13, 30), at(14, 30), " 第1会議室 "), []servicetest.Want{servicetest.Invalid("room", apperr.ScheduleClash)}},
		{"the same person elsewhere", slot(at(13, 59), at(15, 0), "第2会議室", w.Org.Owner.UserID, w.Org.Member.UserID), []servicetest.Want{servicetest.Invalid("intervieweeIDs.1", apperr.ScheduleClash)}},
		{"both", slot(at(9, 30), at(9, 45), "第1会議室", w.Org.Member.UserID), []servicetest.Want{servicetest.Invalid("room", apperr.ScheduleClash), servicetest.Invalid("intervieweeIDs.0", apperr.ScheduleClash)}},
		{"the end before the start", slot(at(11, 0), at(10, 0), "第2会議室"), []servicetest.Want{servicetest.Invalid("endsAt", apperr.OutOfRange)}},
		{"neither room nor link", audits.ScheduleInterviewInput{AuditID: a.ID, StartsAt: at(11, 0), EndsAt: at(12, 0)}, []servicetest.Want{servicetest.Invalid("room", apperr.Required)}},
		{"an auditor interviewed", slot(at(11, 0), at(12, 0), "第2会議室", w.Org.Auditor.UserID), []servicetest.Want{servicetest.Invalid("intervieweeIDs.0", apperr.InvalidValue)}},
		{"a department of company B", audits.ScheduleInterviewInput{AuditID: a.ID, StartsAt: at(11, 0), EndsAt: at(12, 0), Room: ptr("第2会議室"), DepartmentID: &w.other}, []servicetest.Want{servicetest.Invalid("departmentID", apperr.UnknownID)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			_, err := w.s.ScheduleInterview(ctx, tc.in)
			assert.ElementsMatch(t, tc.want, servicetest.Problems(err))
			w.Unchanged(t, before)
		})
	}
	var clash *apperr.Error
	_, err = w.s.ScheduleInterview(ctx, slot(at(13, 30), at(14, 30), "第1会議室"))
	require.ErrorAs(t, err, &clash)
	assert.Contains(t, clash.Text.JA, string(afternoon.ID), "the message names the other slot")
	assert.Contains(t, clash.Text.EN, "2027-06-01 13:00–14:00")

	touching, err := w.s.ScheduleInterview(ctx, slot(at(10, 0), at(11, 0), "第1会議室", w.Org.Member.UserID))
	require.NoError(t, err, "a slot that starts when another ends does not clash")
	nextDay, err := w.s.ScheduleInterview(ctx, slot(at(9, 0).AddDate(0, 0, 1), at(10, 0).AddDate(0, 0, 1), "第1会議室"))
	require.NoError(t, err)

	day, err := w.s.AuditDay(ctx, a.ID, date.New(2027, 6, 1))
	require.NoError(t, err)
	var ids []pulid.ID
	for _, s := range day {
		ids = append(ids, s.ID)
	}
	assert.Equal(t, []pulid.ID{morning.ID, touching.ID, afternoon.ID}, ids, "the day's slots in time order, the next day's apart")
	assert.NotContains(t, ids, nextDay.ID)

	_, err = w.s.RemoveInterview(ctx, afternoon.ID)
	require.NoError(t, err)
	_, err = w.s.ScheduleInterview(ctx, slot(at(13, 30), at(14, 30), "第1会議室"))
	assert.NoError(t, err, "a removed slot frees its room")
}

// document adds to company A a document whose version 1.0 is approved and current, and a draft
// 1.1; it returns both versions.
func (w *world) document(t *testing.T) (approved, draft pulid.ID) {
	t.Helper()
	d := w.Client.Document.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetCode("ISMS-P-001").SetTitle("情報セキュリティ方針").SetKind(document.KindPOLICY).SaveX(w.System)
	v1 := w.Client.DocumentVersion.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetDocumentID(d.ID).SetMajor(1).SetMinor(0).SetBody("方針").SetAuthorID(w.Org.Secretariat.UserID).SetStatus(documentversion.StatusAPPROVED).SaveX(w.System)
	w.Client.Document.UpdateOneID(d.ID).SetCurrentVersionID(v1.ID).ExecX(w.System)
	v2 := w.Client.DocumentVersion.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.A).SetDocumentID(d.ID).SetMajor(1).SetMinor(1).SetBody("改訂案").SetAuthorID(w.Org.Secretariat.UserID).SaveX(w.System)
	return v1.ID, v2.ID
}

// A certification auditor of the audit files requests; the secretariat routes them as tasks and
// answers with the current approved version (never a draft); the auditor reopens and accepts.
// The auditor writes nothing else, and an auditor not on the audit finds nothing of it.
func TestAudits_AuditorRequestsFromFilingToAcceptance(t *testing.T) {
	w := newWorld(t)
	sec, aud := w.Org.Secretariat.Ctx, w.Org.Auditor.Ctx
	cert := audits.PlanAuditInput{CompanyID: w.Org.A, Kind: audit.KindSTAGE2, Title: "第二段階審査", PlannedStart: start, PlannedEnd: end,
		CertificationBody: ptr("JQA"), ExternalAuditorIDs: []pulid.ID{w.Org.Auditor.UserID}}
	a, err := w.s.PlanAudit(sec, cert, language.Request{})
	require.NoError(t, err)
	_, err = w.s.SetAuditStatus(sec, audits.SetAuditStatusInput{ID: a.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)
	approved, draft := w.document(t)

	wanted := time.Date(2027, 6, 1, 15, 0, 0, 0, time.UTC) // 2027-06-02 00:00 in Japan
	r1, err := w.s.FileRequest(aud, audits.FileAuditorRequestInput{AuditID: a.ID, Question: "情報セキュリティ方針の最新版を提示してください", Clause: ptr("5.2"), WantedBy: &wanted})
	require.NoError(t, err)
	r2, err := w.s.FileRequest(sec, audits.FileAuditorRequestInput{AuditID: a.ID, Question: "教育記録を提示してください"})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, []int{r1.Number, r2.Number})
	assert.Equal(t, w.Org.Auditor.UserID, r1.FiledByID)

	routed, err := w.s.RouteRequest(sec, audits.RouteAuditorRequestInput{ID: r1.ID, AssigneeID: w.Org.Member.UserID, DepartmentID: &w.sales})
	require.NoError(t, err)
	tk := w.Client.Task.GetX(w.System, *routed.TaskID)
	assert.Equal(t, []any{task.SourceAUDITOR_REQUEST, r1.ID, task.PriorityURGENT, "2027-06-02"}, []any{tk.Source, *tk.SourceID, tk.Priority, tk.DueDate.String()})

	for _, tc := range []struct {
		name string
		do   func() error
		want servicetest.Want
	}{
		{"a draft handed over", func() error {
			_, err := w.s.AnswerRequest(sec, audits.AnswerAuditorRequestInput{ID: r1.ID, DocumentVersionIDs: []pulid.ID{approved, draft}})
			return err
		}, servicetest.Invalid("documentVersionIDs.1", apperr.InvalidValue)},
		{"an empty answer", func() error {
			_, err := w.s.AnswerRequest(sec, audits.AnswerAuditorRequestInput{ID: r1.ID, Answer: ptr("  ")})
			return err
		}, servicetest.Invalid("answer", apperr.Required)},
		{"accepted before it is answered", func() error { _, err := w.s.AcceptRequest(aud, r1.ID); return err }, servicetest.Invalid("id", apperr.InvalidTransition)},
		{"the auditor answers", func() error {
			_, err := w.s.AnswerRequest(aud, audits.AnswerAuditorRequestInput{ID: r1.ID, Answer: ptr("x")})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the auditor routes", func() error {
			_, err := w.s.RouteRequest(aud, audits.RouteAuditorRequestInput{ID: r2.ID, AssigneeID: w.Org.Member.UserID})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the auditor raises a finding", func() error {
			_, err := w.s.RaiseFinding(aud, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &a.ID, Grade: finding.GradeMAJOR, Statement: "x"})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			servicetest.Check(t, tc.want, tc.do())
			w.Unchanged(t, before)
		})
	}

	answered, err := w.s.AnswerRequest(sec, audits.AnswerAuditorRequestInput{ID: r1.ID, Answer: ptr("現行版です"), DocumentVersionIDs: []pulid.ID{approved}})
	require.NoError(t, err)
	assert.Equal(t, "ANSWERED", string(answered.Status))
	assert.Equal(t, task.StatusDONE, w.Client.Task.GetX(w.System, tk.ID).Status, "answering completes the routed task")
	_, err = w.s.ReopenRequest(aud, audits.ReopenAuditorRequestInput{ID: r1.ID, Reason: "承認記録も必要です"})
	require.NoError(t, err)
	_, err = w.s.AnswerRequest(sec, audits.AnswerAuditorRequestInput{ID: r1.ID, Answer: ptr("承認記録を添付します"), DocumentVersionIDs: []pulid.ID{approved}})
	require.NoError(t, err)
	accepted, err := w.s.AcceptRequest(aud, r1.ID)
	require.NoError(t, err)
	assert.Equal(t, "ACCEPTED", string(accepted.Status))
	assert.NotNil(t, accepted.AcceptedAt)
	assert.Equal(t, "承認記録も必要です", *accepted.ReopenReason)

	// Another auditor of the company, not on the audit, finds nothing of it.
	other, err := w.AddPerson(w.Org.ID, "AUDITOR", "別の審査員", ptr(time.Now().Add(24*time.Hour)), w.Org.A)
	require.NoError(t, err)
	_, err = w.s.FileRequest(other.Ctx, audits.FileAuditorRequestInput{AuditID: a.ID, Question: "x"})
	servicetest.Check(t, servicetest.Invalid("auditID", apperr.UnknownID), err)
	assert.Zero(t, w.Client.AuditorRequest.Query().CountX(other.Ctx))
	assert.Zero(t, w.Client.Audit.Query().CountX(other.Ctx))
	_, err = w.s.AcceptRequest(other.Ctx, r2.ID)
	servicetest.Check(t, servicetest.NotFound, err)
}

// A certification auditor reads the records of the audits it works on and nothing else of the
// module: not the programmes, not the internal audits, not the findings raised elsewhere.
func TestAudits_AnAuditorReadsOnlyItsAudits(t *testing.T) {
	w := newWorld(t)
	sec, aud := w.Org.Secretariat.Ctx, w.Org.Auditor.Ctx
	p, err := w.s.CreateProgramme(sec, audits.CreateAuditProgrammeInput{CompanyID: w.Org.A, Title: "2027年度", PeriodStart: start, PeriodEnd: end})
	require.NoError(t, err)
	internal := w.internal()
	internal.LeadAuditorID, internal.ProgrammeID = &w.Org.Owner.UserID, &p.ID
	ia, err := w.s.PlanAudit(sec, internal, language.Request{})
	require.NoError(t, err)
	ca, err := w.s.PlanAudit(sec, audits.PlanAuditInput{CompanyID: w.Org.A, ProgrammeID: &p.ID, Kind: audit.KindSURVEILLANCE, Title: "維持審査", PlannedStart: start, PlannedEnd: end, CertificationBody: ptr("JQA"), Clauses: []string{"9.2"}}, language.Request{})
	require.NoError(t, err)
	for _, id := range []pulid.ID{ia.ID, ca.ID} {
		_, err = w.s.SetAuditStatus(sec, audits.SetAuditStatusInput{ID: id, Status: audit.StatusIN_PROGRESS}, language.Request{})
		require.NoError(t, err)
	}
	_, err = w.s.RaiseFinding(sec, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &ia.ID, Grade: finding.GradeMINOR, Statement: "内部"})
	require.NoError(t, err)
	certFinding, err := w.s.RaiseFinding(sec, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &ca.ID, Grade: finding.GradeMAJOR, Statement: "認証"})
	require.NoError(t, err)
	_, err = w.s.RaiseFinding(sec, audits.RaiseFindingInput{CompanyID: w.Org.A, Source: ptr(finding.SourceDIRECT), Grade: finding.GradeMINOR, Statement: "直接"})
	require.NoError(t, err)

	assert.Zero(t, w.Client.Audit.Query().CountX(aud), "before it is given the audit")
	_, err = w.s.AddExternalAuditor(sec, audits.AddExternalAuditorInput{AuditID: ca.ID, UserID: w.Org.Member.UserID})
	servicetest.Check(t, servicetest.Invalid("userID", apperr.RoleRequired), err)
	_, err = w.s.AddExternalAuditor(sec, audits.AddExternalAuditorInput{AuditID: ia.ID, UserID: w.Org.Auditor.UserID})
	servicetest.Check(t, servicetest.Invalid("auditID", apperr.InvalidValue), err)
	_, err = w.s.AddExternalAuditor(sec, audits.AddExternalAuditorInput{AuditID: ca.ID, UserID: w.Org.Auditor.UserID})
	require.NoError(t, err)
	_, err = w.s.AddExternalAuditor(sec, audits.AddExternalAuditorInput{AuditID: ca.ID, UserID: w.Org.Auditor.UserID})
	require.NoError(t, err, "adding it twice changes nothing")

	audits := w.Client.Audit.Query().IDsX(aud)
	assert.Equal(t, []pulid.ID{ca.ID}, audits)
	assert.Equal(t, []pulid.ID{certFinding.ID}, w.Client.Finding.Query().IDsX(aud))
	assert.Zero(t, w.Client.AuditProgramme.Query().CountX(aud))
	assert.Zero(t, w.Client.ChecklistItem.Query().CountX(aud), "the internal audit's checklist")
	assert.Equal(t, 1, w.Client.AuditTeamMember.Query().CountX(aud), "its own place on its audit's team")
	assert.Zero(t, w.Client.Finding.Query().Where(finding.HasAuditWith(audit.KindEQ(audit.KindINTERNAL))).CountX(aud), "nor through a predicate")
	assert.Equal(t, 3, w.Client.Finding.Query().CountX(w.Org.Member.Ctx), "other roles read every finding")
}

// The improvement report of a certification audit lists its findings with their causes and
// corrective actions, as a document version submitted for approval; a later draft is the next
// version of the same document, once the last one is decided.
func TestAudits_TheImprovementReport(t *testing.T) {
	w := newWorld(t)
	ctx := w.Org.Secretariat.Ctx
	a, err := w.s.PlanAudit(ctx, audits.PlanAuditInput{CompanyID: w.Org.A, Kind: audit.KindSTAGE2, Title: "第二段階審査", PlannedStart: start, PlannedEnd: end, CertificationBody: ptr("JQA")}, language.Request{})
	require.NoError(t, err)
	_, err = w.s.DraftImprovementReport(ctx, w.internalAudit(t), language.Request{})
	servicetest.Check(t, servicetest.Invalid("id", apperr.InvalidValue), err)
	_, err = w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: a.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)
	f, err := w.s.RaiseFinding(ctx, audits.RaiseFindingInput{CompanyID: w.Org.A, AuditID: &a.ID, Grade: finding.GradeMAJOR, Clause: ptr("9.2"), Statement: "内部監査が一部の部署で未実施", DepartmentIDs: []pulid.ID{w.sales}})
	require.NoError(t, err)
	_, err = w.s.RespondToFinding(ctx, audits.RespondToFindingInput{ID: f.ID, RootCause: ptr("監査員の不足")})
	require.NoError(t, err)
	_, err = w.s.AddCorrectiveAction(ctx, audits.AddCorrectiveActionInput{FindingID: f.ID, DepartmentID: &w.sales, Title: "内部監査員の養成", AssigneeID: w.Org.Member.UserID, DueDate: start})
	require.NoError(t, err)

	drafted, err := w.s.DraftImprovementReport(ctx, a.ID, language.Request{Asked: "en"})
	require.NoError(t, err)
	v := w.Client.DocumentVersion.Query().Where(documentversion.ID(*drafted.ImprovementReportVersionID)).WithDocument().OnlyX(w.System)
	assert.Equal(t, document.KindIMPROVEMENT_REPORT, v.Edges.Document.Kind)
	assert.Equal(t, documentversion.StatusIN_REVIEW, v.Status)
	for _, want := range []string{"# Improvement report: 第二段階審査", "- Certification body: JQA", "### 1. [MAJOR] 9.2", "- Root cause: 監査員の不足", "  - 内部監査員の養成 (TODO, 2027-06-01", "営業部"} {
		assert.Contains(t, *v.Body, want)
	}

	_, err = w.s.DraftImprovementReport(ctx, a.ID, language.Request{})
	assert.Error(t, err, "the last draft is still in review")
	w.Client.DocumentVersion.UpdateOneID(v.ID).SetStatus(documentversion.StatusAPPROVED).ExecX(w.System)
	w.Client.Document.UpdateOneID(v.DocumentID).SetCurrentVersionID(v.ID).ExecX(w.System)
	again, err := w.s.DraftImprovementReport(ctx, a.ID, language.Request{})
	require.NoError(t, err)
	next := w.Client.DocumentVersion.GetX(w.System, *again.ImprovementReportVersionID)
	assert.Equal(t, v.DocumentID, next.DocumentID, "the same document")
	assert.Equal(t, []int{1, 1}, []int{next.Major, next.Minor})
	assert.Contains(t, *next.Body, "# 改善報告書: 第二段階審査")
}

// internalAudit plans an internal audit of company A led by the owner.
func (w *world) internalAudit(t *testing.T) pulid.ID {
	t.Helper()
	in := w.internal()
	in.LeadAuditorID = &w.Org.Owner.UserID
	a, err := w.s.PlanAudit(w.Org.Secretariat.Ctx, in, language.Request{})
	require.NoError(t, err)
	return a.ID
}

// The company's next audit day and certification body come from its certification audits, and
// the certificate from the STAGE2 or RECERTIFICATION audit that granted it: nobody types them twice.
func TestAudits_TheCompanysCertificationFollowsItsAudits(t *testing.T) {
	w := newWorld(t)
	ctx := w.Org.Secretariat.Ctx
	company := func() *ent.Company { return w.Client.Company.GetX(w.System, w.Org.A) }
	plan := func(kind audit.Kind, body string, from date.Date) *ent.Audit {
		a, err := w.s.PlanAudit(ctx, audits.PlanAuditInput{CompanyID: w.Org.A, Kind: kind, Title: string(kind), PlannedStart: from, PlannedEnd: from.AddDays(1), CertificationBody: ptr(body)}, language.Request{})
		require.NoError(t, err)
		return a
	}
	stage2 := plan(audit.KindSTAGE2, "JQA", date.New(2027, 2, 10))
	assert.Equal(t, "2027-02-10", company().NextAuditOn.String())
	assert.Equal(t, "JQA", *company().CertificationBody)
	surveillance := plan(audit.KindSURVEILLANCE, "JQA", date.New(2028, 2, 10))
	_ = w.internalAudit(t)
	assert.Equal(t, "2027-02-10", company().NextAuditOn.String(), "the earliest audit to come; internal audits do not count")

	_, err := w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: surveillance.ID, Status: audit.StatusIN_PROGRESS, CertificateNumber: ptr("IS 000000")}, language.Request{})
	servicetest.Check(t, servicetest.Invalid("certificateNumber", apperr.ConflictingFields), err)
	for _, status := range []audit.Status{audit.StatusIN_PROGRESS, audit.StatusCOMPLETED} {
		in := audits.SetAuditStatusInput{ID: stage2.ID, Status: status}
		if status == audit.StatusCOMPLETED {
			in.CertificateNumber, in.CertificateExpiresOn = ptr("JQA-IM0001"), ptr(date.New(2030, 2, 9))
		}
		_, err = w.s.SetAuditStatus(ctx, in, language.Request{})
		require.NoError(t, err)
	}
	c := company()
	assert.Equal(t, []string{"JQA-IM0001", "2030-02-09", "2028-02-10"}, []string{*c.CertificateNumber, c.CertificateExpiresOn.String(), c.NextAuditOn.String()},
		"the certificate granted, and the next audit the surveillance")

	_, err = w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: surveillance.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)
	_, err = w.s.SetAuditStatus(ctx, audits.SetAuditStatusInput{ID: surveillance.ID, Status: audit.StatusCOMPLETED, CertificateNumber: ptr("X")}, language.Request{})
	servicetest.Check(t, servicetest.Invalid("certificateNumber", apperr.ConflictingFields), err)
	assert.Equal(t, "JQA-IM0001", *company().CertificateNumber, "a surveillance audit grants no certificate")
}

// An organization's standard checklist is copied into audits; a new version of it never rewrites
// an audit's checklist. Administrators and consultants keep templates; an AUDITOR does not read
// them, and another organization's template reads as unknown.
func TestAudits_ChecklistTemplates(t *testing.T) {
	w := newWorld(t)
	q := func(clause, question string) audits.TemplateQuestionInput {
		return audits.TemplateQuestionInput{Clause: ptr(clause), Question: question}
	}
	in := audits.CreateChecklistTemplateInput{Title: "標準内部監査チェックリスト", Questions: []audits.TemplateQuestionInput{q("9.2", "監査プログラムはあるか"), q("10.2", "是正処置は記録されているか")}}
	_, err := w.s.CreateTemplate(w.Org.Member.Ctx, in)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	bad := audits.CreateChecklistTemplateInput{Title: "x", Questions: []audits.TemplateQuestionInput{q("11", "x"), {Question: " "}}}
	_, err = w.s.CreateTemplate(w.Org.Consultant.Ctx, bad)
	assert.ElementsMatch(t, []servicetest.Want{servicetest.Invalid("questions.0.clause", apperr.InvalidValue), servicetest.Invalid("questions.1.question", apperr.Required)}, servicetest.Problems(err))
	tpl, err := w.s.CreateTemplate(w.Org.Consultant.Ctx, in)
	require.NoError(t, err)
	assert.Equal(t, 1, tpl.Version)

	a := w.internalAudit(t)
	_, err = w.s.ApplyTemplate(w.Org.Secretariat.Ctx, audits.ApplyChecklistTemplateInput{AuditID: a, TemplateID: &tpl.ID})
	require.NoError(t, err)
	items := w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(a)).Order(checklistitem.ByPosition()).AllX(w.System)
	require.Len(t, items, 19, "17 from the scope, then the template's 2")
	assert.Equal(t, []any{18, "9.2", "監査プログラムはあるか"}, []any{items[17].Position, *items[17].Clause, items[17].Question})

	v2, err := w.s.UpdateTemplate(w.Org.Consultant.Ctx, audits.UpdateChecklistTemplateInput{ID: tpl.ID, Questions: []audits.TemplateQuestionInput{q("9.2", "改訂した質問")}})
	require.NoError(t, err)
	assert.Equal(t, 2, v2.Version)
	assert.Equal(t, "監査プログラムはあるか", w.Client.ChecklistItem.GetX(w.System, items[17].ID).Question, "the audit keeps what it copied")
	renamed, err := w.s.UpdateTemplate(w.Org.Consultant.Ctx, audits.UpdateChecklistTemplateInput{ID: tpl.ID, Title: ptr("改訂版")})
	require.NoError(t, err)
	assert.Equal(t, 2, renamed.Version, "a new title is no new version")

	other := w.Client.ChecklistTemplate.Create().SetOrganizationID(w.Other.ID).SetTitle("他社").SetQuestions([]checklist.Question{{Question: "x"}}).SaveX(w.System)
	_, err = w.s.ApplyTemplate(w.Org.Secretariat.Ctx, audits.ApplyChecklistTemplateInput{AuditID: a, TemplateID: &other.ID})
	servicetest.Check(t, servicetest.Invalid("templateID", apperr.UnknownID), err)
	assert.Zero(t, w.Client.ChecklistTemplate.Query().CountX(w.Org.Auditor.Ctx), "an auditor reads no template")
	assert.Equal(t, 1, w.Client.ChecklistTemplate.Query().CountX(w.Org.Member.Ctx), "members read their organization's")

	// Copied into a client company, the copy is the company's own: it changes without the
	// template, and a new version of the template leaves it as it was.
	_, err = w.s.CopyTemplate(w.Org.Member.Ctx, audits.CopyChecklistTemplateInput{TemplateID: tpl.ID, CompanyID: w.Org.A})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = w.s.CopyTemplate(w.Org.Secretariat.Ctx, audits.CopyChecklistTemplateInput{TemplateID: other.ID, CompanyID: w.Org.A})
	servicetest.Check(t, servicetest.Invalid("templateID", apperr.UnknownID), err)
	own, err := w.s.CopyTemplate(w.Org.Secretariat.Ctx, audits.CopyChecklistTemplateInput{TemplateID: tpl.ID, CompanyID: w.Org.A})
	require.NoError(t, err)
	assert.Equal(t, []any{"改訂版", 1, tpl.ID, 2, "改訂した質問"}, []any{own.Title, own.Version, own.SourceTemplateID, own.SourceVersion, own.Questions[0].Question})
	own, err = w.s.UpdateCompanyChecklist(w.Org.Secretariat.Ctx, audits.UpdateChecklistTemplateInput{ID: own.ID, Questions: []audits.TemplateQuestionInput{q("9.2", "A社の質問"), q("8", "外部委託先の管理は")}})
	require.NoError(t, err)
	assert.Equal(t, 2, own.Version)
	_, err = w.s.UpdateTemplate(w.Org.Consultant.Ctx, audits.UpdateChecklistTemplateInput{ID: tpl.ID, Questions: []audits.TemplateQuestionInput{q("9.2", "第3版")}})
	require.NoError(t, err)
	assert.Equal(t, "A社の質問", w.Client.CompanyChecklist.GetX(w.System, own.ID).Questions[0].Question, "the company keeps its copy")
	_, err = w.s.ApplyTemplate(w.Org.Secretariat.Ctx, audits.ApplyChecklistTemplateInput{AuditID: a, CompanyChecklistID: &own.ID})
	require.NoError(t, err)
	assert.Equal(t, 21, w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(a)).CountX(w.System))

	// Company B's audit does not take company A's checklist; one checklist at a time.
	inB := w.internal()
	inB.CompanyID, inB.DepartmentIDs, inB.LeadAuditorID = w.Org.B, nil, &w.Org.Owner.UserID
	b, err := w.s.PlanAudit(w.Org.Owner.Ctx, inB, language.Request{})
	require.NoError(t, err)
	for _, tc := range []struct {
		in   audits.ApplyChecklistTemplateInput
		want servicetest.Want
	}{
		{audits.ApplyChecklistTemplateInput{AuditID: b.ID, CompanyChecklistID: &own.ID}, servicetest.Invalid("companyChecklistID", apperr.UnknownID)},
		{audits.ApplyChecklistTemplateInput{AuditID: a, TemplateID: &tpl.ID, CompanyChecklistID: &own.ID}, servicetest.Invalid("companyChecklistID", apperr.ConflictingFields)},
		{audits.ApplyChecklistTemplateInput{AuditID: a}, servicetest.Invalid("templateID", apperr.Required)},
	} {
		before := w.Snapshot(t)
		_, err = w.s.ApplyTemplate(w.Org.Owner.Ctx, tc.in)
		servicetest.Check(t, tc.want, err)
		w.Unchanged(t, before)
	}
	assert.Zero(t, w.Client.CompanyChecklist.Query().CountX(w.Org.Auditor.Ctx), "an auditor reads no company checklist")
}

// Evidence is kept with one record that still takes it: a file, or an approved version of the
// company's documents, never a draft; a file over the bound is refused and nothing is kept. The
// certification auditor reads the evidence of its audit's requests and downloads the file; it
// keeps none itself.
func TestAudits_Evidence(t *testing.T) {
	w := newWorld(t)
	sec, aud := w.Org.Secretariat.Ctx, w.Org.Auditor.Ctx
	approved, draft := w.document(t)
	id := w.internalAudit(t)
	item := w.Client.ChecklistItem.Query().Where(checklistitem.AuditID(id)).FirstX(w.System)
	photo := func() *blob.Upload {
		return &blob.Upload{File: strings.NewReader("server room photo"), Filename: "server-room.jpg", Size: 17}
	}

	_, err := w.s.AttachEvidence(sec, audits.AttachEvidenceInput{ChecklistItemID: &item.ID, File: photo()})
	servicetest.Check(t, servicetest.Invalid("checklistItemID", apperr.StaleState), err)
	_, err = w.s.SetAuditStatus(sec, audits.SetAuditStatusInput{ID: id, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)

	cert, err := w.s.PlanAudit(sec, audits.PlanAuditInput{CompanyID: w.Org.A, Kind: audit.KindSTAGE2, Title: "第二段階審査", PlannedStart: start, PlannedEnd: end,
		CertificationBody: ptr("JQA"), ExternalAuditorIDs: []pulid.ID{w.Org.Auditor.UserID}}, language.Request{})
	require.NoError(t, err)
	_, err = w.s.SetAuditStatus(sec, audits.SetAuditStatusInput{ID: cert.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)
	r, err := w.s.FileRequest(aud, audits.FileAuditorRequestInput{AuditID: cert.ID, Question: "入退室ログを提示してください"})
	require.NoError(t, err)
	foreign := w.Client.Document.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.B).SetCode("ISMS-P-009").SetTitle("B社の方針").SetKind(document.KindPOLICY).SaveX(w.System)
	foreignVersion := w.Client.DocumentVersion.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.B).SetDocumentID(foreign.ID).SetMajor(1).SetMinor(0).SetBody("x").SetAuthorID(w.Org.Secretariat.UserID).SetStatus(documentversion.StatusAPPROVED).SaveX(w.System)

	big := &blob.Upload{File: strings.NewReader(strings.Repeat("x", blob.MaxFileBytes+1)), Filename: "big.log", Size: 1}
	for _, tc := range []struct {
		name string
		in   audits.AttachEvidenceInput
		as   context.Context
		want servicetest.Want
	}{
		{"no record", audits.AttachEvidenceInput{File: photo()}, sec, servicetest.Invalid("checklistItemID", apperr.Required)},
		{"two records", audits.AttachEvidenceInput{ChecklistItemID: &item.ID, AuditorRequestID: &r.ID, File: photo()}, sec, servicetest.Invalid("auditorRequestID", apperr.ConflictingFields)},
		{"neither file nor version", audits.AttachEvidenceInput{ChecklistItemID: &item.ID}, sec, servicetest.Invalid("file", apperr.Required)},
		{"both file and version", audits.AttachEvidenceInput{ChecklistItemID: &item.ID, File: photo(), DocumentVersionID: &approved}, sec, servicetest.Invalid("file", apperr.ConflictingFields)},
		{"a version for an answer", audits.AttachEvidenceInput{AuditorRequestID: &r.ID, DocumentVersionID: &approved}, sec, servicetest.Invalid("documentVersionID", apperr.ConflictingFields)},
		{"a draft", audits.AttachEvidenceInput{ChecklistItemID: &item.ID, DocumentVersionID: &draft}, sec, servicetest.Invalid("documentVersionID", apperr.InvalidValue)},
		{"another company's version", audits.AttachEvidenceInput{ChecklistItemID: &item.ID, DocumentVersionID: &foreignVersion.ID}, sec, servicetest.Invalid("documentVersionID", apperr.UnknownID)},
		{"a file over the bound", audits.AttachEvidenceInput{ChecklistItemID: &item.ID, File: big}, sec, servicetest.Invalid("file", apperr.TooLong)},
		{"the auditor", audits.AttachEvidenceInput{AuditorRequestID: &r.ID, File: photo()}, aud, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member", audits.AttachEvidenceInput{ChecklistItemID: &item.ID, File: photo()}, w.Org.Member.Ctx, servicetest.Forbidden(apperr.RoleRequired)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			_, err := w.s.AttachEvidence(tc.as, tc.in)
			servicetest.Check(t, tc.want, err)
			w.Unchanged(t, before)
		})
	}

	onItem, err := w.s.AttachEvidence(sec, audits.AttachEvidenceInput{ChecklistItemID: &item.ID, DocumentVersionID: &approved, Description: ptr("方針の承認記録")})
	require.NoError(t, err)
	assert.Equal(t, approved, *onItem.DocumentVersionID)
	onAnswer, err := w.s.AttachEvidence(sec, audits.AttachEvidenceInput{AuditorRequestID: &r.ID, File: photo()})
	require.NoError(t, err)
	assert.Equal(t, "server-room.jpg", *onAnswer.FileName)
	assert.Equal(t, "image/jpeg", *onAnswer.FileContentType)

	// The auditor reads the answer's file and downloads it; the internal audit's evidence does
	// not exist to it.
	f, err := w.s.OpenEvidence(aud, onAnswer.ID)
	require.NoError(t, err)
	got, err := io.ReadAll(f.Content)
	require.NoError(t, err)
	require.NoError(t, f.Content.Close())
	assert.Equal(t, "server room photo", string(got))
	_, err = w.s.OpenEvidence(aud, onItem.ID)
	servicetest.Check(t, servicetest.NotFound, err)
	_, err = w.s.OpenEvidence(sec, onItem.ID)
	servicetest.Check(t, servicetest.NotFound, err) // a document version is downloaded as the version's file
	assert.Equal(t, 1, w.Client.AuditEvidence.Query().CountX(aud))

	// Removed while the record takes evidence; not once the auditor accepted the answer.
	_, err = w.s.RemoveEvidence(sec, onItem.ID)
	require.NoError(t, err)
	_, err = w.s.AnswerRequest(sec, audits.AnswerAuditorRequestInput{ID: r.ID, Answer: ptr("ログを添付します")})
	require.NoError(t, err)
	_, err = w.s.AcceptRequest(aud, r.ID)
	require.NoError(t, err)
	_, err = w.s.RemoveEvidence(sec, onAnswer.ID)
	servicetest.Check(t, servicetest.Invalid("id", apperr.StaleState), err)
	assert.Equal(t, 1, w.Client.AuditEvidence.Query().CountX(w.System))
}

// The auditor of the audit and the secretariat discuss a request in comments, each in its own
// name; an auditor not on the audit cannot comment, and a member cannot either.
func TestAudits_RequestComments(t *testing.T) {
	w := newWorld(t)
	sec, aud := w.Org.Secretariat.Ctx, w.Org.Auditor.Ctx
	a, err := w.s.PlanAudit(sec, audits.PlanAuditInput{CompanyID: w.Org.A, Kind: audit.KindSTAGE2, Title: "第二段階審査", PlannedStart: start, PlannedEnd: end,
		CertificationBody: ptr("JQA"), ExternalAuditorIDs: []pulid.ID{w.Org.Auditor.UserID}}, language.Request{})
	require.NoError(t, err)
	_, err = w.s.SetAuditStatus(sec, audits.SetAuditStatusInput{ID: a.ID, Status: audit.StatusIN_PROGRESS}, language.Request{})
	require.NoError(t, err)
	r, err := w.s.FileRequest(aud, audits.FileAuditorRequestInput{AuditID: a.ID, Question: "教育記録を提示してください"})
	require.NoError(t, err)

	c1, err := w.s.CommentOnRequest(aud, audits.CommentOnAuditorRequestInput{ID: r.ID, Text: " 2026年度分もお願いします "})
	require.NoError(t, err)
	assert.Equal(t, []any{w.Org.Auditor.UserID, "2026年度分もお願いします"}, []any{c1.AuthorID, c1.Text})
	c2, err := w.s.CommentOnRequest(sec, audits.CommentOnAuditorRequestInput{ID: r.ID, Text: "午後にお持ちします"})
	require.NoError(t, err)
	assert.Equal(t, w.Org.Secretariat.UserID, c2.AuthorID)

	other, err := w.AddPerson(w.Org.ID, "AUDITOR", "別の審査員", ptr(time.Now().Add(24*time.Hour)), w.Org.A)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		as   context.Context
		text string
		want servicetest.Want
	}{
		{"blank", sec, "  ", servicetest.Invalid("text", apperr.Required)},
		{"too long", sec, strings.Repeat("あ", 4001), servicetest.Invalid("text", apperr.TooLong)},
		{"an auditor not on the audit", other.Ctx, "x", servicetest.NotFound},
		{"a member", w.Org.Member.Ctx, "x", servicetest.Forbidden(apperr.RoleRequired)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			_, err := w.s.CommentOnRequest(tc.as, audits.CommentOnAuditorRequestInput{ID: r.ID, Text: tc.text})
			servicetest.Check(t, tc.want, err)
			w.Unchanged(t, before)
		})
	}
	texts := w.Client.AuditorRequest.Query().Where(auditorrequest.ID(r.ID)).QueryComments().Order(auditorrequestcomment.ByCreatedAt(), auditorrequestcomment.ByID()).Select(auditorrequestcomment.FieldText).StringsX(aud)
	assert.Equal(t, []string{"2026年度分もお願いします", "午後にお持ちします"}, texts)
	assert.Zero(t, w.Client.AuditorRequestComment.Query().CountX(other.Ctx))
}
