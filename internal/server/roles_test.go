package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/site"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// The role × operation matrix of layer 2 (the privacy policies): each operation lists the roles
// that may do it; every other role gets FORBIDDEN, or NOT_FOUND where the rows are hidden from
// it, and the database is left exactly as it was.

var (
	everyone       = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat, viewer.RoleMember, viewer.RoleAuditor}
	editors        = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat}
	administrators = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin}
)

// roleFixture is an organization with two client companies, the role under test granted the
// first where it is company-scoped, and the records the operations aim at.
type roleFixture struct {
	granted, other string // the two companies
	site, archived string // sites of the granted company; the second is archived
	department     string // a department of the granted company
	target         string // a CONSULTANT's membership, granted the first company
	invitation     string
}

type operation struct {
	class, name string
	query       string
	vars        func(f roleFixture) map[string]any
	allowed     []viewer.Role
	// hidden is the code of the roles not allowed: FORBIDDEN for writes, NOT_FOUND for rows they
	// may not read.
	hidden string
}

// The operations run in this order, on one database per role.
var operations = []operation{
	{"read", "companies", `{ companies { totalCount } }`, nil, everyone, ""},
	{"read", "node of a site", `query($id: ID!) { node(id: $id) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"id": f.site} }, everyone, ""},
	{"read", "node of an invitation", `query($id: ID!) { node(id: $id) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"id": f.invitation} }, administrators, "NOT_FOUND"},

	{"write", "createSite", `mutation($c: ID!) { createSite(input: {companyID: $c, name: "新拠点"}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"c": f.granted} }, editors, "FORBIDDEN"},
	{"write", "updateSite", `mutation($id: ID!) { updateSite(input: {id: $id, name: "本社ビル", headcount: 80}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"id": f.site} }, editors, "FORBIDDEN"},
	{"write", "archiveSite (already archived)", `mutation($id: ID!) { archiveSite(input: {id: $id}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"id": f.archived} }, editors, "FORBIDDEN"},
	{"write", "createDepartment", `mutation($c: ID!) { createDepartment(input: {companyID: $c, name: "品質保証部"}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"c": f.granted} }, editors, "FORBIDDEN"},
	{"write", "updateDepartment", `mutation($id: ID!) { updateDepartment(input: {id: $id, name: "総務課"}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"id": f.department} }, editors, "FORBIDDEN"},
	{"write", "updateCompany", `mutation($id: ID!) { updateCompany(input: {id: $id, industry: "製造業"}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"id": f.granted} }, editors, "FORBIDDEN"},

	{"write", "createDocument", `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "手順書", kind: PROCEDURE, body: "# 手順"}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"c": f.granted} }, editors, "FORBIDDEN"},

	{"admin", "createCompany", `mutation { createCompany(input: {name: "新規顧客"}) { id } }`,
		nil, administrators, "FORBIDDEN"},
	{"admin", "updateOrganization", `mutation { updateOrganization(input: {defaultLocale: EN}) { defaultLocale } }`,
		nil, administrators, "FORBIDDEN"},
	{"admin", "inviteMember", `mutation($c: ID!) { inviteMember(input: {email: "invitee@example.com", role: MEMBER, companyIDs: [$c]}) { token } }`,
		func(f roleFixture) map[string]any { return map[string]any{"c": f.granted} }, administrators, "FORBIDDEN"},
	{"admin", "grantCompanyAccess", `mutation($m: ID!, $c: ID!) { grantCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"m": f.target, "c": f.other} }, administrators, "FORBIDDEN"},
	{"admin", "grantCompanyAccess (already granted)", `mutation($m: ID!, $c: ID!) { grantCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"m": f.target, "c": f.granted} }, administrators, "FORBIDDEN"},
	{"admin", "updateMembership", `mutation($m: ID!) { updateMembership(input: {id: $m, role: SECRETARIAT}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"m": f.target} }, administrators, "FORBIDDEN"},
	{"admin", "revokeCompanyAccess", `mutation($m: ID!, $c: ID!) { revokeCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`,
		func(f roleFixture) map[string]any { return map[string]any{"m": f.target, "c": f.granted} }, administrators, "FORBIDDEN"},
	// Before removeMember, which removes the target.
	{"admin", "issuePasswordReset", `mutation($m: ID!) { issuePasswordReset(input: {membershipID: $m}) { token } }`,
		func(f roleFixture) map[string]any { return map[string]any{"m": f.target} }, administrators, "FORBIDDEN"},
	{"admin", "removeMember", `mutation($m: ID!) { removeMember(input: {id: $m}) { removedMembershipID } }`,
		func(f roleFixture) map[string]any { return map[string]any{"m": f.target} }, administrators, "FORBIDDEN"},
}

