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
	"runtime"
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
	// MaxOpenConns bounds the connection pool (0: the default for the dialect). On SQLite it is
	// the number of reading connections; writes always have one connection of their own.
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
	// readers is SQLite's pool of read-only connections (nil on PostgreSQL); SQL is then the
	// one writing connection.
	readers *sql.DB
	// file is the SQLite file ("" on PostgreSQL).
	file string
}

// ReadPool is SQLite's pool of read-only connections, nil on PostgreSQL.
func (db *DB) ReadPool() *sql.DB { return db.readers }

// File is the path of the SQLite file, empty on PostgreSQL.
func (db *DB) File() string { return db.file }

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

// Close closes the client and the pools.
func (db *DB) Close() error {
	err := db.Client.Close()
	if db.readers != nil {
		err = errors.Join(err, db.readers.Close())
	}
	return err
}

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
	// SQLite lets one connection write at a time. Writes get one connection of their own, so a
	// writer waits for the previous one in the pool (where its deadline applies) rather than
	// inside SQLite's busy handler holding a connection, and a write cannot take the connection a
	// read needs. Reads get a bounded pool of read-only connections: WAL lets them run beside
	// the writer, and each connection's page cache and statements are memory the bound caps.
	writer, err := sql.Open("sqlite", SQLiteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	readers, err := sql.Open("sqlite", SQLiteDSN(path)+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := opts.MaxOpenConns
	if n == 0 {
		n = SQLiteReaders()
	}
	readers.SetMaxOpenConns(n)
	readers.SetMaxIdleConns(n)
	drv := &scopedDriver{Driver: entsql.OpenDB(dialect.SQLite, writer), readers: entsql.OpenDB(dialect.SQLite, readers)}
	db := &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: writer, Dialect: dialect.SQLite, Driver: drv, scoped: drv, readers: readers, file: path}
	if err := createSchema(ctx, db.Client); err != nil {
		db.Close()
		return nil, fmt.Errorf("create sqlite schema: %w", err)
	}
	log.InfoContext(ctx, "database ready", "dialect", "sqlite", "path", path, "readers", n)
	return db, nil
}

// withCustomPlans asks PostgreSQL to plan each statement for its arguments
// (plan_cache_mode=force_custom_plan) unless the URL sets plan_cache_mode itself. pgx prepares
// the statements it runs, and after five runs PostgreSQL may switch a prepared statement to a
// generic plan, made without the arguments: for the `IN (…)` lists that load a page's edges, and
// the row-level security filters whose tenant comes from a setting, that plan does not know how
// few rows a tenant has, and was measured twice as slow once a database held fifty
// organizations. Planning costs a fraction of a millisecond per statement.
func withCustomPlans(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || !IsPostgres(rawURL) {
		return rawURL // ValidateURL has reported it, or it names a pgx configuration registered in process
	}
	q := u.Query()
	if q.Has("plan_cache_mode") {
		return rawURL
	}
	q.Set("plan_cache_mode", "force_custom_plan")
	u.RawQuery = q.Encode()
	return u.String()
}

// SQLiteReaders is the default number of SQLite's reading connections: two per CPU the process
// may use, and at least four. A read is CPU work in this process (the SQLite engine is Go
// code), so more connections than that only queue inside it, and each one holds its own page
// cache.
func SQLiteReaders() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

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
	sqlDB, err := sql.Open("pgx", withCustomPlans(opts.URL))
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
