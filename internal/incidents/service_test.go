package incidents_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/company"
	"secretariat/ent/incident"
	"secretariat/ent/incidentdeadline"
	"secretariat/ent/incidentevent"
	"secretariat/ent/risk"
	"secretariat/ent/secretariatassignment"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/incidents"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"
)

// world is the shared fixture with the incidents service on a clock the tests move: company A
// has its INCIDENT_DESK held by the secretariat, a laptop asset whose risk the consultant owns,
// and a site.
type world struct {
	*servicetest.Fixture
	s       *incidents.Service
	now     time.Time
	laptop  pulid.ID
	site    pulid.ID
	risk    pulid.ID
	orphan  pulid.ID // an asset no risk names
	company pulid.ID
}

func newWorld(t *testing.T) *world {
	t.Helper()
	f := servicetest.SQLite(t)
	w := &world{Fixture: f, now: time.Date(2026, 12, 1, 10, 0, 0, 0, date.Calendar), company: f.Org.A}
	w.s = incidents.NewService(f.Client, tasks.NewService(f.Client, servicetest.Log), servicetest.Log)
	w.s.SetClock(func() time.Time { return w.now })
	c := f.Client
	c.SecretariatAssignment.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetUserID(f.Org.Secretariat.UserID).
		SetResponsibility(secretariatassignment.ResponsibilityINCIDENT_DESK).SetPosition(secretariatassignment.PositionPRIMARY).ExecX(f.System)
	w.laptop = c.Asset.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("営業用ノートPC").SetType(asset.TypeHARDWARE).SaveX(f.System).ID
	w.orphan = c.Asset.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("受付端末").SetType(asset.TypeHARDWARE).SaveX(f.System).ID
	r := c.Risk.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetCode("R-001").SetTitle("ノートPCの紛失").
		SetLikelihood(2).SetImpact(3).SetScore(6).SetLevel("HIGH").SetOwnerID(f.Org.Consultant.UserID).SetStatus(risk.StatusASSESSED).SaveX(f.System)
	c.RiskAsset.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetRiskID(r.ID).SetAssetID(w.laptop).ExecX(f.System)
	w.risk = r.ID
	w.site = c.Site.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("大阪支店").SaveX(f.System).ID
	return w
}

func ptr[T any](v T) *T { return &v }

// report is a personal-data misdelivery at the site, reported by the member an hour ago.
func (w *world) report() incidents.ReportIncidentInput {
	return incidents.ReportIncidentInput{
		CompanyID: w.company, Title: "見積書を別の顧客にメール誤送信", Category: incident.CategoryMISDELIVERY,
		DiscoveredAt: w.now.Add(-time.Hour), SiteID: &w.site, AssetIDs: []pulid.ID{w.laptop}, PersonalData: true,
	}
}

