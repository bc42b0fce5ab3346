package tenancy_test

import (
	"context"
	"io"
	"log/slog"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/migrate"
	"secretariat/ent/organization"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// tenant is one organization with two client companies, each with a site and a department.
type tenant struct {
	org       *ent.Organization
	owner     *ent.User
	companies [2]*ent.Company
	// byCompany lists every ID that belongs to one company (company, site, department).
	byCompany [2][]pulid.ID
	// orgWide lists the IDs that belong to the organization but to no company.
	orgWide []pulid.ID
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newTenant(t testing.TB, client *ent.Client, name string) *tenant {
	t.Helper()
	ctx := viewer.System(context.Background(), quiet(), "test fixture")
	tn := &tenant{}
	tn.org = client.Organization.Create().SetName(name).SetKind(organization.KindCONSULTANCY).SaveX(ctx)
	tn.owner = client.User.Create().SetEmail(name + "@example.com").SetName(name + " owner").SaveX(ctx)
	m := client.Membership.Create().SetOrganizationID(tn.org.ID).SetUserID(tn.owner.ID).SetRole(viewer.RoleOwner).SaveX(ctx)
	inv := client.Invitation.Create().SetOrganizationID(tn.org.ID).SetEmail("new@" + name + ".example").
		SetRole(viewer.RoleMember).SetTokenHash("hash-" + name).SetExpiresAt(time.Now().Add(time.Hour)).
		SetInvitedByID(tn.owner.ID).SaveX(ctx)
	tn.orgWide = []pulid.ID{tn.org.ID, m.ID, tn.owner.ID, inv.ID}
	for i := range tn.companies {
		co := client.Company.Create().SetOrganizationID(tn.org.ID).SetName(name + " client").SaveX(ctx)
		site := client.Site.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetName("本社").SaveX(ctx)
		dept := client.Department.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetSiteID(site.ID).SetName("総務部").SaveX(ctx)
		access := client.CompanyAccess.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetMembershipID(m.ID).SaveX(ctx)
		tn.companies[i] = co
		tn.byCompany[i] = []pulid.ID{co.ID, site.ID, dept.ID, access.ID}
	}
	for _, add := range tenantFixtures {
		for i := range tn.companies {
			add(ctx, client, tn, i)
		}
	}
	return tn
}

// tenantFixtures add the records of a module to each company i of a tenant (appending their IDs
// to tn.byCompany[i], or to tn.orgWide for records of no company). Each module registers one
// from an init function in its own test file.
var tenantFixtures []func(ctx context.Context, client *ent.Client, tn *tenant, i int)

func (tn *tenant) all() []pulid.ID {
	return append(append(append([]pulid.ID{}, tn.orgWide...), tn.byCompany[0]...), tn.byCompany[1]...)
}

func as(v *viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }

func ownerOf(tn *tenant) *viewer.Viewer {
	return &viewer.Viewer{UserID: tn.owner.ID, OrganizationID: tn.org.ID, Role: viewer.RoleOwner}
}

// consultantOf reaches only the first company of the tenant.
func consultantOf(tn *tenant) *viewer.Viewer {
	return &viewer.Viewer{UserID: tn.owner.ID, OrganizationID: tn.org.ID, Role: viewer.RoleConsultant, CompanyIDs: []pulid.ID{tn.companies[0].ID}}
}

func lookup(ctx context.Context, client *ent.Client, id pulid.ID) (ent.Noder, error) {
	return client.Noder(ctx, id, ent.WithNodeType(func(_ context.Context, id pulid.ID) (string, error) { return ent.TableOfID(id) }))
}

func TestIsolation_EveryNodeTypeHasAFixture(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "sqlite")
	tn := newTenant(t, db.Client, "fixture")
	covered := map[string]bool{}
	for _, id := range tn.all() {
		table, err := ent.TableOfID(id)
		require.NoError(t, err)
		covered[table] = true
	}
	// Internal tables are never reachable by ID (they have no prefix in the node table) and no
	// API reads them; every other table needs a fixture here.
	for _, prefix := range []string{"RT", "BA", "BQ", "BE"} {
		_, err := ent.TableOfID(pulid.New(prefix))
		require.Error(t, err, "%s: internal records are not reachable by ID", prefix)
	}
	var missing []string
	for _, table := range migrate.Tables {
		if !covered[table.Name] && !internalTables[table.Name] {
			missing = append(missing, table.Name)
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "tables without a fixture in the isolation suite: add them to newTenant")
}

func TestIsolation_AnotherOrganizationSeesNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		ctx := as(ownerOf(b))
		for _, id := range a.all() {
			_, err := lookup(ctx, db.Client, id)
			assert.True(t, ent.IsNotFound(err), "%s of another organization must not be found, got %v", id, err)
		}
		for _, id := range b.all() {
			_, err := lookup(ctx, db.Client, id)
			assert.NoError(t, err, "own %s", id)
		}
		companies := db.Client.Company.Query().AllX(ctx)
		assert.ElementsMatch(t, []pulid.ID{b.companies[0].ID, b.companies[1].ID}, ids(companies))
		assert.Len(t, db.Client.Site.Query().AllX(ctx), 2)
		assert.Len(t, db.Client.Department.Query().AllX(ctx), 2)
		assert.Len(t, db.Client.Membership.Query().AllX(ctx), 1)
		orgs := db.Client.Organization.Query().AllX(ctx)
		require.Len(t, orgs, 1)
		assert.Equal(t, b.org.ID, orgs[0].ID)
		users := db.Client.User.Query().AllX(ctx)
		require.Len(t, users, 1)
		assert.Equal(t, b.owner.ID, users[0].ID)
	})
}

