package server_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const createCompany = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
	id name alternateName scopeStatement certificateExpiresOn nextAuditOn archivedAt organization { name } } }`

const createSite = `mutation($input: CreateSiteInput!) { createSite(input: $input) { id companyID name headcount } }`

const createDepartment = `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id companyID name site { name } head { name } } }`

// eachDialect runs fn on a server over each database, the databases in parallel; fn must not
// share what it changes with code after the call.
func eachDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			fn(t, newEnv(t, dialect, kv.NewMemory()))
		})
	}
}

func TestCompanies_OwnerBuildsAWorkspace(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, _ := e.tenant("alpha", 0)
		res := e.post(owner, createCompany, map[string]any{"input": map[string]any{
			"name": "  株式会社さくら精工 ", "alternateName": "Sakura Precision", "scopeStatement": "本社における設計・製造",
			"certificateExpiresOn": "2027-03-31", "nextAuditOn": "2026-12-10",
		}})
		require.Empty(t, res.Errors)
		co := res.Data["createCompany"].(map[string]any)
		assert.Equal(t, "株式会社さくら精工", co["name"], "names are trimmed")
		assert.Equal(t, "2027-03-31", co["certificateExpiresOn"])
		assert.Equal(t, "2026-12-10", co["nextAuditOn"])
		assert.Equal(t, "alpha", field(co, "organization", "name"))
		assert.Regexp(t, `^CO[0-9A-Z]{26}$`, co["id"])

		res = e.post(owner, createSite, map[string]any{"input": map[string]any{"companyID": co["id"], "name": "本社", "headcount": 120}})
		require.Empty(t, res.Errors)
		site := res.Data["createSite"].(map[string]any)
		assert.Equal(t, co["id"], site["companyID"])

		res = e.post(owner, createDepartment, map[string]any{"input": map[string]any{
			"companyID": co["id"], "name": "情報システム部", "siteID": site["id"], "headID": string(e.viewers[owner].UserID),
		}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "本社", field(res.Data, "createDepartment", "site", "name"))
		assert.Equal(t, "alpha", field(res.Data, "createDepartment", "head", "name"))

		res = e.post(owner, `{ companies { edges { node { name sites { totalCount } departments { edges { node { name } } } } } } }`, nil)
		require.Empty(t, res.Errors)
		assert.Len(t, field(res.Data, "companies", "edges"), 1)
	})
}

func TestCompanies_BadInputNamesTheFieldsAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, ids := e.tenant("alpha", 1)
		before := e.count("companies")

		res := e.post(owner, createCompany, map[string]any{"input": map[string]any{
			"name": "   ", "industry": strings.Repeat("業", 201),
		}})
		require.Len(t, res.Errors, 2, "one error per field")
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "BAD_USER_INPUT", res.code(1))
		assert.Equal(t, []any{"name", "industry"}, res.fields())
		assert.Contains(t, res.Errors[0].Message, "name: must not be empty")

		res = e.post(owner, createCompany, map[string]any{"input": map[string]any{"name": "x", "nextAuditOn": "2026-02-30"}})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "nextAuditOn", res.Errors[0].Extensions["field"])

		res = e.post(owner, createSite, map[string]any{"input": map[string]any{"companyID": ids[0], "name": "x", "headcount": -1}})
		assert.Equal(t, "headcount", res.Errors[0].Extensions["field"])

		assert.Equal(t, before, e.count("companies"), "nothing was created")
		assert.Equal(t, 2, e.count("sites"), "only the fixture's sites")
	})
}

func TestCompanies_EdgesNeverCrossCompaniesOrOrganizations(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		alpha, alphaIDs := e.tenant("alpha", 2)
		bravo, bravoIDs := e.tenant("bravo", 1)

		// Another organization's company is not found, for every write.
		res := e.post(alpha, createSite, map[string]any{"input": map[string]any{"companyID": bravoIDs[0], "name": "planted"}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "companyID", res.Errors[0].Extensions["field"])
		res = e.post(alpha, `mutation($id: ID!) { updateCompany(input: {id: $id, name: "taken"}) { id } }`, map[string]any{"id": bravoIDs[0]})
		assert.Equal(t, "NOT_FOUND", res.code(0))
		res = e.post(alpha, `mutation($id: ID!) { archiveCompany(input: {id: $id}) { id } }`, map[string]any{"id": bravoIDs[0]})
		assert.Equal(t, "NOT_FOUND", res.code(0))

		// Another client company of the same organization, for a consultant granted only the first.
		consultant := e.member(alpha, viewer.RoleConsultant, alphaIDs[0])
		res = e.post(consultant, createSite, map[string]any{"input": map[string]any{"companyID": alphaIDs[1], "name": "planted"}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		res = e.post(consultant, createSite, map[string]any{"input": map[string]any{"companyID": alphaIDs[0], "name": "granted"}})
		require.Empty(t, res.Errors)

		// A department's site must be of its own company; its head a member of the organization.
		otherSite := e.post(alpha, `query($id: ID!) { node(id: $id) { ... on Company { sites { edges { node { id } } } } } }`, map[string]any{"id": alphaIDs[1]})
		siteID := field(otherSite.Data, "node", "sites", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"]
		res = e.post(alpha, createDepartment, map[string]any{"input": map[string]any{"companyID": alphaIDs[0], "name": "x", "siteID": siteID}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "siteID", res.Errors[0].Extensions["field"])
		res = e.post(alpha, createDepartment, map[string]any{"input": map[string]any{"companyID": alphaIDs[0], "name": "x", "headID": string(e.viewers[bravo].UserID)}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "headID", res.Errors[0].Extensions["field"])
		ownSite := e.post(alpha, `query($id: ID!) { node(id: $id) { ... on Company { sites { edges { node { id } } } } } }`, map[string]any{"id": alphaIDs[0]})
		// Selecting only the id: the links are checked on whole rows, whatever the client selects.
		res = e.post(alpha, `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }`, map[string]any{"input": map[string]any{"companyID": alphaIDs[0], "name": "品質保証部",
			"siteID": field(ownSite.Data, "node", "sites", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"],
			"headID": string(e.viewers[alpha].UserID)}})
		assert.Empty(t, res.Errors, "a site of its own company and a head of the organization are fine")

		res = e.post(bravo, `{ companies { edges { node { name sites { totalCount } } } } }`, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, float64(2), field(field(res.Data, "companies", "edges").([]any)[0].(map[string]any), "node", "sites", "totalCount"), "bravo's company is untouched")
	})
}

func TestCompanies_ArchivedCompanyTakesNoNewSitesUntilRestored(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, ids := e.tenant("alpha", 1)
		archive := `mutation($id: ID!) { archiveCompany(input: {id: $id}) { archivedAt } }`
		res := e.post(owner, archive, map[string]any{"id": ids[0]})
		require.Empty(t, res.Errors)
		first := field(res.Data, "archiveCompany", "archivedAt")
		require.NotNil(t, first)
		res = e.post(owner, archive, map[string]any{"id": ids[0]})
		assert.Equal(t, first, field(res.Data, "archiveCompany", "archivedAt"), "archiving twice keeps the first time")

		res = e.post(owner, createSite, map[string]any{"input": map[string]any{"companyID": ids[0], "name": "x"}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "companyID", res.Errors[0].Extensions["field"])

		res = e.post(owner, `{ companies(where: {archivedAtIsNil: true}) { totalCount } }`, nil)
		assert.Equal(t, float64(0), field(res.Data, "companies", "totalCount"))

		res = e.post(owner, `mutation($id: ID!) { restoreCompany(input: {id: $id}) { archivedAt } }`, map[string]any{"id": ids[0]})
		require.Empty(t, res.Errors)
		assert.Nil(t, field(res.Data, "restoreCompany", "archivedAt"))
		res = e.post(owner, createSite, map[string]any{"input": map[string]any{"companyID": ids[0], "name": "x"}})
		assert.Empty(t, res.Errors)
	})
}

func TestCompanies_ReadOnlyRolesCannotChangeTheStructure(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	owner, ids := e.tenant("alpha", 1)
	for _, role := range []viewer.Role{viewer.RoleMember, viewer.RoleAuditor} {
		token := e.member(owner, role, ids[0])
		res := e.post(token, createSite, map[string]any{"input": map[string]any{"companyID": ids[0], "name": "x"}})
		assert.Equal(t, "FORBIDDEN", res.code(0), role)
	}
	consultant := e.member(owner, viewer.RoleConsultant, ids[0])
	res := e.post(consultant, createCompany, map[string]any{"input": map[string]any{"name": "x"}})
	assert.Equal(t, "FORBIDDEN", res.code(0), "only OWNER and ADMIN add client companies")
	res = e.post("", createCompany, map[string]any{"input": map[string]any{"name": "x"}})
	assert.Equal(t, "UNAUTHENTICATED", res.code(0))
}
