package excel

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"secretariat/ent"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/training"
	"secretariat/internal/viewer"
)

// drillWorld is the shared fixture with the Excel service over the real training service, and a
// phishing drill and a password campaign of company A for the member and the secretariat.
type drillWorld struct {
	*servicetest.Fixture
	svc                *Service
	training           *training.Service
	phishing, password *ent.TrainingCampaign
	now                time.Time
}

func newDrillWorld(t *testing.T) *drillWorld {
	t.Helper()
	f := servicetest.SQLite(t)
	ts := training.NewService(f.Client, servicetest.Log)
	w := &drillWorld{Fixture: f, training: ts, svc: NewService(f.Client, nil, nil, nil, nil, servicetest.Log, WithDrills(ts)), now: time.Date(2026, 12, 1, 10, 0, 0, 0, date.Calendar)}
	ts.SetClock(func() time.Time { return w.now })
	w.svc.SetClock(func() time.Time { return w.now })
	launch := func(kind trainingcourse.Drill, title string) *ent.TrainingCampaign {
		c, err := ts.CreateCourse(f.Org.Secretariat.Ctx, training.CreateTrainingCourseInput{CompanyID: f.Org.A, Title: title, Kind: trainingcourse.KindDRILL, Drill: &kind})
		require.NoError(t, err)
		p, err := ts.LaunchCampaign(f.Org.Secretariat.Ctx, training.LaunchTrainingCampaignInput{CourseID: c.ID, Title: title, DueOn: date.New(2026, 12, 10),
			Audience: training.AudienceInput{Roles: []viewer.Role{viewer.RoleMember, viewer.RoleSecretariat}}})
		require.NoError(t, err)
		return p
	}
	w.phishing = launch(trainingcourse.DrillPHISHING, "標的型メール訓練")
	w.password = launch(trainingcourse.DrillPASSWORD, "パスワード変更")
	return w
}

func (w *drillWorld) email(p servicetest.Person) string {
	return w.Client.User.GetX(w.System, p.UserID).Email
}

// importAs imports the file into the campaign as the person, in one operation as the API does.
func (w *drillWorld) importAs(t *testing.T, ctx context.Context, campaign pulid.ID, content []byte) (*Result, error) {
	t.Helper()
	var res *Result
	err := w.Mutation(t, ctx, func(ctx context.Context) error {
		var err error
		res, err = w.svc.ImportDrillResults(ctx, DrillImportInput{CampaignID: campaign, File: upload(content)}, language.Request{})
		return err
	})
	return res, err
}

func (w *drillWorld) results(campaign pulid.ID) map[pulid.ID]*ent.TrainingAssignment {
	out := map[pulid.ID]*ent.TrainingAssignment{}
	for _, a := range w.Client.TrainingAssignment.Query().Where(trainingassignment.CampaignID(campaign)).AllX(w.System) {
		out[a.UserID] = a
	}
	return out
}

// A drill tool's sheet, with its own columns besides, records a phishing drill; a bad row
// (nobody of the campaign, an unknown result, a person twice) imports nothing and is named by row
// and column; the same sheet again changes nothing.
func TestDrillImport_ASheetRecordsAPhishingDrillAllOrNothing(t *testing.T) {
	w := newDrillWorld(t)
	bad := book(t, [][]any{
		{"受信日時", "メールアドレス", "氏名", "結果"},
		{"2026-12-01 10:00", w.email(w.Org.Member), "メンバー", "クリック"},
		{"2026-12-01 10:00", w.email(w.Org.Owner), "オーナー", "REPORTED"},
		{"2026-12-01 10:00", w.email(w.Org.Secretariat), "事務局", "開封"},
		{"2026-12-01 10:00", w.email(w.Org.Member), "メンバー", "IGNORED"},
	})
	before := w.Snapshot(t)
	res, err := w.importAs(t, w.Org.Secretariat.Ctx, w.phishing.ID, bad)
	require.NoError(t, err)
	assert.Equal(t, []string{"3 メールアドレス UNKNOWN_ID", "4 結果 INVALID_VALUE", "5 メールアドレス DUPLICATE"}, problems(res))
	w.Unchanged(t, before)

	good := book(t, [][]any{
		{"Email", "Result", "Opened at"},
		{w.email(w.Org.Member), "clicked", "2026-12-01"},
		{w.email(w.Org.Secretariat), "報告", ""},
	})
	res, err = w.importAs(t, w.Org.Secretariat.Ctx, w.phishing.ID, good)
	require.NoError(t, err)
	assert.Empty(t, res.Errors)
	assert.Equal(t, []int{0, 2, 0}, []int{res.Imported, res.Updated, res.Unchanged})
	got := w.results(w.phishing.ID)
	assert.Equal(t, trainingassignment.DrillResultCLICKED, *got[w.Org.Member.UserID].DrillResult)
	assert.Equal(t, trainingassignment.DrillResultREPORTED, *got[w.Org.Secretariat.UserID].DrillResult)
	ps, err := w.training.Progress(w.Org.Secretariat.Ctx, []pulid.ID{w.phishing.ID})
	require.NoError(t, err)
	p := ps[w.phishing.ID]
	assert.Equal(t, []float64{50, 50}, []float64{p.ClickRate(), p.ReportRate()})

	res, err = w.importAs(t, w.Org.Secretariat.Ctx, w.phishing.ID, good)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 2}, []int{res.Imported, res.Updated, res.Unchanged})

	// The password campaign needs the done column, not a result.
	res, err = w.importAs(t, w.Org.Secretariat.Ctx, w.password.ID, good)
	require.NoError(t, err)
	assert.Contains(t, problems(res), "1 実施 REQUIRED")

	// A member imports nothing; a company of another organization does not exist.
	_, err = w.importAs(t, w.Org.Member.Ctx, w.phishing.ID, good)
	servicetest.Check(t, servicetest.Invalid("campaignID", apperr.UnknownID), err)
	_, err = w.importAs(t, w.Other.Owner.Ctx, w.phishing.ID, good)
	servicetest.Check(t, servicetest.Invalid("campaignID", apperr.UnknownID), err)
}

