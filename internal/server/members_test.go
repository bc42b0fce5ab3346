package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const invite = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token invitation { id email role } } }`

const accept = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken user { id } organization { name } } }`

// workspace is an organization signed up through the API with two client companies.
type workspace struct {
	owner     string
	org       string
	companies []string
}

func (e *env) workspace(email, name string) workspace {
	e.t.Helper()
	return e.workspaceOf(email, name, name+" 本社", name+" 子会社")
}

// workspaceOf signs up an organization with the companies named.
func (e *env) workspaceOf(email, name string, companies ...string) workspace {
	e.t.Helper()
	p := e.signUpAs(email, name)
	w := workspace{owner: p["accessToken"].(string), org: field(p, "organization", "id").(string)}
	for _, c := range companies {
		res := e.post(w.owner, `mutation($n: String!) { createCompany(input: {name: $n}) { id } }`, map[string]any{"n": c})
		require.Empty(e.t, res.Errors)
		w.companies = append(w.companies, field(res.Data, "createCompany", "id").(string))
	}
	return w
}

// english makes the organization of the owner's token read English (its default language), for
// tests that compare the English messages of refusals.
func (e *env) english(owner string) {
	e.t.Helper()
	e.ok(owner, `mutation { updateOrganization(input: {defaultLocale: EN}) { id } }`, nil, "updateOrganization", "id")
}

// join invites email with the role and companies and accepts as a new account; it returns the
// new member's access token.
func (e *env) join(w workspace, email, role string, companies []string, extra map[string]any) string {
	e.t.Helper()
	input := map[string]any{"email": email, "role": role, "companyIDs": companies}
	for k, v := range extra {
		input[k] = v
	}
	res := e.post(w.owner, invite, map[string]any{"input": input})
	require.Empty(e.t, res.Errors)
	res = e.post("", accept, map[string]any{"input": map[string]any{
		"token": field(res.Data, "inviteMember", "token"), "name": "招待 " + role, "password": strongPassword,
	}})
	require.Empty(e.t, res.Errors)
	return field(res.Data, "acceptInvitation", "accessToken").(string)
}

func companyNames(t *testing.T, e *env, token string) []string {
	t.Helper()
	res := e.post(token, `{ companies(orderBy: {field: NAME}) { edges { node { name } } } }`, nil)
	require.Empty(t, res.Errors)
	var names []string
	for _, edge := range field(res.Data, "companies", "edges").([]any) {
		names = append(names, edge.(map[string]any)["node"].(map[string]any)["name"].(string))
	}
	return names
}

func TestMembers_TwoOrganizationsAndScopedUsersSeeOnlyWhatTheyWereGiven(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		b := e.workspace("owner@b.example", "B")
		consultant := e.join(a, "consultant@a.example", "CONSULTANT", a.companies, nil)
		secretariat := e.join(a, "secretariat@a.example", "SECRETARIAT", a.companies[:1], nil)
		bMember := e.join(b, "member@b.example", "MEMBER", b.companies[:1], nil)

		assert.Equal(t, []string{"A 子会社", "A 本社"}, companyNames(t, e, consultant), "a consultant with both companies sees both")
		assert.Equal(t, []string{"A 本社"}, companyNames(t, e, secretariat))
		assert.Equal(t, []string{"B 本社"}, companyNames(t, e, bMember))

		for _, tc := range []struct {
			token string
			id    string
		}{{secretariat, a.companies[1]}, {bMember, a.companies[0]}, {b.owner, a.companies[0]}, {a.owner, b.companies[1]}} {
			res := e.post(tc.token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": tc.id})
			assert.Equal(t, "NOT_FOUND", res.code(0))
			res = e.post(tc.token, `mutation($id: ID!) { updateCompany(input: {id: $id, name: "taken"}) { id } }`, map[string]any{"id": tc.id})
			assert.Contains(t, []string{"NOT_FOUND", "FORBIDDEN"}, res.code(0))
		}
		assert.Equal(t, []string{"A 子会社", "A 本社"}, companyNames(t, e, a.owner), "nothing was renamed")

		res := e.post(b.owner, `{ organization { memberships { totalCount } } }`, nil)
		assert.Equal(t, float64(2), field(res.Data, "organization", "memberships", "totalCount"))
	})
}

