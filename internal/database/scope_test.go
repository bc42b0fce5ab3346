package database_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/organization"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// fixture makes an organization with its owner and n companies, in the system context.
func fixture(t *testing.T, db *database.DB, n int) *viewer.Viewer {
	t.Helper()
	sys := viewer.System(context.Background(), quiet, "test fixture")
	org := db.Client.Organization.Create().SetName("alpha").SetKind(organization.KindCONSULTANCY).SaveX(sys)
	u := db.Client.User.Create().SetEmail("owner@alpha.example").SetName("owner").SaveX(sys)
	db.Client.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(viewer.RoleOwner).SaveX(sys)
	for range n {
		db.Client.Company.Create().SetOrganizationID(org.ID).SetName("client").SaveX(sys)
	}
	return &viewer.Viewer{UserID: u.ID, OrganizationID: org.ID, Role: viewer.RoleOwner}
}

func TestOperation_ConcurrentStatementsShareOneTransaction(t *testing.T) {
	db := testdb.Open(t, "postgres")
	v := fixture(t, db, 5)
	ctx, op, err := db.BeginOperation(viewer.NewContext(context.Background(), v), true)
	require.NoError(t, err)
	// gqlgen resolves fields concurrently; the operation's single connection must take them in turn.
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 40 {
		wg.Go(func() {
			cs, err := db.Client.Company.Query().WithOrganization().All(ctx)
			if err == nil && len(cs) != 5 {
				err = errors.New("a statement saw another snapshot")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, op.Commit())
}

func TestOperation_QueriesAreReadOnly(t *testing.T) {
	db := testdb.Open(t, "postgres")
	v := fixture(t, db, 1)
	ctx, op, err := db.BeginOperation(viewer.NewContext(context.Background(), v), true)
	require.NoError(t, err)
	defer op.Rollback()
	_, err = db.Client.Company.Create().SetName("sneaked in by a query").Save(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read-only transaction")
}

func TestOperation_ANestedTransactionRollsBackAlone(t *testing.T) {
	db := testdb.Open(t, "postgres")
	v := fixture(t, db, 0)
	ctx, op, err := db.BeginOperation(viewer.NewContext(context.Background(), v), false)
	require.NoError(t, err)
	db.Client.Company.Create().SetName("kept").SaveX(ctx)
	failed := errors.New("second step failed")
	err = database.WithTx(ctx, db.Client, func(tx *ent.Client) error {
		tx.Company.Create().SetName("undone").SaveX(ctx)
		return failed
	})
	require.ErrorIs(t, err, failed)
	require.NoError(t, database.WithTx(ctx, db.Client, func(tx *ent.Client) error {
		return tx.Company.Create().SetName("also kept").Exec(ctx)
	}))
	require.NoError(t, op.Commit())

	names := db.Client.Company.Query().Order(ent.Asc("name")).Select("name").StringsX(viewer.NewContext(context.Background(), v))
	assert.Equal(t, []string{"also kept", "kept"}, names)
}

func TestOperation_ScopeFollowsEachStatementsContext(t *testing.T) {
	db := testdb.Open(t, "postgres")
	v := fixture(t, db, 2)
	other := &viewer.Viewer{UserID: pulid.New("US"), OrganizationID: pulid.New("OR"), Role: viewer.RoleOwner}
	ctx, op, err := db.BeginOperation(viewer.NewContext(context.Background(), v), true)
	require.NoError(t, err)
	defer op.Rollback()
	assert.Equal(t, 2, db.Client.Company.Query().CountX(ctx))
	// Within the same transaction, a statement of another viewer gets that viewer's settings.
	assert.Zero(t, db.Client.Company.Query().CountX(viewer.NewContext(ctx, other)))
	sys := viewer.System(ctx, quiet, "test check")
	assert.Equal(t, 1, db.Client.Organization.Query().CountX(sys))
	assert.Equal(t, 2, db.Client.Company.Query().CountX(ctx), "and back")
}

func TestOperation_IsNothingOnSQLite(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	ctx := context.Background()
	got, op, err := db.BeginOperation(ctx, false)
	require.NoError(t, err)
	assert.Nil(t, op)
	assert.Equal(t, ctx, got)
	assert.NoError(t, op.Commit())
}
