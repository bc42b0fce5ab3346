package tenancy_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/auditevent"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// The audit trail in the isolation suite. Every write of newTenant records events; one of each
// company and one of the organization itself join the records of the organization (orgWide),
// whatever their company: the suite's company-scoped viewer is a CONSULTANT, who reads no event at
// all, so company scoping is tested below with the roles that read the trail.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		if i != 0 {
			return
		}
		picks := []*ent.AuditEventQuery{
			client.AuditEvent.Query().Where(auditevent.OrganizationID(tn.org.ID), auditevent.CompanyIDIsNil()),
			client.AuditEvent.Query().Where(auditevent.CompanyID(tn.companies[0].ID)),
			client.AuditEvent.Query().Where(auditevent.CompanyID(tn.companies[1].ID)),
		}
		for _, q := range picks {
			tn.orgWide = append(tn.orgWide, q.Order(auditevent.BySeq()).FirstIDX(ctx))
		}
	})

	probes["audit_events"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AuditEvent.Query().Where(auditevent.ID(id)).Count(ctx)
		},
		// Events are never changed, by anyone: the policy refuses before the row is looked at.
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AuditEvent.UpdateOneID(id).Exec(ctx)
		},
	}
}

// companyOf reads an event's company, "" for none.
func companyOf(e *ent.AuditEvent) pulid.ID {
	if e.CompanyID == nil {
		return ""
	}
	return *e.CompanyID
}

func TestAuditLog_ReadersOfOneCompanySeeOnlyItsEvents(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		sys := viewer.System(context.Background(), quiet(), "test check")
		all := db.Client.AuditEvent.Query().Where(auditevent.OrganizationID(a.org.ID)).AllX(sys)
		byCompany := map[pulid.ID]int{}
		for _, e := range all {
			byCompany[companyOf(e)]++
		}
		require.Positive(t, byCompany[a.companies[0].ID])
		require.Positive(t, byCompany[a.companies[1].ID])
		require.Positive(t, byCompany[""], "organization-wide events (the organization, its memberships)")

		orgWide := db.Client.AuditEvent.Query().
			Where(auditevent.OrganizationID(a.org.ID), auditevent.CompanyIDIsNil()).FirstIDX(sys)
		scoped := func(role viewer.Role) context.Context {
			v := consultantOf(a)
			v.Role = role
			return as(v)
		}
		for _, role := range []viewer.Role{viewer.RoleSecretariat, viewer.RoleAuditor} {
			seen := db.Client.AuditEvent.Query().AllX(scoped(role))
			if role == viewer.RoleAuditor {
				hidden := hiddenFrom(t, db.Client, sys, scoped(role), a.companies[0].ID, seen)
				assert.Len(t, seen, byCompany[a.companies[0].ID]-hidden, role)
			} else {
				assert.Len(t, seen, byCompany[a.companies[0].ID], role)
			}
			for _, e := range seen {
				assert.Equal(t, a.companies[0].ID, companyOf(e), "%s sees only its company's events, never an organization-wide one", role)
			}
			_, err := db.Client.AuditEvent.Get(scoped(role), orgWide)
			assert.True(t, ent.IsNotFound(err), "%s: an organization-wide event does not exist for it", role)
		}
		for _, role := range []viewer.Role{viewer.RoleConsultant, viewer.RoleMember} {
			assert.Zero(t, db.Client.AuditEvent.Query().CountX(scoped(role)), "%s reads no event", role)
		}
		assert.Len(t, db.Client.AuditEvent.Query().AllX(as(ownerOf(a))), len(all), "the owner reads the whole trail")
		for _, e := range db.Client.AuditEvent.Query().AllX(as(ownerOf(b))) {
			assert.Equal(t, b.org.ID, e.OrganizationID)
		}
	})
}

