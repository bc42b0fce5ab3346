package server_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"secretariat/ent/organization"
	"secretariat/internal/apperr"
	"secretariat/internal/auth/token"
	"secretariat/internal/billing"
	"secretariat/internal/config"
	"secretariat/internal/database"
	"secretariat/internal/kv"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/server"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// env is a running server over a real database and cache, with viewers that tests sign in as
// through a bearer token naming them.
type env struct {
	t  testing.TB
	db *database.DB
	// raw reaches every row, past row-level security, for setting up and checking behind the
	// API's back.
	raw     *sql.DB
	kv      *kv.Backend
	url     string
	viewers map[string]*viewer.Viewer
	logs    *testdb.LogBuffer
	keys    *token.KeySet
	// signingKey is the server's active key, for forging tokens in attacks.
	signingKey ed25519.PrivateKey
	// billing is the server's billing service, whose outbox tests deliver.
	billing *billing.Service
	// srv is the server itself, for what its handler does not serve (ServeMetrics).
	srv *server.Server
	// failAuthentication, when set, is the error every authenticated request fails with (a
	// database outage while reading the viewer).
	failAuthentication error
}

type option func(*config.Config)

func newEnv(t testing.TB, dialect string, store *kv.Backend, opts ...option) *env {
	t.Helper()
	return newEnvOn(t, testdb.Open(t, dialect), store, opts...)
}

// newSignedEnv is a server whose viewers come only from real access tokens (sign-up, login).
func newSignedEnv(t testing.TB, dialect string, store *kv.Backend, opts ...option) *env {
	t.Helper()
	return serve(t, testdb.Open(t, dialect), store, false, nil, opts...)
}

// newEnvOn serves the given database.
func newEnvOn(t testing.TB, db *database.DB, store *kv.Backend, opts ...option) *env {
	t.Helper()
	return serve(t, db, store, true, nil, opts...)
}

// serve starts the server; with fakeAuth, tests sign viewers in through e.viewers instead of
// tokens. signingKey is the server's key (nil: a new one); a server over a copy of a fixture
// takes the key that signed the fixture's tokens.
func serve(t testing.TB, db *database.DB, store *kv.Backend, fakeAuth bool, signingKey ed25519.PrivateKey, opts ...option) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir() // attached files and evidence stay out of the source tree
	for _, o := range opts {
		o(&cfg)
	}
	require.NoError(t, cfg.Validate())
	e := &env{t: t, db: db, raw: testdb.Raw(t, db), kv: store, viewers: map[string]*viewer.Viewer{}, logs: &testdb.LogBuffer{}}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	if signingKey == nil {
		var err error
		signingKey, err = token.LoadOrGenerate(t.TempDir())
		require.NoError(t, err)
	}
	keys := token.NewKeySet(signingKey)
	e.keys, e.signingKey = keys, signingKey
	deps := server.Deps{Config: cfg, DB: e.db, KV: store, Log: log, Keys: keys}
	deps.Billing = server.Billing(deps)
	e.billing = deps.Billing
	if fakeAuth {
		deps.Authenticate = e.authenticate
	}
	srv, err := server.New(deps)
	require.NoError(t, err)
	e.srv = srv
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e.url = ts.URL
	return e
}

func (e *env) authenticate(r *http.Request) (*viewer.Viewer, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, nil
	}
	if e.failAuthentication != nil {
		return nil, e.failAuthentication
	}
	v, ok := e.viewers[token]
	if !ok {
		return nil, apperr.Unauthenticated("unknown test token", "不明なテスト用トークンです")
	}
	return v, nil
}

