package server_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
)

// subscribe starts a subscription on the socket and returns its id.
func (w *wsClient) subscribe(query string, variables map[string]any) string {
	w.t.Helper()
	w.next++
	id := strconv.Itoa(w.next)
	msg, err := json.Marshal(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": variables}})
	require.NoError(w.t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(w.t, w.c.Write(ctx, websocket.MessageText, msg))
	return id
}

const (
	taskChanged     = `subscription { taskChanged { id title companyID } }`
	companyActivity = `subscription($c: ID!) { companyActivity(companyID: $c) { action entityType id record { id ... on Task { title } } } }`
	createTaskFor   = `mutation($c: ID!, $t: String!, $a: ID) { createTask(input: {companyID: $c, title: $t, dueDate: "2026-03-31", assigneeID: $a}) { id } }`
)

func userID(t *testing.T, e *env, token string) string {
	t.Helper()
	res := e.post(token, `{ viewer { id } }`, nil)
	require.Empty(t, res.Errors)
	return field(res.Data, "viewer", "id").(string)
}

func createTask(t *testing.T, e *env, token, company, title, assignee string) string {
	t.Helper()
	vars := map[string]any{"c": company, "t": title}
	if assignee != "" {
		vars["a"] = assignee
	}
	res := e.post(token, createTaskFor, vars)
	require.Empty(t, res.Errors, "%v", res.Errors)
	return field(res.Data, "createTask", "id").(string)
}

func TestSubscription_TaskChangedReachesTheAssigneeUntilItsMembershipEnds(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		staff := e.join(a, "staff@a.example", "MEMBER", a.companies[:1], nil)
		staffID, ownerID := userID(t, e, staff), userID(t, e, a.owner)
		membershipID := onlyNode(t, field(e.post(staff, `{ viewer { memberships { edges { node { id } } } } }`, nil).Data, "viewer", "memberships"))["id"]

		ws := openSocket(t, e, staff, true)
		sub := ws.subscribe(taskChanged, nil)
		// The subscription is running once a task made after it reaches it: tasks of others
		// first, which must not.
		createTask(t, e, a.owner, a.companies[0], "他人の仕事", ownerID)
		id := createTask(t, e, a.owner, a.companies[0], "リスク評価の見直し", staffID)
		msg := ws.read(5 * time.Second)
		require.Equal(t, "next", msg["type"], "%v", msg)
		require.Equal(t, sub, msg["id"])
		assert.Equal(t, map[string]any{"id": id, "title": "リスク評価の見直し", "companyID": a.companies[0]}, field(msg, "payload", "data", "taskChanged"))

		removed := e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": membershipID})
		require.Empty(t, removed.Errors)
		assert.Equal(t, websocket.StatusCode(4403), ws.closed(5*time.Second), "closed at the removal's event, not at the next periodic check")
	})
}

func TestSubscription_NothingCrossesATenantOrACompany(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		b := e.workspace("owner@b.example", "B")
		// A secretariat of A's second client company, and the owner of another organization.
		other := e.join(a, "staff@a.example", "SECRETARIAT", a.companies[1:2], nil)
		otherID, bOwnerID := userID(t, e, other), userID(t, e, b.owner)

		for name, token := range map[string]string{"another organization": b.owner, "another company": other} {
			ws := openSocket(t, e, token, true)
			id := ws.subscribe(companyActivity, map[string]any{"c": a.companies[0]})
			msg := ws.read(5 * time.Second)
			require.Equal(t, id, msg["id"])
			assert.Equal(t, "NOT_FOUND", msgCode(msg), "%s: %v", name, msg)
		}
		ws := openSocket(t, e, a.owner, true)
		id := ws.subscribe(companyActivity, map[string]any{"c": "CO01JUNKNOWNUNKNOWNUNKNOWN0"})
		msg := ws.read(5 * time.Second)
		require.Equal(t, id, msg["id"])
		assert.Equal(t, "NOT_FOUND", msgCode(msg), "an unknown company looks the same: %v", msg)

		// Subscribers of B and of A's second company follow their own company and tasks.
		bws, ows := openSocket(t, e, b.owner, true), openSocket(t, e, other, true)
		bws.subscribe(companyActivity, map[string]any{"c": b.companies[0]})
		bws.subscribe(taskChanged, nil)
		ows.subscribe(companyActivity, map[string]any{"c": a.companies[1]})
		ows.subscribe(taskChanged, nil)
		// A's owner follows A's first company.
		aws := openSocket(t, e, a.owner, true)
		aws.subscribe(companyActivity, map[string]any{"c": a.companies[0]})
		// Running once their own events reach them: first an event of A's first company.
		waitFor := func(w *wsClient, token, company, title, assignee string) map[string]any {
			createTask(t, e, token, company, title, assignee)
			for {
				msg := w.read(5 * time.Second)
				if title == titleOf(msg) {
					return msg
				}
			}
		}
		// Each subscription starts asynchronously; a probe of their own tells when it runs.
		waitFor(bws, b.owner, b.companies[0], "B の確認", bOwnerID)
		waitFor(ows, a.owner, a.companies[1], "子会社の確認", otherID)

		secret := createTask(t, e, a.owner, a.companies[0], "本社の機密", "")
		got := aws.read(5 * time.Second)
		for got["type"] == "next" && field(got, "payload", "data", "companyActivity", "id") != secret {
			got = aws.read(5 * time.Second)
		}
		assert.Equal(t, "CREATED", field(got, "payload", "data", "companyActivity", "action"))
		assert.Equal(t, "Task", field(got, "payload", "data", "companyActivity", "entityType"))
		assert.Equal(t, "本社の機密", field(got, "payload", "data", "companyActivity", "record", "title"))

		// Up to their own next change, B and A's second company hear only of their own records
		// (each probe reaches both of their subscriptions).
		for name, c := range map[string]struct {
			w        *wsClient
			token    string
			company  string
			assignee string
			probe    string
		}{
			"another organization": {bws, b.owner, b.companies[0], bOwnerID, "B の確認"},
			"another company":      {ows, a.owner, a.companies[1], otherID, "子会社の確認"},
		} {
			createTask(t, e, c.token, c.company, "次の確認", c.assignee)
			for {
				msg := c.w.read(5 * time.Second)
				if titleOf(msg) == "次の確認" {
					break
				}
				require.Equal(t, c.probe, titleOf(msg), "%s heard of another company's change: %v", name, msg)
			}
		}
	})
}

// titleOf is the task title in a message of taskChanged or companyActivity.
func titleOf(msg map[string]any) any {
	if t := field(msg, "payload", "data", "taskChanged", "title"); t != nil {
		return t
	}
	return field(msg, "payload", "data", "companyActivity", "record", "title")
}

func TestSubscription_AreBoundedPerSocket(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.SubscriptionsPerSocket = 2 })
	p := e.signUpAs("sato@example.com", "A")
	ws := openSocket(t, e, p["accessToken"].(string), true)
	// The operations of a socket start concurrently: one of the three is refused.
	for range 3 {
		ws.subscribe(taskChanged, nil)
	}
	msg := ws.read(5 * time.Second)
	assert.Equal(t, "RATE_LIMITED", msgCode(msg), "%v", msg)
	assert.Equal(t, "complete", ws.read(5 * time.Second)["type"])
}

// msgCode is the error code of a "next" message with errors, or of an "error" message.
func msgCode(msg map[string]any) string {
	if errs, ok := msg["payload"].([]any); ok {
		return wsCode(map[string]any{"errors": errs})
	}
	p, _ := msg["payload"].(map[string]any)
	return wsCode(p)
}
