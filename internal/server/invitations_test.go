package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inviteExisting has A's owner invite the owner of B, an existing account, as an ADMIN of A
// and returns the invitation token.
func (e *env) inviteExisting(a workspace, email string) string {
	e.t.Helper()
	res := e.post(a.owner, invite, map[string]any{"input": map[string]any{"email": email, "role": "ADMIN"}})
	require.Empty(e.t, res.Errors)
	return field(res.Data, "inviteMember", "token").(string)
}

// Anyone can invite any email to an organization of its own: accepting must not let the
// inviter sign in as the invitee, nor test the invitee's password.
func TestMembers_AnExistingAccountAcceptsOnlyWhileSignedInAsItself(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		attacker := e.workspace("attacker@a.example", "A")
		victim := e.workspace("victim@b.example", "B")
		tok := e.inviteExisting(attacker, "victim@b.example")
		before := e.count("memberships")

		for name, input := range map[string]map[string]any{
			"the right password": {"token": tok, "password": strongPassword},
			"a wrong password":   {"token": tok, "password": "not the password 1"},
			"no password":        {"token": tok, "name": "誰か"},
		} {
			res := e.post("", accept, map[string]any{"input": input})
			require.Len(t, res.Errors, 1, name)
			assert.Equal(t, "UNAUTHENTICATED", res.code(0), name)
			assert.Nil(t, res.Data["acceptInvitation"], name)
		}
		wrong := e.post("", accept, map[string]any{"input": map[string]any{"token": tok, "password": "not the password 1"}})
		right := e.post("", accept, map[string]any{"input": map[string]any{"token": tok, "password": strongPassword}})
		assert.Equal(t, wrong.Errors[0].Message, right.Errors[0].Message, "the password is not even looked at")

		res := e.post(attacker.owner, accept, map[string]any{"input": map[string]any{"token": tok}})
		assert.Equal(t, "FORBIDDEN", res.code(0), "signed in as another account")
		res = e.post(victim.owner, accept, map[string]any{"input": map[string]any{"token": tok, "password": strongPassword}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "signed in, a password is not accepted")
		assert.Equal(t, "password", res.Errors[0].Extensions["field"])
		assert.Equal(t, before, e.count("memberships"), "no refusal joined anyone")

		res = e.post(victim.owner, accept, map[string]any{"input": map[string]any{"token": tok}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "A", field(res.Data, "acceptInvitation", "organization", "name"))
		assert.Equal(t, before+1, e.count("memberships"))
	})
}

// Every attempt counts in the buckets of login, per invited account and per address.
func TestMembers_AcceptingAnInvitationIsRateLimitedLikeLogin(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newSignedEnv(t, "sqlite", store)
			attacker := e.workspace("attacker@a.example", "A")
			e.workspace("victim@b.example", "B")
			tok := e.inviteExisting(attacker, "victim@b.example")
			start := time.Now()
			var last response
			for range 6 {
				last = e.post("", accept, map[string]any{"input": map[string]any{"token": tok, "password": "guess number 0001"}})
			}
			require.Len(t, last.Errors, 1)
			assert.Equal(t, "RATE_LIMITED", last.code(0))
			res := e.post("", login, map[string]any{"input": map[string]any{"email": "victim@b.example", "password": strongPassword}})
			assert.Equal(t, "RATE_LIMITED", res.code(0), "the guesses spent login's budget for the account")

			// The address's bucket (30 a minute, 30 at once) has paid for the five guesses the
			// account's allowed; it refills one every two seconds, which a loaded machine may
			// spend on the guesses, so the refill is counted in.
			allowed := 0
			for range 60 {
				last = e.post("", accept, map[string]any{"input": map[string]any{"token": "unknown token", "password": "guess number 0001"}})
				if last.code(0) == "RATE_LIMITED" {
					break
				}
				allowed++
			}
			assert.Equal(t, "RATE_LIMITED", last.code(0), "and the address's")
			refilled := int(time.Since(start)/(2*time.Second)) + 1
			assert.LessOrEqual(t, allowed, 25+refilled, "the guesses at the invitation counted against the address")
		})
	}
}

// A removed member who belongs to no organization any more cannot sign in, so it accepts with
// its password; a wrong one gets the answer every refused existing account gets.
func TestMembers_AFormerMemberAcceptsWithItsPasswordOnly(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		e.join(a, "staff@a.example", "SECRETARIAT", a.companies[:1], nil)
		res := e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`,
			map[string]any{"id": e.membershipOf(a.owner, "staff@a.example")})
		require.Empty(t, res.Errors)
		tok := e.inviteExisting(a, "staff@a.example")

		wrong := e.post("", accept, map[string]any{"input": map[string]any{"token": tok, "password": "not the password 1"}}, "Accept-Language", "en")
		require.Len(t, wrong.Errors, 1)
		assert.Equal(t, "UNAUTHENTICATED", wrong.code(0))
		assert.Equal(t, "sign in as the invited account to accept this invitation", wrong.Errors[0].Message,
			"the answer of an account that can sign in")
		right := e.post("", accept, map[string]any{"input": map[string]any{"token": tok, "password": strongPassword}})
		require.Empty(t, right.Errors)
		assert.Equal(t, "A", field(right.Data, "acceptInvitation", "organization", "name"))
	})
}