func TestMembers_InvitationsAreCheckedAndSingleUse(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	a := e.workspace("owner@a.example", "A")
	b := e.workspace("owner@b.example", "B")

	res := e.post(a.owner, invite, map[string]any{"input": map[string]any{"email": "x@a.example", "role": "SECRETARIAT", "companyIDs": b.companies[:1]}})
	assert.Equal(t, "BAD_USER_INPUT", res.code(0), "another organization's company")
	assert.Equal(t, "companyIDs", res.Errors[0].Extensions["field"])
	res = e.post(a.owner, invite, map[string]any{"input": map[string]any{"email": "x@a.example", "role": "AUDITOR", "companyIDs": a.companies[:1]}})
	assert.Equal(t, "accessExpiresAt", res.Errors[0].Extensions["field"], "an auditor's access must end")
	res = e.post(a.owner, invite, map[string]any{"input": map[string]any{"email": "owner@a.example", "role": "ADMIN"}})
	assert.Equal(t, "CONFLICT", res.code(0), "already a member")

	res = e.post(a.owner, invite, map[string]any{"input": map[string]any{"email": "owner@b.example", "role": "ADMIN"}})
	require.Empty(t, res.Errors)
	tok := field(res.Data, "inviteMember", "token")
	res = e.post(b.owner, accept, map[string]any{"input": map[string]any{"token": tok}})
	require.Empty(t, res.Errors)
	assert.Equal(t, "A", field(res.Data, "acceptInvitation", "organization", "name"), "B's owner now also works in A")
	res = e.post(b.owner, accept, map[string]any{"input": map[string]any{"token": tok}})
	assert.Equal(t, "NOT_FOUND", res.code(0), "an invitation is used once")
}

func TestMembers_RolesAndTheLastOwner(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "postgres", kv.NewMemory())
	a := e.workspace("owner@a.example", "A")
	admin := e.join(a, "admin@a.example", "ADMIN", nil, nil)
	auditor := e.join(a, "auditor@a.example", "AUDITOR", a.companies[:1], map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})

	res := e.post(admin, invite, map[string]any{"input": map[string]any{"email": "x@a.example", "role": "OWNER"}})
	assert.Equal(t, "FORBIDDEN", res.code(0), "only an owner makes owners")

	members := e.post(a.owner, `{ organization { memberships { edges { node { id role user { email } } } } } }`, nil)
	ids := map[string]string{}
	for _, edge := range field(members.Data, "organization", "memberships", "edges").([]any) {
		n := edge.(map[string]any)["node"].(map[string]any)
		ids[field(n, "user", "email").(string)] = n["id"].(string)
	}
	res = e.post(a.owner, `mutation($id: ID!) { updateMembership(input: {id: $id, role: ADMIN}) { role } }`, map[string]any{"id": ids["owner@a.example"]})
	assert.Equal(t, "CONFLICT", res.code(0), "the last owner stays an owner")
	res = e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": ids["owner@a.example"]})
	assert.Equal(t, "CONFLICT", res.code(0), "the last owner stays")

	res = e.post(auditor, `{ companies { totalCount } }`, nil)
	assert.Equal(t, float64(1), field(res.Data, "companies", "totalCount"), "the auditor reads its company")
	res = e.post(auditor, `mutation($id: ID!) { createSite(input: {companyID: $id, name: "x"}) { id } }`, map[string]any{"id": a.companies[0]})
	assert.Equal(t, "FORBIDDEN", res.code(0), "the auditor writes nothing")
	_, err := e.raw.Exec(`UPDATE memberships SET expires_at = $1 WHERE id = $2`, time.Now().Add(-time.Minute), ids["auditor@a.example"])
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, e.post(auditor, `{ companies { totalCount } }`, nil).Status, "an expired auditor is out at once")

	res = e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": ids["admin@a.example"]})
	require.Empty(t, res.Errors)
	assert.Equal(t, http.StatusUnauthorized, e.post(admin, `{ viewer { id } }`, nil).Status, "a removed member's live token stops")
}

