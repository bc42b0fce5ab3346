package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"

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

// serve paces the garbage collector by the live heap (GC_HEAP_TARGET), unless GOGC is set or
// the target is 0, and gives the pace back when it stops.
func TestRun_ServePacesTheCollectorUnlessGOGCIsSet(t *testing.T) {
	original := debug.SetGCPercent(150)
	t.Cleanup(func() { debug.SetGCPercent(original) })
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, `msg="garbage collector paced by the live heap" heap_target_bytes=50331648`},
		{map[string]string{"GC_HEAP_TARGET": "134217728"}, `msg="garbage collector paced by the live heap" heap_target_bytes=134217728`},
		{map[string]string{"GOGC": "200"}, `msg="garbage collector paced by GOGC" GOGC=200`},
		{map[string]string{"GC_HEAP_TARGET": "0"}, ""},
	} {
		c.env["DATA_DIR"] = t.TempDir()
		c.env["ADDR"] = "127.0.0.1:0"
		ctx, stop := context.WithCancel(context.Background())
		var log testdb.LogBuffer
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"serve"}, func(k string) string { return c.env[k] }, io.Discard, &log)
		}()
		require.Eventually(t, func() bool { return strings.Contains(log.String(), `msg=listening`) }, time.Minute, 10*time.Millisecond, "%v: %s", c.env, &log)
		stop()
		require.NoError(t, <-done)
		if c.want != "" {
			assert.Contains(t, log.String(), c.want, c.env)
		} else {
			assert.NotContains(t, log.String(), "garbage collector paced", c.env)
		}
		assert.Equal(t, 150, debug.SetGCPercent(150), "%v: the pace found at start is given back", c.env)
	}
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

func TestRun_SeedScaleIntoTheEmbeddedDatabase(t *testing.T) {
	out, _, err := runArgs(t, map[string]string{"DATA_DIR": t.TempDir()},
		"seed", "--scale", "--companies", "2", "--sites", "3", "--risks", "7", "--tasks", "5", "--documents", "4", "--orgs", "2")
	require.NoError(t, err)
	assert.Contains(t, out, "consultancy: companies 2/2, sites 3/3, risks 7/7, tasks 5/5, documents 4/4", "progress")
	assert.Contains(t, out, "other organizations: 2/2")
	assert.Contains(t, out, ": 1 organization, 2 users, 2 companies, 3 sites,")
	assert.Contains(t, out, "7 risks, 5 tasks, 4 documents with ")
	assert.Contains(t, out, "Around it: 2 organizations, 2 users, 2 companies, 4 sites,")
	assert.Regexp(t, `owner-[0-9a-z]{28}@scale\.secretariat\.example`, out, "each seed has an owner of its own")
	assert.Contains(t, out, "signs in with the password ")
}

// Sizes that cannot be seeded are refused with the reason before anything is opened.
func TestRun_SeedRefusesBadSizes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--scale", "--companies", "-1"}, "companies must be at least 1, not -1"},
		{[]string{"--scale", "--companies", "0"}, "companies must be at least 1, not 0"},
		{[]string{"--scale", "--risks", "-5"}, "risks must not be negative, not -5"},
		{[]string{"--scale", "--tasks", "-1"}, "tasks must not be negative"},
		{[]string{"--scale", "--documents", "-1"}, "documents must not be negative"},
		{[]string{"--scale", "--orgs", "-1"}, "orgs must not be negative"},
		{[]string{"--scale", "--companies", "3", "--sites", "2"}, "sites must be at least the number of companies (3: each company has a site), not 2"},
		{[]string{"--scale", "--sites", "100"}, "sites must be at least the number of companies (200"},
		{[]string{"--scale", "--risks", "many"}, `invalid value "many" for flag -risks`},
		{[]string{"--demo", "--scale"}, "--demo and --scale are two datasets: choose one"},
		{[]string{"--demo", "--risks", "10"}, "--risks goes with --scale, not --demo"},
		{nil, "say what to seed: --demo or --scale"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			dataDir := t.TempDir()
			_, _, err := runArgs(t, map[string]string{"DATA_DIR": dataDir}, append([]string{"seed"}, tc.args...)...)
			require.Error(t, err)
			assert.ErrorContains(t, err, tc.want)
			entries, err := os.ReadDir(dataDir)
			require.NoError(t, err)
			assert.Empty(t, entries, "no database was opened")
		})
	}
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
