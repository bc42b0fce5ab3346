package server_test

import (
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
)

// The cross-tenant and cross-company suite over the API. Two organizations sign up; each has two
// client companies with a site, a department, a consultant scoped to each company and a pending
// invitation. Two attackers aim at the records of organization A: the owner of organization B,
// and A's consultant of company 1 aiming at company 2. For every Node type, node, nodes, every
// connection that can hold it (filtered by where and reached through edges) and every mutation
// that takes its ID must behave as for an ID that never existed, and leave the database exactly
// as it was.
//
// Every Node type of the schema needs an entry in isolationProbes, and every mutation must be
// probed there or be listed in notAimedAtRecords: a new type or mutation fails
// TestIsolation_EveryNodeTypeAndMutationIsProbed until it is added.

// isolationProbe says how the API can reach one Node type by ID ($id).
type isolationProbe struct {
	// lists are queries over $id through every connection that can hold the type. The attacker
	// must get only zero counts and never see $id; a viewer who may see the record gets a
	// non-zero count from the same query, so the query is known to be able to reveal it.
	lists []string
	// mutations take $id together with the attacker's own records ($company, $department,
	// $membership) so that the foreign $id is the only thing wrong with them.
	mutations []string
}

// addProbes adds p's lists and mutations to those of typ. Files register in the order of their
// names, so a module that adds a probe to a type another file declares (a mutation that takes a
// document version) may come first: nothing registered is ever replaced.
func addProbes(typ string, p isolationProbe) {
	have := isolationProbes[typ]
	have.lists = append(have.lists, p.lists...)
	have.mutations = append(have.mutations, p.mutations...)
	isolationProbes[typ] = have
}

var isolationProbes = map[string]isolationProbe{
	"Organization": {
		lists: []string{
			`query($id: ID!) { organization { memberships(where: {organizationID: $id}) { totalCount } } }`,
			`query($id: ID!) { viewer { memberships(where: {organizationID: $id}) { totalCount edges { node { organization { id } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { switchOrganization(organizationID: $id) { accessToken } }`,
		},
	},
	"Company": {
		lists: []string{
			`query($id: ID!) { companies(where: {id: $id}) { totalCount edges { node { id } } } }`,
			`query($id: ID!) { organization { companies(where: {id: $id}) { totalCount } } }`,
			`query($id: ID!) { companies { edges { node { sites(where: {hasCompanyWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateCompany(input: {id: $id, name: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveCompany(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreCompany(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { createSite(input: {companyID: $id, name: "植え付け"}) { id } }`,
			`mutation($id: ID!) { createDepartment(input: {companyID: $id, name: "植え付け"}) { id } }`,
			`mutation($id: ID!, $membership: ID!) { grantCompanyAccess(input: {membershipID: $membership, companyID: $id}) { id } }`,
			`mutation($id: ID!, $membership: ID!) { revokeCompanyAccess(input: {membershipID: $membership, companyID: $id}) { id } }`,
			`mutation($id: ID!) { inviteMember(input: {email: "planted@example.com", role: CONSULTANT, companyIDs: [$id]}) { token } }`,
		},
	},
	"Site": {
		lists: []string{
			`query($id: ID!) { companies { edges { node { sites(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies(where: {hasSitesWith: {id: $id}}) { totalCount } }`,
			`query($id: ID!) { companies { edges { node { departments(where: {hasSiteWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateSite(input: {id: $id, name: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveSite(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreSite(input: {id: $id}) { id } }`,
			`mutation($id: ID!, $company: ID!) { createDepartment(input: {companyID: $company, siteID: $id, name: "植え付け"}) { id } }`,
			`mutation($id: ID!, $department: ID!) { updateDepartment(input: {id: $department, siteID: $id}) { id } }`,
		},
	},
	"Department": {
		lists: []string{
			`query($id: ID!) { companies { edges { node { departments(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies { edges { node { sites { edges { node { departments(where: {id: $id}) { totalCount } } } } } } } }`,
			`query($id: ID!) { companies(where: {hasDepartmentsWith: {id: $id}}) { totalCount } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateDepartment(input: {id: $id, name: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveDepartment(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreDepartment(input: {id: $id}) { id } }`,
		},
	},
	"CompanyAccess": {
		lists: []string{
			`query($id: ID!) { companies { edges { node { accesses(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { organization { memberships { edges { node { companyAccesses(where: {id: $id}) { totalCount } } } } } }`,
		},
		// No mutation takes an access's ID: grants and revocations name the membership and the
		// company, probed above and below.
	},
	"Membership": {
		lists: []string{
			`query($id: ID!) { organization { memberships(where: {id: $id}) { totalCount edges { node { id } } } } }`,
			`query($id: ID!) { companies { edges { node { accesses(where: {hasMembershipWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateMembership(input: {id: $id, role: AUDITOR}) { id } }`,
			`mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`,
			`mutation($id: ID!) { issuePasswordReset(input: {membershipID: $id}) { token } }`,
			`mutation($id: ID!, $company: ID!) { grantCompanyAccess(input: {membershipID: $id, companyID: $company}) { id } }`,
			`mutation($id: ID!, $company: ID!) { revokeCompanyAccess(input: {membershipID: $id, companyID: $company}) { id } }`,
		},
	},
	"User": {
		lists: []string{
			`query($id: ID!) { organization { memberships(where: {hasUserWith: {id: $id}}) { totalCount edges { node { user { id } } } } } }`,
			`query($id: ID!) { companies { edges { node { departments(where: {hasHeadWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!, $company: ID!) { createDepartment(input: {companyID: $company, headID: $id, name: "植え付け"}) { id } }`,
			`mutation($id: ID!, $department: ID!) { updateDepartment(input: {id: $department, headID: $id}) { id } }`,
		},
	},
	"Invitation": {
		// Invitations are reached by ID only, and accepted by their token.
	},
}

