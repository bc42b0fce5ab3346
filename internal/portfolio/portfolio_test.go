package portfolio_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/finding"
	"secretariat/ent/incident"
	"secretariat/ent/meeting"
	"secretariat/ent/secretariatassignment"
	"secretariat/ent/task"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/portfolio"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

// now is the portfolio's clock in these tests: 10 December 2026, noon in Japan.
var now = time.Date(2026, 12, 10, 12, 0, 0, 0, date.Calendar)

func day(m time.Month, d int) date.Date { return date.New(2026, m, d) }

// busy gives company A of the fixture's organization one of everything the portfolio counts,
// and things it must not count beside each.
func busy(t *testing.T, f *servicetest.Fixture, company pulid.ID) {
	t.Helper()
	c, ctx, org := f.Client, f.System, f.OrgOf(company)
	owner := f.Org.Owner.UserID
	c.Company.UpdateOneID(company).SetCertificateExpiresOn(day(12, 20)).SetNextAuditOn(day(3, 1).AddMonths(12)).ExecX(ctx)
	newAudit := func(kind audit.Kind, status audit.Status, start date.Date) *ent.AuditCreate {
		return c.Audit.Create().SetOrganizationID(org).SetCompanyID(company).SetKind(kind).SetStatus(status).SetTitle(string(kind)).
			SetPlannedStart(start).SetPlannedEnd(start.AddDays(1))
	}
	newAudit(audit.KindSURVEILLANCE, audit.StatusPLANNED, day(2, 2).AddMonths(12)).ExecX(ctx)
	newAudit(audit.KindRECERTIFICATION, audit.StatusPLANNED, day(6, 1).AddMonths(12)).ExecX(ctx)
	newAudit(audit.KindSURVEILLANCE, audit.StatusCANCELED, day(12, 20)).ExecX(ctx)
	newAudit(audit.KindINTERNAL, audit.StatusCOMPLETED, day(9, 1)).SetCompletedAt(time.Date(2026, 9, 3, 18, 0, 0, 0, date.Calendar)).ExecX(ctx)
	c.Meeting.Create().SetOrganizationID(org).SetCompanyID(company).SetKind(meeting.KindMANAGEMENT_REVIEW).SetTitle("MR").
		SetScheduledAt(time.Date(2026, 4, 20, 10, 0, 0, 0, date.Calendar)).SetStatus(meeting.StatusHELD).SetHeldAt(time.Date(2026, 4, 20, 10, 0, 0, 0, date.Calendar)).ExecX(ctx)
	c.Meeting.Create().SetOrganizationID(org).SetCompanyID(company).SetKind(meeting.KindCOMMITTEE).SetTitle("委員会").
		SetScheduledAt(time.Date(2026, 12, 20, 10, 0, 0, 0, date.Calendar)).ExecX(ctx)
	for i, g := range []finding.Grade{finding.GradeMAJOR, finding.GradeMINOR, finding.GradeMINOR, finding.GradeOBSERVATION} {
		c.Finding.Create().SetOrganizationID(org).SetCompanyID(company).SetSource(finding.SourceDIRECT).SetGrade(g).SetStatement(fmt.Sprint("不適合 ", i)).ExecX(ctx)
	}
	c.Finding.Create().SetOrganizationID(org).SetCompanyID(company).SetSource(finding.SourceDIRECT).SetGrade(finding.GradeMAJOR).SetStatement("是正済").
		SetStatus(finding.StatusCLOSED).ExecX(ctx)
	newTask := func(title string, status task.Status, due date.Date) {
		c.Task.Create().SetOrganizationID(org).SetCompanyID(company).SetTitle(title).SetStatus(status).SetDueDate(due).ExecX(ctx)
	}
	newTask("期限切れ", task.StatusTODO, day(12, 9))
	newTask("止まっている", task.StatusBLOCKED, day(11, 1))
	newTask("済", task.StatusDONE, day(11, 1))
	newTask("今日まで", task.StatusTODO, day(12, 10))
	c.Document.Create().SetOrganizationID(org).SetCompanyID(company).SetCode("ISMS-P-001").SetTitle("基本方針").SetKind("POLICY").SetNextReviewOn(day(12, 1)).ExecX(ctx)
	c.Document.Create().SetOrganizationID(org).SetCompanyID(company).SetCode("ISMS-SOA-001").SetTitle("適用宣言書").SetKind("SOA").SetNextReviewOn(day(3, 31).AddMonths(12)).ExecX(ctx)
	course := c.TrainingCourse.Create().SetOrganizationID(org).SetCompanyID(company).SetTitle("研修").SetKind(trainingcourse.KindALL_STAFF).SaveX(ctx)
	c.TrainingAssignment.Create().SetOrganizationID(org).SetCompanyID(company).SetCourseID(course.ID).SetUserID(owner).SetDueOn(day(12, 1)).ExecX(ctx)
	c.TrainingAssignment.Create().SetOrganizationID(org).SetCompanyID(company).SetCourseID(course.ID).SetUserID(f.Org.Member.UserID).SetDueOn(day(12, 1)).SetCompletedAt(now).ExecX(ctx)
	for i, status := range []controlimplementation.ImplementationStatus{controlimplementation.ImplementationStatusIMPLEMENTED, controlimplementation.ImplementationStatusPARTIAL, controlimplementation.ImplementationStatusIMPLEMENTED} {
		c.ControlImplementation.Create().SetOrganizationID(org).SetCompanyID(company).SetControlRef(fmt.Sprint("5.", i+1)).SetImplementationStatus(status).
			SetApplicable(i < 2).SetJustification("理由").ExecX(ctx)
	}
	c.SecretariatAssignment.Create().SetOrganizationID(org).SetCompanyID(company).SetUserID(owner).SetResponsibility(secretariatassignment.ResponsibilityLEADER).ExecX(ctx)
	c.SecretariatAssignment.Create().SetOrganizationID(org).SetCompanyID(company).SetUserID(f.Org.Member.UserID).SetResponsibility(secretariatassignment.ResponsibilityDOCUMENT_CONTROL).
		SetPosition(secretariatassignment.PositionBACKUP).ExecX(ctx)
	for i, ago := range []int{10, 100} {
		c.Incident.Create().SetOrganizationID(org).SetCompanyID(company).SetNumber(i + 1).SetTitle("誤送信").SetCategory(incident.CategoryMISDELIVERY).
			SetDiscoveredAt(now.AddDate(0, 0, -ago)).SetReporterID(owner).SetRouting(incident.RoutingVIA_SECRETARIAT).ExecX(ctx)
	}
}

