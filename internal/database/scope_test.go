package database_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/company"
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

func TestOperation_OnSQLiteOnlyAMutationGetsATransaction(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	ctx := viewer.System(context.Background(), quiet, "test")
	got, op, err := db.BeginOperation(ctx, true)
	require.NoError(t, err)
	assert.Nil(t, op, "a query runs as it is")
	assert.Equal(t, ctx, got)
	assert.NoError(t, op.Commit())

	org := db.Client.Organization.Create().SetName("kept").SetKind(organization.KindCONSULTANCY).SaveX(ctx)
	opCtx, op, err := db.BeginOperation(ctx, false)
	require.NoError(t, err)
	require.NotNil(t, op)
	db.Client.Company.Create().SetOrganizationID(org.ID).SetName("undone").SaveX(opCtx)
	require.NoError(t, op.Rollback())
	assert.Zero(t, db.Client.Company.Query().CountX(ctx), "a mutation's writes go with its transaction")

	opCtx, op, err = db.BeginOperation(ctx, false)
	require.NoError(t, err)
	db.Client.Company.Create().SetOrganizationID(org.ID).SetName("kept").SaveX(opCtx)
	require.NoError(t, op.Commit())
	assert.Equal(t, 1, db.Client.Company.Query().CountX(ctx))
}

func TestStep_AFailedStepIsUndoneAndTheRestStands(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		ctx := viewer.System(context.Background(), quiet, "test")
		org := db.Client.Organization.Create().SetName("org").SetKind(organization.KindCONSULTANCY).SaveX(ctx)
		opCtx, op, err := db.BeginOperation(ctx, false)
		require.NoError(t, err)
		require.NoError(t, database.Step(opCtx, func() error {
			return db.Client.Company.Create().SetOrganizationID(org.ID).SetName("first").Exec(opCtx)
		}))
		failed := errors.New("the second step fails after writing")
		err = database.Step(opCtx, func() error {
			db.Client.Company.Create().SetOrganizationID(org.ID).SetName("second").SaveX(opCtx)
			return failed
		})
		require.ErrorIs(t, err, failed)
		assert.Panics(t, func() {
			_ = database.Step(opCtx, func() error {
				db.Client.Company.Create().SetOrganizationID(org.ID).SetName("third").SaveX(opCtx)
				panic("a resolver panics after writing")
			})
		})
		refused := errors.New("refused, but what led to it stands")
		err = database.Step(opCtx, func() error {
			db.Client.Company.Create().SetOrganizationID(org.ID).SetName("kept").SaveX(opCtx)
			return database.KeepWrites(refused)
		})
		require.ErrorIs(t, err, refused)
		require.NoError(t, op.Commit())
		names := db.Client.Company.Query().Order(company.ByName()).Select(company.FieldName).StringsX(ctx)
		assert.Equal(t, []string{"first", "kept"}, names)
	})
}