// notAimedAtRecords are the mutations that take no ID of a tenant's record.
var notAimedAtRecords = []string{
	"signUp", "login", "refreshToken", "logout", // the caller's own account and tokens
	"changePassword", "updateProfile", // the caller's own account
	"resetPassword",                      // a secret token, tested in credentials_test.go
	"acceptInvitation",                   // a secret token, tested in members_test.go
	"createCompany",                      // stamped with the viewer's organization, takes no parent
	"updateOrganization",                 // the viewer's own organization, tested in members_test.go
	"startCheckout", "openBillingPortal", // the viewer's own organization, tested in billing_test.go
}

// queriesNotAimedAtRecords are the queries that take no ID and read only the viewer's own
// organization.
var queriesNotAimedAtRecords = []string{
	"billing", // tested in billing_test.go
}

// isolationOrg is one signed-up organization and the IDs of its records by Node type.
type isolationOrg struct {
	workspace
	consultants [2]string // access tokens, consultant i scoped to company i
	both        string    // a consultant granted both companies
	byType      [3]map[string][]string
	// own are the records an attacker from this organization names next to a foreign ID.
	own map[string]string
}

// orgWide is the index of byType for the records that belong to no company.
const orgWide = 2

func (e *env) isolationOrg(name string) *isolationOrg {
	e.t.Helper()
	o := &isolationOrg{workspace: e.workspace(strings.ToLower(name)+"-owner@example.com", name)}
	for i := range o.byType {
		o.byType[i] = map[string][]string{}
	}
	ownerUser := e.ok(o.owner, `{ viewer { id } }`, nil, "viewer", "id")
	o.byType[orgWide]["Organization"] = []string{o.org}
	o.byType[orgWide]["User"] = []string{ownerUser}
	for i, c := range o.companies {
		site := e.ok(o.owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "本社"}) { id } }`,
			map[string]any{"c": c}, "createSite", "id")
		dept := e.ok(o.owner, `mutation($c: ID!, $s: ID!, $h: ID!) { createDepartment(input: {companyID: $c, siteID: $s, headID: $h, name: "総務部"}) { id } }`,
			map[string]any{"c": c, "s": site, "h": ownerUser}, "createDepartment", "id")
		o.consultants[i] = e.join(o.workspace, fmt.Sprintf("consultant%d@%s.example", i, strings.ToLower(name)), "CONSULTANT", []string{c}, nil)
		res := e.post(o.consultants[i], `{ viewer { id memberships { edges { node { id companyAccesses { edges { node { id } } } } } } } }`, nil)
		require.Empty(e.t, res.Errors)
		membership := onlyNode(e.t, field(res.Data, "viewer", "memberships"))
		access := onlyNode(e.t, membership["companyAccesses"])
		o.byType[i]["Company"] = []string{c}
		o.byType[i]["Site"] = []string{site}
		o.byType[i]["Department"] = []string{dept}
		o.byType[i]["CompanyAccess"] = []string{access["id"].(string)}
		o.byType[orgWide]["Membership"] = append(o.byType[orgWide]["Membership"], membership["id"].(string))
		o.byType[orgWide]["User"] = append(o.byType[orgWide]["User"], field(res.Data, "viewer", "id").(string))
	}
	o.both = e.join(o.workspace, "both@"+strings.ToLower(name)+".example", "CONSULTANT", o.companies, nil)
	inv := e.ok(o.owner, invite, map[string]any{"input": map[string]any{"email": "pending@" + strings.ToLower(name) + ".example", "role": "MEMBER", "companyIDs": o.companies[:1]}},
		"inviteMember", "invitation", "id")
	o.byType[orgWide]["Invitation"] = []string{inv}
	o.own = map[string]string{
		"company":    o.byType[0]["Company"][0],
		"department": o.byType[0]["Department"][0],
		"membership": o.byType[orgWide]["Membership"][0],
	}
	for _, add := range isolationFixtures {
		add(e, o)
	}
	return o
}

// isolationFixtures add a module's records to an organization through the API: for each company
// i, the IDs go to o.byType[i] (o.byType[orgWide] for records of no company), and the records of
// company 0 that an attacker names next to a foreign ID go to o.own. Each module registers one
// from an init function in its own test file, next to its entries in isolationProbes.
var isolationFixtures []func(e *env, o *isolationOrg)

// ok posts and returns the string at path, failing on any error.
func (e *env) ok(token, query string, vars map[string]any, path ...string) string {
	e.t.Helper()
	res := e.post(token, query, vars)
	require.Empty(e.t, res.Errors, query)
	s, ok := field(res.Data, path...).(string)
	require.True(e.t, ok, "%s: no %v in %v", query, path, res.Data)
	return s
}

func onlyNode(t testing.TB, connection any) map[string]any {
	t.Helper()
	edges, _ := field(connection.(map[string]any), "edges").([]any)
	require.Len(t, edges, 1)
	return edges[0].(map[string]any)["node"].(map[string]any)
}

// attack is one viewer aiming at records it must not reach.
type attack struct {
	name    string
	token   string
	targets map[string][]string // Node type → IDs
	// own are the attacker's own records for the mutations' other arguments.
	own map[string]string
	// control sees the targets and proves that each list query can reveal them.
	control string
}

// isolationWorld is the suite's fixture: organizations Alpha and Bravo, signed up and filled
// through the API once per test binary and dialect, with the key that signed their tokens.
type isolationWorld struct {
	a, b *isolationOrg
	key  ed25519.PrivateKey
}

// isolationWorlds hold the fixture of each dialect; every probe runs on its own copy of it.
var isolationWorlds = func() map[string]*testdb.Fixture[isolationWorld] {
	out := map[string]*testdb.Fixture[isolationWorld]{}
	for _, dialect := range testdb.Dialects {
		out[dialect] = testdb.NewFixture(dialect, func(t testing.TB, db *database.DB) isolationWorld {
			e := serve(t, db, kv.NewMemory(), false, nil)
			return isolationWorld{a: e.isolationOrg("Alpha"), b: e.isolationOrg("Bravo"), key: e.signingKey}
		})
	}
	return out
}()

// isolationCopy serves a fresh copy of the dialect's isolation fixture.
func isolationCopy(t *testing.T, dialect string) (*env, isolationWorld) {
	t.Helper()
	db, w := isolationWorlds[dialect].Open(t)
	return serve(t, db, kv.NewMemory(), false, w.key), w
}

func TestIsolation_NoOtherOrganizationOrCompanyIsReachableThroughTheAPI(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			e, w := isolationCopy(t, dialect)
			a, b := w.a, w.b
			everyA := map[string][]string{}
			for _, byType := range a.byType {
				for typ, ids := range byType {
					everyA[typ] = append(everyA[typ], ids...)
				}
			}
			attacks := []attack{
				{name: "another organization", token: b.owner, targets: everyA, own: b.own, control: a.owner},
				{name: "another company of the same organization", token: a.consultants[0], targets: a.byType[1], own: a.own, control: a.both},
			}
			require.GreaterOrEqual(t, len(a.byType[1]), 4, "company-owned types in the fixture")

			// Each Node type is probed on a copy of its own, in parallel with the others, by
			// one attacker after the other.
			types := map[string]bool{}
			for _, at := range attacks {
				for typ := range at.targets {
					types[typ] = true
				}
			}
			for _, typ := range slices.Sorted(maps.Keys(types)) {
				t.Run(typ, func(t *testing.T) {
					t.Parallel()
					e, _ := isolationCopy(t, dialect)
					for _, at := range attacks {
						ids := at.targets[typ]
						if len(ids) == 0 {
							continue
						}
						t.Run(at.name, func(t *testing.T) {
							e.t = t
							before := testdb.Snapshot(t, e.raw)
							revealed := map[string]bool{}
							for _, id := range ids {
								e.probeNode(t, at, typ, id, revealed)
							}
							assert.Equal(t, before, testdb.Snapshot(t, e.raw), "the database is unchanged")

							// The controls: a viewer who may see the targets finds each of them
							// through some list, and each list finds some of them, so no list probe
							// is empty by design.
							for _, id := range ids {
								if len(isolationProbes[typ].lists) > 0 {
									assert.True(t, revealed[id], "no list reveals %s %s even to a viewer who may see it", typ, id)
								}
							}
							for _, q := range isolationProbes[typ].lists {
								assert.True(t, revealed[q], "control: %s reveals no %s even to a viewer who may see it", q, typ)
							}
						})
					}
				})
			}

			// The control viewers do see what the attackers cannot: a consultant granted both
			// companies of A lists both.
			res := e.post(a.both, `{ companies { totalCount } }`, nil)
			require.Empty(t, res.Errors)
			assert.Equal(t, float64(2), field(res.Data, "companies", "totalCount"))
		})
	}
}

// probeNode aims every probe of the type at id. revealed records which list queries and which
// IDs the control viewer's answers revealed.
func (e *env) probeNode(t *testing.T, at attack, typ, id string, revealed map[string]bool) {
	t.Helper()
	probe, ok := isolationProbes[typ]
	require.True(t, ok, "no isolation probe for %s", typ)
	never := string(pulid.New(id[:2])) // an ID of the same type that never existed
	vars := func(id string) map[string]any {
		v := map[string]any{"id": id}
		for k, own := range at.own {
			v[k] = own
		}
		return v
	}

	// node and nodes answer as for an ID that never existed.
	const node = `query($id: ID!) { node(id: $id) { id } }`
	foreign, missing := e.post(at.token, node, vars(id)), e.post(at.token, node, vars(never))
	assert.Nil(t, foreign.Data["node"], "%s %s: node", typ, id)
	assert.Equal(t, "NOT_FOUND", foreign.code(0), "%s: node", typ)
	assert.Equal(t, answer(missing, never), answer(foreign, id), "%s: node", typ)
	res := e.post(at.token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{at.own["company"], id}})
	nodes, _ := res.Data["nodes"].([]any)
	require.Len(t, nodes, 2, "%s: nodes", typ)
	assert.NotNil(t, nodes[0], "%s: nodes still returns the viewer's own record", typ)
	assert.Nil(t, nodes[1], "%s: nodes", typ)

	for _, q := range probe.lists {
		res := e.post(at.token, q, vars(id))
		require.Empty(t, res.Errors, q)
		assert.Zero(t, sumCounts(res.Data), "%s: %s", typ, q)
		assert.NotContains(t, string(res.Raw["data"]), id, "%s: %s", typ, q)
		control := e.post(at.control, q, vars(id))
		require.Empty(t, control.Errors, q)
		if sumCounts(control.Data) > 0 {
			revealed[q] = true
			revealed[id] = true
		}
	}

	// Each mutation is compared with the database as it was right before it: the snapshot after
	// one mutation is the one before the next.
	var before map[string]string
	if len(probe.mutations) > 0 {
		before = testdb.Snapshot(t, e.raw)
	}
	for _, m := range probe.mutations {
		foreign, missing := e.post(at.token, m, vars(id)), e.post(at.token, m, vars(never))
		require.NotEmpty(t, foreign.Errors, "%s %s: %s succeeded", at.name, typ, m)
		assert.Contains(t, []string{"NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT"}, foreign.code(0), "%s: %s: %s", typ, m, foreign.Errors[0].Message)
		assert.Equal(t, answer(missing, never), answer(foreign, id), "%s: %s answers as for an ID that never existed", typ, m)
		after := testdb.Snapshot(t, e.raw)
		assert.Equal(t, before, after, "%s: %s changed the database", typ, m)
		before = after
	}
}

// answer is what a response tells the client, with the ID asked about blanked out.
func answer(r response, id string) string {
	b, _ := json.Marshal(map[string]any{"data": r.Data, "errors": r.Errors})
	s := strings.ReplaceAll(string(b), id, "<id>")
	return regexp.MustCompile(`"requestId":"[^"]*"`).ReplaceAllString(s, "")
}