// A member reports; the company's rule decides who handles it: the incident desk, or the owner
// of the affected asset's risk, falling back to the desk. A member reads only its own reports.
func TestIncidents_AMemberReportsAndTheRuleRoutesIt(t *testing.T) {
	w := newWorld(t)
	member := w.Org.Member.Ctx
	inc, err := w.s.Report(member, w.report())
	require.NoError(t, err)
	assert.Equal(t, []any{1, incident.StatusREPORTED, incident.RoutingVIA_SECRETARIAT, w.Org.Member.UserID, w.Org.Secretariat.UserID},
		[]any{inc.Number, inc.Status, inc.Routing, inc.ReporterID, *inc.AssigneeID})
	tk := w.Client.Task.GetX(w.System, *inc.TaskID)
	assert.Equal(t, []any{task.SourceINCIDENT, inc.ID, w.Org.Secretariat.UserID, task.PriorityURGENT},
		[]any{tk.Source, *tk.SourceID, *tk.AssigneeID, tk.Priority}, "the desk's task")
	assert.Equal(t, incidentevent.KindREPORTED, w.Client.IncidentEvent.Query().OnlyX(w.System).Kind)

	_, err = w.s.SetRouting(w.Org.Member.Ctx, incidents.SetIncidentRoutingInput{CompanyID: w.company, Routing: company.IncidentRoutingTO_RISK_OWNER})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = w.s.SetRouting(w.Org.Owner.Ctx, incidents.SetIncidentRoutingInput{CompanyID: w.company, Routing: company.IncidentRoutingTO_RISK_OWNER})
	require.NoError(t, err)
	toOwner, err := w.s.Report(member, w.report())
	require.NoError(t, err)
	assert.Equal(t, []any{2, incident.RoutingTO_RISK_OWNER, w.Org.Consultant.UserID}, []any{toOwner.Number, toOwner.Routing, *toOwner.AssigneeID}, "the risk owner")
	in := w.report()
	in.AssetIDs = []pulid.ID{w.orphan}
	fallback, err := w.s.Report(member, in)
	require.NoError(t, err)
	assert.Equal(t, w.Org.Secretariat.UserID, *fallback.AssigneeID, "no risk names the asset: the desk")

	mine := w.Client.Incident.Query().CountX(member)
	byOwner, err := w.s.Report(w.Org.Owner.Ctx, w.report())
	require.NoError(t, err)
	assert.Equal(t, mine, w.Client.Incident.Query().CountX(member), "a member does not read another's report")
	_, err = w.Client.Incident.Get(member, byOwner.ID)
	assert.True(t, ent.IsNotFound(err))
	assert.Equal(t, mine+1, w.Client.Incident.Query().CountX(w.Org.Secretariat.Ctx))
	assert.Zero(t, w.Client.IncidentEvent.Query().Where(incidentevent.IncidentID(byOwner.ID)).CountX(member), "nor its timeline")
	next, err := w.s.Report(member, w.report())
	require.NoError(t, err)
	assert.Equal(t, byOwner.Number+1, next.Number, "numbers run over every report of the company, read or not")

	_, err = w.s.Report(w.Org.Auditor.Ctx, w.report())
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
}

// A report with bad input is refused on each field at fault, and nothing is written.
func TestIncidents_ReportRefusesBadInput(t *testing.T) {
	w := newWorld(t)
	other := w.Client.Site.Create().SetOrganizationID(w.Org.ID).SetCompanyID(w.Org.B).SetName("B社の拠点").SaveX(w.System).ID
	for _, tc := range []struct {
		name string
		edit func(*incidents.ReportIncidentInput)
		want []servicetest.Want
	}{
		{"blank title, bad category", func(in *incidents.ReportIncidentInput) { in.Title, in.Category = " ", "FIRE" },
			[]servicetest.Want{servicetest.Invalid("title", apperr.Required), servicetest.Invalid("category", apperr.InvalidValue)}},
		{"discovered tomorrow", func(in *incidents.ReportIncidentInput) { in.DiscoveredAt = w.now.Add(24 * time.Hour) },
			[]servicetest.Want{servicetest.Invalid("discoveredAt", apperr.OutOfRange)}},
		{"occurred after discovered", func(in *incidents.ReportIncidentInput) { in.OccurredAt = ptr(w.now) },
			[]servicetest.Want{servicetest.Invalid("occurredAt", apperr.OutOfRange)}},
		{"an asset twice", func(in *incidents.ReportIncidentInput) { in.AssetIDs = []pulid.ID{w.laptop, w.laptop} },
			[]servicetest.Want{servicetest.Invalid("assetIDs.1", apperr.Duplicate)}},
		{"another company's site", func(in *incidents.ReportIncidentInput) { in.SiteID = &other },
			[]servicetest.Want{servicetest.Invalid("siteID", apperr.UnknownID)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := w.report()
			tc.edit(&in)
			before := w.Snapshot(t)
			_, err := w.s.Report(w.Org.Member.Ctx, in)
			assert.ElementsMatch(t, tc.want, servicetest.Problems(err))
			w.Unchanged(t, before)
		})
	}
}

