package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
	"secretariat/internal/testdb"
)

// hotRequest is one of the hot reads as a client sends it: the same body to the GraphQL endpoint
// and to the baseline's path.
type hotRequest struct {
	name string
	read handRead
	path string // the baseline's
	body []byte
}

// hotRequests are the hot reads' requests, a company's documents asked of the given company.
func hotRequests(t testing.TB, company string) []hotRequest {
	t.Helper()
	paths := map[handRead]string{readPortfolio: "/portfolio", readDocuments: "/documents", readMyTasks: "/my-tasks"}
	var out []hotRequest
	for i, r := range hotReads {
		payload := map[string]any{"query": r.query}
		if handReads[i] == readDocuments {
			payload["variables"] = map[string]any{"c": company}
		}
		body, err := json.Marshal(payload)
		require.NoError(t, err)
		out = append(out, hotRequest{name: r.name, read: handReads[i], path: paths[handReads[i]], body: body})
	}
	return out
}

// newHotHTTPRequest is the request of a client: JSON in, the GraphQL response media type out, the
// owner's bearer token.
func newHotHTTPRequest(ctx context.Context, url string, body []byte, token string) *http.Request {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// statementLog records the statements sent while it is on, each as its text and arguments (the
// current time, an argument of the viewer's look-up, as <time>).
type statementLog struct {
	mu    sync.Mutex
	on    bool
	lines []string
}

func (l *statementLog) add(query string, args []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.on {
		return
	}
	shown := make([]any, len(args))
	for i, a := range args {
		if _, ok := a.(time.Time); ok {
			a = "<time>"
		}
		shown[i] = a
	}
	l.lines = append(l.lines, fmt.Sprintf("%s %v", query, shown))
}

// during returns the statements fn sends, sorted: GraphQL resolves fields concurrently, so the
// order of the loads of sibling fields varies from one request to the next.
func (l *statementLog) during(fn func()) []string {
	l.mu.Lock()
	l.on, l.lines = true, nil
	l.mu.Unlock()
	fn()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	out := slices.Clone(l.lines)
	slices.Sort(out)
	return out
}

// TraceQueryStart records what pgx sends: on PostgreSQL every statement, BEGIN, the settings and
// COMMIT or ROLLBACK included.
func (l *statementLog) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	l.add(data.SQL, data.Args)
	return ctx
}

func (l *statementLog) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// loggingDriver records what ent sends (on SQLite, where a read opens no transaction, that is
// every statement).
type loggingDriver struct {
	dialect.Driver
	log *statementLog
}

func (d loggingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.log.add(query, args.([]any))
	return d.Driver.Query(ctx, query, args, v)
}

func (d loggingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.log.add(query, args.([]any))
	return d.Driver.Exec(ctx, query, args, v)
}

// openLogged opens a fresh database of the dialect whose statements l records: on PostgreSQL
// through a pgx tracer under database/sql, seeing both the server's and the baseline's; on
// SQLite through ent's driver (the server's) and the baseline's own hook.
func openLogged(t *testing.T, dialectName string, l *statementLog) (*database.DB, func(*baseline)) {
	t.Helper()
	if dialectName != "postgres" {
		db := testdb.Open(t, dialectName)
		return db.WithDriver(func(d dialect.Driver) dialect.Driver { return loggingDriver{Driver: d, log: l} }),
			func(b *baseline) { b.record = l.add }
	}
	cfg, err := pgx.ParseConfig(testdb.Postgres(t))
	require.NoError(t, err)
	cfg.Tracer = l
	name := stdlib.RegisterConnConfig(cfg)
	t.Cleanup(func() { stdlib.UnregisterConnConfig(name) })
	db, err := database.Open(context.Background(), database.Options{URL: name}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return db, func(*baseline) {}
}

// The hand-written handler is an honest baseline only while it does what the server does: for
// each hot read, on each database, on the same data, it sends the same statements in the same
// transactions with the same settings, and writes the same bytes.
func TestBaseline_AnswersAsGraphQL(t *testing.T) {
	t.Parallel()
	for _, dialectName := range testdb.Dialects {
		t.Run(dialectName, func(t *testing.T) {
			t.Parallel()
			var l statementLog
			db, hook := openLogged(t, dialectName, &l)
			// Past one page of companies and tasks, so that the look-ahead row is read too.
			w := newHotWorld(t, db, hotSize{companies: pageSize + 2, documents: 12, tasks: pageSize + 2})
			b := newBaseline(w, slog.New(slog.DiscardHandler))
			hook(b)
			hand := httptest.NewServer(b)
			t.Cleanup(hand.Close)

			post := func(url string, body []byte) (*http.Response, []byte) {
				res, err := http.DefaultClient.Do(newHotHTTPRequest(context.Background(), url, body, w.token))
				require.NoError(t, err)
				defer res.Body.Close()
				out, err := io.ReadAll(res.Body)
				require.NoError(t, err)
				return res, out
			}
			claims, err := w.tokens.Verify(w.token)
			require.NoError(t, err)
			for _, r := range hotRequests(t, w.companies[0]) {
				var gqlRes, handRes *http.Response
				var gqlBody, handBody []byte
				gqlStatements := l.during(func() { gqlRes, gqlBody = post(w.e.url+"/graphql", r.body) })
				handStatements := l.during(func() { handRes, handBody = post(hand.URL+r.path, r.body) })
				require.Equal(t, http.StatusOK, gqlRes.StatusCode, "%s: %s", r.name, gqlBody)
				require.Equal(t, http.StatusOK, handRes.StatusCode, "%s: %s", r.name, handBody)
				require.NotContains(t, string(gqlBody), `"errors"`, r.name)
				assert.Equal(t, string(gqlBody), string(handBody), "%s: the answer", r.name)
				assert.Equal(t, gqlRes.Header.Get("Content-Type"), handRes.Header.Get("Content-Type"), r.name)
				assert.Equal(t, gqlStatements, handStatements, "%s: the statements", r.name)
				t.Logf("%s: %s: %d bytes, %d statements", dialectName, r.name, len(gqlBody), len(gqlStatements))

				// The raw statements of the benchmark are the baseline's without HTTP and JSON.
				var rawStatements []string
				var data any
				rawStatements = l.during(func() { data, err = b.load(context.Background(), r.read, claims, w.companies[0]) })
				require.NoError(t, err)
				raw, err := json.Marshal(data)
				require.NoError(t, err)
				assert.Equal(t, string(gqlBody), string(raw), "%s: the raw statements' answer", r.name)
				assert.Equal(t, gqlStatements, rawStatements, "%s: the raw statements", r.name)
			}
		})
	}
}
