// Package testdb gives each test its own real database: a fresh SQLite file, or a fresh
// PostgreSQL database cloned from a template that the migrations built once per migration set.
// Services are never mocked. When PostgreSQL cannot be reached the test fails under CI (CI set)
// and is skipped with the reason elsewhere.
package testdb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/rls"
)

// AdminURL is the PostgreSQL URL of a role that may create databases (TEST_DATABASE_URL).
func AdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// RedisURL is the Redis the tests use (TEST_REDIS_URL), each under key prefixes of its own.
func RedisURL() string {
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// The two PostgreSQL roles of a deployment (README, "PostgreSQL roles"): the owner of the tables,
// which migrates, and the application role the server connects as, subject to row-level
// security. testdb creates them when missing; tests of data connect as the application role, so
// row-level security is always in force (a superuser or the owner would pass vacuously).
const (
	OwnerRole = "secretariat_owner"
	AppRole   = "secretariat_app"
)

// Each runs fn as a subtest per dialect, each with its own fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// EachParallel is Each with the dialects' subtests run in parallel (t.Parallel).
func EachParallel(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh database of the dialect, closed and dropped when the test ends.
func Open(t testing.TB, dialect string) *database.DB {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var opts database.Options
	switch dialect {
	case "sqlite":
		opts.DataDir = t.TempDir()
	case "postgres":
		opts.URL = Postgres(t)
	default:
		t.Fatalf("testdb: unknown dialect %q", dialect)
	}
	db, err := database.Open(ctx, opts, log)
	if err != nil {
		t.Fatalf("testdb: open %s: %v", dialect, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Unavailable fails the test under CI and skips it elsewhere, naming what is missing.
func Unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set: a suite that cannot reach its service fails)", msg)
	}
	t.Skipf("%s; start it (see README) or set CI=true to make this a failure", msg)
}

var (
	rolesOnce    sync.Once
	rolesErr     error
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// Postgres creates a migrated database holding no rows for the test and returns its URL for the
// application role.
func Postgres(t testing.TB) string {
	t.Helper()
	return AsRole(createDatabase(t, true), AppRole)
}

// EmptyPostgres creates a database without any schema, owned by the owner role, and returns its
// URL for the application role; AsRole(url, OwnerRole) migrates it.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	return AsRole(createDatabase(t, false), AppRole)
}

// AsRole returns the database URL rawURL for another role (trust authentication on loopback).
func AsRole(rawURL, role string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.User = url.User(role)
	return u.String()
}

// Raw returns a connection to db that row-level security does not apply to, for tests that set
// up rows behind the API's back or count every row of a table. On SQLite it is a pool of its
// own on the same file, so that a test holding it never takes the server's writing connection.
func Raw(t testing.TB, db *database.DB) *sql.DB {
	t.Helper()
	if db.Dialect != "postgres" {
		raw, err := sql.Open("sqlite", database.SQLiteDSN(db.File()))
		if err != nil {
			t.Fatalf("testdb: %v", err)
		}
		t.Cleanup(func() { _ = raw.Close() })
		return raw
	}
	var name string
	if err := db.SQL.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatalf("testdb: current database: %v", err)
	}
	raw, err := sql.Open("pgx", withDatabase(AdminURL(), name))
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	return raw
}

// ensureRoles creates the owner and application roles when they are missing.
func ensureRoles(ctx context.Context, admin *sql.DB) error {
	for role, attrs := range map[string]string{
		OwnerRole: "LOGIN",
		AppRole:   "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
	} {
		var exists bool
		if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role).Scan(&exists); err != nil {
			return err
		}
		if exists {
			continue
		}
		if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" "+attrs); err != nil && !strings.Contains(err.Error(), "already exists") {
			return fmt.Errorf("create role %s: %w", role, err)
		}
	}
	return nil
}

func createDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	template := ""
	if migrated {
		template = migratedTemplate(t)
	}
	return createDatabaseFrom(t, template)
}

// createDatabaseFrom creates a database as a copy of template ("" for none), dropped when the
// test ends, and returns its URL for the admin role.
func createDatabaseFrom(t testing.TB, template string) string {
	t.Helper()
	name := "test_" + strings.ToLower(string(pulid.New("db")))
	newDatabase(t, name, template)
	t.Cleanup(func() { dropDatabase(name) })
	return withDatabase(AdminURL(), name)
}

// migratedTemplate returns the template database of the current migrations, built on first use.
func migratedTemplate(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin := adminDB(t)
	defer admin.Close()
	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(ctx, admin) })
	if templateErr != nil {
		t.Fatalf("testdb: template: %v", templateErr)
	}
	return templateName
}

// adminDB connects as the admin role and makes sure the owner and application roles exist.
func adminDB(t testing.TB) *sql.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		Unavailable(t, "PostgreSQL is not reachable at %s: %v", redact(AdminURL()), err)
	}
	rolesOnce.Do(func() { rolesErr = ensureRoles(ctx, admin) })
	if rolesErr != nil {
		admin.Close()
		t.Fatalf("testdb: roles: %v", rolesErr)
	}
	return admin
}

// newDatabase creates the database name, owned by the owner role, as a copy of template ("" for
// none).
func newDatabase(t testing.TB, name, template string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin := adminDB(t)
	defer admin.Close()
	create := "CREATE DATABASE " + name + " OWNER " + OwnerRole
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.ExecContext(ctx, create); err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
}

func dropDatabase(name string) {
	admin, err := sql.Open("pgx", AdminURL())
	if err != nil {
		return
	}
	defer admin.Close()
	_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

// ensureTemplate builds the template database for the current migrations once, under an
// advisory lock, since test packages run in parallel processes.
func ensureTemplate(ctx context.Context, admin *sql.DB) (string, error) {
	sum, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "secretariat_tmpl_" + sum[:16]
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	lockKey := int64(binary.BigEndian.Uint64([]byte(sum[:8])))
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return "", fmt.Errorf("lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", lockKey)

	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Build under a scratch name and rename, so a half-built template is never used.
	building := name + "_building"
	_, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+building+" WITH (FORCE)")
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+building+" OWNER "+OwnerRole); err != nil {
		return "", fmt.Errorf("create template: %w", err)
	}
	db, err := sql.Open("pgx", AsRole(withDatabase(AdminURL(), building), OwnerRole))
	if err != nil {
		return "", err
	}
	err = database.Migrate(ctx, db, AppRole, slog.New(slog.NewTextHandler(io.Discard, nil)))
	db.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("ALTER DATABASE %s RENAME TO %s", building, name)); err != nil {
		return "", fmt.Errorf("rename template: %w", err)
	}
	return name, nil
}

func migrationsHash() (string, error) {
	h := sha256.New()
	h.Write([]byte(rls.Digest()))
	err := fs.WalkDir(database.Migrations(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(database.Migrations(), path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

func withDatabase(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path = "/" + name
	return u.String()
}

func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
