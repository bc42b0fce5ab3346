package database_test

import (
	"context"
	"sync"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/organization"
	"secretariat/internal/database"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

func openSQLite(t *testing.T, readers int) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), database.Options{DataDir: t.TempDir(), MaxOpenConns: readers}, quiet)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// slowRead takes a few milliseconds of SQLite's own work, so that reads overlap.
const slowRead = `SELECT (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT count(*) FROM c)`

func TestSQLite_ManyConcurrentReadsShareABoundedPool(t *testing.T) {
	db := openSQLite(t, 3)
	ctx := context.Background()
	openConns := testdb.Peak(time.Millisecond, func() int64 { return int64(db.ReadPool().Stats().OpenConnections) })
	var wg sync.WaitGroup
	// Forty reads at once, more than ten times the connections allowed: each waits for one.
	// (The embedded SQLite runs under the race detector in `make test`, where each of these reads
	// costs a third of a second of CPU; two hundred took a minute and showed nothing more.)
	const reads = 40
	errs := make(chan error, reads)
	for range reads {
		wg.Go(func() {
			var rows entsql.Rows
			if err := db.Driver.Query(ctx, slowRead, []any{}, &rows); err != nil {
				errs <- err
				return
			}
			var n int
			for rows.Next() {
				if err := rows.Scan(&n); err != nil {
					errs <- err
				}
			}
			errs <- rows.Close()
		})
	}
	wg.Wait()
	peak := openConns()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int64(3), peak, "40 concurrent reads open the 3 connections allowed, no more")
	assert.Equal(t, 3, db.ReadPool().Stats().MaxOpenConnections)
	assert.Equal(t, 1, db.SQL.Stats().MaxOpenConnections, "one writing connection")
}

func TestSQLite_AWriteWaitsForTheWriterInThePoolWhileReadsGoOn(t *testing.T) {
	db := openSQLite(t, 2)
	ctx := viewer.System(context.Background(), quiet, "test")
	org := db.Client.Organization.Create().SetName("first").SetKind(organization.KindCONSULTANCY).SaveX(ctx)

	// A mutation holds the writing connection, with a write not yet committed.
	opCtx, op, err := db.BeginOperation(ctx, false)
	require.NoError(t, err)
	db.Client.Company.Create().SetOrganizationID(org.ID).SetName("pending").SaveX(opCtx)

	assert.Zero(t, db.Client.Company.Query().CountX(ctx), "a read goes on beside the writer, and sees what is committed")

	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err = db.Client.Organization.Create().SetName("second").SetKind(organization.KindCONSULTANCY).Save(short)
	require.ErrorIs(t, err, context.DeadlineExceeded, "another write waits for the writer until its own deadline")
	assert.NotContains(t, err.Error(), "locked", "it waited in the pool, not in SQLite's busy handler")

	require.NoError(t, op.Commit())
	db.Client.Organization.Create().SetName("second").SetKind(organization.KindCONSULTANCY).SaveX(ctx)
	assert.Equal(t, 1, db.Client.Company.Query().CountX(ctx))
	assert.Equal(t, 2, db.Client.Organization.Query().CountX(ctx))
}

func TestSQLite_TheReadingConnectionsCannotWrite(t *testing.T) {
	db := openSQLite(t, 2)
	_, err := db.ReadPool().Exec(`INSERT INTO organizations (id, created_at, updated_at, name, kind) VALUES ('x', 0, 0, 'x', 'CONSULTANCY')`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "readonly")
}
