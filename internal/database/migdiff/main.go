// Command migdiff writes a new PostgreSQL migration for whatever the ent schema has that the
// migrations folder does not: it replays the folder into an empty scratch database, diffs it with
// the schema and writes the difference as a goose migration. With -check it writes nothing and
// fails when such a difference exists, so CI catches a schema change without its migration.
//
//	go run ./internal/database/migdiff -name add_sites        # make migration name=add_sites
//	go run ./internal/database/migdiff -check                 # make check-migrations
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/jackc/pgx/v5/stdlib"

	"secretariat/ent"
)

func main() {
	admin := flag.String("admin-url", envOr("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL URL of a role that may create and drop databases")
	dir := flag.String("dir", "internal/database/migrations", "migrations folder")
	name := flag.String("name", "", "name of the new migration")
	check := flag.Bool("check", false, "write nothing; fail when the schema has changes without a migration")
	flag.Parse()
	if err := run(*admin, *dir, *name, *check); err != nil {
		fmt.Fprintln(os.Stderr, "migdiff:", err)
		os.Exit(1)
	}
}

func run(adminURL, dir, name string, check bool) error {
	if !check && name == "" {
		return fmt.Errorf("-name is required")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	target := dir
	if check {
		// Diff into a scratch copy of the folder: a new file there means a missing migration.
		tmp, err := os.MkdirTemp("", "migdiff-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
			return fmt.Errorf("copy migrations: %w", err)
		}
		target, name = tmp, "check"
	}
	before, err := countFiles(target)
	if err != nil {
		return err
	}
	scratchURL, drop, err := scratchDatabase(ctx, adminURL)
	if err != nil {
		return err
	}
	defer drop()
	if err := diff(ctx, scratchURL, target, name); err != nil {
		return err
	}
	after, err := countFiles(target)
	if err != nil {
		return err
	}
	switch {
	case check && after != before:
		return fmt.Errorf("the ent schema has changes that no migration in %s covers: run `make migration name=<what_changed>` and commit the file", dir)
	case check:
		fmt.Println("migrations are current")
	case after == before:
		fmt.Println("no changes: no migration written")
	default:
		fmt.Println("migration written to", dir)
	}
	return nil
}

func diff(ctx context.Context, dbURL, dir, name string) error {
	migDir, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return fmt.Errorf("open migrations folder: %w", err)
	}
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.Postgres, db)))
	defer client.Close()
	err = client.Schema.NamedDiff(ctx, name,
		schema.WithDir(migDir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(sqltool.GooseFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err != nil {
		return fmt.Errorf("diff schema: %w", err)
	}
	// Keep atlas.sum in step with hand-edited files too.
	sum, err := migDir.Checksum()
	if err != nil {
		return fmt.Errorf("checksum migrations: %w", err)
	}
	return migrate.WriteSumFile(migDir, sum)
}

// scratchDatabase creates an empty database for the replay and returns its URL and a drop func.
func scratchDatabase(ctx context.Context, adminURL string) (string, func(), error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("migdiff_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create scratch database: %w", err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	return u.String(), drop, nil
}

func countFiles(dir string) (int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	return len(files), err
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
