package seed_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/company"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/meeting"
	"secretariat/ent/risk"
	"secretariat/ent/task"
	"secretariat/internal/auth/password"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/seed"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

func TestDemo_CreatesAConsultancyWithClientCompaniesSitesAndDepartments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		var logs bytes.Buffer
		res, err := seed.Demo(context.Background(), db.Client, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), seed.Options{Companies: 3})
		require.NoError(t, err)
		assert.Equal(t, 3, res.Companies)
		assert.Equal(t, 6, res.Sites)
		assert.Equal(t, 18, res.Departments)
		assert.Contains(t, logs.String(), "system context", "the bypass is logged")
		require.NotEmpty(t, res.OwnerPassword)
		require.NoError(t, password.Validate(res.OwnerPassword), "the generated password meets the sign-up rules")
		stored := db.Client.User.GetX(viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test"), res.Owner.ID).PasswordHash
		assert.NotContains(t, stored, res.OwnerPassword, "only the hash is stored")
		ok, _, err := password.Verify(stored, res.OwnerPassword)
		require.NoError(t, err)
		assert.True(t, ok, "the owner can sign in with the password shown")

		// The owner sees exactly the seeded data through the tenant filters.
		ctx := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: res.Owner.ID, OrganizationID: res.Organization.ID, Role: viewer.RoleOwner})
		assert.Equal(t, 3, db.Client.Company.Query().CountX(ctx))
		assert.Equal(t, 18, db.Client.Department.Query().CountX(ctx))
		names := db.Client.Company.Query().Order(company.ByID()).AllX(ctx)
		assert.Equal(t, "株式会社さくら精工", names[0].Name)
	})
}

// The demo can be seeded again on the same database: each seed has an owner of its own.
func TestDemo_SeedsAgainOnTheSameDatabase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		quiet := slog.New(slog.DiscardHandler)
		first, err := seed.Demo(context.Background(), db.Client, quiet, seed.Options{Companies: 1})
		require.NoError(t, err)
		second, err := seed.Demo(context.Background(), db.Client, quiet, seed.Options{Companies: 1})
		require.NoError(t, err, "a second seed on the same database")
		assert.NotEqual(t, first.Owner.Email, second.Owner.Email)
		assert.NotEqual(t, first.Organization.ID, second.Organization.ID)
		sys := viewer.System(context.Background(), quiet, "test")
		assert.Equal(t, 2, db.Client.Organization.Query().CountX(sys), "no organization left behind")
	})
}

func TestDemo_ReportsProgressOnLargeSeeds(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	var progress bytes.Buffer
	res, err := seed.Demo(context.Background(), db.Client, slog.New(slog.DiscardHandler), seed.Options{Companies: 100, Progress: &progress})
	require.NoError(t, err)
	assert.Equal(t, 100, res.Companies)
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	assert.Len(t, lines, 20)
	assert.True(t, strings.HasPrefix(lines[len(lines)-1], "seeded 100/100 companies"), lines[len(lines)-1])
}

func TestDemo_RefusesZeroCompanies(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	_, err := seed.Demo(context.Background(), db.Client, slog.New(slog.DiscardHandler), seed.Options{})
	assert.Error(t, err)
}

// The first company is a living workspace: what a newcomer exploring the API expects to find,
// written through the modules' services.
func TestDemo_TheFirstCompanyIsALivingWorkspace(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		res, err := seed.Demo(context.Background(), db.Client, slog.New(slog.DiscardHandler), seed.Options{Companies: 2, DataDir: t.TempDir()})
		require.NoError(t, err)
		ctx := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: res.Owner.ID, OrganizationID: res.Organization.ID, Role: viewer.RoleOwner})
		first := db.Client.Company.Query().Order(company.ByID()).FirstX(ctx)

		statuses := map[documentversion.Status]int{}
		for _, v := range db.Client.DocumentVersion.Query().Where(documentversion.CompanyID(first.ID)).AllX(ctx) {
			statuses[v.Status]++
		}
		assert.Positive(t, statuses[documentversion.StatusAPPROVED], "an approved document (the policy, the minutes)")
		assert.Equal(t, 1, statuses[documentversion.StatusIN_REVIEW], "a document in review")
		assert.Equal(t, 2, statuses[documentversion.StatusDRAFT], "a standard in draft, and the meeting's minutes awaiting their approval")
		assert.Equal(t, 93, db.Client.ControlImplementation.Query().Where(controlimplementation.CompanyID(first.ID)).CountX(ctx), "the SoA is initialised")
		assert.Equal(t, 1, db.Client.Risk.Query().Where(risk.CompanyID(first.ID), risk.StatusEQ(risk.StatusACCEPTED)).CountX(ctx), "a risk accepted")
		assert.Equal(t, 1, db.Client.Risk.Query().Where(risk.CompanyID(first.ID), risk.StatusEQ(risk.StatusTREATING)).CountX(ctx), "a risk being treated")
		assert.Equal(t, 1, db.Client.Task.Query().Where(task.CompanyID(first.ID), task.SourceEQ(task.SourceRISK_TREATMENT)).CountX(ctx), "its treatment task")
		assert.Equal(t, 1, db.Client.Task.Query().Where(task.CompanyID(first.ID), task.DueDateLT(date.Today(time.Now())), task.StatusNEQ(task.StatusDONE)).CountX(ctx), "an overdue task")
		assert.Equal(t, 1, db.Client.Task.Query().Where(task.CompanyID(first.ID), task.RecurrenceEQ(task.RecurrenceMONTHLY)).CountX(ctx), "a recurring task")
		mt := db.Client.Meeting.Query().Where(meeting.CompanyID(first.ID)).OnlyX(ctx)
		require.NotNil(t, mt.MinutesVersionID, "the meeting's minutes are published")
		assert.Equal(t, documentversion.StatusDRAFT, db.Client.DocumentVersion.GetX(ctx, *mt.MinutesVersionID).Status)
		assert.Equal(t, 1, db.Client.Task.Query().Where(task.CompanyID(first.ID), task.SourceEQ(task.SourceMEETING)).CountX(ctx), "its action item")
		second := db.Client.Company.Query().Order(company.ByID()).Offset(1).FirstX(ctx)
		assert.Zero(t, db.Client.Document.Query().Where(document.CompanyID(second.ID)).CountX(ctx), "the other companies hold only their structure")
	})
}
