package training_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/membership"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/training"
)

// A course changes while it is active; a drill takes no pass mark or validity; an archived course
// is neither changed nor launched until restored; only editors do either.
func TestTraining_CoursesChangeAndArchive(t *testing.T) {
	w := newWorld(t)
	course := w.course(t, training.CreateTrainingCourseInput{Title: "方針研修", Kind: trainingcourse.KindALL_STAFF, PassMark: ptr(70), MaterialVersionIDs: []pulid.ID{w.policyVersion}})
	drill := w.course(t, training.CreateTrainingCourseInput{Title: "標的型メール訓練", Kind: trainingcourse.KindDRILL, Drill: ptr(trainingcourse.DrillPHISHING)})
	_, err := w.s.CreateCourse(w.Org.Secretariat.Ctx, training.CreateTrainingCourseInput{CompanyID: w.Org.A, Title: "訓練", Kind: trainingcourse.KindDRILL, Drill: ptr(trainingcourse.DrillOTHER), ValidityMonths: ptr(12)})
	servicetest.Check(t, servicetest.Invalid("validityMonths", apperr.ConflictingFields), err)

	for _, tc := range []struct {
		name string
		ctx  func() (in training.UpdateTrainingCourseInput)
		want []servicetest.Want
	}{
		{"a drill with a validity and a pass mark", func() training.UpdateTrainingCourseInput {
			return training.UpdateTrainingCourseInput{ID: drill.ID, ValidityMonths: ptr(12), PassMark: ptr(50)}
		}, []servicetest.Want{servicetest.Invalid("validityMonths", apperr.ConflictingFields), servicetest.Invalid("passMark", apperr.ConflictingFields)}},
		{"a null title, zero days, a draft as material", func() training.UpdateTrainingCourseInput {
			return training.UpdateTrainingCourseInput{ID: course.ID, Null: []string{"title"}, DueDays: ptr(0), MaterialVersionIDs: []pulid.ID{w.draftVersion}, SetMaterials: true}
		}, []servicetest.Want{servicetest.Invalid("title", apperr.Required), servicetest.Invalid("dueDays", apperr.OutOfRange)}},
		{"a draft as material", func() training.UpdateTrainingCourseInput {
			return training.UpdateTrainingCourseInput{ID: course.ID, MaterialVersionIDs: []pulid.ID{w.draftVersion}, SetMaterials: true}
		}, []servicetest.Want{servicetest.Invalid("materialVersionIDs.0", apperr.UnknownID)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.Snapshot(t)
			_, err := w.s.UpdateCourse(w.Org.Secretariat.Ctx, tc.ctx())
			assert.ElementsMatch(t, tc.want, servicetest.Problems(err))
			w.Unchanged(t, before)
		})
	}

	changed, err := w.s.UpdateCourse(w.Org.Secretariat.Ctx, training.UpdateTrainingCourseInput{ID: course.ID, Title: ptr(" 情報セキュリティ方針研修 "), ValidityMonths: ptr(12), Null: []string{"passMark"}, SetMaterials: true})
	require.NoError(t, err)
	assert.Equal(t, []any{"情報セキュリティ方針研修", 12, (*int)(nil)}, []any{changed.Title, *changed.ValidityMonths, changed.PassMark})
	assert.Zero(t, w.Client.TrainingCourse.QueryMaterials(changed).CountX(w.System), "an empty list removes the materials")

	_, err = w.s.UpdateCourse(w.Org.Member.Ctx, training.UpdateTrainingCourseInput{ID: course.ID, Title: ptr("x")})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = w.s.SetArchived(w.Org.Member.Ctx, archive.Input{ID: course.ID}, true)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	_, err = w.s.SetArchived(w.Other.Owner.Ctx, archive.Input{ID: course.ID}, true)
	servicetest.Check(t, servicetest.NotFound, err)

	archived, err := w.s.SetArchived(w.Org.Secretariat.Ctx, archive.Input{ID: course.ID}, true)
	require.NoError(t, err)
	require.NotNil(t, archived.ArchivedAt)
	again, err := w.s.SetArchived(w.Org.Secretariat.Ctx, archive.Input{ID: course.ID}, true)
	require.NoError(t, err)
	assert.Equal(t, *archived.ArchivedAt, *again.ArchivedAt, "archiving twice keeps the first time")
	_, err = w.s.UpdateCourse(w.Org.Secretariat.Ctx, training.UpdateTrainingCourseInput{ID: course.ID, Title: ptr("x")})
	servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
	launch := training.LaunchTrainingCampaignInput{CourseID: course.ID, Title: "全社", DueOn: date.New(2026, 12, 20), Audience: training.AudienceInput{Everyone: true}}
	_, err = w.s.LaunchCampaign(w.Org.Secretariat.Ctx, launch)
	servicetest.Check(t, servicetest.Invalid("courseID", apperr.Archived), err)
	_, err = w.s.SetArchived(w.Org.Secretariat.Ctx, archive.Input{ID: course.ID}, false)
	require.NoError(t, err)
	_, err = w.s.LaunchCampaign(w.Org.Secretariat.Ctx, launch)
	require.NoError(t, err)
}

