package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

// fragmentBomb is about 1 KB: n fragments that each spread the next one twice, 2^n fields once
// expanded. gqlgen's own complexity count walked all of them.
func fragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", n)
	return b.String()
}

// refusedQuickly posts query anonymously and returns the answer and how long it took.
func refusedQuickly(t *testing.T, e *env, token, query string) (response, time.Duration) {
	t.Helper()
	start := time.Now()
	res := e.post(token, query, nil)
	return res, time.Since(start)
}

func TestLimits_AFragmentBombIsRefusedAtOnceWithoutAToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res, took := refusedQuickly(t, e, "", fragmentBomb(30))
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "complexity")
	assert.NotContains(t, res.Raw, "data")
	assert.Less(t, took, time.Second)
}

// nestedPages walks companies → control implementations → company → … levels times.
func nestedPages(levels int) string {
	var b strings.Builder
	b.WriteString("companies(first: 100) { edges { node { ")
	for range levels {
		b.WriteString("controlImplementations { company { ")
	}
	b.WriteString("id ")
	for range levels {
		b.WriteString("} } ")
	}
	b.WriteString("} } }")
	return b.String()
}

func TestLimits_NestedPagesMultiplyAndAreRefusedBeforeAnythingRuns(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, kv.NewMemory())
			token, _ := e.tenant("alpha", 2)

			res, took := refusedQuickly(t, e, token, "{ "+nestedPages(2)+" }")
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
			assert.NotContains(t, res.Raw, "data")
			assert.Less(t, took, time.Second)

			// Inside a mutation: refused before the mutation runs, so nothing is written.
			before := e.count("companies")
			res = e.post(token, `mutation { createCompany(input: {name: "bomb"}) { organization { `+nestedPages(2)+` } } }`, nil)
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
			assert.Equal(t, before, e.count("companies"))

			// One level is an ordinary page and runs.
			res = e.post(token, "{ "+nestedPages(1)+" }", nil)
			require.Empty(t, res.Errors)
			assert.Len(t, field(res.Data, "companies", "edges"), 2)
		})
	}
}

// Pages multiply: three nested connections of 100 cost a million and are refused with the figure;
// a dashboard of the usual shape (a page of companies, each with its first sites, departments
// and documents) passes.
func TestLimits_NestedConnectionsAreRefusedWithTheComputedFigure(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	token, _ := e.tenant("alpha", 1)
	res := e.post(token, `{ companies(first: 100) { edges { node { sites(first: 100) { edges { node {
		departments(first: 100) { edges { node { id name } } } } } } } } } }`, nil)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
	figure, _ := res.Errors[0].Extensions["complexity"].(float64)
	assert.Greater(t, figure, float64(1_000_000), "100 × 100 × 100 items, counted with their fields")
	assert.Equal(t, float64(config.Default().GraphQL.MaxComplexity), res.Errors[0].Extensions["limit"])
	assert.Contains(t, res.Errors[0].Message, strconv.Itoa(int(figure)))

	res = e.post(token, `{ companies(first: 20) { totalCount edges { node { id name
		sites(first: 10) { totalCount edges { node { id name } } }
		departments(first: 10) { totalCount edges { node { id name } } }
		documents(first: 10) { totalCount edges { node { id title } } } } } } }`, nil)
	assert.Empty(t, res.Errors, "a dashboard of the usual shape")
}

func TestLimits_ThousandsOfOverlappingFieldsAreRefusedWithOneError(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	overlapping := func(n int) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			if i%2 == 0 {
				b.WriteString("a: __typename ")
			} else {
				b.WriteString("a: viewer { id } ")
			}
		}
		return b.String() + "}"
	}
	res, took := refusedQuickly(t, e, "", overlapping(1000))
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "1500 fields")
	assert.Less(t, took, time.Second)

	// Under the field limit, validation stops reporting after a few errors.
	res, took = refusedQuickly(t, e, "", overlapping(300))
	require.NotEmpty(t, res.Errors)
	assert.LessOrEqual(t, len(res.Errors), 20)
	assert.Equal(t, "GRAPHQL_VALIDATION_FAILED", res.code(0))
	assert.Less(t, took, time.Second)
}