func TestIsolation_AnotherCompanyOfTheSameOrganizationSeesNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a := newTenant(t, db.Client, "alpha")
		ctx := as(consultantOf(a))
		for _, id := range a.byCompany[1] {
			_, err := lookup(ctx, db.Client, id)
			assert.True(t, ent.IsNotFound(err), "%s of an ungranted company must not be found, got %v", id, err)
		}
		for _, id := range a.byCompany[0] {
			_, err := lookup(ctx, db.Client, id)
			assert.NoError(t, err, "granted %s", id)
		}
		assert.Equal(t, []pulid.ID{a.companies[0].ID}, ids(db.Client.Company.Query().AllX(ctx)))
		// Traversals are filtered too, not only top-level queries.
		org := db.Client.Organization.GetX(ctx, a.org.ID)
		assert.Len(t, org.QueryCompanies().AllX(ctx), 1)
		assert.Len(t, db.Client.Site.Query().AllX(ctx), 1)
	})
}

func TestIsolation_WritesCannotReachAnotherTenant(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		ctx := as(ownerOf(b))

		err := db.Client.Company.UpdateOneID(a.companies[0].ID).SetName("taken over").Exec(ctx)
		assert.True(t, ent.IsNotFound(err), "update another tenant's company: %v", err)
		n, err := db.Client.Site.Update().SetName("renamed").Save(ctx)
		require.NoError(t, err)
		assert.Equal(t, 2, n, "a bulk update touches only the viewer's rows")
		n, err = db.Client.Site.Update().SetName("consultant's").Save(as(consultantOf(a)))
		require.NoError(t, err)
		assert.Equal(t, 1, n, "the consultant updates only the site of its own company")
		sys := viewer.System(context.Background(), quiet(), "test check")
		assert.Equal(t, "本社", db.Client.Site.GetX(sys, a.byCompany[1][1]).Name, "alpha's other site is untouched by both bulk updates")

		_, err = db.Client.Site.Create().SetCompanyID(a.companies[0].ID).SetName("planted").Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("company", "会社"), "a site in another organization's company")
		_, err = db.Client.Company.Create().SetOrganizationID(a.org.ID).SetName("planted").Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("organization", "組織"), "a company stamped with another organization")
		_, err = db.Client.Site.Create().SetCompanyID(a.companies[1].ID).SetName("planted").Save(as(consultantOf(a)))
		assert.ErrorIs(t, err, apperr.NotFound("company", "会社"), "a site in an ungranted company of the same organization")

		// Links are checked too: a row of one company never points at a row of another, even
		// for a viewer who reaches both, nor at a row of another organization.
		_, err = db.Client.Department.Create().SetCompanyID(a.companies[0].ID).SetSiteID(a.byCompany[1][1]).
			SetName("crossed").Save(as(ownerOf(a)))
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a department of one company on a site of another")
		_, err = db.Client.Department.Create().SetCompanyID(b.companies[0].ID).SetHeadID(a.owner.ID).
			SetName("crossed").Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a head from another organization")
		err = db.Client.Site.UpdateOneID(b.byCompany[0][1]).AddDepartmentIDs(a.byCompany[0][2]).Exec(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "adopting another organization's department")
		_, err = db.Client.Department.Create().SetCompanyID(a.companies[0].ID).SetSiteID(a.byCompany[0][1]).
			SetHeadID(a.owner.ID).SetName("linked").Save(as(ownerOf(a)))
		assert.NoError(t, err, "links inside one company are fine")

		co := db.Client.Company.Create().SetName("own").SaveX(ctx)
		assert.Equal(t, b.org.ID, co.OrganizationID, "the organization is stamped from the viewer")
	})
}

func TestArchive_RecordsAreNeverDeleted(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a := newTenant(t, db.Client, "alpha")
		ctx := as(ownerOf(a))
		err := db.Client.Site.DeleteOneID(a.byCompany[0][1]).Exec(ctx)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
		_, err = db.Client.Company.Delete().Exec(viewer.System(context.Background(), quiet(), "test check"))
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden}, "not even the system context deletes records")
		assert.Equal(t, 2, db.Client.Company.Query().CountX(ctx))
	})
}

func TestIsolation_NoViewerIsDenied(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a := newTenant(t, db.Client, "alpha")
		ctx := context.Background()
		_, err := db.Client.Company.Query().All(ctx)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindUnauthenticated})
		_, err = db.Client.User.Get(ctx, a.owner.ID)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindUnauthenticated})
		_, err = db.Client.Company.Create().SetOrganizationID(a.org.ID).SetName("x").Save(ctx)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindUnauthenticated})
		_, err = db.Client.Organization.Create().SetName("x").SetKind(organization.KindENTERPRISE).Save(as(ownerOf(a)))
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden}, "organizations are created only by sign-up")
	})
}

func ids(companies []*ent.Company) []pulid.ID {
	out := make([]pulid.ID, len(companies))
	for i, c := range companies {
		out[i] = c.ID
	}
	return out
}