// sumCounts adds every totalCount in the data.
func sumCounts(v any) float64 {
	var sum float64
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if n, ok := x.(float64); ok && k == "totalCount" {
				sum += n
			} else {
				sum += sumCounts(x)
			}
		}
	case []any:
		for _, x := range v {
			sum += sumCounts(x)
		}
	}
	return sum
}

func TestIsolation_EveryNodeTypeAndMutationIsProbed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res := e.post("", `{ __type(name: "Node") { possibleTypes { name } } __schema { mutationType { fields { name } } queryType { fields { name } } } }`, nil)
	require.Empty(t, res.Errors)

	var types []string
	for _, pt := range field(res.Data, "__type", "possibleTypes").([]any) {
		types = append(types, pt.(map[string]any)["name"].(string))
	}
	require.NotEmpty(t, types)
	for _, typ := range types {
		_, ok := isolationProbes[typ]
		assert.True(t, ok, "Node type %s has no entry in isolationProbes", typ)
	}
	for typ := range isolationProbes {
		assert.Contains(t, types, typ, "isolationProbes names %s, which is not a Node type", typ)
	}

	var probed strings.Builder
	for _, p := range isolationProbes {
		for _, q := range append(slices.Clone(p.lists), p.mutations...) {
			probed.WriteString(q + "\n")
		}
	}
	probed.WriteString("node(id nodes(ids")
	named := func(name string) bool {
		return regexp.MustCompile(`[{\s]` + name + `\s*[({]`).MatchString(probed.String())
	}
	for _, f := range field(res.Data, "__schema", "mutationType", "fields").([]any) {
		name := f.(map[string]any)["name"].(string)
		assert.True(t, named(name) || slices.Contains(notAimedAtRecords, name),
			"mutation %s is neither probed in isolationProbes nor listed in notAimedAtRecords", name)
	}
	for _, f := range field(res.Data, "__schema", "queryType", "fields").([]any) {
		name := f.(map[string]any)["name"].(string)
		assert.True(t, named(name) || strings.HasPrefix(name, "__") || slices.Contains(queriesNotAimedAtRecords, name),
			"query %s is not probed in isolationProbes", name)
	}
}