func TestRoles_EachRoleDoesWhatItsPolicyAllowsAndNothingElse(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			for _, role := range everyone {
				t.Run(string(role), func(t *testing.T) {
					t.Parallel() // each role on a database of its own
					e := newEnv(t, dialect, kv.NewMemory())
					token, f := e.roleFixture(role)
					// What the viewer is told it may do is what it then may do: each flag of
					// viewerPermissions against the operation that it announces.
					perms := e.post(token, `{ organization { viewerRole viewerPermissions { addCompanies editStructure editRecords manageMembers editOrganization } } }`, nil)
					require.Empty(t, perms.Errors)
					assert.Equal(t, string(role), field(perms.Data, "organization", "viewerRole"))
					announces := map[string]string{"createCompany": "addCompanies", "createSite": "editStructure", "createDocument": "editRecords", "inviteMember": "manageMembers", "updateOrganization": "editOrganization"}
					checked := 0
					for _, op := range operations {
						if flag, ok := announces[op.name]; ok {
							checked++
							assert.Equal(t, slices.Contains(op.allowed, role), field(perms.Data, "organization", "viewerPermissions", flag), "%s: %s", flag, op.name)
						}
					}
					require.Equal(t, len(announces), checked, "every flag has its operation in the table")
					// Each refused operation is compared with the database as it was right before
					// it: the snapshot after one refusal is the one before the next operation,
					// and an allowed operation, which changes the database, is followed by a new one.
					var before map[string]string
					for _, op := range operations {
						var vars map[string]any
						if op.vars != nil {
							vars = op.vars(f)
						}
						if before == nil {
							before = testdb.Snapshot(e.t, e.raw)
						}
						res := e.post(token, op.query, vars)
						if slices.Contains(op.allowed, role) {
							assert.Empty(t, res.Errors, "%s %s: allowed", op.class, op.name)
							before = nil
							continue
						}
						require.NotEmpty(t, res.Errors, "%s %s: refused", op.class, op.name)
						assert.Equal(t, op.hidden, res.code(0), "%s %s: %s", op.class, op.name, res.Errors[0].Message)
						if op.hidden == "FORBIDDEN" {
							assert.Regexp(t, fmt.Sprintf(`^the %s role cannot (create|change|delete) [a-z ]+$`, role), res.Errors[0].Message, op.name)
						}
						after := testdb.Snapshot(e.t, e.raw)
						assert.Equal(t, before, after, "%s %s: a refused operation changes nothing", op.class, op.name)
						before = after
					}
				})
			}
		})
	}
}

func TestRoles_CompanyScopedRolesReadOnlyTheirCompany(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	for _, role := range everyone {
		token, _ := e.roleFixture(role)
		res := e.post(token, `{ companies { totalCount } }`, nil)
		require.Empty(t, res.Errors, role)
		want := float64(1)
		if slices.Contains(administrators, role) {
			want = 2
		}
		assert.Equal(t, want, field(res.Data, "companies", "totalCount"), role)
	}
}

// roleFixture makes a new organization and signs in a viewer of the role there.
func (e *env) roleFixture(role viewer.Role) (string, roleFixture) {
	e.t.Helper()
	owner, companies := e.tenant(fmt.Sprintf("org%d", len(e.viewers)), 2)
	ctx := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
	c, o := e.db.Client, e.viewers[owner]
	f := roleFixture{granted: companies[0], other: companies[1]}
	sites := c.Site.Query().Where(site.CompanyID(pulid.ID(f.granted))).Order(site.ByName()).AllX(ctx)
	require.Len(e.t, sites, 2)
	f.site, f.archived = string(sites[0].ID), string(sites[1].ID)
	c.Site.UpdateOne(sites[1]).SetArchivedAt(time.Now()).ExecX(ctx)
	f.department = string(c.Department.Query().FirstIDX(ctx))

	consultant := c.User.Create().SetEmail("consultant-" + strings.ToLower(string(pulid.New("x"))) + "@example.com").SetName("顧問").SaveX(ctx)
	m := c.Membership.Create().SetOrganizationID(o.OrganizationID).SetUserID(consultant.ID).SetRole(viewer.RoleConsultant).SaveX(ctx)
	c.CompanyAccess.Create().SetOrganizationID(o.OrganizationID).SetMembershipID(m.ID).SetCompanyID(pulid.ID(f.granted)).ExecX(ctx)
	f.target = string(m.ID)
	inv := c.Invitation.Create().SetOrganizationID(o.OrganizationID).SetEmail("pending@example.com").SetRole(viewer.RoleMember).
		SetTokenHash("hash-" + string(pulid.New("x"))).SetExpiresAt(time.Now().Add(time.Hour)).SetInvitedByID(o.UserID).SaveX(ctx)
	f.invitation = string(inv.ID)

	if slices.Contains(administrators, role) {
		return e.member(owner, role), f
	}
	return e.member(owner, role, f.granted), f
}