func TestMembers_CompanyAccessCanBeGrantedAndRevoked(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	a := e.workspace("owner@a.example", "A")
	b := e.workspace("owner@b.example", "B")
	consultant := e.join(a, "c@a.example", "CONSULTANT", a.companies[:1], nil)
	res := e.post(consultant, `{ viewer { memberships { edges { node { id } } } } }`, nil)
	membershipID := field(res.Data, "viewer", "memberships", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"]

	grant := `mutation($m: ID!, $c: ID!) { grantCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`
	res = e.post(a.owner, grant, map[string]any{"m": membershipID, "c": a.companies[1]})
	require.Empty(t, res.Errors)
	assert.Len(t, companyNames(t, e, consultant), 2)
	res = e.post(a.owner, grant, map[string]any{"m": membershipID, "c": b.companies[0]})
	assert.Equal(t, "BAD_USER_INPUT", res.code(0), "another organization's company")
	assert.Equal(t, "companyID", res.Errors[0].Extensions["field"])
	assert.Equal(t, "UNKNOWN_ID", res.Errors[0].Extensions["reason"])
	res = e.post(consultant, grant, map[string]any{"m": membershipID, "c": a.companies[1]})
	assert.Equal(t, "FORBIDDEN", res.code(0), "a consultant does not grant itself")
	res = e.post(b.owner, grant, map[string]any{"m": membershipID, "c": b.companies[0]})
	assert.Equal(t, "NOT_FOUND", res.code(0), "another organization's membership")

	res = e.post(a.owner, `mutation($m: ID!, $c: ID!) { revokeCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`,
		map[string]any{"m": membershipID, "c": a.companies[0]})
	require.Empty(t, res.Errors)
	assert.Equal(t, []string{"A 子会社"}, companyNames(t, e, consultant), "the revoked company is gone at once")
}

func TestMembers_ARemovedMemberLeavesItsWorkBehindAndCanComeBack(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		staff := e.join(a, "staff@a.example", "SECRETARIAT", a.companies[:1], nil)
		staffUser := e.ok(staff, `{ viewer { id } }`, nil, "viewer", "id")
		membershipID := onlyNode(t, field(e.post(staff, `{ viewer { memberships { edges { node { id } } } } }`, nil).Data, "viewer", "memberships"))["id"]
		doc := e.ok(staff, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "情報セキュリティ基本方針", kind: POLICY, body: "# 方針"}) { id } }`,
			map[string]any{"c": a.companies[0]}, "createDocument", "id")
		e.ok(a.owner, `mutation($c: ID!, $u: ID!) { addCommitteeMember(input: {companyID: $c, userID: $u, title: "事務局"}) { id } }`,
			map[string]any{"c": a.companies[0], "u": staffUser}, "addCommitteeMember", "id")

		res := e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": membershipID})
		require.Empty(t, res.Errors)
		assert.Equal(t, http.StatusUnauthorized, e.post(staff, `{ viewer { id } }`, nil).Status, "the removed member is out at once")

		res = e.post(a.owner, `query($id: ID!) { node(id: $id) { ... on Document { versions { edges { node { number author { email } } } } } } }`, map[string]any{"id": doc})
		require.Empty(t, res.Errors, "the document still names its author")
		assert.Equal(t, "staff@a.example", field(edgeNodes(field(res.Data, "node", "versions"))[0].(map[string]any), "author", "email"))
		res = e.post(a.owner, `query($c: ID!) { node(id: $c) { ... on Company { secretariat { committee { id } } } } organization { memberships { totalCount } } }`, map[string]any{"c": a.companies[0]})
		require.Empty(t, res.Errors)
		assert.Empty(t, field(res.Data, "node", "secretariat", "committee"), "the committee seat went with the member")
		assert.Equal(t, float64(1), field(res.Data, "organization", "memberships", "totalCount"), "a removed member is not listed")

		back := e.join(a, "staff@a.example", "MEMBER", a.companies[:1], nil)
		res = e.post(back, `{ viewer { memberships { edges { node { id role } } } } }`, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, membershipID, onlyNode(t, field(res.Data, "viewer", "memberships"))["id"], "the same membership returns")
		assert.Equal(t, "MEMBER", onlyNode(t, field(res.Data, "viewer", "memberships"))["role"])
	})
}

// updateOrganization changes the active organization only, the fields given only; null and bad
// values are BAD_USER_INPUT on their field and change nothing.
func TestMembers_UpdateOrganizationChangesTheActiveOneOnly(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		mine := e.signUpAs("owner@mine.example", "自社")["accessToken"].(string)
		other := e.signUpAs("owner@other.example", "他社")["accessToken"].(string)
		const update = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { name defaultLocale } }`

		res := e.post(mine, update, map[string]any{"input": map[string]any{"name": " 自社ホールディングス ", "defaultLocale": "EN"}})
		require.Empty(t, res.Errors)
		assert.Equal(t, map[string]any{"name": "自社ホールディングス", "defaultLocale": "EN"}, res.Data["updateOrganization"])
		res = e.post(mine, update, map[string]any{"input": map[string]any{"defaultLocale": "JA"}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "自社ホールディングス", field(res.Data, "updateOrganization", "name"), "a field left out stays")

		before := testdb.Snapshot(t, e.raw)
		for name, c := range map[string]struct {
			input map[string]any
			field string
		}{
			"null name":           {map[string]any{"name": nil}, "name"},
			"null default locale": {map[string]any{"defaultLocale": nil}, "defaultLocale"},
			"empty name":          {map[string]any{"name": " "}, "name"},
		} {
			res := e.post(mine, update, map[string]any{"input": c.input})
			require.Len(t, res.Errors, 1, name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), name)
			assert.Equal(t, c.field, res.Errors[0].Extensions["field"], name)
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "refused updates changed nothing")
		assert.Equal(t, "他社", field(e.post(other, `{ organization { name } }`, nil).Data, "organization", "name"))
	})
}

