package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/auth/token"
	"secretariat/internal/config"
	"secretariat/internal/kv"
)

func dialGraphQLWS(t *testing.T, e *env, origin string) (*websocket.Conn, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	opts := &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}}
	if origin != "" {
		opts.HTTPHeader = map[string][]string{"Origin": {origin}}
	}
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.url, "http")+"/graphql", opts)
	if err == nil {
		t.Cleanup(func() { _ = c.CloseNow() })
	}
	return c, err
}

func TestServer_WebSocketAnswersOperations(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	c, err := dialGraphQLWS(t, e, "")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	send := func(msg string) { require.NoError(t, c.Write(ctx, websocket.MessageText, []byte(msg))) }
	read := func() map[string]any {
		_, b, err := c.Read(ctx)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		return m
	}
	send(`{"type":"connection_init"}`)
	assert.Equal(t, "connection_ack", read()["type"])
	send(`{"id":"1","type":"subscribe","payload":{"query":"{ __typename }"}}`)
	next := read()
	assert.Equal(t, "next", next["type"])
	assert.Equal(t, map[string]any{"data": map[string]any{"__typename": "Query"}}, next["payload"])
	assert.Equal(t, "complete", read()["type"])
}

func TestServer_WebSocketsFromForeignOriginsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	_, err := dialGraphQLWS(t, e, "https://evil.example.com")
	assert.Error(t, err, "a browser page of another origin cannot open a socket")
	_, err = dialGraphQLWS(t, e, "https://app.example.com")
	assert.NoError(t, err, "the configured SPA can")
}

// wsClient speaks graphql-transport-ws to the server for a test.
type wsClient struct {
	t        *testing.T
	c        *websocket.Conn
	next     int
	closeErr error
}

// openSocket dials /graphql with the access token in the upgrade's Authorization header (or, with
// inInit, in the connection_init payload) and waits for the acknowledgement.
func openSocket(t *testing.T, e *env, access string, inInit bool) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	opts := &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}}
	init := `{"type":"connection_init"}`
	if inInit {
		init = `{"type":"connection_init","payload":{"Authorization":"Bearer ` + access + `"}}`
	} else if access != "" {
		opts.HTTPHeader = http.Header{"Authorization": {"Bearer " + access}}
	}
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.url, "http")+"/graphql", opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.CloseNow() })
	w := &wsClient{t: t, c: c}
	require.NoError(t, c.Write(ctx, websocket.MessageText, []byte(init)))
	require.Equal(t, "connection_ack", w.read(5 * time.Second)["type"])
	return w
}

func (w *wsClient) read(timeout time.Duration) map[string]any {
	w.t.Helper()
	m, err := w.tryRead(timeout)
	require.NoError(w.t, err)
	return m
}

// tryRead returns the next message other than ping and pong, or the error that ended the socket
// (remembered for closed).
func (w *wsClient) tryRead(timeout time.Duration) (map[string]any, error) {
	if w.closeErr != nil {
		return nil, w.closeErr
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		_, b, err := w.c.Read(ctx)
		if err != nil {
			if ctx.Err() == nil {
				w.closeErr = err
			}
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		if m["type"] == "ping" || m["type"] == "pong" {
			continue
		}
		return m, nil
	}
}

// run sends one operation and returns its payload (of "next" or "error").
func (w *wsClient) run(query string, variables map[string]any) map[string]any {
	w.t.Helper()
	w.next++
	id := strconv.Itoa(w.next)
	msg, err := json.Marshal(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": variables}})
	require.NoError(w.t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(w.t, w.c.Write(ctx, websocket.MessageText, msg))
	m := w.read(5 * time.Second)
	require.Equal(w.t, id, m["id"], "%v", m)
	if m["type"] == "error" {
		return map[string]any{"errors": m["payload"]}
	}
	require.Equal(w.t, "next", m["type"], "%v", m)
	// A "complete" ends the operation, unless the server closes the socket after answering.
	if done, err := w.tryRead(5 * time.Second); err == nil {
		require.Equal(w.t, map[string]any{"id": id, "type": "complete"}, done)
	}
	return m["payload"].(map[string]any)
}

// closed waits for the server to close the socket and returns the close status.
func (w *wsClient) closed(within time.Duration) websocket.StatusCode {
	w.t.Helper()
	deadline := time.Now().Add(within)
	for {
		_, err := w.tryRead(time.Until(deadline))
		if err != nil {
			require.NotNil(w.t, w.closeErr, "the socket is still open after %s", within)
			return websocket.CloseStatus(w.closeErr)
		}
	}
}

func wsCode(p map[string]any) string {
	errs, _ := p["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	return field(errs[0].(map[string]any), "extensions", "code").(string)
}

func TestWebSocket_LogoutEndsTheSocketAtItsNextOperation(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("sato@example.com", "A")
		access := p["accessToken"].(string)
		ws := openSocket(t, e, access, false)
		require.Equal(t, "sato@example.com", field(ws.run(`{ viewer { email } }`, nil), "data", "viewer", "email"))

		require.Empty(t, e.post(access, "mutation { logout }", nil).Errors)
		res := ws.run(`mutation { createCompany(input: {name: "株式会社あおば"}) { id } }`, nil)
		assert.Equal(t, "UNAUTHENTICATED", wsCode(res), "%v", res)
		assert.Nil(t, field(res, "data", "createCompany"))
		assert.Equal(t, websocket.StatusCode(4401), ws.closed(5*time.Second))
		assert.Zero(t, e.count("companies"), "the mutation did not run")
	})
}

func TestWebSocket_ARemovedMembersSocketIsClosedAsForbidden(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@a.example", "A")
		staff := e.join(a, "staff@a.example", "SECRETARIAT", a.companies[:1], nil)
		membershipID := onlyNode(t, field(e.post(staff, `{ viewer { memberships { edges { node { id } } } } }`, nil).Data, "viewer", "memberships"))["id"]
		ws := openSocket(t, e, staff, false)
		createDocument := `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "方針", kind: POLICY, body: "# 方針"}) { id } }`
		res := ws.run(createDocument, map[string]any{"c": a.companies[0]})
		require.Empty(t, res["errors"], "%v", res)
		documents := e.count("documents")

		removed := e.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": membershipID})
		require.Empty(t, removed.Errors)
		res = ws.run(createDocument, map[string]any{"c": a.companies[0]})
		assert.Equal(t, "UNAUTHENTICATED", wsCode(res), "%v", res)
		assert.Equal(t, websocket.StatusCode(4403), ws.closed(5*time.Second))
		assert.Equal(t, documents, e.count("documents"), "the removed member wrote nothing")
	})
}

