package server_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// inbox reads every message of the socket on a goroutine of its own, so that a test may wait
// for one with a short timeout without the socket being closed by a cancelled read.
type inbox struct {
	c    chan map[string]any
	code websocket.StatusCode
}

func (w *wsClient) inbox() *inbox {
	in := &inbox{c: make(chan map[string]any, 100)}
	go func() {
		defer close(in.c)
		for {
			m, err := w.tryRead(time.Minute)
			if err != nil {
				in.code = websocket.CloseStatus(err)
				return
			}
			in.c <- m
		}
	}()
	return in
}

// next is the next message, or nil after timeout or when the socket has closed.
func (in *inbox) next(timeout time.Duration) map[string]any {
	select {
	case m := <-in.c:
		return m
	case <-time.After(timeout):
		return nil
	}
}

// closed waits for the socket to close and returns its close status.
func (in *inbox) closed(t *testing.T, within time.Duration) websocket.StatusCode {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case _, open := <-in.c:
			if !open {
				return in.code
			}
		case <-deadline:
			t.Fatal("the socket is still open")
		}
	}
}

// untilLive makes changes (change returns the title of each) until a message about one of them
// arrives: a subscription starts asynchronously, after its subscribe message is answered by
// nothing. It returns the message.
func untilLive(t *testing.T, in *inbox, change func(n int) string) map[string]any {
	t.Helper()
	titles := map[any]bool{}
	deadline := time.Now().Add(10 * time.Second)
	for n := 0; time.Now().Before(deadline); n++ {
		titles[change(n)] = true
		for m := in.next(300 * time.Millisecond); m != nil; m = in.next(300 * time.Millisecond) {
			if titles[titleOf(m)] {
				return m
			}
		}
	}
	t.Fatal("the subscription never started")
	return nil
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
		in := ws.inbox()
		msg := untilLive(t, in, func(n int) string {
			title := fmt.Sprintf("リスク評価の見直し %d", n)
			createTask(t, e, a.owner, a.companies[0], title, staffID)
			return title
		})
		require.Equal(t, sub, msg["id"])
		assert.Equal(t, a.companies[0], field(msg, "payload", "data", "taskChanged", "companyID"))
		// Running: tasks of others do not arrive, the member's do.
		createTask(t, e, a.owner, a.companies[0], "他人の仕事", ownerID)
		id := createTask(t, e, a.owner, a.companies[0], "教育の実施", staffID)
		for {
			msg = in.next(5 * time.Second)
			require.NotNil(t, msg, "the assignment did not arrive")
			require.NotEqual(t, "他人の仕事", titleOf(msg))
			if field(msg, "payload", "data", "taskChanged", "id") == id {
				break
			}
		}

		removed := e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": membershipID})
		require.Empty(t, removed.Errors)
		assert.Equal(t, websocket.StatusCode(4403), in.closed(t, 5*time.Second), "closed at the removal's event, not at the next periodic check")
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
		bin, oin, ain := bws.inbox(), ows.inbox(), aws.inbox()
		// Each subscription starts asynchronously; probes of their own tell when they run.
		untilLive(t, bin, func(n int) string {
			return createTaskTitled(t, e, b.owner, b.companies[0], "B の確認", n, bOwnerID)
		})
		untilLive(t, oin, func(n int) string {
			return createTaskTitled(t, e, a.owner, a.companies[1], "子会社の確認", n, otherID)
		})
		got := untilLive(t, ain, func(n int) string {
			return createTaskTitled(t, e, a.owner, a.companies[0], "本社の機密", n, "")
		})
		assert.Equal(t, "CREATED", field(got, "payload", "data", "companyActivity", "action"))
		assert.Equal(t, "Task", field(got, "payload", "data", "companyActivity", "entityType"))
		assert.Contains(t, field(got, "payload", "data", "companyActivity", "record", "title"), "本社の機密")

		// Up to their own next change, B and A's second company hear only of their own records
		// (each probe reaches both of their subscriptions).
		for name, c := range map[string]struct {
			in       *inbox
			token    string
			company  string
			assignee string
			probe    string
		}{
			"another organization": {bin, b.owner, b.companies[0], bOwnerID, "B の確認"},
			"another company":      {oin, a.owner, a.companies[1], otherID, "子会社の確認"},
		} {
			createTask(t, e, c.token, c.company, "次の確認", c.assignee)
			for {
				msg := c.in.next(5 * time.Second)
				require.NotNil(t, msg, "%s: its own change did not arrive", name)
				if titleOf(msg) == "次の確認" {
					break
				}
				require.Contains(t, titleOf(msg), c.probe, "%s heard of another company's change: %v", name, msg)
			}
		}
	})
}

// createTaskTitled creates the task "<title> <n>" and returns that title.
func createTaskTitled(t *testing.T, e *env, token, company, title string, n int, assignee string) string {
	t.Helper()
	title = fmt.Sprintf("%s %d", title, n)
	createTask(t, e, token, company, title, assignee)
	return title
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