// The drill tool's CSV, in Shift_JIS with tabs or in UTF-8 with a byte order mark, records a
// password campaign done or not.
func TestDrillImport_ACSVFileInShiftJISOrUTF8(t *testing.T) {
	w := newDrillWorld(t)
	sjis, err := japanese.ShiftJIS.NewEncoder().String("メールアドレス\t実施\t部署\n" + w.email(w.Org.Member) + "\t済\t営業部\n" + w.email(w.Org.Secretariat) + "\t未\t\n")
	require.NoError(t, err)
	res, err := w.importAs(t, w.Org.Secretariat.Ctx, w.password.ID, []byte(sjis))
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	got := w.results(w.password.ID)
	assert.NotNil(t, got[w.Org.Member.UserID].CompletedAt)
	assert.Nil(t, got[w.Org.Secretariat.UserID].CompletedAt)

	utf8 := "\xef\xbb\xbfEmail,Done\n" + w.email(w.Org.Secretariat) + ",yes\n" + w.email(w.Org.Member) + ",maybe\n"
	before := w.Snapshot(t)
	res, err = w.importAs(t, w.Org.Secretariat.Ctx, w.password.ID, []byte(utf8))
	require.NoError(t, err)
	assert.Equal(t, []string{"3 Done INVALID_VALUE"}, problems(res))
	w.Unchanged(t, before)

	// A checklist or asset sheet takes no CSV.
	_, err = readTable(upload([]byte(utf8)), assetSheet)
	servicetest.Check(t, servicetest.Invalid("file", apperr.InvalidFormat), err)
}

// The training history lists every assignment by person, with the result of a drill and the
// status as of today; a person's own history holds only its rows, and a MEMBER's export only its
// own.
func TestTrainingHistory_ByPersonWithStatus(t *testing.T) {
	w := newDrillWorld(t)
	clicked := trainingassignment.DrillResultCLICKED
	_, err := w.training.RecordDrillResults(w.Org.Secretariat.Ctx, training.RecordDrillResultsInput{CampaignID: w.phishing.ID, Results: []training.DrillResult{{UserID: w.Org.Member.UserID, Result: &clicked}}})
	require.NoError(t, err)
	w.now = time.Date(2026, 12, 20, 9, 0, 0, 0, date.Calendar)
	read := func(ctx context.Context, person *pulid.ID) [][]string {
		t.Helper()
		b, err := w.svc.ExportTraining(ctx, w.Org.A, person, locale.English)
		require.NoError(t, err)
		f, err := excelize.OpenReader(bytes.NewReader(b))
		require.NoError(t, err)
		defer f.Close()
		rows, err := f.GetRows(f.GetSheetList()[0])
		require.NoError(t, err)
		return rows
	}
	all := read(w.Org.Secretariat.Ctx, nil)
	require.Len(t, all, 5, "header and two campaigns for two people")
	assert.Equal(t, "Name", all[0][0])
	col := func(h string) int {
		for i, c := range all[0] {
			if c == h {
				return i
			}
		}
		t.Fatalf("no column %s", h)
		return -1
	}
	var member [][]string
	for _, r := range all[1:] {
		if r[col("Email")] == w.email(w.Org.Member) {
			member = append(member, r)
		}
	}
	require.Len(t, member, 2)
	statuses := map[string][]string{}
	for _, r := range member {
		statuses[r[col("Course")]] = []string{r[col("Drill result")], r[col("Status")]}
	}
	assert.Equal(t, map[string][]string{"標的型メール訓練": {"CLICKED", "COMPLETED"}, "パスワード変更": {"NOT_DONE", "OVERDUE"}}, statuses)

	one := read(w.Org.Auditor.Ctx, &w.Org.Member.UserID)
	assert.Len(t, one, 3, "the auditor reads the member's history")
	own := read(w.Org.Member.Ctx, nil)
	assert.Len(t, own, 3, "a member exports only its own")
	_, err = w.svc.ExportTraining(w.Other.Owner.Ctx, w.Org.A, nil, locale.English)
	servicetest.Check(t, servicetest.NotFound, err)
}
