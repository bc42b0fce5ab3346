package training_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/documentversion"
	"secretariat/ent/task"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/training"
	"secretariat/internal/viewer"
)

// world is the shared fixture with the training service on a clock the tests move; in company A
// the member works in 営業部 (at the Osaka site) and the secretariat in 情報システム部.
type world struct {
	*servicetest.Fixture
	s             *training.Service
	now           time.Time
	sales, it     pulid.ID
	osaka         pulid.ID
	policyVersion pulid.ID
	draftVersion  pulid.ID
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return worldOn(t, servicetest.SQLite(t))
}

// worldOn builds the world on a fixture of any dialect.
func worldOn(t *testing.T, f *servicetest.Fixture) *world {
	t.Helper()
	w := &world{Fixture: f, now: time.Date(2026, 12, 1, 10, 0, 0, 0, date.Calendar)}
	w.s = training.NewService(f.Client, servicetest.Log)
	w.s.SetClock(func() time.Time { return w.now })
	c := f.Client
	w.osaka = c.Site.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("大阪支店").SaveX(f.System).ID
	w.sales = c.Department.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("営業部").SetSiteID(w.osaka).SaveX(f.System).ID
	w.it = c.Department.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetName("情報システム部").SaveX(f.System).ID
	for user, dept := range map[pulid.ID]pulid.ID{f.Org.Member.UserID: w.sales, f.Org.Secretariat.UserID: w.it} {
		m := c.Membership.Query().Where().AllX(f.System)
		for _, mm := range m {
			if mm.UserID == user {
				c.CompanyAccess.Update().Where(companyaccess.MembershipID(mm.ID), companyaccess.CompanyID(f.Org.A)).SetDepartmentID(dept).ExecX(f.System)
			}
		}
	}
	doc := c.Document.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetCode("ISMS-P-001").SetTitle("情報セキュリティ基本方針").SetKind("POLICY").SaveX(f.System)
	w.policyVersion = c.DocumentVersion.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).
		SetBody("方針").SetAuthorID(f.Org.Secretariat.UserID).SetStatus(documentversion.StatusAPPROVED).SaveX(f.System).ID
	w.draftVersion = c.DocumentVersion.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetDocumentID(doc.ID).SetMajor(1).SetMinor(1).
		SetBody("改訂案").SetAuthorID(f.Org.Secretariat.UserID).SaveX(f.System).ID
	return w
}

func ptr[T any](v T) *T { return &v }

func (w *world) course(t *testing.T, in training.CreateTrainingCourseInput) *ent.TrainingCourse {
	t.Helper()
	in.CompanyID = w.Org.A
	c, err := w.s.CreateCourse(w.Org.Secretariat.Ctx, in)
	require.NoError(t, err)
	return c
}

func (w *world) assignments(campaign pulid.ID) map[pulid.ID]*ent.TrainingAssignment {
	out := map[pulid.ID]*ent.TrainingAssignment{}
	for _, a := range w.Client.TrainingAssignment.Query().Where(trainingassignment.CampaignID(campaign)).AllX(w.System) {
		out[a.UserID] = a
	}
	return out
}