// Layer 3 alone, through the application role: a company-scoped viewer's transaction sees the
// events of its company and none without a company (company_id NULL never equals a granted ID),
// and no setting lets the role change or delete an event.
func TestAuditLog_RowLevelSecurityAndGrantsKeepTheTrailAppendOnly(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "postgres")
	a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
	app := db.SQL

	companies := func(tx *sql.Tx) map[string]int {
		rows, err := tx.Query("SELECT coalesce(company_id, '') FROM audit_events")
		require.NoError(t, err)
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var c string
			require.NoError(t, rows.Scan(&c))
			out[c]++
		}
		require.NoError(t, rows.Err())
		return out
	}
	scoped(t, app, string(a.org.ID), string(a.owner.ID), string(a.companies[0].ID), func(tx *sql.Tx) {
		got := companies(tx)
		assert.Positive(t, got[string(a.companies[0].ID)])
		assert.Equal(t, []string{string(a.companies[0].ID)}, keys(got), "only the granted company; no organization-wide event")
	})
	scoped(t, app, string(a.org.ID), string(a.owner.ID), "*", func(tx *sql.Tx) {
		got := companies(tx)
		assert.ElementsMatch(t, []string{"", string(a.companies[0].ID), string(a.companies[1].ID)}, keys(got))
	})

	for name, stmt := range map[string]string{
		"update":   "UPDATE audit_events SET entity_type = 'Forged'",
		"delete":   "DELETE FROM audit_events",
		"truncate": "TRUNCATE audit_events",
	} {
		for _, system := range []bool{false, true} {
			scoped(t, app, string(a.org.ID), string(a.owner.ID), "*", func(tx *sql.Tx) {
				if system {
					_, err := tx.Exec(`SELECT set_config('app.system', 'on', true)`)
					require.NoError(t, err)
				}
				_, err := tx.Exec(stmt)
				require.Error(t, err, "%s (system %v)", name, system)
				assert.Contains(t, err.Error(), "permission denied", name)
			})
		}
	}
	scoped(t, app, string(a.org.ID), string(a.owner.ID), "*", func(tx *sql.Tx) {
		_, err := tx.Exec(`INSERT INTO audit_events (id, organization_id, seq, occurred_at, action, entity_type, entity_id, prev_hash, hash)
			VALUES ($1, $2, 100000, now(), 'CREATE', 'Site', $3, '', '')`, pulid.New("AE"), a.org.ID, a.companies[0].ID)
		assert.NoError(t, err, "the role appends (the scoped transaction is rolled back)")
	})
	scoped(t, app, string(b.org.ID), string(b.owner.ID), "*", func(tx *sql.Tx) {
		_, err := tx.Exec(`INSERT INTO audit_events (id, organization_id, seq, occurred_at, action, entity_type, entity_id, prev_hash, hash)
			VALUES ($1, $2, 100000, now(), 'CREATE', 'Site', $3, '', '')`, pulid.New("AE"), a.org.ID, a.companies[0].ID)
		assert.ErrorContains(t, err, "row-level security", "an event for another organization's chain")
	})
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// hiddenFrom counts the company's events that the viewer of ctx does not see, and checks that each
// is the trail of a record the viewer cannot read (an AUDITOR reads the trail of what it reads).
func hiddenFrom(t *testing.T, client *ent.Client, sys, ctx context.Context, company pulid.ID, seen []*ent.AuditEvent) int {
	t.Helper()
	shown := map[pulid.ID]bool{}
	for _, e := range seen {
		shown[e.ID] = true
	}
	hidden := 0
	for _, e := range client.AuditEvent.Query().Where(auditevent.CompanyID(company)).AllX(sys) {
		if shown[e.ID] {
			continue
		}
		hidden++
		_, err := client.Noder(ctx, e.EntityID, ent.WithNodeType(func(_ context.Context, id pulid.ID) (string, error) { return ent.TableOfID(id) }))
		assert.True(t, ent.IsNotFound(err) || err != nil && strings.Contains(err.Error(), "not found"), "%s %s: its trail is hidden, so the record must be too (%v)", e.EntityType, e.EntityID, err)
	}
	assert.Positive(t, hidden, "the fixture holds audits records of no audit of the auditor's")
	return hidden
}
