package tenancy_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/migrate"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// Layer 3 alone: raw SQL through the application role, with no ent interceptor, hook or privacy
// rule in the way, sees and changes only what the transaction's settings allow.

// scoped runs fn in a transaction of the application role with the row-level security settings.
func scoped(t *testing.T, db *sql.DB, org, user, companies string, fn func(tx *sql.Tx)) {
	t.Helper()
	tx, err := db.Begin()
	require.NoError(t, err)
	defer tx.Rollback()
	_, err = tx.Exec(`SELECT set_config('app.organization_id', $1, true), set_config('app.user_id', $2, true),
		set_config('app.company_ids', $3, true)`, org, user, companies)
	require.NoError(t, err)
	fn(tx)
}

func idsOf(t *testing.T, q interface {
	Query(string, ...any) (*sql.Rows, error)
}, table string) []pulid.ID {
	t.Helper()
	rows, err := q.Query("SELECT id FROM " + table)
	require.NoError(t, err, table)
	defer rows.Close()
	var out []pulid.ID
	for rows.Next() {
		var id pulid.ID
		require.NoError(t, rows.Scan(&id))
		out = append(out, id)
	}
	require.NoError(t, rows.Err())
	return out
}

// withInternalRows adds a row of the tenant to each internal table (a session of its owner, a
// password reset, its billing account, a quantity change and a Stripe event), so that every
// table has a row.
func withInternalRows(t *testing.T, tn *tenant, db interface {
	Exec(string, ...any) (sql.Result, error)
}) []pulid.ID {
	t.Helper()
	rt, ba, bq, be, pw := pulid.New("RT"), pulid.New("BA"), pulid.New("BQ"), pulid.New("BE"), pulid.New("PW")
	for _, stmt := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO refresh_tokens (id, created_at, updated_at, user_id, family, token_hash, expires_at, organization_id)
			VALUES ($1, now(), now(), $2, $3, $4, $5, $6)`, []any{rt, tn.owner.ID, "family-" + string(rt), "hash-" + string(rt), time.Now().Add(time.Hour), tn.org.ID}},
		{`INSERT INTO password_resets (id, created_at, updated_at, user_id, issued_by_id, token_hash, expires_at, organization_id)
			VALUES ($1, now(), now(), $2, $2, $3, $4, $5)`, []any{pw, tn.owner.ID, "hash-" + string(pw), time.Now().Add(time.Hour), tn.org.ID}},
		{`INSERT INTO billing_accounts (id, created_at, updated_at, organization_id, stripe_customer_id)
			VALUES ($1, now(), now(), $2, $3)`, []any{ba, tn.org.ID, "cus_" + string(tn.org.ID)}},
		{`INSERT INTO billing_quantity_changes (id, created_at, updated_at, organization_id, reason, quantity, changed_at, next_attempt_at)
			VALUES ($1, now(), now(), $2, 'company created', 2, now(), now())`, []any{bq, tn.org.ID}},
		{`INSERT INTO billing_events (id, created_at, updated_at, organization_id, stripe_event_id, type, occurred_at, rank)
			VALUES ($1, now(), now(), $2, $3, 'invoice.paid', now(), 5)`, []any{be, tn.org.ID, "evt_" + string(tn.org.ID)}},
	} {
		_, err := db.Exec(stmt.sql, stmt.args...)
		require.NoError(t, err)
	}
	return []pulid.ID{rt, ba, bq, be, pw}
}

func TestRowLevelSecurity_AloneKeepsTenantsApart(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "postgres")
	a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
	raw := testdb.Raw(t, db)
	aAll := append(a.all(), withInternalRows(t, a, raw)...)
	aAll = append(aAll, auditEventsOf(t, raw, a)...) // the fixture's writes were audited
	slices.Sort(aAll)
	aAll = slices.Compact(aAll) // fixtures may list a row twice (a user of several roles)
	withInternalRows(t, b, raw)
	app := db.SQL // the application role, as the server connects

	t.Run("a connection without settings sees nothing", func(t *testing.T) {
		for _, table := range migrate.Tables {
			assert.Empty(t, idsOf(t, app, table.Name), table.Name)
		}
	})

	t.Run("an organization sees exactly its own rows in every table", func(t *testing.T) {
		scoped(t, app, string(a.org.ID), string(a.owner.ID), "*", func(tx *sql.Tx) {
			seen := 0
			for _, table := range migrate.Tables {
				got := idsOf(t, tx, table.Name)
				require.NotEmpty(t, got, "%s: the fixture has rows of alpha here", table.Name)
				for _, id := range got {
					assert.Contains(t, aAll, id, "%s: %s is not alpha's", table.Name, id)
				}
				seen += len(got)
			}
			assert.Equal(t, len(aAll), seen, "every row of alpha is visible to alpha")
		})
	})

	t.Run("a company-scoped viewer sees only its company", func(t *testing.T) {
		scoped(t, app, string(a.org.ID), string(a.owner.ID), string(a.companies[0].ID), func(tx *sql.Tx) {
			for _, table := range []string{"companies", "sites", "departments", "company_accesses"} {
				for _, id := range idsOf(t, tx, table) {
					assert.NotContains(t, a.byCompany[1], id, "%s: %s belongs to the ungranted company", table, id)
					assert.Contains(t, a.byCompany[0], id, table)
				}
			}
		})
		scoped(t, app, string(a.org.ID), string(a.owner.ID), "", func(tx *sql.Tx) {
			assert.Empty(t, idsOf(t, tx, "companies"), "no company granted, none seen")
		})
	})

	t.Run("writes cannot reach or plant rows of another organization", func(t *testing.T) {
		scoped(t, app, string(b.org.ID), string(b.owner.ID), "*", func(tx *sql.Tx) {
			for _, table := range migrate.Tables {
				for _, write := range []string{"UPDATE " + table.Name + " SET id = id", "DELETE FROM " + table.Name} {
					_, err := tx.Exec("SAVEPOINT w")
					require.NoError(t, err)
					res, err := tx.Exec(write+" WHERE id = ANY($1)", ids2strings(aAll))
					if table.Name == migrate.AuditEventsTable.Name {
						require.Error(t, err, "%s: the trail is append-only for the application role", write)
						assert.Contains(t, err.Error(), "permission denied")
					} else {
						require.NoError(t, err, write)
						n, _ := res.RowsAffected()
						assert.Zero(t, n, "%s: reached alpha's rows", write)
					}
					_, err = tx.Exec("ROLLBACK TO SAVEPOINT w")
					require.NoError(t, err)
				}
			}
			_, err := tx.Exec("SAVEPOINT plant")
			require.NoError(t, err)
			_, err = tx.Exec(`INSERT INTO sites (id, created_at, updated_at, name, company_id, organization_id)
				VALUES ($1, now(), now(), 'planted', $2, $3)`, pulid.New("SI"), a.companies[0].ID, a.org.ID)
			require.Error(t, err, "a row stamped with another organization")
			assert.Contains(t, err.Error(), "row-level security")
			_, err = tx.Exec("ROLLBACK TO SAVEPOINT plant")
			require.NoError(t, err)
			_, err = tx.Exec(`UPDATE sites SET organization_id = $1`, a.org.ID)
			require.Error(t, err, "moving own rows into another organization")
		})
		var names []string
		rows, err := raw.Query("SELECT name FROM sites WHERE organization_id = $1", a.org.ID)
		require.NoError(t, err)
		defer rows.Close()
		for rows.Next() {
			var n string
			require.NoError(t, rows.Scan(&n))
			names = append(names, n)
		}
		assert.Equal(t, []string{"本社", "本社"}, names, "alpha's sites are as they were")
		assert.Len(t, idsOf(t, raw, "sites"), 4, "nothing was planted")
	})

	t.Run("the system setting is the one way past, and it is explicit", func(t *testing.T) {
		tx, err := app.Begin()
		require.NoError(t, err)
		defer tx.Rollback()
		_, err = tx.Exec(`SELECT set_config('app.system', 'on', true)`)
		require.NoError(t, err)
		assert.ElementsMatch(t, []pulid.ID{a.org.ID, b.org.ID}, idsOf(t, tx, "organizations"))
		assert.Len(t, idsOf(t, tx, "refresh_tokens"), 2)
		assert.Len(t, idsOf(t, tx, "billing_accounts"), 2)
	})
}

// auditEventsOf lists the audit events of the tenant's organization, read past row-level security.
func auditEventsOf(t *testing.T, raw *sql.DB, tn *tenant) []pulid.ID {
	t.Helper()
	rows, err := raw.Query("SELECT id FROM audit_events WHERE organization_id = $1", tn.org.ID)
	require.NoError(t, err)
	defer rows.Close()
	var ids []pulid.ID
	for rows.Next() {
		var id pulid.ID
		require.NoError(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	require.NoError(t, rows.Err())
	require.NotEmpty(t, ids, "the fixture's writes were audited")
	return ids
}

func ids2strings(ids []pulid.ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	slices.Sort(out)
	return out
}

// The settings are transaction-local: they do not outlive the transaction on a pooled
// connection, whatever the request did.
func TestRowLevelSecurity_SettingsDieWithTheTransaction(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "postgres")
	a := newTenant(t, db.Client, "alpha")
	db.SQL.SetMaxOpenConns(1) // the same connection every time
	scoped(t, db.SQL, string(a.org.ID), string(a.owner.ID), "*", func(tx *sql.Tx) {
		assert.NotEmpty(t, idsOf(t, tx, "companies"))
	})
	assert.Empty(t, idsOf(t, db.SQL, "companies"), "the connection went back to the pool without the tenant")

	// A request cancelled mid-operation leaves nothing behind either.
	ctx, cancel := context.WithCancel(viewer.NewContext(context.Background(), ownerOf(a)))
	opCtx, op, err := db.BeginOperation(ctx, true)
	require.NoError(t, err)
	require.NotEmpty(t, db.Client.Company.Query().AllX(opCtx))
	cancel()
	_ = op.Commit()
	assert.Empty(t, idsOf(t, db.SQL, "companies"))
}

// TestRowLevelSecurity_ATokensReadSeesOnlyItsOrganization: the system context that reads a
// verified token's member (viewer.SystemOfMember) passes the data layer's filters like any
// system context, and row-level security alone shows it only the rows of the token's
// organization, where the plain system context sees every organization's.
func TestRowLevelSecurity_ATokensReadSeesOnlyItsOrganization(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "postgres")
	a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
	orgsOf := func(ctx context.Context) []pulid.ID {
		var orgs []pulid.ID
		for _, m := range db.Client.Membership.Query().AllX(ctx) {
			orgs = append(orgs, m.OrganizationID)
		}
		for _, c := range db.Client.Company.Query().AllX(ctx) {
			orgs = append(orgs, c.OrganizationID)
		}
		slices.Sort(orgs)
		return slices.Compact(orgs)
	}
	sys := viewer.System(context.Background(), quiet(), "test: every organization")
	both := []pulid.ID{a.org.ID, b.org.ID}
	slices.Sort(both)
	assert.Equal(t, both, orgsOf(sys), "the system context sees both")
	member := viewer.SystemOfMember(context.Background(), quiet(), "test: alpha's owner",
		viewer.Member{OrganizationID: a.org.ID, UserID: a.owner.ID})
	assert.Equal(t, []pulid.ID{a.org.ID}, orgsOf(member), "the member's read sees its organization only")
	asOwner := viewer.NewContext(context.Background(), ownerOf(a))
	assert.ElementsMatch(t, db.Client.User.Query().IDsX(asOwner), db.Client.User.Query().IDsX(member),
		"of the users, those alpha's owner sees")
}
