package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const signUp = `mutation($input: SignUpInput!) { signUp(input: $input) {
	accessToken refreshToken expiresAt user { id email name } organization { id name kind } } }`

const login = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken organization { id name } } }`

const refresh = `mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { accessToken refreshToken } }`

const strongPassword = "correct horse battery staple"

// signUpAs creates an account and organization through the API and returns the payload.
func (e *env) signUpAs(email, org string) map[string]any {
	e.t.Helper()
	res := e.post("", signUp, map[string]any{"input": map[string]any{
		"email": email, "password": strongPassword, "name": "利用者 " + org, "organizationName": org, "organizationKind": "CONSULTANCY",
	}})
	require.Empty(e.t, res.Errors)
	return res.Data["signUp"].(map[string]any)
}

func eachSignedDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) { fn(t, newSignedEnv(t, dialect, kv.NewMemory())) })
	}
}

func TestAuth_SignUpSignsInAsOwnerOfANewOrganization(t *testing.T) {
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs(" Sato@Example.COM ", "さくら コンサルティング")
		assert.Equal(t, "sato@example.com", field(p, "user", "email"), "emails are normalised")
		assert.Equal(t, "CONSULTANCY", field(p, "organization", "kind"))
		expires, err := time.Parse(time.RFC3339, p["expiresAt"].(string))
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now().Add(15*time.Minute), expires, time.Minute)

		res := e.post(p["accessToken"].(string), `{ viewer { email memberships { edges { node { role } } } } organization { name } }`, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, "sato@example.com", field(res.Data, "viewer", "email"))
		assert.Equal(t, "さくら コンサルティング", field(res.Data, "organization", "name"))
		assert.Equal(t, "OWNER", field(res.Data, "viewer", "memberships", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["role"])

		res = e.post(p["accessToken"].(string), `mutation { createCompany(input: {name: "株式会社あおば"}) { id } }`, nil)
		assert.Empty(t, res.Errors, "the owner works in its organization")
	})
}

func TestAuth_SignUpRefusesDuplicatesAndWeakPasswordsAndChangesNothing(t *testing.T) {
	eachSignedDialect(t, func(t *testing.T, e *env) {
		e.signUpAs("sato@example.com", "A")
		users, orgs := e.count("users"), e.count("organizations")
		res := e.post("", signUp, map[string]any{"input": map[string]any{
			"email": "SATO@example.com", "password": strongPassword, "name": "x", "organizationName": "B", "organizationKind": "ENTERPRISE",
		}})
		assert.Equal(t, "CONFLICT", res.code(0))
		res = e.post("", signUp, map[string]any{"input": map[string]any{
			"email": "new@example.com", "password": "password1234", "name": "x", "organizationName": "B", "organizationKind": "ENTERPRISE",
		}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "password", res.Errors[0].Extensions["field"])
		res = e.post("", signUp, map[string]any{"input": map[string]any{
			"email": "not-an-email", "password": "short", "name": "", "organizationName": "B", "organizationKind": "ENTERPRISE",
		}})
		assert.Equal(t, []any{"email", "password", "name"}, res.Errors[0].Extensions["fields"])
		assert.Equal(t, users, e.count("users"))
		assert.Equal(t, orgs, e.count("organizations"))
	})
}

func TestAuth_UnknownEmailAndWrongPasswordGetTheSameAnswer(t *testing.T) {
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	e.signUpAs("sato@example.com", "A")
	wrong := e.post("", login, map[string]any{"input": map[string]any{"email": "sato@example.com", "password": "wrong password 123"}})
	unknown := e.post("", login, map[string]any{"input": map[string]any{"email": "nobody@example.com", "password": "wrong password 123"}})
	require.Len(t, wrong.Errors, 1)
	require.Len(t, unknown.Errors, 1)
	assert.Equal(t, wrong.Errors[0].Message, unknown.Errors[0].Message)
	assert.Equal(t, "UNAUTHENTICATED", wrong.code(0))
	assert.Equal(t, "UNAUTHENTICATED", unknown.code(0))

	ok := e.post("", login, map[string]any{"input": map[string]any{"email": "SATO@example.com", "password": strongPassword}})
	require.Empty(t, ok.Errors)
	assert.Equal(t, "A", field(ok.Data, "login", "organization", "name"))
}

func TestAuth_LoginAttemptsAreRateLimitedPerEmail(t *testing.T) {
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newSignedEnv(t, "sqlite", store)
			e.signUpAs("sato@example.com", "A")
			var last response
			for range 6 {
				last = e.post("", login, map[string]any{"input": map[string]any{"email": "sato@example.com", "password": "wrong password 123"}})
			}
			require.Len(t, last.Errors, 1)
			assert.Equal(t, "RATE_LIMITED", last.code(0))
			assert.Greater(t, last.Errors[0].Extensions["retryAfterSeconds"], float64(0))
			res := e.post("", login, map[string]any{"input": map[string]any{"email": "sato@example.com", "password": strongPassword}})
			assert.Equal(t, "RATE_LIMITED", res.code(0), "even the right password waits")
			res = e.post("", login, map[string]any{"input": map[string]any{"email": "other@example.com", "password": strongPassword}})
			assert.Equal(t, "UNAUTHENTICATED", res.code(0), "another email is not limited")
		})
	}
}

func TestAuth_RefreshTokensRotateAndReuseEndsTheSession(t *testing.T) {
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("sato@example.com", "A")
		first := p["refreshToken"].(string)

		res := e.post("", refresh, map[string]any{"t": first})
		require.Empty(t, res.Errors)
		second := field(res.Data, "refreshToken", "refreshToken").(string)
		assert.NotEqual(t, first, second)
		access := field(res.Data, "refreshToken", "accessToken").(string)
		assert.Empty(t, e.post(access, "{ viewer { id } }", nil).Errors)

		res = e.post("", refresh, map[string]any{"t": first})
		require.Empty(t, res.Errors, "a lost response may be retried within the grace window")
		_, err := e.raw.Exec(`UPDATE refresh_tokens SET used_at = $1 WHERE used_at IS NOT NULL`, time.Now().Add(-time.Hour))
		require.NoError(t, err)

		res = e.post("", refresh, map[string]any{"t": first})
		assert.Equal(t, "UNAUTHENTICATED", res.code(0), "reuse after the grace window")
		res = e.post("", refresh, map[string]any{"t": second})
		assert.Equal(t, "UNAUTHENTICATED", res.code(0), "reuse revoked the whole family")
		res = e.post("", refresh, map[string]any{"t": "made-up"})
		assert.Equal(t, "UNAUTHENTICATED", res.code(0))
	})
}

func TestAuth_LogoutEndsTheAccessAndRefreshTokens(t *testing.T) {
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newSignedEnv(t, "postgres", store)
			p := e.signUpAs("sato@example.com", "A")
			access := p["accessToken"].(string)
			res := e.post(access, "mutation { logout }", nil)
			require.Empty(t, res.Errors)
			assert.Equal(t, true, res.Data["logout"])

			res = e.post(access, "{ viewer { id } }", nil)
			assert.Equal(t, http.StatusUnauthorized, res.Status, "the access token is denied until it expires")
			res = e.post("", refresh, map[string]any{"t": p["refreshToken"]})
			assert.Equal(t, "UNAUTHENTICATED", res.code(0))
		})
	}
}

func TestAuth_SwitchOrganizationNeedsAMembership(t *testing.T) {
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.signUpAs("sato@example.com", "A")
		b := e.signUpAs("suzuki@example.com", "B")
		res := e.post(a["accessToken"].(string), `mutation($id: ID!) { switchOrganization(organizationId: $id) { accessToken } }`,
			map[string]any{"id": field(b, "organization", "id")})
		assert.Equal(t, "NOT_FOUND", res.code(0), "not a member of B")

		_, err := e.raw.Exec(`INSERT INTO memberships (id, created_at, updated_at, role, organization_id, user_id)
			VALUES ('ME01JTESTMEMBERSHIP00000000', $1, $1, 'ADMIN', $2, $3)`, time.Now(), field(b, "organization", "id"), field(a, "user", "id"))
		require.NoError(t, err)
		res = e.post(a["accessToken"].(string), `mutation($id: ID!) { switchOrganization(organizationId: $id) { accessToken organization { name } } }`,
			map[string]any{"id": field(b, "organization", "id")})
		require.Empty(t, res.Errors)
		switched := field(res.Data, "switchOrganization", "accessToken").(string)
		assert.Equal(t, "B", field(e.post(switched, "{ organization { name } }", nil).Data, "organization", "name"))
		assert.Equal(t, "A", field(e.post(a["accessToken"].(string), "{ organization { name } }", nil).Data, "organization", "name"),
			"the first session goes on")
	})
}

func TestAuth_ARemovedMembersLiveTokenStopsAtOnce(t *testing.T) {
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("sato@example.com", "A")
		access := p["accessToken"].(string)
		require.Empty(t, e.post(access, "{ viewer { id } }", nil).Errors)
		_, err := e.raw.Exec(`DELETE FROM memberships`)
		require.NoError(t, err)
		res := e.post(access, "{ viewer { id } }", nil)
		assert.Equal(t, http.StatusUnauthorized, res.Status)
		assert.Equal(t, "UNAUTHENTICATED", res.code(0))
	})
}

func TestAuth_ForgedTokensAreRefused(t *testing.T) {
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	p := e.signUpAs("sato@example.com", "A")
	access := p["accessToken"].(string)
	parts := strings.Split(access, ".")
	for name, tok := range map[string]string{
		"alg none":  `eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.` + parts[1] + `.`,
		"tampered":  parts[0] + "." + parts[1] + "x." + parts[2],
		"truncated": parts[0] + "." + parts[1],
		"garbage":   "garbage",
	} {
		res := e.post(tok, "{ viewer { id } }", nil)
		assert.Equal(t, http.StatusUnauthorized, res.Status, name)
		assert.Equal(t, "UNAUTHENTICATED", res.code(0), name)
	}
	res := e.do(http.MethodPost, "/graphql", "", strings.NewReader(`{"query":"{ __typename }"}`),
		"Content-Type", "application/json", "Authorization", fmt.Sprintf("Basic %s", "c2F0bzpwdw=="))
	assert.Equal(t, http.StatusUnauthorized, res.Status, "only bearer tokens")
}