func names(rows []*portfolio.Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Company.Name)
	}
	return out
}

// The figures of a busy client and of one with nothing yet, for the owner of both; another
// organization's client is not there; what is canceled, closed, done, completed, not yet due or
// older than 90 days is not counted.
func TestPortfolio_EachClientsCycleAndWork(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		busy(t, f, f.Org.A)
		busy(t, f, f.Other.A)
		f.Client.Company.UpdateOneID(f.Org.B).SetNextAuditOn(day(12, 24)).ExecX(f.System)
		s := portfolio.NewService(f.Client, kv.NewMemory().Cache, servicetest.Log, portfolio.WithClock(func() time.Time { return now }))

		rows, err := s.Rows(f.Org.Owner.Ctx, portfolio.Input{})
		require.NoError(t, err)
		require.Len(t, rows, 2, "the organization's two clients, not the other organization's")
		byID := map[pulid.ID]*portfolio.Row{}
		for _, r := range rows {
			byID[r.Company.ID] = r
		}
		a, b := byID[f.Org.A], byID[f.Org.B]
		require.NotNil(t, a)
		require.NotNil(t, b)

		assert.Equal(t, "2027-02-02", a.NextCertificationAuditOn.String(), "the earliest open certification audit")
		assert.Equal(t, audit.KindSURVEILLANCE, *a.NextCertificationAuditKind)
		assert.Equal(t, "2026-12-20", a.CertificateExpiresOn.String())
		assert.Equal(t, "2027-09-03", a.InternalAuditDueOn.String(), "a year after the last internal audit was completed")
		assert.Equal(t, "2027-04-20", a.ManagementReviewDueOn.String(), "a year after the last management review")
		assert.Equal(t, "2027-03-31", a.SoAReviewDueOn.String())
		assert.Equal(t, [4]int{1, 2, 1, 0}, [4]int{a.OpenMajorFindings, a.OpenMinorFindings, a.OpenObservations, a.OpenOpportunities})
		assert.Equal(t, 2, a.OverdueTasks, "TODO and BLOCKED past their day; not done, not due today")
		assert.Equal(t, 1, a.OverdueDocumentReviews)
		assert.Equal(t, 1, a.OverdueTraining)
		assert.Equal(t, [3]int{3, 2, 1}, [3]int{a.SoAControls, a.SoAApplicableControls, a.SoAImplementedControls})
		assert.Equal(t, 50, *a.SoAProgress())
		assert.Equal(t, 6, a.UncoveredResponsibilities, "LEADER has a PRIMARY holder; a BACKUP covers nothing")
		assert.Equal(t, 1, a.IncidentsLast90Days)

		assert.Equal(t, "2026-12-24", b.NextCertificationAuditOn.String(), "the company's own nextAuditOn")
		assert.Nil(t, b.NextCertificationAuditKind)
		assert.Nil(t, b.InternalAuditDueOn)
		assert.Nil(t, b.ManagementReviewDueOn)
		assert.Nil(t, b.SoAProgress())
		assert.Equal(t, 7, b.UncoveredResponsibilities)
		assert.Zero(t, b.OverdueTasks+b.OpenMajorFindings+b.IncidentsLast90Days)

		// Planned audits and a scheduled review come before a year after the last ones.
		org := f.OrgOf(f.Org.B)
		f.Client.Audit.Create().SetOrganizationID(org).SetCompanyID(f.Org.B).SetKind(audit.KindINTERNAL).SetTitle("内部監査").
			SetPlannedStart(day(1, 15).AddMonths(12)).SetPlannedEnd(day(1, 16).AddMonths(12)).ExecX(f.System)
		f.Client.Meeting.Create().SetOrganizationID(org).SetCompanyID(f.Org.B).SetKind(meeting.KindMANAGEMENT_REVIEW).SetTitle("MR").
			SetScheduledAt(time.Date(2027, 2, 10, 10, 0, 0, 0, date.Calendar)).ExecX(f.System)
		rows, err = s.Rows(f.Org.Owner.Ctx, portfolio.Input{CompanyIDs: []pulid.ID{f.Org.B}})
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, "2027-01-15", rows[0].InternalAuditDueOn.String())
		assert.Equal(t, "2027-02-10", rows[0].ManagementReviewDueOn.String())
	})
}