// holdWrites blocks every write to the companies table until the returned func is called.
func holdWrites(t *testing.T, e *env, dialect string) func() {
	t.Helper()
	ctx := context.Background()
	conn, err := e.raw.Conn(ctx)
	require.NoError(t, err)
	if dialect == "postgres" {
		_, err = conn.ExecContext(ctx, "BEGIN; LOCK TABLE companies IN ACCESS EXCLUSIVE MODE")
	} else {
		_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	}
	require.NoError(t, err)
	released := false
	release := func() {
		if !released {
			released = true
			_, _ = conn.ExecContext(ctx, "ROLLBACK")
			_ = conn.Close()
		}
	}
	t.Cleanup(release)
	return release
}

func TestLimits_AnOperationIsStoppedAtItsDeadlineAndKeepsNothing(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, kv.NewMemory(), func(c *config.Config) {
				c.GraphQL.QueryTimeout = 300 * time.Millisecond
				c.GraphQL.MutationTimeout = 300 * time.Millisecond
			})
			token, _ := e.tenant("alpha", 1)
			before := e.count("companies")
			release := holdWrites(t, e, dialect)

			start := time.Now()
			res := e.post(token, `mutation { createCompany(input: {name: "late"}) { id } }`, nil)
			took := time.Since(start)
			require.Len(t, res.Errors, 1, "%+v", res.Errors)
			assert.Equal(t, "TIMEOUT", res.code(0))
			assert.Contains(t, res.Errors[0].Message, "300ms")
			assert.JSONEq(t, "null", string(res.Raw["data"]))
			assert.Less(t, took, 2*time.Second, "not the database's own lock timeout")
			if dialect == "postgres" {
				// The lock blocks reads there too: a query stops at its deadline as well.
				res = e.post(token, "{ companies { totalCount } }", nil)
				assert.Equal(t, "TIMEOUT", res.code(0))
			}
			release()

			assert.Equal(t, before, e.count("companies"), "the mutation was rolled back")
			// Once the lock is gone the same mutation succeeds. On a loaded machine even a
			// free write can pass 300ms; such a try must keep nothing either, so retry it.
			for try := 1; ; try++ {
				res = e.post(token, `mutation { createCompany(input: {name: "on time"}) { id } }`, nil)
				if len(res.Errors) == 0 || try == 5 {
					break
				}
				require.Equal(t, "TIMEOUT", res.code(0), "%+v", res.Errors)
			}
			require.Empty(t, res.Errors)
			assert.Equal(t, before+1, e.count("companies"), "only the successful try is kept")
			assert.NotContains(t, e.logs.String(), "level=ERROR", "a deadline is not an internal error")
		})
	}
}

func TestLimits_ALargeAnswerIsRefusedAndAMutationWithOneIsRolledBack(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, kv.NewMemory(), func(c *config.Config) { c.GraphQL.MaxResponseBytes = 2000 })
			token, _ := e.tenant("alpha", 40)

			res := e.post(token, "{ companies(first: 100) { edges { node { id name } } } }", nil)
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "RESPONSE_TOO_LARGE", res.code(0))
			assert.Contains(t, res.Errors[0].Message, "2000 bytes")
			assert.JSONEq(t, "null", string(res.Raw["data"]))

			before := e.count("companies")
			res = e.post(token, `mutation { createCompany(input: {name: "big answer"}) {
				organization { companies(first: 100) { edges { node { id name } } } } } }`, nil)
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "RESPONSE_TOO_LARGE", res.code(0))
			assert.Equal(t, before, e.count("companies"), "nothing is kept")

			res = e.post(token, "{ companies(first: 5) { edges { node { id name } } } }", nil)
			require.Empty(t, res.Errors)
			assert.Len(t, field(res.Data, "companies", "edges"), 5)
		})
	}
}

