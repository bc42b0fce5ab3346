package database

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"secretariat/internal/tenancy/rls"
)

// migrationFiles are the PostgreSQL migrations, generated from the ent schema by
// `make migration name=…` (internal/database/migdiff) and applied in order by goose.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the embedded migration files.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		// The embed pattern above guarantees the folder; this cannot fail at run time.
		return migrationFiles
	}
	return sub
}

func provider(db *sql.DB) (*goose.Provider, error) {
	// A session lock lets several replicas start with --migrate at once: one applies, the
	// others wait and then find nothing to do.
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, Migrations(), goose.WithSessionLocker(locker))
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration and then the row-level security policies of every table
// (policy.go). It runs as the role that owns the tables. When appRole is not empty, that role —
// the one the server connects as — is granted the rows of the tables and nothing more.
func Migrate(ctx context.Context, db *sql.DB, appRole string, log *slog.Logger) error {
	tables.Lock()
	defer tables.Unlock()
	p, err := provider(db)
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		log.InfoContext(ctx, "migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	current, _, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	changed, err := rls.Apply(ctx, db)
	if err != nil {
		return fmt.Errorf("apply row-level security: %w", err)
	}
	if appRole != "" {
		if err := rls.Grant(ctx, db, appRole); err != nil {
			return err
		}
	}
	log.InfoContext(ctx, "database schema current", "version", current, "applied", len(results),
		"policies_changed", changed, "application_role", appRole)
	return nil
}

// MigrateURL applies the migrations through ownerURL and grants the role that appURL connects as.
func MigrateURL(ctx context.Context, ownerURL, appURL string, log *slog.Logger) error {
	owner, err := pgx.ParseConfig(ownerURL)
	if err != nil {
		return fmt.Errorf("migration database URL: %w", err)
	}
	app, err := pgx.ParseConfig(appURL)
	if err != nil {
		return fmt.Errorf("database URL: %w", err)
	}
	appRole := app.User
	if appRole == owner.User {
		appRole = ""
	}
	db, err := sql.Open("pgx", ownerURL)
	if err != nil {
		return fmt.Errorf("open postgres as owner: %w", err)
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to postgres as owner: %w", err)
	}
	return Migrate(ctx, db, appRole, log)
}

// CheckCurrent returns ErrSchemaBehind, with the versions and the way out, when the database
// lacks migrations that this binary has.
func CheckCurrent(ctx context.Context, db *sql.DB) error {
	// The application role may not create goose's version table, so look before asking goose.
	var versioned bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('goose_db_version') IS NOT NULL`).Scan(&versioned); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if !versioned {
		return fmt.Errorf("%w: it has no migrations; run `secretariat migrate` "+
			"(or start with `secretariat serve --migrate`)", ErrSchemaBehind)
	}
	p, err := provider(db)
	if err != nil {
		return err
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current < target {
		return fmt.Errorf("%w: it is at version %d, this binary needs %d; run `secretariat migrate` "+
			"(or start with `secretariat serve --migrate`)", ErrSchemaBehind, current, target)
	}
	return nil
}
