package seed_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/company"
	"secretariat/internal/auth/password"
	"secretariat/internal/database"
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
