package server_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/auth/token"
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

// eachSignedDialect is eachDialect with viewers signed in by real tokens only.
func eachSignedDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			fn(t, newSignedEnv(t, dialect, kv.NewMemory()))
		})
	}
}

func TestAuth_SignUpSignsInAsOwnerOfANewOrganization(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		e.signUpAs("sato@example.com", "A")
		users, orgs := e.count("users"), e.count("organizations")
		res := e.post("", signUp, map[string]any{"input": map[string]any{
			"email": "SATO@example.com", "password": strongPassword, "name": "x", "organizationName": "B", "organizationKind": "ENTERPRISE",
		}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "a taken email is not a CONFLICT")
		assert.Equal(t, "email", res.Errors[0].Extensions["field"])
		assert.NotRegexp(t, `(?i)exist|taken|already|registered`, res.Errors[0].Message, "the answer names no account")
		res = e.post("", signUp, map[string]any{"input": map[string]any{
			"email": "new@example.com", "password": "password1234", "name": "x", "organizationName": "B", "organizationKind": "ENTERPRISE",
		}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "password", res.Errors[0].Extensions["field"])
		res = e.post("", signUp, map[string]any{"input": map[string]any{
			"email": "not-an-email", "password": "short", "name": "", "organizationName": "B", "organizationKind": "ENTERPRISE",
		}})
		assert.Equal(t, []any{"email", "password", "name"}, res.fields(), "one error per field")
		assert.Equal(t, users, e.count("users"))
		assert.Equal(t, orgs, e.count("organizations"))
	})
}

func TestAuth_UnknownEmailAndWrongPasswordGetTheSameAnswer(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.signUpAs("sato@example.com", "A")
		b := e.signUpAs("suzuki@example.com", "B")
		res := e.post(a["accessToken"].(string), `mutation($id: ID!) { switchOrganization(organizationID: $id) { accessToken } }`,
			map[string]any{"id": field(b, "organization", "id")})
		assert.Equal(t, "NOT_FOUND", res.code(0), "not a member of B")

		_, err := e.raw.Exec(`INSERT INTO memberships (id, created_at, updated_at, role, organization_id, user_id)
			VALUES ('ME01JTESTMEMBERSHIP00000000', $1, $1, 'ADMIN', $2, $3)`, time.Now(), field(b, "organization", "id"), field(a, "user", "id"))
		require.NoError(t, err)
		res = e.post(a["accessToken"].(string), `mutation($id: ID!) { switchOrganization(organizationID: $id) { accessToken organization { name } } }`,
			map[string]any{"id": field(b, "organization", "id")})
		require.Empty(t, res.Errors)
		switched := field(res.Data, "switchOrganization", "accessToken").(string)
		assert.Equal(t, "B", field(e.post(switched, "{ organization { name } }", nil).Data, "organization", "name"))
		assert.Equal(t, "A", field(e.post(a["accessToken"].(string), "{ organization { name } }", nil).Data, "organization", "name"),
			"the first session goes on")
	})
}

func TestAuth_ARemovedMembersLiveTokenStopsAtOnce(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	p := e.signUpAs("sato@example.com", "A")
	access := p["accessToken"].(string)
	parts := strings.Split(access, ".")
	var claims jwt.MapClaims
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(payload, &claims))
	header := map[string]any{"kid": e.keys.ActiveKID(), "typ": token.Type}
	now := time.Now()
	with := func(k string, v any) jwt.MapClaims {
		c := maps.Clone(claims)
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	forge := func(method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
		tok := jwt.NewWithClaims(method, claims)
		maps.Copy(tok.Header, header)
		s, err := tok.SignedString(key)
		require.NoError(t, err)
		return s
	}
	_, otherKey, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	otherOrg, err := json.Marshal(with("org", "OR01M8DJ0NZA80GRES90CER2P4ZY"))
	require.NoError(t, err)

	// The control: the same claims signed again with the server's key are accepted.
	res := e.post(forge(jwt.SigningMethodEdDSA, e.signingKey, header, claims), "{ viewer { email } }", nil)
	require.Empty(t, res.Errors)
	require.Equal(t, "sato@example.com", field(res.Data, "viewer", "email"))

	for name, tok := range map[string]string{
		"alg none":              forge(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, header, claims),
		"HS256 with the public": forge(jwt.SigningMethodHS256, []byte(e.signingKey.Public().(ed25519.PublicKey)), header, claims),
		"wrong audience":        forge(jwt.SigningMethodEdDSA, e.signingKey, header, with("aud", "another-api")),
		"wrong issuer":          forge(jwt.SigningMethodEdDSA, e.signingKey, header, with("iss", "https://evil.example")),
		"expired":               forge(jwt.SigningMethodEdDSA, e.signingKey, header, with("exp", now.Add(-time.Minute).Unix())),
		"not yet valid":         forge(jwt.SigningMethodEdDSA, e.signingKey, header, with("nbf", now.Add(time.Minute).Unix())),
		"no expiry":             forge(jwt.SigningMethodEdDSA, e.signingKey, header, with("exp", nil)),
		"unknown kid":           forge(jwt.SigningMethodEdDSA, e.signingKey, map[string]any{"kid": "unknown", "typ": token.Type}, claims),
		"another key":           forge(jwt.SigningMethodEdDSA, otherKey, header, claims),
		"not an access token":   forge(jwt.SigningMethodEdDSA, e.signingKey, map[string]any{"kid": e.keys.ActiveKID(), "typ": "JWT"}, claims),
		"tampered payload":      parts[0] + "." + base64.RawURLEncoding.EncodeToString(otherOrg) + "." + parts[2],
		"truncated":             parts[0] + "." + parts[1],
		"garbage":               "garbage",
	} {
		res := e.post(tok, "{ viewer { id } }", nil)
		assert.Equal(t, http.StatusUnauthorized, res.Status, name)
		assert.Equal(t, "UNAUTHENTICATED", res.code(0), name)
		assert.Nil(t, res.Data["viewer"], name)
	}
	res = e.do(http.MethodPost, "/graphql", "", strings.NewReader(`{"query":"{ __typename }"}`),
		"Content-Type", "application/json", "Authorization", fmt.Sprintf("Basic %s", "c2F0bzpwdw=="))
	assert.Equal(t, http.StatusUnauthorized, res.Status, "only bearer tokens")
}
