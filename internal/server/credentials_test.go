package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
)

const changePassword = `mutation($current: String!, $new: String!) { changePassword(input: {currentPassword: $current, newPassword: $new}) }`

const issueReset = `mutation($m: ID!) { issuePasswordReset(input: {membershipID: $m}) { token expiresAt } }`

const resetPassword = `mutation($t: String!, $new: String!) { resetPassword(input: {token: $t, newPassword: $new}) }`

const newPassword = "a brand new passphrase 2026"

func (e *env) login(email, password string) response {
	e.t.Helper()
	return e.post("", login, map[string]any{"input": map[string]any{"email": email, "password": password}})
}

// membershipOf returns the ID of the membership of email in the organization of token.
func (e *env) membershipOf(token, email string) string {
	e.t.Helper()
	res := e.post(token, `{ organization { memberships { edges { node { id user { email } } } } } }`, nil)
	require.Empty(e.t, res.Errors)
	for _, edge := range field(res.Data, "organization", "memberships", "edges").([]any) {
		node := edge.(map[string]any)["node"].(map[string]any)
		if field(node, "user", "email") == email {
			return node["id"].(string)
		}
	}
	e.t.Fatalf("no membership of %s", email)
	return ""
}

func TestAuth_SignUpIsRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newSignedEnv(t, "sqlite", store, func(c *config.Config) { c.SignUpsPerHour = 3 })
			for i, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
				e.signUpAs(email, string(rune('A'+i)))
			}
			users := e.count("users")
			res := e.post("", signUp, map[string]any{"input": map[string]any{
				"email": "d@example.com", "password": strongPassword, "name": "x", "organizationName": "D", "organizationKind": "ENTERPRISE",
			}})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "RATE_LIMITED", res.code(0))
			assert.Greater(t, res.Errors[0].Extensions["retryAfterSeconds"], float64(0))
			assert.Equal(t, users, e.count("users"))
		})
	}
}

// Logout ends the session, not one token: every access token issued in it is refused, also
// one obtained by a refresh before the logout.
func TestAuth_LogoutEndsEveryAccessTokenOfTheSession(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("sato@example.com", "A")
		first := p["accessToken"].(string)
		res := e.post("", refresh, map[string]any{"t": p["refreshToken"]})
		require.Empty(t, res.Errors)
		second := field(res.Data, "refreshToken", "accessToken").(string)
		other := field(e.login("sato@example.com", strongPassword).Data, "login", "accessToken").(string)

		require.Empty(t, e.post(second, "mutation { logout }", nil).Errors)
		for name, tok := range map[string]string{"the token logged out": second, "an earlier token of the session": first} {
			res := e.post(tok, "{ viewer { id } }", nil)
			assert.Equal(t, http.StatusUnauthorized, res.Status, name)
			assert.Equal(t, "UNAUTHENTICATED", res.code(0), name)
		}
		assert.Empty(t, e.post(other, "{ viewer { id } }", nil).Errors, "another session goes on")
	})
}

func TestAuth_ChangePasswordChecksTheCurrentOneAndEndsTheOtherSessions(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("sato@example.com", "A")
		elsewhere := p["accessToken"].(string)
		here := e.login("sato@example.com", strongPassword).Data["login"].(map[string]any)["accessToken"].(string)

		res := e.post(here, changePassword, map[string]any{"current": "not the password 1", "new": newPassword})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "currentPassword", res.Errors[0].Extensions["field"])
		res = e.post(here, changePassword, map[string]any{"current": strongPassword, "new": "short"})
		assert.Equal(t, "newPassword", res.Errors[0].Extensions["field"])
		assert.Empty(t, e.post(elsewhere, "{ viewer { id } }", nil).Errors, "refusals end nothing")
		res = e.post("", changePassword, map[string]any{"current": strongPassword, "new": newPassword})
		assert.Equal(t, "UNAUTHENTICATED", res.code(0))

		res = e.post(here, changePassword, map[string]any{"current": strongPassword, "new": newPassword})
		require.Empty(t, res.Errors)
		assert.Equal(t, true, res.Data["changePassword"])
		assert.Equal(t, http.StatusUnauthorized, e.post(elsewhere, "{ viewer { id } }", nil).Status, "the other session ended")
		assert.Equal(t, "UNAUTHENTICATED", e.post("", refresh, map[string]any{"t": p["refreshToken"]}).code(0))
		assert.Empty(t, e.post(here, "{ viewer { id } }", nil).Errors, "the calling session goes on")
		assert.Equal(t, "UNAUTHENTICATED", e.login("sato@example.com", strongPassword).code(0))
		assert.Empty(t, e.login("sato@example.com", newPassword).Errors)
	})
}