// response is a decoded GraphQL response with the HTTP details tests check.
type response struct {
	Status      int
	ContentType string
	Header      http.Header
	Raw         map[string]json.RawMessage
	Data        map[string]any
	Errors      []gqlError
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// edgeNodes lists the nodes of a connection's edges, in order.
func edgeNodes(conn any) []any {
	var nodes []any
	m, _ := conn.(map[string]any)
	edges, _ := m["edges"].([]any)
	for _, e := range edges {
		nodes = append(nodes, e.(map[string]any)["node"])
	}
	return nodes
}

// fields lists the extensions.field of every error, in order: one error per input field.
func (r response) fields() []any {
	var out []any
	for _, e := range r.Errors {
		out = append(out, e.Extensions["field"])
	}
	return out
}

func (r response) code(i int) string {
	if i >= len(r.Errors) {
		return ""
	}
	c, _ := r.Errors[i].Extensions["code"].(string)
	return c
}

// post sends a GraphQL request as the viewer named by token ("" for anonymous).
func (e *env) post(token, query string, variables map[string]any, headers ...string) response {
	e.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	require.NoError(e.t, err)
	return e.do(http.MethodPost, "/graphql", token, bytes.NewReader(body), append([]string{"Content-Type", "application/json"}, headers...)...)
}

func (e *env) do(method, path, token string, body io.Reader, headers ...string) response {
	e.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, e.url+path, body)
	require.NoError(e.t, err)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	out := response{Status: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Header: res.Header}
	if strings.Contains(out.ContentType, "json") {
		require.NoError(e.t, json.Unmarshal(raw, &out.Raw), "body: %s", raw)
		if d, ok := out.Raw["data"]; ok {
			_ = json.Unmarshal(d, &out.Data)
		}
		if es, ok := out.Raw["errors"]; ok {
			require.NoError(e.t, json.Unmarshal(es, &out.Errors))
		}
	}
	return out
}

// tenant creates an organization with n client companies and returns the token of its owner.
func (e *env) tenant(name string, n int) (token string, companyIDs []string) {
	e.t.Helper()
	ctx := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
	c := e.db.Client
	org := c.Organization.Create().SetName(name).SetKind(organization.KindCONSULTANCY).SaveX(ctx)
	owner := c.User.Create().SetEmail(name + "@example.com").SetName(name).SaveX(ctx)
	c.Membership.Create().SetOrganizationID(org.ID).SetUserID(owner.ID).SetRole(viewer.RoleOwner).SaveX(ctx)
	for i := range n {
		co := c.Company.Create().SetOrganizationID(org.ID).SetName(fmt.Sprintf("%s client %03d", name, i)).SaveX(ctx)
		companyIDs = append(companyIDs, string(co.ID))
		for _, siteName := range []string{"本社", "工場"} {
			site := c.Site.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetName(siteName).SaveX(ctx)
			c.Department.Create().SetOrganizationID(org.ID).SetCompanyID(co.ID).SetSiteID(site.ID).SetHeadID(owner.ID).SetName("総務部").SaveX(ctx)
		}
	}
	// The viewers of these tests read English, as if they had chosen it (updateProfile); a test
	// of Japanese answers sets Locale to Japanese.
	e.viewers[name] = &viewer.Viewer{UserID: owner.ID, OrganizationID: org.ID, Role: viewer.RoleOwner, Locale: locale.English}
	return name, companyIDs
}

// backends returns the in-process cache and a Redis one with a key prefix of its own.
func backends(t testing.TB) map[string]*kv.Backend {
	return map[string]*kv.Backend{"memory": kv.NewMemory(), "redis": redisBackend(t)}
}

func redisBackend(t testing.TB) *kv.Backend {
	t.Helper()
	opts, err := kv.ParseRedisURL(testdb.RedisURL())
	require.NoError(t, err)
	store := kv.NewRedis(kv.NewRedisClient(opts), "servertest:"+string(pulid.New("RT"))+":")
	if err := store.Ping(context.Background()); err != nil {
		store.Close()
		testdb.Unavailable(t, "Redis is not reachable at %s: %v", opts.Addrs, err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return store
}

func readAll(t testing.TB, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return string(b)
}

// member signs in a new viewer of the organization of token, with the role and companies given.
func (e *env) member(token string, role viewer.Role, companyIDs ...string) string {
	e.t.Helper()
	owner := e.viewers[token]
	v := &viewer.Viewer{UserID: owner.UserID, OrganizationID: owner.OrganizationID, Role: role, Locale: owner.Locale}
	for _, id := range companyIDs {
		v.CompanyIDs = append(v.CompanyIDs, pulid.ID(id))
	}
	name := fmt.Sprintf("%s-%s-%d", token, role, len(e.viewers))
	e.viewers[name] = v
	return name
}

// count returns the number of rows of a table, whoever owns them.
func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	require.NoError(e.t, e.raw.QueryRow("SELECT count(*) FROM "+table).Scan(&n))
	return n
}

// field digs a value out of response data by path.
func field(data map[string]any, path ...string) any {
	var cur any = data
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}