// Editors triage and move an incident forward, never back; the reporter comments on its own
// report but neither triages nor closes it; closing completes the handler's task; every step is
// on the timeline, in order.
func TestIncidents_HandlingToClosure(t *testing.T) {
	w := newWorld(t)
	in := w.report()
	in.PersonalData = false
	inc, err := w.s.Report(w.Org.Member.Ctx, in)
	require.NoError(t, err)
	sec := w.Org.Secretariat.Ctx

	_, err = w.s.Triage(w.Org.Member.Ctx, incidents.TriageIncidentInput{ID: inc.ID, Severity: incident.SeverityLOW})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = w.s.SetStatus(sec, incidents.SetIncidentStatusInput{ID: inc.ID, Status: incident.StatusCONTAINED})
	servicetest.Check(t, servicetest.Invalid("status", apperr.InvalidTransition), err)
	_, err = w.s.Triage(sec, incidents.TriageIncidentInput{ID: inc.ID, Severity: incident.SeverityHIGH, AssigneeID: &w.Org.Auditor.UserID})
	servicetest.Check(t, servicetest.Invalid("assigneeID", apperr.InvalidValue), err)
	triaged, err := w.s.Triage(sec, incidents.TriageIncidentInput{ID: inc.ID, Severity: incident.SeverityHIGH, AssigneeID: &w.Org.Consultant.UserID, Note: ptr("顧客へ連絡済み")})
	require.NoError(t, err)
	assert.Equal(t, []any{incident.StatusTRIAGED, incident.SeverityHIGH, w.Org.Consultant.UserID}, []any{triaged.Status, *triaged.Severity, *triaged.AssigneeID})
	assert.Equal(t, w.Org.Consultant.UserID, *w.Client.Task.GetX(w.System, *triaged.TaskID).AssigneeID, "the task follows the handler")

	_, err = w.s.AddNote(w.Org.Member.Ctx, incidents.AddIncidentNoteInput{ID: inc.ID, Kind: incidentevent.KindCOMMENT, Text: "送信先の顧客から削除済みと連絡あり"})
	require.NoError(t, err)
	_, err = w.s.AddNote(sec, incidents.AddIncidentNoteInput{ID: inc.ID, Kind: incidentevent.KindACTION, Text: "送信前確認の手順を周知"})
	require.NoError(t, err)
	_, err = w.s.AddNote(sec, incidents.AddIncidentNoteInput{ID: inc.ID, Kind: incidentevent.KindTRIAGED, Text: "x"})
	servicetest.Check(t, servicetest.Invalid("kind", apperr.InvalidValue), err)
	_, err = w.s.SetStatus(sec, incidents.SetIncidentStatusInput{ID: inc.ID, Status: incident.StatusCONTAINED})
	require.NoError(t, err)
	_, err = w.s.SetStatus(sec, incidents.SetIncidentStatusInput{ID: inc.ID, Status: incident.StatusTRIAGED})
	servicetest.Check(t, servicetest.Invalid("status", apperr.InvalidValue), err)
	_, err = w.s.Reject(sec, incidents.RejectIncidentInput{ID: inc.ID, Reason: "x"})
	servicetest.Check(t, servicetest.Invalid("id", apperr.InvalidTransition), err)
	linked, err := w.s.Link(sec, incidents.LinkIncidentInput{ID: inc.ID, RiskIDs: []pulid.ID{w.risk}, Controls: []string{"5.34", "5.14", "5.14"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"5.14", "5.34"}, linked.Controls)
	_, err = w.s.Link(sec, incidents.LinkIncidentInput{ID: inc.ID, Controls: []string{"9.9"}})
	servicetest.Check(t, servicetest.Invalid("controls.0", apperr.InvalidValue), err)
	closed, err := w.s.SetStatus(sec, incidents.SetIncidentStatusInput{ID: inc.ID, Status: incident.StatusCLOSED, Note: ptr("再発防止策を確認")})
	require.NoError(t, err)
	assert.NotNil(t, closed.ClosedAt)
	assert.Nil(t, closed.ResolvedAt, "a skipped step has no time")
	assert.Equal(t, task.StatusDONE, w.Client.Task.GetX(w.System, *closed.TaskID).Status)
	_, err = w.s.Link(sec, incidents.LinkIncidentInput{ID: inc.ID, Controls: []string{"5.1"}})
	servicetest.Check(t, servicetest.Invalid("id", apperr.InvalidTransition), err)

	var kinds []incidentevent.Kind
	for _, e := range w.Client.IncidentEvent.Query().Where(incidentevent.IncidentID(inc.ID)).Order(ent.Asc(incidentevent.FieldCreatedAt), ent.Asc(incidentevent.FieldID)).AllX(w.System) {
		kinds = append(kinds, e.Kind)
	}
	assert.Equal(t, []incidentevent.Kind{incidentevent.KindREPORTED, incidentevent.KindTRIAGED, incidentevent.KindCOMMENT, incidentevent.KindACTION,
		incidentevent.KindSTATUS, incidentevent.KindLINKED, incidentevent.KindSTATUS}, kinds)

	// Another report is rejected: not an incident; its task is canceled.
	other, err := w.s.Report(w.Org.Member.Ctx, in)
	require.NoError(t, err)
	_, err = w.s.Reject(sec, incidents.RejectIncidentInput{ID: other.ID, Reason: "  "})
	servicetest.Check(t, servicetest.Invalid("reason", apperr.Required), err)
	rejected, err := w.s.Reject(sec, incidents.RejectIncidentInput{ID: other.ID, Reason: "社内宛ての送信で、情報の漏えいはなかった"})
	require.NoError(t, err)
	assert.Equal(t, incident.StatusREJECTED, rejected.Status)
	assert.Equal(t, task.StatusCANCELED, w.Client.Task.GetX(w.System, *rejected.TaskID).Status)
}

// Personal data brings the legal deadlines from the day of discovery, each with a task: the
// preliminary report in 5 days, the final one in 30 (60 once the triage finds a wrongful act).
// Past its day a report is overdue until filed.
func TestIncidents_PersonalDataDeadlines(t *testing.T) {
	w := newWorld(t)
	inc, err := w.s.Report(w.Org.Member.Ctx, w.report())
	require.NoError(t, err)
	deadlines := func() []*ent.IncidentDeadline {
		return w.Client.IncidentDeadline.Query().Where(incidentdeadline.IncidentID(inc.ID)).Order(ent.Asc(incidentdeadline.FieldDueOn)).AllX(w.System)
	}
	ds := deadlines()
	require.Len(t, ds, 2)
	assert.Equal(t, []any{"JP_APPI", incidentdeadline.KindPRELIMINARY, "2026-12-06"}, []any{ds[0].Regime, ds[0].Kind, ds[0].DueOn.String()})
	assert.Equal(t, []any{incidentdeadline.KindFINAL, "2026-12-31"}, []any{ds[1].Kind, ds[1].DueOn.String()})
	tk := w.Client.Task.GetX(w.System, *ds[1].TaskID)
	assert.Equal(t, []any{task.SourceINCIDENT, "2026-12-31", w.Org.Secretariat.UserID}, []any{tk.Source, tk.DueDate.String(), *tk.AssigneeID})

	_, err = w.s.Triage(w.Org.Secretariat.Ctx, incidents.TriageIncidentInput{ID: inc.ID, Severity: incident.SeverityMEDIUM, Wrongful: ptr(true)})
	require.NoError(t, err)
	ds = deadlines()
	assert.Equal(t, "2027-01-30", ds[1].DueOn.String(), "a wrongful act gives the final report 60 days")
	assert.Equal(t, "2027-01-30", w.Client.Task.GetX(w.System, *ds[1].TaskID).DueDate.String())
	assert.False(t, w.s.Overdue(ds[0]))

	w.now = w.now.AddDate(0, 0, 6)
	assert.True(t, w.s.Overdue(ds[0]), "six days later the preliminary report is overdue")
	assert.False(t, w.s.Overdue(ds[1]))
	_, err = w.s.FileReport(w.Org.Secretariat.Ctx, incidents.FileIncidentReportInput{DeadlineID: ds[0].ID, FiledOn: date.New(2026, 12, 8)})
	servicetest.Check(t, servicetest.Invalid("filedOn", apperr.OutOfRange), err)
	_, err = w.s.FileReport(w.Org.Member.Ctx, incidents.FileIncidentReportInput{DeadlineID: ds[0].ID, FiledOn: date.New(2026, 12, 7)})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	filed, err := w.s.FileReport(w.Org.Secretariat.Ctx, incidents.FileIncidentReportInput{DeadlineID: ds[0].ID, FiledOn: date.New(2026, 12, 7), Note: ptr("受付番号 12345")})
	require.NoError(t, err)
	assert.False(t, w.s.Overdue(filed), "filed late, no longer due")
	assert.Equal(t, task.StatusDONE, w.Client.Task.GetX(w.System, *filed.TaskID).Status)
	_, err = w.s.FileReport(w.Org.Secretariat.Ctx, incidents.FileIncidentReportInput{DeadlineID: ds[0].ID, FiledOn: date.New(2026, 12, 7)})
	servicetest.Check(t, servicetest.Invalid("deadlineID", apperr.StaleState), err)

	st, err := w.s.Statistics(w.Org.Secretariat.Ctx, incidents.StatisticsInput{From: date.New(2026, 12, 1), To: date.New(2026, 12, 31)})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 1, 0}, []int{st.Total, st.PersonalData, st.ReportsOverdue})
	w.now = w.now.AddDate(0, 2, 0)
	st, err = w.s.Statistics(w.Org.Secretariat.Ctx, incidents.StatisticsInput{From: date.New(2026, 12, 1), To: date.New(2026, 12, 31)})
	require.NoError(t, err)
	assert.Equal(t, 1, st.ReportsOverdue, "two months on, the final report is overdue too")
}