func TestLimits_PersistedQueriesStoreOnlyAcceptedDocumentsOfBoundedSize(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, "sqlite", store, func(c *config.Config) { c.GraphQL.APQMaxBytes = 200 })
			send := func(query string, withQuery bool) response { return sendPersisted(e, query, withQuery) }
			garbage := "not graphql " + name + strings.Repeat(" x", 50)
			tooComplex := fragmentBomb(30) + "# " + name
			tooLong := "{ __typename " + name + ": __typename }" + strings.Repeat(" ", 300)
			accepted := "{ __typename apq_" + name + ": __typename }"

			assert.Equal(t, "GRAPHQL_PARSE_FAILED", send(garbage, true).code(0))
			assert.Equal(t, "QUERY_TOO_COMPLEX", send(tooComplex, true).code(0))
			res := send(tooLong, true)
			require.Empty(t, res.Errors, "a long document runs, it is only not stored")
			require.Empty(t, send(accepted, true).Errors)

			for _, q := range []string{garbage, tooComplex, tooLong} {
				assert.Equal(t, "PERSISTED_QUERY_NOT_FOUND", send(q, false).code(0), q)
			}
			res = send(accepted, false)
			require.Empty(t, res.Errors, "an accepted document is found by its hash")
			assert.Equal(t, "Query", res.Data["apq_"+name])
		})
	}
}

// The number of stored documents is bounded too: past GRAPHQL_APQ_STORES_PER_HOUR new documents
// an hour (all replicas together) a document runs and is not stored.
func TestLimits_PersistedQueriesStoredPerHourAreBounded(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, "sqlite", store, func(c *config.Config) { c.GraphQL.APQStoresPerHour = 3 })
			send := func(query string, withQuery bool) response { return sendPersisted(e, query, withQuery) }
			query := func(i int) string {
				return fmt.Sprintf("{ a%d_%s: __typename }", i, strings.ReplaceAll(name, "-", "_"))
			}
			for i := range 5 {
				res := send(query(i), true)
				require.Empty(t, res.Errors, "document %d runs whether or not it is stored", i)
			}
			for i := range 5 {
				res := send(query(i), false)
				if i < 3 {
					assert.Empty(t, res.Errors, "document %d was stored", i)
				} else {
					assert.Equal(t, "PERSISTED_QUERY_NOT_FOUND", res.code(0), "document %d is past the hour's budget", i)
				}
			}
		})
	}
}

// sendPersisted sends query over GET as an automatic persisted query: its hash, and the document
// itself when withQuery.
func sendPersisted(e *env, query string, withQuery bool) response {
	sum := sha256.Sum256([]byte(query))
	ext := url.QueryEscape(fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%s"}}`, hex.EncodeToString(sum[:])))
	path := "/graphql?extensions=" + ext
	if withQuery {
		path += "&query=" + url.QueryEscape(query)
	}
	return e.do(http.MethodGet, path, "", nil)
}

// multipartRequest is a GraphQL multipart request with operations, map and one file.
func multipartRequest(t *testing.T, operations string, file []byte) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	require.NoError(t, w.WriteField("operations", operations))
	require.NoError(t, w.WriteField("map", `{"0": ["variables.file"]}`))
	part, err := w.CreateFormFile("0", "a.txt")
	require.NoError(t, err)
	_, err = part.Write(file)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return &body, w.FormDataContentType()
}

