package calendar_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/audit"
	"secretariat/ent/incident"
	"secretariat/ent/incidentdeadline"
	"secretariat/ent/meeting"
	"secretariat/ent/task"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/audience"
	"secretariat/internal/calendar"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
)

// dated writes one record of each kind into a company, in December 2026, and returns their
// titles by kind: a canceled audit, a done task and a filed report besides, which are left out.
func dated(t *testing.T, f *servicetest.Fixture, company pulid.ID, prefix string) {
	t.Helper()
	c, ctx, org := f.Client, f.System, f.OrgOf(company)
	day := func(d int) date.Date { return date.New(2026, 12, d) }
	at := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, date.Calendar) }
	c.Company.UpdateOneID(company).SetCertificateExpiresOn(day(20)).ExecX(ctx)
	a := c.Audit.Create().SetOrganizationID(org).SetCompanyID(company).SetKind(audit.KindSURVEILLANCE).SetTitle(prefix + " 維持審査").
		SetPlannedStart(day(8)).SetPlannedEnd(day(9)).SaveX(ctx)
	c.Interview.Create().SetOrganizationID(org).SetCompanyID(company).SetAuditID(a.ID).SetStartsAt(at(8, 10)).SetEndsAt(at(8, 11)).SetTopic(prefix + " 面談").ExecX(ctx)
	c.Audit.Create().SetOrganizationID(org).SetCompanyID(company).SetKind(audit.KindINTERNAL).SetTitle(prefix + " 中止").
		SetPlannedStart(day(3)).SetPlannedEnd(day(3)).SetStatus(audit.StatusCANCELED).ExecX(ctx)
	c.Meeting.Create().SetOrganizationID(org).SetCompanyID(company).SetKind(meeting.KindMANAGEMENT_REVIEW).SetTitle(prefix + " マネジメントレビュー").SetScheduledAt(at(8, 9)).ExecX(ctx)
	c.Document.Create().SetOrganizationID(org).SetCompanyID(company).SetCode("ISMS-P-001").SetTitle(prefix + " 基本方針").SetKind("POLICY").SetNextReviewOn(day(15)).ExecX(ctx)
	inc := c.Incident.Create().SetOrganizationID(org).SetCompanyID(company).SetNumber(1).SetTitle(prefix + " 誤送信").SetCategory(incident.CategoryMISDELIVERY).
		SetDiscoveredAt(at(1, 9)).SetReporterID(f.Org.Owner.UserID).SetRouting(incident.RoutingVIA_SECRETARIAT).SaveX(ctx)
	c.IncidentDeadline.Create().SetOrganizationID(org).SetCompanyID(company).SetIncidentID(inc.ID).SetRegime("JP_APPI").SetKind(incidentdeadline.KindPRELIMINARY).SetDueOn(day(6)).ExecX(ctx)
	c.IncidentDeadline.Create().SetOrganizationID(org).SetCompanyID(company).SetIncidentID(inc.ID).SetRegime("JP_APPI").SetKind(incidentdeadline.KindFINAL).SetDueOn(day(31)).SetFiledOn(day(2)).ExecX(ctx)
	c.Task.Create().SetOrganizationID(org).SetCompanyID(company).SetTitle(prefix + " リスク見直し").SetDueDate(day(12)).ExecX(ctx)
	c.Task.Create().SetOrganizationID(org).SetCompanyID(company).SetTitle(prefix + " 済").SetDueDate(day(12)).SetStatus(task.StatusDONE).ExecX(ctx)
	course := c.TrainingCourse.Create().SetOrganizationID(org).SetCompanyID(company).SetTitle("研修").SetKind(trainingcourse.KindALL_STAFF).SaveX(ctx)
	c.TrainingCampaign.Create().SetOrganizationID(org).SetCompanyID(company).SetCourseID(course.ID).SetTitle(prefix + " 全社研修").SetDueOn(day(25)).
		SetAudience(audience.Audience{Everyone: true}).ExecX(ctx)
}

func titles(es []*calendar.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Company.Name+": "+string(e.Kind)+" "+e.Title)
	}
	return out
}