// TestMembers_AnAuditorAuditsSeveralClientsEachUntilItsOwnDay grants one certification auditor
// two client companies, each until its own day, on both databases: it reads both; past the
// second one's day that company is out of its reach (by ID, in lists, through a where filter and
// a traversal) while the first stays; an expired grant is extended by granting it again.
func TestMembers_AnAuditorAuditsSeveralClientsEachUntilItsOwnDay(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@multi.example", "Multi")
		auditor := e.join(a, "auditor@multi.example", "AUDITOR", a.companies[:1],
			map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})
		membership := onlyNode(t, field(e.post(auditor, `{ viewer { memberships { edges { node { id } } } } }`, nil).Data, "viewer", "memberships"))["id"]
		grant := `mutation($m: ID!, $c: ID!, $until: Time) { grantCompanyAccess(input: {membershipID: $m, companyID: $c, expiresAt: $until}) {
			expiresAt companyAccesses { edges { node { company { id } expiresAt } } } } }`
		res := e.post(a.owner, grant, map[string]any{"m": membership, "c": a.companies[1]})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"REQUIRED", "expiresAt"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
		until := time.Now().Add(60 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
		res = e.post(a.owner, grant, map[string]any{"m": membership, "c": a.companies[1], "until": until})
		require.Empty(t, res.Errors)
		assert.Equal(t, until, field(res.Data, "grantCompanyAccess", "expiresAt"), "the membership lasts until its latest grant")

		const reach = `query($c: ID!) { companies { totalCount } node(id: $c) { id } filtered: companies(where: {id: $c}) { totalCount } }`
		const traversal = `{ viewer { memberships { edges { node { companyAccesses { edges { node { company { name } } } } } } } } }`
		names := func() string {
			res := e.post(auditor, traversal, nil)
			return fmt.Sprint(res.Data, res.Errors)
		}
		assert.Contains(t, names(), "Multi 子会社", "the second company, through the auditor's grants")
		both := e.post(auditor, reach, map[string]any{"c": a.companies[1]})
		require.Empty(t, both.Errors)
		assert.Equal(t, []any{2.0, a.companies[1], 1.0}, []any{field(both.Data, "companies", "totalCount"), field(both.Data, "node", "id"), field(both.Data, "filtered", "totalCount")})

		_, err := e.raw.Exec(`UPDATE company_accesses SET expires_at = $1 WHERE company_id = $2 AND membership_id = $3`, time.Now().Add(-time.Minute), a.companies[1], membership)
		require.NoError(t, err)
		past := e.post(auditor, reach, map[string]any{"c": a.companies[1]})
		require.Len(t, past.Errors, 1)
		assert.Equal(t, "NOT_FOUND", past.code(0), "the company past its day, by ID")
		assert.Equal(t, []any{1.0, 0.0}, []any{field(past.Data, "companies", "totalCount"), field(past.Data, "filtered", "totalCount")})
		assert.NotContains(t, names(), "Multi 子会社", "nor through its grant")
		first := e.post(auditor, `query($c: ID!) { node(id: $c) { id } }`, map[string]any{"c": a.companies[0]})
		require.Empty(t, first.Errors)
		assert.Equal(t, a.companies[0], field(first.Data, "node", "id"), "the first company stays")

		res = e.post(a.owner, grant, map[string]any{"m": membership, "c": a.companies[1], "until": until})
		require.Empty(t, res.Errors)
		assert.Equal(t, 2.0, field(e.post(auditor, reach, map[string]any{"c": a.companies[1]}).Data, "companies", "totalCount"), "granted again")
	})
}