// The totals count what the viewer reads, by category, severity, state, company, site and
// month, with the mean hours to triage and to closure; a company it does not reach is refused.
func TestIncidents_Statistics(t *testing.T) {
	w := newWorld(t)
	sec := w.Org.Secretariat.Ctx
	first, err := w.s.Report(w.Org.Member.Ctx, w.report())
	require.NoError(t, err)
	w.now = w.now.Add(3 * time.Hour)
	_, err = w.s.Triage(sec, incidents.TriageIncidentInput{ID: first.ID, Severity: incident.SeverityHIGH})
	require.NoError(t, err)
	w.now = w.now.Add(20 * time.Hour)
	_, err = w.s.SetStatus(sec, incidents.SetIncidentStatusInput{ID: first.ID, Status: incident.StatusCLOSED})
	require.NoError(t, err)
	phishing := incidents.ReportIncidentInput{CompanyID: w.Org.A, Title: "不審なメール", Category: incident.CategoryPHISHING, DiscoveredAt: time.Date(2026, 11, 20, 9, 0, 0, 0, date.Calendar)}
	_, err = w.s.Report(w.Org.Member.Ctx, phishing)
	require.NoError(t, err)
	phishing.CompanyID = w.Org.B
	_, err = w.s.Report(w.Org.Consultant.Ctx, phishing)
	require.NoError(t, err)

	st, err := w.s.Statistics(w.Org.Consultant.Ctx, incidents.StatisticsInput{From: date.New(2026, 11, 1), To: date.New(2026, 12, 31)})
	require.NoError(t, err)
	assert.Equal(t, 3, st.Total, "every company the consultant reaches")
	assert.Equal(t, []incidents.CategoryCount{{Category: incident.CategoryPHISHING, Count: 2}, {Category: incident.CategoryMISDELIVERY, Count: 1}}, st.ByCategory)
	assert.Equal(t, []incidents.MonthCount{{Month: "2026-11", Count: 2}, {Month: "2026-12", Count: 1}}, st.ByMonth)
	require.Len(t, st.ByCompany, 2)
	require.Len(t, st.BySite, 2)
	for _, s := range st.BySite {
		if s.Site == nil {
			assert.Equal(t, 2, s.Count)
		} else {
			assert.Equal(t, []any{"大阪支店", 1}, []any{s.Site.Name, s.Count})
		}
	}
	require.Len(t, st.BySeverity, 2)
	assert.Nil(t, st.BySeverity[0].Severity)
	assert.Equal(t, 2, st.BySeverity[0].Count)
	assert.Equal(t, 4.0, *st.MeanHoursToTriage, "discovered an hour before the report, triaged three hours after")
	assert.Equal(t, 24.0, *st.MeanHoursToClose)

	st, err = w.s.Statistics(sec, incidents.StatisticsInput{CompanyIDs: []pulid.ID{w.Org.A}, From: date.New(2026, 11, 1), To: date.New(2026, 12, 31)})
	require.NoError(t, err)
	assert.Equal(t, 2, st.Total)
	_, err = w.s.Statistics(sec, incidents.StatisticsInput{CompanyIDs: []pulid.ID{w.Org.A, w.Org.B}, From: date.New(2026, 11, 1), To: date.New(2026, 12, 31)})
	servicetest.Check(t, servicetest.Invalid("companyIDs.1", apperr.UnknownID), err)
	_, err = w.s.Statistics(sec, incidents.StatisticsInput{From: date.New(2020, 1, 1), To: date.New(2026, 12, 31)})
	servicetest.Check(t, servicetest.Invalid("to", apperr.OutOfRange), err)
	st, err = w.s.Statistics(w.Org.Member.Ctx, incidents.StatisticsInput{From: date.New(2026, 11, 1), To: date.New(2026, 12, 31)})
	require.NoError(t, err)
	assert.Equal(t, 2, st.Total, "a member totals what it reported")
}