// A stolen access token must not become a way to guess the password.
func TestAuth_ChangePasswordIsRateLimitedLikeLogin(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	access := e.signUpAs("sato@example.com", "A")["accessToken"].(string)
	var last response
	for range 6 {
		last = e.post(access, changePassword, map[string]any{"current": "guess number 0001", "new": newPassword})
	}
	assert.Equal(t, "RATE_LIMITED", last.code(0))
}

func TestMembers_PasswordResetIsSingleUseExpiresAndEndsEverySession(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		member := e.join(a, "member@a.example", "MEMBER", a.companies[:1], nil)
		m := e.membershipOf(a.owner, "member@a.example")

		res := e.post(a.owner, issueReset, map[string]any{"m": m})
		require.Empty(t, res.Errors)
		tok := field(res.Data, "issuePasswordReset", "token").(string)
		expires, err := time.Parse(time.RFC3339, field(res.Data, "issuePasswordReset", "expiresAt").(string))
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now().Add(24*time.Hour), expires, time.Minute)
		var stored string
		require.NoError(t, e.raw.QueryRow(`SELECT token_hash FROM password_resets`).Scan(&stored))
		assert.NotContains(t, stored, tok, "only a hash is stored")

		res = e.post("", resetPassword, map[string]any{"t": tok, "new": "short"})
		assert.Equal(t, "newPassword", res.Errors[0].Extensions["field"], "bad input spends nothing")
		res = e.post("", resetPassword, map[string]any{"t": tok, "new": newPassword})
		require.Empty(t, res.Errors)
		assert.Equal(t, true, res.Data["resetPassword"])
		assert.Equal(t, http.StatusUnauthorized, e.post(member, "{ viewer { id } }", nil).Status, "every session ended")
		assert.Equal(t, "UNAUTHENTICATED", e.login("member@a.example", strongPassword).code(0))
		assert.Empty(t, e.login("member@a.example", newPassword).Errors)
		res = e.post("", resetPassword, map[string]any{"t": tok, "new": "yet another passphrase 1"})
		assert.Equal(t, "NOT_FOUND", res.code(0), "a token is used once")

		res = e.post(a.owner, issueReset, map[string]any{"m": m})
		require.Empty(t, res.Errors)
		late := field(res.Data, "issuePasswordReset", "token").(string)
		_, err = e.raw.Exec(`UPDATE password_resets SET expires_at = $1 WHERE used_at IS NULL`, time.Now().Add(-time.Minute))
		require.NoError(t, err)
		res = e.post("", resetPassword, map[string]any{"t": late, "new": "yet another passphrase 1"})
		assert.Equal(t, "NOT_FOUND", res.code(0), "an expired token")
		assert.Empty(t, e.login("member@a.example", newPassword).Errors, "nothing changed")
	})
}

