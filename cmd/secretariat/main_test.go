package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
	"secretariat/internal/tenancy/rls"
	"secretariat/internal/testdb"
)

func runArgs(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestRun_Version(t *testing.T) {
	out, _, err := runArgs(t, nil, "version")
	require.NoError(t, err)
	assert.Equal(t, "secretariat dev\n", out)
}

func TestRun_UnknownCommandShowsUsage(t *testing.T) {
	_, errOut, err := runArgs(t, nil, "launch")
	assert.Error(t, err)
	assert.Contains(t, errOut, `unknown command "launch"`)
	assert.Contains(t, errOut, "DATABASE_URL")
}

func TestRun_ServeReportsEveryBadSettingBeforeStarting(t *testing.T) {
	_, _, err := runArgs(t, map[string]string{"LOG_FORMAT": "xml", "ADDR": "nope"}, "serve")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "LOG_FORMAT:")
	assert.Contains(t, err.Error(), "ADDR:")
}

func TestRun_MigrateNeedsPostgres(t *testing.T) {
	_, _, err := runArgs(t, map[string]string{"DATA_DIR": t.TempDir()}, "migrate")
	assert.ErrorContains(t, err, "MIGRATION_DATABASE_URL")
	assert.ErrorContains(t, err, "DATABASE_URL to the application role")
}

func TestRun_SeedDemoIntoTheEmbeddedDatabase(t *testing.T) {
	out, _, err := runArgs(t, map[string]string{"DATA_DIR": t.TempDir()}, "seed", "--demo", "--companies", "2")
	require.NoError(t, err)
	assert.Contains(t, out, "with 2 client companies, 4 sites and 12 departments")
	assert.Regexp(t, `owner-[0-9a-z]{28}@demo\.secretariat\.example`, out, "each seed has an owner of its own")
	assert.Contains(t, out, "signs in with the password ")
}

func TestRun_MigrateAsTheOwnerThenWorkAsTheApplicationRole(t *testing.T) {
	app := testdb.EmptyPostgres(t)
	owner := testdb.AsRole(app, testdb.OwnerRole)
	dataDir := t.TempDir()

	_, _, err := runArgs(t, map[string]string{"DATABASE_URL": app, "DATA_DIR": dataDir}, "seed", "--demo")
	require.ErrorIs(t, err, database.ErrSchemaBehind, "nothing runs on an unmigrated database")

	_, _, err = runArgs(t, map[string]string{"DATABASE_URL": app, "MIGRATION_DATABASE_URL": owner}, "migrate")
	require.NoError(t, err)

	out, _, err := runArgs(t, map[string]string{"DATABASE_URL": app, "DATA_DIR": dataDir}, "seed", "--demo", "--companies", "1")
	require.NoError(t, err, "the application role was granted the rows, and the system context passes row-level security")
	assert.Contains(t, out, "with 1 client companies")

	_, _, err = runArgs(t, map[string]string{"DATABASE_URL": owner, "DATA_DIR": dataDir}, "serve")
	require.ErrorIs(t, err, rls.ErrIsolation, "serve refuses the owner role")
	assert.ErrorContains(t, err, "owns table")

	_, _, err = runArgs(t, map[string]string{"DATABASE_URL": app, "DATA_DIR": dataDir, "MIGRATE": "true"}, "serve")
	assert.ErrorContains(t, err, "MIGRATE: needs MIGRATION_DATABASE_URL")
}