func TestLimits_EveryTransportBoundsWhatItReads(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) {
		c.GraphQL.MaxBodyBytes = 1024
		c.GraphQL.MaxUploadBytes = 4096
	})
	token, companies := e.tenant("alpha", 1)
	pad := strings.Repeat("x", 2048)
	operations := func(padding string) string {
		b, err := json.Marshal(map[string]any{
			"query":     `mutation($file: Upload!, $c: ID!) { importAssets(input: {companyID: $c, file: $file}) { imported } }`,
			"variables": map[string]any{"file": nil, "c": companies[0], "pad": padding},
		})
		require.NoError(t, err)
		return string(b)
	}
	upload := func(ops string, file []byte) response {
		body, contentType := multipartRequest(t, ops, file)
		return e.do(http.MethodPost, "/graphql", token, body, "Content-Type", contentType)
	}

	res := upload(operations(pad), []byte("small file"))
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status, "the operations part is bounded like a body")
	assert.Equal(t, "BAD_REQUEST", res.code(0))

	res = upload(operations(""), bytes.Repeat([]byte("f"), 3000))
	assert.Equal(t, http.StatusOK, res.Status, "files have their own, larger limit")
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "BAD_USER_INPUT", res.code(0), "the file reached the import, which reads it")
	assert.Contains(t, res.Errors[0].Message, "Excel workbook")

	res = upload(operations(""), bytes.Repeat([]byte("f"), 5000))
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status, "and files are bounded by it")

	// The map names a file that the request does not hold.
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	require.NoError(t, w.WriteField("operations", operations("")))
	require.NoError(t, w.WriteField("map", `{"0": ["variables.file"]}`))
	require.NoError(t, w.Close())
	res = e.do(http.MethodPost, "/graphql", token, &body, "Content-Type", w.FormDataContentType())
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "BAD_USER_INPUT", res.code(0), "a missing file is a missing value")
	assert.Equal(t, "file", res.Errors[0].Extensions["field"])
	assert.Equal(t, "REQUIRED", res.Errors[0].Extensions["reason"])
	assert.Contains(t, res.Errors[0].Message, `part "0" is missing`)

	res = e.do(http.MethodGet, "/graphql?query="+url.QueryEscape("{ __typename }")+"&pad="+pad, "", nil)
	assert.Equal(t, http.StatusRequestURITooLong, res.Status)
	assert.Equal(t, "BAD_REQUEST", res.code(0))

	c, err := dialGraphQLWS(t, e, "")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, c.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_init"}`)))
	_, _, err = c.Read(ctx)
	require.NoError(t, err)
	require.NoError(t, c.Write(ctx, websocket.MessageText, []byte(`{"id":"1","type":"subscribe","payload":{"query":"{ __typename }","variables":{"pad":"`+pad+`"}}}`)))
	_, _, err = c.Read(ctx)
	assert.Equal(t, websocket.StatusMessageTooBig, websocket.CloseStatus(err), "a larger message closes the socket: %v", err)
}

func TestLimits_ARequestWhoseBodyNeverEndsIsCutAtItsDeadline(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) {
		c.GraphQL.QueryTimeout = 200 * time.Millisecond
		c.GraphQL.MutationTimeout = 200 * time.Millisecond
	})
	u, err := url.Parse(e.url)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	defer conn.Close()
	start := time.Now()
	_, err = fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\":", u.Host)
	require.NoError(t, err)
	// The rest of the body never comes: the server answers or hangs up at the deadline
	// (the longest operation timeout and a second), not when the client pleases.
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	_, _ = io.ReadAll(conn)
	assert.Less(t, time.Since(start), 3*time.Second)
}

func TestLimits_OperationsPastTheConcurrencyBoundQueueAndAllAnswer(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, kv.NewMemory(), func(c *config.Config) { c.GraphQL.MaxConcurrentOperations = 1 })
			token, _ := e.tenant("queue", 2)
			var wg sync.WaitGroup
			results := make(chan response, 21)
			for i := range 20 {
				wg.Go(func() { results <- e.post(token, "{ companies { totalCount } }", nil) })
				if i == 10 {
					wg.Go(func() {
						results <- e.post(token, `mutation { createCompany(input: {name: "in the queue"}) { id } }`, nil)
					})
				}
			}
			wg.Wait()
			close(results)
			n := 0
			for res := range results {
				require.Empty(t, res.Errors, "one at a time, every operation is answered")
				n++
			}
			assert.Equal(t, 21, n)
			res := e.post(token, "{ companies { totalCount } }", nil)
			assert.EqualValues(t, 3, field(res.Data, "companies", "totalCount"), "the queued mutation was kept")
		})
	}
}