// A course teaches from approved versions only; a drill says what it is and is not scored.
func TestTraining_CoursesRefuseBadInput(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		name string
		in   training.CreateTrainingCourseInput
		want []servicetest.Want
	}{
		{"a draft as material", training.CreateTrainingCourseInput{Title: "方針研修", Kind: trainingcourse.KindALL_STAFF, MaterialVersionIDs: []pulid.ID{w.policyVersion, w.draftVersion}},
			[]servicetest.Want{servicetest.Invalid("materialVersionIDs.1", apperr.UnknownID)}},
		{"a drill without its kind, scored", training.CreateTrainingCourseInput{Title: "訓練", Kind: trainingcourse.KindDRILL, PassMark: ptr(80)},
			[]servicetest.Want{servicetest.Invalid("drill", apperr.Required), servicetest.Invalid("passMark", apperr.ConflictingFields)}},
		{"a pass mark over 100, no title", training.CreateTrainingCourseInput{Title: " ", Kind: trainingcourse.KindROLE, PassMark: ptr(101)},
			[]servicetest.Want{servicetest.Invalid("title", apperr.Required), servicetest.Invalid("passMark", apperr.OutOfRange)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			tc.in.CompanyID = w.Org.A
			_, err := w.s.CreateCourse(w.Org.Secretariat.Ctx, tc.in)
			assert.ElementsMatch(t, tc.want, servicetest.Problems(err))
			w.Unchanged(t, before)
		})
	}
	_, err := w.s.CreateCourse(w.Org.Member.Ctx, training.CreateTrainingCourseInput{CompanyID: w.Org.A, Title: "x", Kind: trainingcourse.KindALL_STAFF})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
}

// A campaign for a department assigns its people, each with a task; a person completes its own
// assignment (a failed score leaves it open); the progress counts per department.
func TestTraining_ACampaignForADepartment(t *testing.T) {
	w := newWorld(t)
	course := w.course(t, training.CreateTrainingCourseInput{Title: "メールセキュリティ研修", Kind: trainingcourse.KindALL_STAFF, PassMark: ptr(80), MaterialVersionIDs: []pulid.ID{w.policyVersion}})
	c, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: course.ID, Title: "2026年度 営業部研修", DueOn: date.New(2026, 12, 20),
		Audience: training.AudienceInput{DepartmentIDs: []pulid.ID{w.sales}}})
	require.NoError(t, err)
	as := w.assignments(c.ID)
	require.Len(t, as, 1, "營業部 is the member alone")
	mine := as[w.Org.Member.UserID]
	require.NotNil(t, mine)
	assert.Equal(t, w.sales, *mine.DepartmentID)
	tk := w.Client.Task.GetX(w.System, *mine.TaskID)
	assert.Equal(t, []any{task.SourceTRAINING, mine.ID, w.Org.Member.UserID, "2026-12-20"}, []any{tk.Source, *tk.SourceID, *tk.AssigneeID, tk.DueDate.String()})

	// A site takes the people of its departments; everyone takes all but the auditor.
	bySite, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: course.ID, Title: "大阪支店", DueOn: date.New(2026, 12, 20),
		Audience: training.AudienceInput{SiteIDs: []pulid.ID{w.osaka}}})
	require.NoError(t, err)
	assert.Len(t, w.assignments(bySite.ID), 1)
	all, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: course.ID, Title: "全社", DueOn: date.New(2026, 12, 20),
		Audience: training.AudienceInput{Everyone: true}})
	require.NoError(t, err)
	everyone := w.assignments(all.ID)
	assert.Len(t, everyone, 5, "owner, admin, consultant, secretariat and member of company A")
	assert.NotContains(t, everyone, w.Org.Auditor.UserID)

	// The member completes its own: a failed score is kept, the task stays open; then it passes.
	failed, err := w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: mine.ID, Score: ptr(60)})
	require.NoError(t, err)
	assert.Equal(t, []any{false, (*time.Time)(nil)}, []any{*failed.Passed, failed.CompletedAt})
	_, err = w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: mine.ID})
	servicetest.Check(t, servicetest.Invalid("score", apperr.Required), err)
	_, err = w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: everyone[w.Org.Secretariat.UserID].ID, Score: ptr(90)})
	servicetest.Check(t, servicetest.NotFound, err)
	passed, err := w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: mine.ID, Score: ptr(85), Attested: true})
	require.NoError(t, err)
	assert.True(t, *passed.Passed)
	assert.NotNil(t, passed.CompletedAt)
	assert.Equal(t, task.StatusDONE, w.Client.Task.GetX(w.System, *mine.TaskID).Status)
	_, err = w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: mine.ID, Score: ptr(100)})
	servicetest.Check(t, servicetest.Invalid("id", apperr.StaleState), err)

	// A member reads only its own assignments, and no campaign.
	assert.Equal(t, 3, w.Client.TrainingAssignment.Query().CountX(w.Org.Member.Ctx))
	assert.Zero(t, w.Client.TrainingCampaign.Query().CountX(w.Org.Member.Ctx))
	mineAll, err := w.s.Mine(w.Org.Member.Ctx)
	require.NoError(t, err)
	require.Len(t, mineAll, 3)
	assert.Equal(t, mine.ID, mineAll[2].ID, "the completed one last")

	w.now = time.Date(2026, 12, 21, 9, 0, 0, 0, date.Calendar)
	ps, err := w.s.Progress(w.Org.Secretariat.Ctx, []pulid.ID{all.ID})
	require.NoError(t, err)
	p := ps[all.ID]
	assert.Equal(t, training.Tally{Assigned: 5, Completed: 0, Overdue: 5}, p.Tally)
	require.Len(t, p.Departments, 3)
	assert.Equal(t, "営業部", p.Departments[0].Department.Name)
	assert.Equal(t, "情報システム部", p.Departments[1].Department.Name)
	assert.Nil(t, p.Departments[2].Department, "the people with no department last")
	assert.Equal(t, 3, p.Departments[2].Assigned)
}

