package testdb

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"secretariat/internal/database"
	"secretariat/internal/pulid"
)

// Fixture is a database of one dialect that build fills once per test binary (through the API
// of a server, or the ent client) and that every test asking for it gets a fresh copy of: on
// PostgreSQL a database created with the fixture as its template, on SQLite a copy of the file.
// A test changes its copy only, so tests that write can share a fixture and run in parallel.
// The value build returns (tokens, IDs, the signing key that made the tokens) stays valid in
// every copy. DropFixtures, from TestMain, removes the fixtures when the binary ends.
type Fixture[T any] struct {
	dialect string
	build   func(t testing.TB, db *database.DB) T

	once  sync.Once
	built bool
	value T
	// pgName is the PostgreSQL fixture database; sqliteFile the SQLite one.
	pgName     string
	sqliteFile string
}

// NewFixture returns a fixture of the dialect that build fills on first use.
func NewFixture[T any](dialect string, build func(t testing.TB, db *database.DB) T) *Fixture[T] {
	return &Fixture[T]{dialect: dialect, build: build}
}

var (
	fixturesMu sync.Mutex
	dropAll    []func()
)

// DropFixtures drops the fixture databases and files this binary built.
func DropFixtures() {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	for _, drop := range dropAll {
		drop()
	}
	dropAll = nil
}

func registerDrop(drop func()) {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	dropAll = append(dropAll, drop)
}

// Open returns a fresh copy of the fixture's database, closed and dropped when the test ends,
// and the value build returned. The first caller builds the fixture.
func (f *Fixture[T]) Open(t testing.TB) (*database.DB, T) {
	t.Helper()
	f.once.Do(func() { f.make(t) })
	if !f.built {
		t.Fatalf("testdb: the %s fixture could not be built (see the test that built it)", f.dialect)
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var opts database.Options
	switch f.dialect {
	case "sqlite":
		opts.DataDir = t.TempDir()
		if err := copyFile(f.sqliteFile, filepath.Join(opts.DataDir, "secretariat.db")); err != nil {
			t.Fatalf("testdb: copy the sqlite fixture: %v", err)
		}
	case "postgres":
		opts.URL = AsRole(createDatabaseFrom(t, f.pgName), AppRole)
	}
	db, err := database.Open(ctx, opts, log)
	if err != nil {
		t.Fatalf("testdb: open a copy of the %s fixture: %v", f.dialect, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, f.value
}

// make builds the fixture in a database that outlives the test building it.
func (f *Fixture[T]) make(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var opts database.Options
	switch f.dialect {
	case "sqlite":
		dir, err := os.MkdirTemp("", "secretariat-fixture-")
		if err != nil {
			t.Fatalf("testdb: %v", err)
		}
		registerDrop(func() { _ = os.RemoveAll(dir) })
		opts.DataDir = dir
		f.sqliteFile = filepath.Join(dir, "secretariat.db")
	case "postgres":
		// Named like the tests' databases, so that .ci/postgres-roles.sh drops it should the
		// binary be killed before DropFixtures.
		f.pgName = "test_fixture_" + strings.ToLower(string(pulid.New("db")))
		newDatabase(t, f.pgName, migratedTemplate(t))
		registerDrop(func() { dropDatabase(f.pgName) })
		opts.URL = AsRole(withDatabase(AdminURL(), f.pgName), AppRole)
	default:
		t.Fatalf("testdb: unknown dialect %q", f.dialect)
	}
	db, err := database.Open(ctx, opts, log)
	if err != nil {
		t.Fatalf("testdb: open the %s fixture: %v", f.dialect, err)
	}
	value := f.build(t, db)
	switch f.dialect {
	case "sqlite":
		// Fold the write-ahead log into the file, so that a copy of the file is the whole database.
		if _, err := db.SQL.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			t.Fatalf("testdb: checkpoint the sqlite fixture: %v", err)
		}
		_ = db.Close()
	case "postgres":
		_ = db.Close()
		if err := closeToConnections(ctx, f.pgName); err != nil {
			t.Fatalf("testdb: keep the postgres fixture: %v", err)
		}
	}
	f.value, f.built = value, true
}

// closeToConnections ends the connections to the database name that its builder left open (a
// raw handle, a server's pool), which would keep copies of it from being made, and refuses new
// ones: tests open copies, never the fixture.
func closeToConnections(ctx context.Context, name string) error {
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		return err
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS false"); err != nil {
		return err
	}
	_, err = admin.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
	return err
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}