// The calendar of December lists the dated work of both companies the consultancy's owner reaches
// in time order (a day's entries before the timed ones), leaves out what is canceled, done or
// filed, and nothing of another organization; the companies and kinds narrow it; a page goes on
// after its cursor.
func TestCalendar_EveryClientInTimeOrder(t *testing.T) {
	f := servicetest.SQLite(t)
	dated(t, f, f.Org.A, "A")
	dated(t, f, f.Org.B, "B")
	dated(t, f, f.Other.A, "X")
	s := calendar.NewService(f.Client, servicetest.Log)
	december := calendar.Input{From: date.New(2026, 12, 1), To: date.New(2026, 12, 31)}

	es, err := s.Entries(f.Org.Owner.Ctx, december)
	require.NoError(t, err)
	a, b := f.Client.Company.GetX(f.System, f.Org.A).Name, f.Client.Company.GetX(f.System, f.Org.B).Name
	got := titles(es)
	require.Len(t, got, 16, "eight entries for each company")
	for _, name := range []string{a, b} {
		var mine []string
		for _, g := range got {
			if len(g) > len(name) && g[:len(name)] == name {
				mine = append(mine, g[len(name)+2:])
			}
		}
		p := map[string]string{a: "A", b: "B"}[name]
		assert.Equal(t, []string{
			"INCIDENT_DEADLINE " + p + " 誤送信",
			"AUDIT " + p + " 維持審査",
			"MEETING " + p + " マネジメントレビュー",
			"INTERVIEW " + p + " 面談",
			"TASK_DUE " + p + " リスク見直し",
			"DOCUMENT_REVIEW ISMS-P-001 " + p + " 基本方針",
			"CERTIFICATE_EXPIRY " + name,
			"TRAINING_DUE " + p + " 全社研修",
		}, mine, name)
	}
	for i := 1; i < len(es); i++ {
		assert.False(t, es[i].On.Before(es[i-1].On), "in time order")
	}
	meetingAt := es[slicesIndex(es, calendar.KindMeeting)]
	require.NotNil(t, meetingAt.StartsAt)
	assert.Equal(t, 9, meetingAt.StartsAt.In(date.Calendar).Hour())

	// The secretariat reaches company A only; another organization's owner none of these.
	es, err = s.Entries(f.Org.Secretariat.Ctx, december)
	require.NoError(t, err)
	for _, e := range es {
		assert.Equal(t, f.Org.A, e.CompanyID)
	}
	assert.Len(t, es, 8)
	es, err = s.Entries(f.Other.Owner.Ctx, december)
	require.NoError(t, err)
	for _, e := range es {
		assert.Equal(t, f.Other.A, e.CompanyID, "another organization's calendar holds only its own")
	}

	narrowed := december
	narrowed.CompanyIDs = []pulid.ID{f.Org.B}
	narrowed.Kinds = []calendar.Kind{calendar.KindAudit, calendar.KindTaskDue}
	es, err = s.Entries(f.Org.Owner.Ctx, narrowed)
	require.NoError(t, err)
	assert.Equal(t, []string{b + ": AUDIT B 維持審査", b + ": TASK_DUE B リスク見直し"}, titles(es))

	// A page, then the next after its cursor.
	two := 2
	p, err := s.Calendar(f.Org.Owner.Ctx, december, nil, &two)
	require.NoError(t, err)
	require.Len(t, p.Edges, 2)
	assert.Equal(t, []any{16, true, false}, []any{p.TotalCount, p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage})
	next, err := s.Calendar(f.Org.Owner.Ctx, december, p.PageInfo.EndCursor, &two)
	require.NoError(t, err)
	all, err := s.Entries(f.Org.Owner.Ctx, december)
	require.NoError(t, err)
	assert.Equal(t, titles(all[2:4]), titles([]*calendar.Entry{next.Edges[0].Node, next.Edges[1].Node}))
	assert.True(t, next.PageInfo.HasPreviousPage)

	for _, tc := range []struct {
		name string
		in   calendar.Input
		want servicetest.Want
	}{
		{"a company of another organization", calendar.Input{From: december.From, To: december.To, CompanyIDs: []pulid.ID{f.Org.A, f.Other.A}}, servicetest.Invalid("companyIDs.1", apperr.UnknownID)},
		{"more than a year", calendar.Input{From: date.New(2026, 1, 1), To: date.New(2027, 1, 3)}, servicetest.Invalid("to", apperr.OutOfRange)},
		{"an end before the start", calendar.Input{From: december.To, To: december.From}, servicetest.Invalid("to", apperr.OutOfRange)},
		{"an unknown kind", calendar.Input{From: december.From, To: december.To, Kinds: []calendar.Kind{"BIRTHDAY"}}, servicetest.Invalid("kinds.0", apperr.InvalidValue)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Entries(f.Org.Owner.Ctx, tc.in)
			servicetest.Check(t, tc.want, err)
		})
	}
	_, err = s.Entries(f.Org.Secretariat.Ctx, calendar.Input{From: december.From, To: december.To, CompanyIDs: []pulid.ID{f.Org.B}})
	servicetest.Check(t, servicetest.Invalid("companyIDs.0", apperr.UnknownID), err)
}

func slicesIndex(es []*calendar.Entry, k calendar.Kind) int {
	for i, e := range es {
		if e.Kind == k {
			return i
		}
	}
	return -1
}