// A completion of a course with a validity expires that many months later; 30 days before, the
// person gets the course again, due on the expiry day, once however often the sweep runs; nobody
// who redid the course, left the company, or whose course was archived gets one.
func TestTraining_CompletionsExpireAndAreRenewed(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) { renewal(t, worldOn(t, f)) })
}

func renewal(t *testing.T, w *world) {
	yearly := w.course(t, training.CreateTrainingCourseInput{Title: "年次 情報セキュリティ研修", Kind: trainingcourse.KindALL_STAFF, ValidityMonths: ptr(12), DueDays: ptr(10)})
	archivedLater := w.course(t, training.CreateTrainingCourseInput{Title: "旧 年次研修", Kind: trainingcourse.KindALL_STAFF, ValidityMonths: ptr(12)})
	launch := func(course pulid.ID, title string) map[pulid.ID]*ent.TrainingAssignment {
		c, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: course, Title: title, DueOn: w.s.Today().AddDays(20), Audience: training.AudienceInput{Everyone: true}})
		require.NoError(t, err)
		return w.assignments(c.ID)
	}
	first := launch(yearly.ID, "2026年度")
	old := launch(archivedLater.ID, "旧")
	complete := func(a *ent.TrainingAssignment, ctx context.Context) {
		t.Helper()
		_, err := w.s.Complete(ctx, training.CompleteTrainingInput{ID: a.ID, Attested: true})
		require.NoError(t, err)
	}
	complete(first[w.Org.Member.UserID], w.Org.Member.Ctx)
	complete(first[w.Org.Secretariat.UserID], w.Org.Secretariat.Ctx)
	complete(first[w.Org.Consultant.UserID], w.Org.Consultant.Ctx)
	complete(old[w.Org.Member.UserID], w.Org.Member.Ctx)
	done := w.Client.TrainingAssignment.GetX(w.System, first[w.Org.Member.UserID].ID)
	require.NotNil(t, done.ExpiresOn)
	assert.Equal(t, "2027-12-01", done.ExpiresOn.String(), "completed 2026-12-01, valid 12 months")

	n, err := w.s.Renew(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "nothing expires within 30 days")

	// The secretariat redoes the course in a later campaign; the consultant leaves; the old
	// course is archived.
	w.now = time.Date(2027, 10, 1, 9, 0, 0, 0, date.Calendar)
	redo, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: yearly.ID, Title: "2027年度 事務局", DueOn: date.New(2027, 10, 31), Audience: training.AudienceInput{UserIDs: []pulid.ID{w.Org.Secretariat.UserID}}})
	require.NoError(t, err)
	w.Client.Membership.Update().Where(membership.UserID(w.Org.Consultant.UserID)).SetRemovedAt(w.now).ExecX(w.System)
	_, err = w.s.SetArchived(w.Org.Secretariat.Ctx, archive.Input{ID: archivedLater.ID}, true)
	require.NoError(t, err)

	w.now = time.Date(2027, 11, 5, 9, 0, 0, 0, date.Calendar)
	n, err = w.s.Renew(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the member alone")
	renewals := w.Client.TrainingAssignment.Query().Where(trainingassignment.CourseID(yearly.ID), trainingassignment.CampaignIDIsNil()).AllX(w.System)
	require.Len(t, renewals, 1)
	r := renewals[0]
	assert.Equal(t, []any{w.Org.Member.UserID, "2027-12-01", w.sales}, []any{r.UserID, r.DueOn.String(), *r.DepartmentID})
	require.NotNil(t, r.TaskID, "the renewal comes with its task")
	assert.Equal(t, 1, w.Client.TrainingAssignment.Query().Where(trainingassignment.CampaignID(redo.ID)).CountX(w.System))
	n, err = w.s.Renew(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "each completion is renewed once")

	// A completion found already expired is due in the course's days.
	late := launch(yearly.ID, "追加")
	w.now = time.Date(2027, 11, 6, 9, 0, 0, 0, date.Calendar)
	complete(late[w.Org.Admin.UserID], w.Org.Admin.Ctx)
	w.now = time.Date(2029, 1, 10, 9, 0, 0, 0, date.Calendar)
	n, err = w.s.Renew(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the admin; the member's renewal is still open")
	adminRenewal := w.Client.TrainingAssignment.Query().Where(trainingassignment.UserID(w.Org.Admin.UserID), trainingassignment.CampaignIDIsNil()).OnlyX(w.System)
	assert.Equal(t, "2029-01-20", adminRenewal.DueOn.String())
}

// The follow-up counts every assignment due in the period across campaigns, per department,
// overdue as of today; a MEMBER counts only its own; another organization's company is unknown.
func TestTraining_FollowUpAcrossCampaigns(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) { followUp(t, worldOn(t, f)) })
}