// A phishing drill's results are recorded all or none; the rates come per department.
func TestTraining_APhishingDrill(t *testing.T) {
	w := newWorld(t)
	drill := w.course(t, training.CreateTrainingCourseInput{Title: "標的型メール訓練", Kind: trainingcourse.KindDRILL, Drill: ptr(trainingcourse.DrillPHISHING)})
	c, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: drill.ID, Title: "2026年12月 訓練", DueOn: date.New(2026, 12, 5),
		Audience: training.AudienceInput{Roles: []viewer.Role{viewer.RoleMember, viewer.RoleSecretariat}}})
	require.NoError(t, err)
	as := w.assignments(c.ID)
	require.Len(t, as, 2)
	assert.Nil(t, as[w.Org.Member.UserID].TaskID, "a drill is not announced")

	clicked, reported := trainingassignment.DrillResultCLICKED, trainingassignment.DrillResultREPORTED
	before := w.Snapshot(t)
	_, err = w.s.RecordDrillResults(w.Org.Secretariat.Ctx, training.RecordDrillResultsInput{CampaignID: c.ID, Results: []training.DrillResult{
		{UserID: w.Org.Member.UserID, Result: &clicked},
		{UserID: w.Org.Owner.UserID, Result: &reported},
	}})
	servicetest.Check(t, servicetest.Invalid("results.1.userID", apperr.UnknownID), err)
	w.Unchanged(t, before)
	_, err = w.s.RecordDrillResults(w.Org.Secretariat.Ctx, training.RecordDrillResultsInput{CampaignID: c.ID, Results: []training.DrillResult{
		{UserID: w.Org.Member.UserID, Done: ptr(true)},
	}})
	servicetest.Check(t, servicetest.Invalid("results.0.result", apperr.Required), err)
	_, err = w.s.RecordDrillResults(w.Org.Member.Ctx, training.RecordDrillResultsInput{CampaignID: c.ID, Results: []training.DrillResult{{UserID: w.Org.Member.UserID, Result: &reported}}})
	servicetest.Check(t, servicetest.Invalid("campaignID", apperr.UnknownID), err)
	_, err = w.s.RecordDrillResults(w.Org.Secretariat.Ctx, training.RecordDrillResultsInput{CampaignID: c.ID, Results: []training.DrillResult{
		{UserID: w.Org.Member.UserID, Result: &clicked},
		{UserID: w.Org.Secretariat.UserID, Result: &reported},
	}})
	require.NoError(t, err)
	ps, err := w.s.Progress(w.Org.Secretariat.Ctx, []pulid.ID{c.ID})
	require.NoError(t, err)
	p := ps[c.ID]
	assert.Equal(t, []float64{50, 50, 100}, []float64{p.ClickRate(), p.ReportRate(), p.CompletionRate()})
	assert.Equal(t, []float64{100, 0}, []float64{p.Departments[0].ClickRate(), p.Departments[0].ReportRate()}, "営業部 clicked")
	_, err = w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: as[w.Org.Member.UserID].ID, Attested: true})
	servicetest.Check(t, servicetest.Invalid("id", apperr.StaleState), err)
}