func TestWebSocket_IsClosedWhenTheAccessTokenExpires(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	p := e.signUpAs("sato@example.com", "A")
	access := e.reissue(p["accessToken"].(string), time.Now().Add(2*time.Second))
	ws := openSocket(t, e, access, false)
	require.Empty(t, ws.run(`{ viewer { id } }`, nil)["errors"])
	start := time.Now()
	assert.Equal(t, websocket.StatusCode(4401), ws.closed(10*time.Second))
	assert.Less(t, time.Since(start), 5*time.Second, "closed at the expiry, not at the next check")
}

func TestWebSocket_AnIdleSocketIsClosedWithinTheCheckIntervalAfterLogout(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newSignedEnv(t, "postgres", store, func(c *config.Config) { c.WebSocketAuthInterval = 200 * time.Millisecond })
			p := e.signUpAs("sato@example.com", "A")
			access := p["accessToken"].(string)
			ws := openSocket(t, e, access, false)
			require.Empty(t, ws.run(`{ viewer { id } }`, nil)["errors"])
			require.Empty(t, e.post(access, "mutation { logout }", nil).Errors)
			assert.Equal(t, websocket.StatusCode(4401), ws.closed(3*time.Second), "without sending anything")
		})
	}
}

func TestWebSocket_TheTokenMayComeInConnectionInit(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	p := e.signUpAs("sato@example.com", "A")
	ws := openSocket(t, e, p["accessToken"].(string), true)
	assert.Equal(t, "sato@example.com", field(ws.run(`{ viewer { email } }`, nil), "data", "viewer", "email"))

	require.Empty(t, e.post(p["accessToken"].(string), "mutation { logout }", nil).Errors)
	assert.Equal(t, "UNAUTHENTICATED", wsCode(ws.run(`{ viewer { email } }`, nil)))
	assert.Equal(t, websocket.StatusCode(4401), ws.closed(5*time.Second))

	// A bad token in connection_init gets no acknowledgement: the socket is closed.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.url, "http")+"/graphql", &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	defer c.CloseNow()
	require.NoError(t, c.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_init","payload":{"Authorization":"Bearer forged"}}`)))
	_, _, err = c.Read(ctx)
	assert.Equal(t, websocket.StatusCode(4401), websocket.CloseStatus(err), "%v", err)
}

// reissue signs the claims of access again with another expiry, as the server would have.
func (e *env) reissue(access string, expires time.Time) string {
	e.t.Helper()
	parts := strings.Split(access, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(e.t, err)
	var claims jwt.MapClaims
	require.NoError(e.t, json.Unmarshal(payload, &claims))
	claims["exp"] = expires.Unix()
	tok := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tok.Header["kid"] = e.keys.ActiveKID()
	tok.Header["typ"] = token.Type
	s, err := tok.SignedString(e.signingKey)
	require.NoError(e.t, err)
	return s
}