func TestMembers_PasswordResetIsForTheOrganizationsOwnMembersOnly(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		b := e.workspace("owner@b.example", "B")
		admin := e.join(a, "admin@a.example", "ADMIN", nil, nil)
		secretariat := e.join(a, "secretariat@a.example", "SECRETARIAT", a.companies[:1], nil)
		e.join(b, "shared@b.example", "MEMBER", b.companies[:1], nil)
		res := e.post(a.owner, invite, map[string]any{"input": map[string]any{"email": "shared@b.example", "role": "MEMBER", "companyIDs": a.companies[:1]}})
		require.Empty(t, res.Errors)
		shared := e.login("shared@b.example", strongPassword).Data["login"].(map[string]any)["accessToken"].(string)
		require.Empty(t, e.post(shared, accept, map[string]any{"input": map[string]any{"token": field(res.Data, "inviteMember", "token")}}).Errors)
		before := e.count("password_resets")

		for _, tc := range []struct {
			name, token, membership, code string
		}{
			{"a SECRETARIAT", secretariat, e.membershipOf(a.owner, "secretariat@a.example"), "FORBIDDEN"},
			{"an ADMIN for an OWNER", admin, e.membershipOf(a.owner, "owner@a.example"), "FORBIDDEN"},
			{"another organization's member", a.owner, e.membershipOf(b.owner, "owner@b.example"), "NOT_FOUND"},
			{"a member who also works in B", a.owner, e.membershipOf(a.owner, "shared@b.example"), "FORBIDDEN"},
		} {
			res := e.post(tc.token, issueReset, map[string]any{"m": tc.membership})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), "%s: %s", tc.name, res.Errors[0].Message)
		}
		assert.Equal(t, before, e.count("password_resets"))

		res = e.post(admin, issueReset, map[string]any{"m": e.membershipOf(a.owner, "secretariat@a.example")})
		require.Empty(t, res.Errors, "an ADMIN resets a member")
		assert.True(t, strings.TrimSpace(field(res.Data, "issuePasswordReset", "token").(string)) != "")
	})
}

// updateProfile changes only the fields given; locale: null clears the language; a null or
// empty name is BAD_USER_INPUT on name and changes nothing. Another user's row is not touched.
func TestAuth_UpdateProfileSetsOnlyWhatIsGivenAndNullClears(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		me := e.signUpAs("profile@example.com", "プロフィール")["accessToken"].(string)
		other := e.signUpAs("other@example.com", "他社")["accessToken"].(string)
		const update = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { email name locale } }`
		const read = `{ viewer { name locale } }`

		got := e.post(me, update, map[string]any{"input": map[string]any{"name": " 佐藤 花子 ", "locale": "EN"}})
		require.Empty(t, got.Errors)
		assert.Equal(t, map[string]any{"email": "profile@example.com", "name": "佐藤 花子", "locale": "EN"}, got.Data["updateProfile"])

		got = e.post(me, update, map[string]any{"input": map[string]any{"name": "佐藤 花子 (事務局)"}})
		require.Empty(t, got.Errors)
		assert.Equal(t, "EN", field(got.Data, "updateProfile", "locale"), "a field left out stays")

		got = e.post(me, update, map[string]any{"input": map[string]any{"locale": nil}})
		require.Empty(t, got.Errors)
		assert.Nil(t, field(got.Data, "updateProfile", "locale"), "null clears")
		assert.Equal(t, "佐藤 花子 (事務局)", field(got.Data, "updateProfile", "name"))

		for name, input := range map[string]map[string]any{
			"null name":     {"name": nil, "locale": "JA"},
			"empty name":    {"name": "   ", "locale": "JA"},
			"too long name": {"name": strings.Repeat("名", 201)},
		} {
			res := e.post(me, update, map[string]any{"input": input})
			require.Len(t, res.Errors, 1, name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), name)
			assert.Equal(t, "name", res.Errors[0].Extensions["field"], name)
		}
		mine := e.post(me, read, nil)
		assert.Equal(t, map[string]any{"name": "佐藤 花子 (事務局)", "locale": nil}, mine.Data["viewer"], "refused updates changed nothing")
		theirs := e.post(other, read, nil)
		assert.Equal(t, "利用者 他社", field(theirs.Data, "viewer", "name"))
	})
}