// A person who joins gets the NEW_HIRE courses and the running campaigns whose audience takes
// them in, but not a campaign already over nor an archived course; an auditor gets nothing.
func TestTraining_OnboardingAssignsWhatANewJoinerTakes(t *testing.T) {
	w := newWorld(t)
	hire := w.course(t, training.CreateTrainingCourseInput{Title: "新入社員 情報セキュリティ研修", Kind: trainingcourse.KindNEW_HIRE, DueDays: ptr(7)})
	archived := w.course(t, training.CreateTrainingCourseInput{Title: "旧研修", Kind: trainingcourse.KindNEW_HIRE})
	w.Client.TrainingCourse.UpdateOneID(archived.ID).SetArchivedAt(w.now).ExecX(w.System)
	allStaff := w.course(t, training.CreateTrainingCourseInput{Title: "パスワード変更", Kind: trainingcourse.KindDRILL, Drill: ptr(trainingcourse.DrillPASSWORD)})
	running, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: allStaff.ID, Title: "全社パスワード変更", DueOn: date.New(2026, 12, 10), Audience: training.AudienceInput{Everyone: true}})
	require.NoError(t, err)
	forSecretariat, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: allStaff.ID, Title: "事務局のみ", DueOn: date.New(2026, 12, 10), Audience: training.AudienceInput{Roles: []viewer.Role{viewer.RoleSecretariat}}})
	require.NoError(t, err)

	newcomer, err := w.AddPerson(w.Org.ID, viewer.RoleMember, "新人", nil, w.Org.A)
	require.NoError(t, err)
	m := w.Client.Membership.Query().AllX(w.System)
	var joined *ent.Membership
	for _, mm := range m {
		if mm.UserID == newcomer.UserID {
			joined = mm
		}
	}
	require.NotNil(t, joined)
	tx, err := w.Client.Tx(w.System)
	require.NoError(t, err)
	require.NoError(t, w.s.Onboard(w.System, tx.Client(), joined, []pulid.ID{w.Org.A}))
	require.NoError(t, tx.Commit())
	got := w.Client.TrainingAssignment.Query().Where(trainingassignment.UserID(newcomer.UserID)).WithCourse().AllX(w.System)
	var titles []string
	for _, a := range got {
		titles = append(titles, a.Edges.Course.Title)
		if a.CourseID == hire.ID {
			assert.Equal(t, "2026-12-08", a.DueOn.String(), "due in the course's seven days")
			assert.NotNil(t, a.TaskID)
		}
	}
	assert.ElementsMatch(t, []string{"新入社員 情報セキュリティ研修", "パスワード変更"}, titles)
	assert.Contains(t, w.assignments(running.ID), newcomer.UserID)
	assert.NotContains(t, w.assignments(forSecretariat.ID), newcomer.UserID)

	auditorMembership := w.Client.Membership.Query().AllX(w.System)
	for _, mm := range auditorMembership {
		if mm.UserID == w.Org.Auditor.UserID {
			tx, err := w.Client.Tx(w.System)
			require.NoError(t, err)
			require.NoError(t, w.s.Onboard(w.System, tx.Client(), mm, []pulid.ID{w.Org.A}))
			require.NoError(t, tx.Commit())
		}
	}
	assert.Zero(t, w.Client.TrainingAssignment.Query().Where(trainingassignment.UserID(w.Org.Auditor.UserID)).CountX(w.System))
}
