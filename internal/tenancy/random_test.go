package tenancy_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/ent/companyaccess"
	"secretariat/ent/department"
	"secretariat/ent/invitation"
	"secretariat/ent/membership"
	"secretariat/ent/migrate"
	"secretariat/ent/organization"
	"secretariat/ent/site"
	"secretariat/ent/user"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// attempts sets the size of the randomized isolation test; its long mode is
// `go test ./internal/tenancy -run Randomized -isolation.attempts=10000` (make test-long).
var attempts = flag.Int("isolation.attempts", 2000, "attempts of the randomized isolation test per database")

// probe is every way to reach a row of one table by its ID.
type probe struct {
	list     func(context.Context, *ent.Client, pulid.ID) (int, error)
	traverse func(context.Context, *ent.Client, pulid.ID) (int, error)
	update   func(context.Context, *ent.Client, pulid.ID) error
	// plant creates a row of the attacker that points at the target as its parent.
	plant func(context.Context, *ent.Client, pulid.ID, *tenant) error
}

var probes = map[string]probe{
	"organizations": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Organization.Query().Where(organization.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Membership.Query().QueryOrganization().Where(organization.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Organization.UpdateOneID(id).SetName("taken over").Exec(ctx)
		},
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, _ *tenant) error {
			return c.Company.Create().SetOrganizationID(id).SetName("planted").Exec(ctx)
		},
	},
	"users": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.User.Query().Where(user.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Membership.Query().QueryUser().Where(user.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.User.UpdateOneID(id).SetName("taken over").Exec(ctx)
		},
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.Department.Create().SetCompanyID(own.companies[0].ID).SetName("planted").SetHeadID(id).Exec(ctx)
		},
	},
	"memberships": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Membership.Query().Where(membership.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Organization.Query().QueryMemberships().Where(membership.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Membership.UpdateOneID(id).SetRole(viewer.RoleAuditor).Exec(ctx)
		},
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.CompanyAccess.Create().SetCompanyID(own.companies[0].ID).SetMembershipID(id).Exec(ctx)
		},
	},
	"invitations": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Invitation.Query().Where(invitation.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Invitation.UpdateOneID(id).SetAcceptedAt(time.Now()).Exec(ctx)
		},
	},
	"companies": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().Where(company.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Organization.Query().QueryCompanies().Where(company.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Company.UpdateOneID(id).SetArchivedAt(time.Now()).Exec(ctx)
		},
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, _ *tenant) error {
			return c.Site.Create().SetCompanyID(id).SetName("planted").Exec(ctx)
		},
	},
	"sites": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Site.Query().Where(site.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QuerySites().Where(site.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Site.UpdateOneID(id).SetName("taken over").Exec(ctx)
		},
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.Department.Create().SetCompanyID(own.companies[0].ID).SetName("planted").SetSiteID(id).Exec(ctx)
		},
	},
	"departments": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Department.Query().Where(department.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryDepartments().Where(department.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Department.UpdateOneID(id).ClearHeadID().SetName("taken over").Exec(ctx)
		},
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.Site.UpdateOneID(own.byCompany[0][1]).AddDepartmentIDs(id).Exec(ctx)
		},
	},
	"company_accesses": {
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.CompanyAccess.Query().Where(companyaccess.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryAccesses().Where(companyaccess.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.CompanyAccess.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
	},
}

func TestIsolation_EveryTableHasAProbe(t *testing.T) {
	t.Parallel()
	for _, table := range migrate.Tables {
		if internalTables[table.Name] {
			continue // no API reads or writes it by ID
		}
		_, ok := probes[table.Name]
		require.True(t, ok, "table %s has no probe in the randomized isolation test", table.Name)
	}
}

// attacker is a viewer and the IDs it must never reach.
type attacker struct {
	name    string
	viewer  *viewer.Viewer
	own     *tenant
	targets []pulid.ID
}

// TestIsolation_Randomized makes random attempts, each through the full stack of a request (the
// operation's transaction on PostgreSQL), by a viewer of another organization or of another
// company of the same organization, to read, traverse to, change, archive or hang a new row on
// a row it must not reach; each must behave as "does not exist", and afterwards every table is
// byte for byte as before.
func TestIsolation_Randomized(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		raw := testdb.Raw(t, db)
		before := testdb.Snapshot(t, raw)

		scopedTo := func(role viewer.Role) *viewer.Viewer {
			v := consultantOf(a)
			v.Role = role
			return v
		}
		attackers := []attacker{
			{"owner of another organization", ownerOf(b), b, a.all()},
			{"owner of the first organization", ownerOf(a), a, b.all()},
			{"consultant of the other company", consultantOf(a), a, a.byCompany[1]},
			{"secretariat of the other company", scopedTo(viewer.RoleSecretariat), a, a.byCompany[1]},
			{"member of the other company", scopedTo(viewer.RoleMember), a, a.byCompany[1]},
			{"auditor of the other company", scopedTo(viewer.RoleAuditor), a, a.byCompany[1]},
		}
		seed := time.Now().UnixNano()
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		t.Logf("seed %d, %d attempts", seed, *attempts)
		kinds := []string{"node", "list", "traverse", "update", "plant"}
		tried := map[string]int{}
		for i := range *attempts {
			at := attackers[rng.IntN(len(attackers))]
			target := at.targets[rng.IntN(len(at.targets))]
			kind := kinds[rng.IntN(len(kinds))]
			table, err := ent.TableOfID(target)
			require.NoError(t, err)
			p := probes[table]
			where := fmt.Sprintf("attempt %d: %s, %s of %s", i, at.name, kind, target)

			ctx, op, err := db.BeginOperation(as(at.viewer), false)
			require.NoError(t, err)
			switch kind {
			case "node":
				_, err = lookup(ctx, db.Client, target)
				require.True(t, ent.IsNotFound(err), "%s: %v", where, err)
			case "list", "traverse":
				q := p.list
				if kind == "traverse" && p.traverse != nil {
					q = p.traverse
				}
				n, err := q(ctx, db.Client, target)
				require.NoError(t, err, where)
				require.Zero(t, n, where)
			case "update":
				err = p.update(ctx, db.Client, target)
				require.Error(t, err, where)
				requireHidden(t, err, where)
			case "plant":
				if p.plant == nil {
					err = p.update(ctx, db.Client, target)
				} else {
					err = p.plant(ctx, db.Client, target, at.own)
				}
				require.Error(t, err, where)
				requireHidden(t, err, where)
			}
			tried[kind]++
			require.NoError(t, op.Rollback(), where)
		}
		t.Logf("attempts by kind: %v", tried)
		require.Equal(t, before, testdb.Snapshot(t, raw), "the database is unchanged")
	})
}

// requireHidden accepts "not found" and the role-based refusals that do not depend on the target
// (a read-only role may change nothing at all), never a database error that would reveal it.
func requireHidden(t *testing.T, err error, where string) {
	t.Helper()
	msg := err.Error()
	ok := ent.IsNotFound(err) || strings.Contains(msg, "not found") || strings.Contains(msg, "cannot") ||
		strings.Contains(msg, "FORBIDDEN") || strings.Contains(msg, "denied") || strings.Contains(msg, "privacy")
	require.True(t, ok, "%s: %v", where, err)
}