// Figures are cached per company under its data version and the day: a write in one client is
// seen at once and leaves the other's figures cached; the next day reads them again.
func TestPortfolio_CachedUntilTheCompanyChanges(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		busy(t, f, f.Org.A)
		clock := now
		s := portfolio.NewService(f.Client, kv.NewMemory().Cache, servicetest.Log, portfolio.WithClock(func() time.Time { return clock }))
		ctx := f.Org.Consultant.Ctx
		overdue := func() map[pulid.ID]int {
			rows, err := s.Rows(ctx, portfolio.Input{})
			require.NoError(t, err)
			out := map[pulid.ID]int{}
			for _, r := range rows {
				out[r.Company.ID] = r.OverdueTasks
			}
			return out
		}
		stats := func() [2]uint64 { h, m := s.CacheStats(); return [2]uint64{h, m} }

		assert.Equal(t, map[pulid.ID]int{f.Org.A: 2, f.Org.B: 0}, overdue())
		assert.Equal(t, [2]uint64{0, 2}, stats(), "both read")
		assert.Equal(t, map[pulid.ID]int{f.Org.A: 2, f.Org.B: 0}, overdue())
		assert.Equal(t, [2]uint64{2, 2}, stats(), "both cached")

		f.Client.Task.Create().SetCompanyID(f.Org.B).SetTitle("遅れ").SetDueDate(day(12, 1)).ExecX(ctx)
		assert.Equal(t, map[pulid.ID]int{f.Org.A: 2, f.Org.B: 1}, overdue(), "the write is seen at once")
		assert.Equal(t, [2]uint64{3, 3}, stats(), "B read again, A still cached")

		// Another viewer with the same reach shares the cached figures; a refused write moves nothing.
		ctx = f.Org.Owner.Ctx
		require.Error(t, f.Client.Task.Create().SetCompanyID(f.Org.A).SetTitle("x").Exec(f.Org.Member.Ctx))
		overdue()
		assert.Equal(t, [2]uint64{5, 3}, stats())

		clock = clock.Add(24 * time.Hour)
		overdue()
		assert.Equal(t, [2]uint64{5, 5}, stats(), "a new day, new figures")

		// What the cache gives back is what was read, days and all.
		clock = clock.Add(24 * time.Hour)
		read, err := s.Rows(ctx, portfolio.Input{})
		require.NoError(t, err)
		cached, err := s.Rows(ctx, portfolio.Input{})
		require.NoError(t, err)
		assert.Equal(t, [2]uint64{7, 7}, stats())
		require.Len(t, cached, len(read))
		for i := range read {
			assert.Equal(t, read[i].Figures, cached[i].Figures)
		}
		assert.NotNil(t, cached[0].InternalAuditDueOn)
	})
}

