// Package database opens the store behind the ent client: an embedded SQLite file when nothing
// is configured, PostgreSQL (through pgx) in production, and keeps the PostgreSQL schema current
// with versioned migrations embedded in the binary.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"entgo.io/ent/dialect"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"secretariat/ent"
	_ "secretariat/ent/runtime" // hooks, interceptors and defaults of the schema
	"secretariat/internal/tenancy/rls"
)

// Options say which database to open and how.
type Options struct {
	// URL is a postgres:// URL; empty means the embedded SQLite file in DataDir.
	URL string
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// MaxOpenConns bounds the connection pool (0: the default for the dialect).
	MaxOpenConns int
	// Migrate applies pending PostgreSQL migrations instead of refusing a schema that is behind.
	Migrate bool
	// MigrationURL is the postgres:// URL of the role that owns the tables, used to migrate; URL
	// connects as the application role, which row-level security applies to.
	MigrationURL string
}

// DB is an open database with its ent client.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
	// Driver is the ent driver under Client.
	Driver dialect.Driver
	// scoped is the driver that gives an operation its transaction and, on PostgreSQL, sets each
	// statement's row-level security scope.
	scoped *scopedDriver
}

// WithDriver returns a copy of db whose client runs through wrap(db.Driver), for instruments
// such as statement counters.
func (db *DB) WithDriver(wrap func(dialect.Driver) dialect.Driver) *DB {
	cp := *db
	cp.Driver = wrap(db.Driver)
	cp.Client = ent.NewClient(ent.Driver(cp.Driver))
	return &cp
}

// TransactionsBegun counts the transactions the server has begun on the database (operations,
// and on PostgreSQL the transaction of each statement outside one): a request that touches no
// table begins none.
func (db *DB) TransactionsBegun() int64 {
	if db.scoped == nil {
		return 0
	}
	return db.scoped.begun.Load()
}

// Close closes the client and the pool.
func (db *DB) Close() error { return db.Client.Close() }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// ErrSchemaBehind is returned when a PostgreSQL schema lacks migrations this binary needs.
var ErrSchemaBehind = errors.New("database schema is behind")

// IsPostgres reports whether a database URL names PostgreSQL.
func IsPostgres(rawURL string) bool {
	return strings.HasPrefix(rawURL, "postgres://") || strings.HasPrefix(rawURL, "postgresql://")
}

// ValidateURL checks a DATABASE_URL before anything is opened.
func ValidateURL(rawURL string) error {
	if rawURL == "" {
		return nil
	}
	if !IsPostgres(rawURL) {
		return errors.New("must be a postgres:// or postgresql:// URL (leave it empty for the embedded SQLite file)")
	}
	if _, err := url.Parse(rawURL); err != nil {
		return fmt.Errorf("is not a valid URL: %w", err)
	}
	return nil
}

// Open opens the database the options name and brings its schema up to date: SQLite by creating
// it from the ent schema, PostgreSQL by checking (or with Migrate, applying) the migrations.
func Open(ctx context.Context, opts Options, log *slog.Logger) (*DB, error) {
	if opts.URL == "" {
		return openSQLite(ctx, opts, log)
	}
	return openPostgres(ctx, opts, log)
}

func openSQLite(ctx context.Context, opts Options, log *slog.Logger) (*DB, error) {
	if err := os.MkdirAll(opts.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	path := filepath.Join(opts.DataDir, "secretariat.db")
	sqlDB, err := sql.Open("sqlite", SQLiteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if opts.MaxOpenConns > 0 {
		sqlDB.SetMaxOpenConns(opts.MaxOpenConns)
	}
	drv := &scopedDriver{Driver: entsql.OpenDB(dialect.SQLite, sqlDB)}
	db := &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: sqlDB, Dialect: dialect.SQLite, Driver: drv, scoped: drv}
	if err := createSchema(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("create sqlite schema: %w", err)
	}
	log.InfoContext(ctx, "database ready", "dialect", "sqlite", "path", path)
	return db, nil
}

// tables guards ent's table definitions (ent/migrate.Tables): its schema migration writes to them
// (links columns to their indexes, names keys), so two databases created at once in one process
// (tests open many) must not migrate together, nor while the policies are read from them.
var tables sync.Mutex

// createSchema creates or updates the SQLite schema from ent's table definitions.
func createSchema(ctx context.Context, client *ent.Client) error {
	tables.Lock()
	defer tables.Unlock()
	return client.Schema.Create(ctx)
}

// SQLiteDSN is the connection string of an SQLite file with the settings the server relies on:
// foreign keys enforced, WAL so readers do not block the writer, a busy timeout instead of
// immediate "database is locked" errors, and write transactions that take the lock up front.
func SQLiteDSN(path string) string {
	return "file:" + path +
		"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
}

func openPostgres(ctx context.Context, opts Options, log *slog.Logger) (*DB, error) {
	if opts.Migrate {
		if opts.MigrationURL == "" {
			return nil, errors.New("migrating needs the owner role's URL (MIGRATION_DATABASE_URL)")
		}
		if err := MigrateURL(ctx, opts.MigrationURL, opts.URL, log); err != nil {
			return nil, err
		}
	}
	sqlDB, err := sql.Open("pgx", opts.URL)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	maxOpen := opts.MaxOpenConns
	if maxOpen == 0 {
		maxOpen = 20
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(maxOpen)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	if err := CheckCurrent(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := rls.CheckIsolation(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, err
	}
	drv := &scopedDriver{Driver: entsql.OpenDB(dialect.Postgres, sqlDB), rls: true}
	db := &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: sqlDB, Dialect: dialect.Postgres, Driver: drv, scoped: drv}
	log.InfoContext(ctx, "database ready", "dialect", "postgres")
	return db, nil
}