func followUp(t *testing.T, w *world) {
	course := w.course(t, training.CreateTrainingCourseInput{Title: "方針研修", Kind: trainingcourse.KindALL_STAFF})
	drill := w.course(t, training.CreateTrainingCourseInput{Title: "標的型メール訓練", Kind: trainingcourse.KindDRILL, Drill: ptr(trainingcourse.DrillPHISHING)})
	all, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: course.ID, Title: "全社", DueOn: date.New(2026, 12, 10), Audience: training.AudienceInput{Everyone: true}})
	require.NoError(t, err)
	phish, err := w.s.LaunchCampaign(w.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: drill.ID, Title: "訓練", DueOn: date.New(2027, 1, 31), Audience: training.AudienceInput{DepartmentIDs: []pulid.ID{w.sales, w.it}}})
	require.NoError(t, err)
	_, err = w.s.Complete(w.Org.Member.Ctx, training.CompleteTrainingInput{ID: w.assignments(all.ID)[w.Org.Member.UserID].ID, Attested: true})
	require.NoError(t, err)
	clicked := trainingassignment.DrillResultCLICKED
	_, err = w.s.RecordDrillResults(w.Org.Secretariat.Ctx, training.RecordDrillResultsInput{CampaignID: phish.ID, Results: []training.DrillResult{{UserID: w.Org.Member.UserID, Result: &clicked}}})
	require.NoError(t, err)

	w.now = time.Date(2026, 12, 15, 9, 0, 0, 0, date.Calendar)
	p, err := w.s.FollowUp(w.Org.Secretariat.Ctx, training.FollowUpInput{CompanyID: w.Org.A})
	require.NoError(t, err)
	assert.Equal(t, training.Tally{Assigned: 7, Completed: 2, Overdue: 4, Clicked: 1}, p.Tally)
	require.Len(t, p.Departments, 3)
	assert.Equal(t, []any{"営業部", training.Tally{Assigned: 2, Completed: 2, Clicked: 1}}, []any{p.Departments[0].Department.Name, p.Departments[0].Tally})
	assert.Equal(t, []any{"情報システム部", training.Tally{Assigned: 2, Overdue: 1}}, []any{p.Departments[1].Department.Name, p.Departments[1].Tally})
	assert.Nil(t, p.Departments[2].Department)
	assert.Equal(t, training.Tally{Assigned: 3, Overdue: 3}, p.Departments[2].Tally)

	p, err = w.s.FollowUp(w.Org.Secretariat.Ctx, training.FollowUpInput{CompanyID: w.Org.A, DueFrom: ptr(date.New(2027, 1, 1))})
	require.NoError(t, err)
	assert.Equal(t, training.Tally{Assigned: 2, Completed: 1, Clicked: 1}, p.Tally, "the drill alone")
	p, err = w.s.FollowUp(w.Org.Member.Ctx, training.FollowUpInput{CompanyID: w.Org.A})
	require.NoError(t, err)
	assert.Equal(t, 2, p.Assigned, "a member counts its own")

	_, err = w.s.FollowUp(w.Org.Secretariat.Ctx, training.FollowUpInput{CompanyID: w.Org.A, DueFrom: ptr(date.New(2027, 1, 1)), DueTo: ptr(date.New(2026, 1, 1))})
	servicetest.Check(t, servicetest.Invalid("dueTo", apperr.OutOfRange), err)
	_, err = w.s.FollowUp(w.Other.Owner.Ctx, training.FollowUpInput{CompanyID: w.Org.A})
	servicetest.Check(t, servicetest.Invalid("companyID", apperr.UnknownID), err)
}