// Only the secretariat's roles read the portfolio, each over the companies it reaches; filters
// and orders; bad input is refused whole.
func TestPortfolio_ReadersFiltersAndOrder(t *testing.T) {
	f := servicetest.SQLite(t)
	busy(t, f, f.Org.A)
	s := portfolio.NewService(f.Client, kv.NewMemory().Cache, servicetest.Log, portfolio.WithClock(func() time.Time { return now }))
	a, b := f.Client.Company.GetX(f.System, f.Org.A).Name, f.Client.Company.GetX(f.System, f.Org.B).Name

	for _, p := range []servicetest.Person{f.Org.Member, f.Org.Auditor} {
		_, err := s.Rows(p.Ctx, portfolio.Input{})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	}
	_, err := s.Rows(context.Background(), portfolio.Input{})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	rows, err := s.Rows(f.Org.Secretariat.Ctx, portfolio.Input{})
	require.NoError(t, err)
	assert.Equal(t, []string{a}, names(rows), "the secretariat reaches A alone")
	_, err = s.Rows(f.Org.Secretariat.Ctx, portfolio.Input{CompanyIDs: []pulid.ID{f.Org.B}})
	servicetest.Check(t, servicetest.Invalid("companyIDs.0", apperr.UnknownID), err)
	_, err = s.Rows(f.Org.Owner.Ctx, portfolio.Input{CompanyIDs: []pulid.ID{f.Other.A}})
	servicetest.Check(t, servicetest.Invalid("companyIDs.0", apperr.UnknownID), err)

	// An archived company leaves the portfolio, unless named.
	f.Client.Company.UpdateOneID(f.Org.B).SetArchivedAt(now).ExecX(f.System)
	rows, err = s.Rows(f.Org.Owner.Ctx, portfolio.Input{})
	require.NoError(t, err)
	assert.Equal(t, []string{a}, names(rows))
	rows, err = s.Rows(f.Org.Owner.Ctx, portfolio.Input{CompanyIDs: []pulid.ID{f.Org.B}})
	require.NoError(t, err)
	assert.Equal(t, []string{b}, names(rows))
	f.Client.Company.UpdateOneID(f.Org.B).ClearArchivedAt().ExecX(f.System)

	one := 1
	from, to := day(12, 1), day(12, 31)
	for name, c := range map[string]struct {
		in   portfolio.Input
		want []string
	}{
		"by name":                   {portfolio.Input{}, []string{a, b}},
		"by name, descending":       {portfolio.Input{OrderBy: &portfolio.Order{Figure: portfolio.CompanyName, Direction: ent.OrderDirectionDesc}}, []string{b, a}},
		"overdue tasks, most first": {portfolio.Input{OrderBy: &portfolio.Order{Figure: portfolio.OverdueTasks, Direction: ent.OrderDirectionDesc}}, []string{a, b}},
		"fewest overdue first":      {portfolio.Input{OrderBy: &portfolio.Order{Figure: portfolio.OverdueTasks, Direction: ent.OrderDirectionAsc}}, []string{b, a}},
		"no SoA last either way":    {portfolio.Input{OrderBy: &portfolio.Order{Figure: portfolio.SoAProgress, Direction: ent.OrderDirectionAsc}}, []string{a, b}},
		"a major finding":           {portfolio.Input{Where: []*portfolio.Filter{{Figure: portfolio.OpenMajorFindings, AtLeast: &one}}}, []string{a}},
		"none overdue":              {portfolio.Input{Where: []*portfolio.Filter{{Figure: portfolio.OverdueTasks, AtMost: new(int)}}}, []string{b}},
		"expiring in December":      {portfolio.Input{Where: []*portfolio.Filter{{Figure: portfolio.CertificateExpiresOn, From: &from, To: &to}}}, []string{a}},
		"both conditions":           {portfolio.Input{Where: []*portfolio.Filter{{Figure: portfolio.OpenMajorFindings, AtLeast: &one}, {Figure: portfolio.IncidentsLast90Days, AtMost: new(int)}}}, nil},
	} {
		rows, err := s.Rows(f.Org.Owner.Ctx, c.in)
		require.NoError(t, err, name)
		assert.Equal(t, c.want, names(rows), name)
	}

	page, err := s.Portfolio(f.Org.Owner.Ctx, portfolio.Input{}, nil, &one)
	require.NoError(t, err)
	require.Len(t, page.Edges, 1)
	assert.Equal(t, 2, page.TotalCount)
	assert.True(t, page.PageInfo.HasNextPage)
	page, err = s.Portfolio(f.Org.Owner.Ctx, portfolio.Input{}, page.PageInfo.EndCursor, &one)
	require.NoError(t, err)
	assert.Equal(t, b, page.Edges[0].Node.Company.Name)
	assert.False(t, page.PageInfo.HasNextPage)
	_, err = s.Portfolio(f.Org.Owner.Ctx, portfolio.Input{}, &ent.Cursor{ID: f.Other.A}, nil)
	servicetest.Check(t, servicetest.Invalid("after", apperr.InvalidValue), err)
	many := 101
	_, err = s.Portfolio(f.Org.Owner.Ctx, portfolio.Input{}, nil, &many)
	servicetest.Check(t, servicetest.Invalid("first", apperr.OutOfRange), err)

	_, err = s.Rows(f.Org.Owner.Ctx, portfolio.Input{Where: []*portfolio.Filter{
		{Figure: portfolio.OverdueTasks, From: &from},
		{Figure: portfolio.CertificateExpiresOn, AtLeast: &one},
		{Figure: portfolio.CompanyName, AtLeast: &one},
		{Figure: portfolio.OverdueTasks},
	}})
	assert.Equal(t, []servicetest.Want{
		servicetest.Invalid("where.0", apperr.ConflictingFields),
		servicetest.Invalid("where.1", apperr.ConflictingFields),
		servicetest.Invalid("where.2.figure", apperr.InvalidValue),
		servicetest.Invalid("where.3", apperr.Required),
	}, servicetest.Problems(err))
	tooMany := make([]*portfolio.Filter, 21)
	for i := range tooMany {
		tooMany[i] = &portfolio.Filter{Figure: portfolio.OverdueTasks, AtLeast: &one}
	}
	_, err = s.Rows(f.Org.Owner.Ctx, portfolio.Input{Where: tooMany})
	servicetest.Check(t, servicetest.Invalid("where", apperr.OutOfRange), err)
}
