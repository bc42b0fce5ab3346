package rls_test

import (
	"context"
	"database/sql"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
	"secretariat/internal/tenancy/rls"
	"secretariat/internal/testdb"
)

var quiet = slog.New(slog.DiscardHandler)

// privileges reads what the role holds on a table.
func privileges(t *testing.T, db *sql.DB, role, table string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, p := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"} {
		var has bool
		require.NoError(t, db.QueryRow(`SELECT has_table_privilege($1, $2, $3)`, role, table, p).Scan(&has))
		out[p] = has
	}
	return out
}

func TestGrants_TheApplicationRoleReadsAndAppendsTheAuditTrailOnly(t *testing.T) {
	url := testdb.Postgres(t)
	owner, err := sql.Open("pgx", testdb.AsRole(url, testdb.OwnerRole))
	require.NoError(t, err)
	defer owner.Close()
	assert.Equal(t, map[string]bool{"SELECT": true, "INSERT": true, "UPDATE": false, "DELETE": false, "TRUNCATE": false},
		privileges(t, owner, testdb.AppRole, "audit_events"))
	assert.Equal(t, map[string]bool{"SELECT": true, "INSERT": true, "UPDATE": true, "DELETE": true, "TRUNCATE": false},
		privileges(t, owner, testdb.AppRole, "sites"), "the other tables keep their rows' grants")
}

func TestOpen_PostgresRefusesARoleThatMayRewriteTheAuditTrail(t *testing.T) {
	url := testdb.Postgres(t)
	owner, err := sql.Open("pgx", testdb.AsRole(url, testdb.OwnerRole))
	require.NoError(t, err)
	defer owner.Close()
	ctx := context.Background()
	for _, grant := range []string{"UPDATE", "DELETE", "TRUNCATE"} {
		t.Run(grant, func(t *testing.T) {
			_, err = owner.Exec("GRANT " + grant + " ON audit_events TO " + testdb.AppRole)
			require.NoError(t, err)
			_, err = database.Open(ctx, database.Options{URL: url}, quiet)
			require.ErrorIs(t, err, rls.ErrIsolation)
			assert.ErrorContains(t, err, "may update or delete rows of the append-only table audit_events")

			require.NoError(t, database.Migrate(ctx, owner, testdb.AppRole, quiet), "migrate takes the grant back")
			db, err := database.Open(ctx, database.Options{URL: url}, quiet)
			require.NoError(t, err)
			require.NoError(t, db.Close())
		})
	}
}
