package database_test

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
	"secretariat/internal/tenancy/rls"
	"secretariat/internal/testdb"
)

var quiet = slog.New(slog.DiscardHandler)

func TestOpen_SQLiteFileWithForeignKeysWALAndSchema(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	db, err := database.Open(context.Background(), database.Options{DataDir: dir}, quiet)
	require.NoError(t, err)
	defer db.Close()
	_, err = os.Stat(filepath.Join(dir, "secretariat.db"))
	require.NoError(t, err, "the file is created in DATA_DIR")

	var fk int
	var mode string
	require.NoError(t, db.SQL.QueryRow("PRAGMA foreign_keys").Scan(&fk))
	require.NoError(t, db.SQL.QueryRow("PRAGMA journal_mode").Scan(&mode))
	assert.Equal(t, 1, fk)
	assert.Equal(t, "wal", mode)

	_, err = db.SQL.Exec(`INSERT INTO sites (id, created_at, updated_at, name, company_id, organization_id)
		VALUES ('SI1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'x', 'CO-missing', 'OR-missing')`)
	assert.ErrorContains(t, err, "FOREIGN KEY", "foreign keys are enforced")
}

func TestOpen_PostgresRefusesASchemaThatIsBehind(t *testing.T) {
	url := testdb.EmptyPostgres(t)
	ctx := context.Background()
	_, err := database.Open(ctx, database.Options{URL: url}, quiet)
	require.ErrorIs(t, err, database.ErrSchemaBehind)
	assert.ErrorContains(t, err, "secretariat migrate")
	assert.ErrorContains(t, err, "--migrate")

	db, err := database.Open(ctx, database.Options{URL: url, Migrate: true, MigrationURL: testdb.AsRole(url, testdb.OwnerRole)}, quiet)
	require.NoError(t, err)
	require.NoError(t, db.Close())

	db, err = database.Open(ctx, database.Options{URL: url}, quiet)
	require.NoError(t, err, "a current schema is accepted")
	require.NoError(t, db.Close())
}

func TestMigrations_GoDownAndUpAgain(t *testing.T) {
	sqlDB, err := sql.Open("pgx", testdb.AsRole(testdb.Postgres(t), testdb.OwnerRole))
	require.NoError(t, err)
	defer sqlDB.Close()
	ctx := context.Background()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, database.Migrations())
	require.NoError(t, err)
	_, err = p.DownTo(ctx, 0)
	require.NoError(t, err)
	var tables int
	require.NoError(t, sqlDB.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`).Scan(&tables))
	assert.Zero(t, tables, "every migration undoes itself")
	require.NoError(t, database.Migrate(ctx, sqlDB, testdb.AppRole, quiet))
	require.NoError(t, database.CheckCurrent(ctx, sqlDB))
}

func TestOpen_PostgresRefusesARoleThatRowLevelSecurityDoesNotBind(t *testing.T) {
	url := testdb.Postgres(t)
	ctx := context.Background()
	for name, u := range map[string]string{
		"the owner of the tables": testdb.AsRole(url, testdb.OwnerRole),
		"a superuser":             testdb.AsRole(url, "postgres"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := database.Open(ctx, database.Options{URL: u}, quiet)
			require.ErrorIs(t, err, rls.ErrIsolation)
		})
	}
	db, err := database.Open(ctx, database.Options{URL: url}, quiet)
	require.NoError(t, err, "the application role is accepted")
	require.NoError(t, db.Close())
}

func TestOpen_PostgresRefusesATableWithoutItsPolicy(t *testing.T) {
	url := testdb.Postgres(t)
	owner, err := sql.Open("pgx", testdb.AsRole(url, testdb.OwnerRole))
	require.NoError(t, err)
	defer owner.Close()
	_, err = owner.Exec(`ALTER TABLE sites NO FORCE ROW LEVEL SECURITY`)
	require.NoError(t, err)
	ctx := context.Background()
	_, err = database.Open(ctx, database.Options{URL: url}, quiet)
	require.ErrorIs(t, err, rls.ErrIsolation)
	assert.ErrorContains(t, err, "table sites lacks its current policy")

	require.NoError(t, database.Migrate(ctx, owner, testdb.AppRole, quiet), "migrate restores the policy")
	db, err := database.Open(ctx, database.Options{URL: url}, quiet)
	require.NoError(t, err)
	require.NoError(t, db.Close())
}

func TestValidateURL_AcceptsOnlyPostgres(t *testing.T) {
	assert.NoError(t, database.ValidateURL(""))
	assert.NoError(t, database.ValidateURL("postgres://app@db:5432/secretariat?sslmode=require"))
	assert.NoError(t, database.ValidateURL("postgresql://app@db/secretariat"))
	assert.Error(t, database.ValidateURL("mysql://x"))
	assert.Error(t, database.ValidateURL("secretariat.db"))
}

func TestOpen_PostgresPlansEachStatementForItsArguments(t *testing.T) {
	db := testdb.Open(t, "postgres")
	var mode string
	require.NoError(t, db.SQL.QueryRow("SHOW plan_cache_mode").Scan(&mode))
	assert.Equal(t, "force_custom_plan", mode, "a generic plan ignores how few rows a tenant has")
}
