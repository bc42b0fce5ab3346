package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/server/gqlhttp/gqlaudit"
	"secretariat/internal/testdb"
)

const graphqlResponse = "application/graphql-response+json"

func TestServer_TypenameAnswersOverPOSTAndGET(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res := e.post("", "{ __typename }", nil)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "Query", res.Data["__typename"])

	res = e.do(http.MethodGet, "/graphql?query="+url.QueryEscape("{ __typename }"), "", nil)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "Query", res.Data["__typename"])
}

func TestServer_GraphiQLIsServedAtTheRoot(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res, err := http.Get(e.url + "/")
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, res.Header.Get("Content-Type"), "text/html")
}

func TestServer_MalformedRequestGetsATypedErrorAndTheServerKeepsServing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	for _, accept := range []string{"application/json", graphqlResponse} {
		res := e.do(http.MethodPost, "/graphql", "", strings.NewReader(`{"query": "{ __typename"`),
			"Content-Type", "application/json", "Accept", accept)
		assert.Equal(t, http.StatusBadRequest, res.Status, accept)
		require.NotEmpty(t, res.Errors, accept)
		assert.NotEmpty(t, res.code(0), "every error has a code")
		assert.NotContains(t, res.Raw, "data", "a request error has no data entry")
	}
	// A document that does not parse: a GraphQL error, not a broken HTTP request.
	res := e.do(http.MethodPost, "/graphql", "", strings.NewReader(`{"query": "{ __typename"}`),
		"Content-Type", "application/json", "Accept", graphqlResponse)
	assert.Equal(t, http.StatusBadRequest, res.Status)
	assert.Equal(t, "GRAPHQL_PARSE_FAILED", res.code(0))
	assert.NotContains(t, res.Raw, "data")

	assert.Equal(t, "Query", e.post("", "{ __typename }", nil).Data["__typename"])
}

// deepQuery nests organization → companies → organization … n times.
func deepQuery(n int) string {
	var b strings.Builder
	b.WriteString("{ organization { ")
	for range n {
		b.WriteString("companies { edges { node { organization { ")
	}
	b.WriteString("id ")
	for range n {
		b.WriteString("} } } } ")
	}
	b.WriteString("} }")
	return b.String()
}

func TestServer_OverDeepQueryIsRefusedBeforeResolving(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.GraphQL.MaxDepth = 8 })
	res := e.post("", deepQuery(3), nil, "Accept", graphqlResponse)
	assert.Equal(t, http.StatusBadRequest, res.Status)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "depth 14 exceeds the limit of 8")
	assert.NotContains(t, res.Raw, "data")

	// Within the limit the query runs (and, anonymous, is refused by the data layer instead).
	res = e.post("", deepQuery(1), nil)
	assert.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "UNAUTHENTICATED", res.code(0))
}

func TestServer_TooManyAliasesAndTooComplexAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) {
		c.GraphQL.MaxAliases = 3
		c.GraphQL.MaxComplexity = 10
	})
	res := e.post("", "{ a: __typename b: __typename c: __typename d: __typename }", nil)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "4 aliases")

	res = e.post("", "{ organization { id name kind defaultLocale createdAt updatedAt companies { totalCount } memberships { totalCount } } }", nil)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "QUERY_TOO_COMPLEX", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "complexity")
}

func TestServer_OversizedBodyIsRefusedWith413(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.GraphQL.MaxBodyBytes = 1024 })
	query := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 2048) + `"}}`
	res := e.do(http.MethodPost, "/graphql", "", strings.NewReader(query), "Content-Type", "application/json")
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
	require.NotEmpty(t, res.Errors)
	assert.NotEmpty(t, res.code(0))

	assert.Equal(t, "Query", e.post("", "{ __typename }", nil).Data["__typename"])
}

func TestServer_ParserTokenLimitRefusesHugeDocuments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.GraphQL.MaxTokens = 50 })
	res := e.post("", "{ "+strings.Repeat("__typename ", 60)+"}", nil)
	require.NotEmpty(t, res.Errors)
	assert.Equal(t, "GRAPHQL_PARSE_FAILED", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "token limit")
}

// Introspection shows the API and nothing of its Go bindings; @defer, which no transport here
// delivers incrementally, is not declared, so a document that uses it is refused, not answered in
// one piece.
func TestServer_IntrospectionShowsNoInternalDirectivesAndNoDefer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res := e.post("", `{ __schema { directives { name } } }`, nil)
	require.Empty(t, res.Errors)
	var names []string
	for _, d := range field(res.Data, "__schema", "directives").([]any) {
		names = append(names, d.(map[string]any)["name"].(string))
	}
	assert.Contains(t, names, "include", "the standard directives stay")
	for _, hidden := range []string{"goModel", "goField", "defer"} {
		assert.NotContains(t, names, hidden)
	}
	res = e.post("", `{ ... @defer { __typename } }`, nil)
	assert.Equal(t, "GRAPHQL_VALIDATION_FAILED", res.code(0))
}

func TestServer_IntrospectionAndSuggestionsFollowConfiguration(t *testing.T) {
	t.Parallel()
	on := newEnv(t, "sqlite", kv.NewMemory())
	assert.Equal(t, map[string]any{"queryType": map[string]any{"name": "Query"}},
		on.post("", "{ __schema { queryType { name } } }", nil).Data["__schema"])
	assert.Contains(t, on.post("", "{ organizatio { id } }", nil).Errors[0].Message, "Did you mean")

	off := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) {
		c.GraphQL.Introspection = false
		c.GraphQL.Suggestions = false
	})
	res := off.post("", "{ __schema { queryType { name } } }", nil)
	require.NotEmpty(t, res.Errors)
	assert.Equal(t, "GRAPHQL_VALIDATION_FAILED", res.code(0))
	assert.Contains(t, res.Errors[0].Message, "introspection is disabled")
	assert.NotContains(t, res.Raw, "data", "refused before anything runs")
	assert.Equal(t, "Query", off.post("", "{ __typename }", nil).Data["__typename"])
	assert.NotContains(t, off.post("", "{ organizatio { id } }", nil).Errors[0].Message, "Did you mean")
}

func TestServer_InternalErrorsAreMaskedWithTheRequestID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	token, _ := e.tenant("alpha", 1)
	require.NoError(t, e.db.Close(), "closed pools make every query fail inside the server")

	res := e.post(token, "{ companies { totalCount } }", nil, "X-Request-ID", "support-case-42")
	assert.Equal(t, "support-case-42", res.Header.Get("X-Request-ID"), "a well-formed request id is honoured")
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "INTERNAL", res.code(0))
	assert.Equal(t, "internal error (request id support-case-42)", res.Errors[0].Message)
	assert.NotContains(t, res.Errors[0].Message, "sql")
	assert.Contains(t, e.logs.String(), "support-case-42", "the server log has the details under the same id")
	assert.Contains(t, e.logs.String(), "database is closed")

	res = e.post("", "{ __typename }", nil, "X-Request-ID", "bad id with spaces")
	assert.NotEqual(t, "bad id with spaces", res.Header.Get("X-Request-ID"))
	assert.Regexp(t, `^RQ[0-9A-Z]{26}$`, res.Header.Get("X-Request-ID"), "a malformed id is replaced")
}

func TestServer_BadCredentialIsRefusedBeforeGraphQL(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res := e.post("forged", "{ __typename }", nil)
	assert.Equal(t, http.StatusUnauthorized, res.Status)
	assert.Equal(t, "UNAUTHENTICATED", res.code(0))
}

func TestServer_ConnectionsHaveADefaultAndAMaximumPageSize(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, kv.NewMemory())
			token, _ := e.tenant("alpha", 25)

			res := e.post(token, "{ companies { totalCount edges { node { id name } } pageInfo { hasNextPage } } }", nil)
			require.Empty(t, res.Errors)
			companies := res.Data["companies"].(map[string]any)
			assert.EqualValues(t, 25, companies["totalCount"])
			assert.Len(t, companies["edges"], 20, "the default page size")
			assert.Equal(t, true, companies["pageInfo"].(map[string]any)["hasNextPage"])

			res = e.post(token, "{ companies(first: 101) { totalCount } }", nil)
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0))
			assert.Equal(t, "first", res.Errors[0].Extensions["field"])

			res = e.post(token, `{ companies(first: 3, where: {nameContains: "client 01"}, orderBy: {field: NAME, direction: DESC}) { edges { node { name } } } }`, nil)
			require.Empty(t, res.Errors)
			var names []string
			for _, edge := range res.Data["companies"].(map[string]any)["edges"].([]any) {
				names = append(names, edge.(map[string]any)["node"].(map[string]any)["name"].(string))
			}
			assert.Equal(t, []string{"alpha client 019", "alpha client 018", "alpha client 017"}, names)
		})
	}
}

func TestServer_AnotherTenantsIDIsNullAndNotFound(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, kv.NewMemory())
			_, alphaCompanies := e.tenant("alpha", 1)
			bravo, bravoCompanies := e.tenant("bravo", 1)
			missing := "CO01JZZZZZZZZZZZZZZZZZZZZZ"
			for _, id := range []string{alphaCompanies[0], missing, "not-an-id"} {
				res := e.post(bravo, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
				assert.Nil(t, res.Data["node"], id)
				require.Len(t, res.Errors, 1, id)
				assert.Equal(t, "NOT_FOUND", res.code(0), id)
			}
			res := e.post(bravo, `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Company { name } } }`,
				map[string]any{"ids": []string{bravoCompanies[0], alphaCompanies[0]}})
			nodes := res.Data["nodes"].([]any)
			require.Len(t, nodes, 2)
			assert.Equal(t, "bravo client 000", nodes[0].(map[string]any)["name"])
			assert.Nil(t, nodes[1])
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "NOT_FOUND", res.code(0))
		})
	}
}

func TestServer_AutomaticPersistedQueriesUseTheSharedCache(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, "sqlite", store)
			query := fmt.Sprintf("{ __typename apq_%s: __typename }", name)
			sum := sha256.Sum256([]byte(query))
			ext := url.QueryEscape(fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%s"}}`, hex.EncodeToString(sum[:])))

			res := e.do(http.MethodGet, "/graphql?extensions="+ext, "", nil)
			assert.Equal(t, "PERSISTED_QUERY_NOT_FOUND", res.code(0))
			res = e.do(http.MethodGet, "/graphql?extensions="+ext+"&query="+url.QueryEscape(query), "", nil)
			require.Empty(t, res.Errors)
			res = e.do(http.MethodGet, "/graphql?extensions="+ext, "", nil)
			require.Empty(t, res.Errors, "the hash alone now finds the query")
			assert.Equal(t, "Query", res.Data["apq_"+name])
		})
	}
}

func TestServer_ReadinessNeedsTheDatabaseAndReportsTheCache(t *testing.T) {
	t.Parallel()
	for name, store := range backends(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, "postgres", store)
			assert.Equal(t, http.StatusOK, e.do(http.MethodGet, "/readyz", "", nil).Status)
			assert.Equal(t, http.StatusOK, e.do(http.MethodGet, "/healthz", "", nil).Status)

			require.NoError(t, e.db.SQL.Close())
			assert.Equal(t, http.StatusServiceUnavailable, e.do(http.MethodGet, "/readyz", "", nil).Status)
			assert.Equal(t, http.StatusOK, e.do(http.MethodGet, "/healthz", "", nil).Status, "the process is still up")
		})
	}
	// A node without Redis still serves (degraded): were it unready, a Redis outage would take
	// every replica out of the load balancer.
	t.Run("redis down", func(t *testing.T) {
		store := redisBackend(t)
		e := newEnv(t, "sqlite", store)
		require.NoError(t, store.Close())
		res, err := http.Get(e.url + "/readyz")
		require.NoError(t, err)
		defer res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
		body := readAll(t, res)
		assert.Contains(t, body, "degraded")
		assert.Contains(t, body, "cache:")
	})
}

func TestServer_MetricsCountRequestsOperationsAndErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	e.post("", "query Dashboard { __typename }", nil)
	e.post("", "{ companies { totalCount } }", nil)
	token, _ := e.tenant("metrics", 0)
	e.post(token, "{ companies { totalCount } }", nil) // a signed-in request is counted under its route too
	// A request is counted once its handler returns, which may be just after the client has read
	// the answer: scrape until the last one shows.
	var text string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		res, err := http.Get(e.url + "/metrics")
		require.NoError(t, err)
		text = readAll(t, res)
		res.Body.Close()
		if strings.Contains(text, `secretariat_http_requests_total{code="200",method="POST",route="/graphql"} 3`) {
			break
		}
	}
	for _, line := range []string{
		`secretariat_http_requests_total{code="200",method="POST",route="/graphql"} 3`,
		`secretariat_graphql_operation_duration_seconds_count{operation="Dashboard",type="query"} 1`,
		`secretariat_graphql_errors_total{code="UNAUTHENTICATED"} 1`,
		`go_sql_max_open_connections{db_name="secretariat"}`,
	} {
		assert.True(t, strings.Contains(text, line), "/metrics lacks %s:\n%s", line, text)
	}
}

func TestServer_CORSAllowsOnlyConfiguredOrigins(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	preflight := func(origin string) string {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodOptions, e.url+"/graphql", nil)
		require.NoError(t, err)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.Header.Get("Access-Control-Allow-Origin")
	}
	assert.Equal(t, "https://app.example.com", preflight("https://app.example.com"))
	assert.Empty(t, preflight("https://evil.example.com"))
}

// The request headers of tracing and of common GraphQL clients pass a preflight by default, any
// other only when CORS_HEADERS names it; a browser may read a file's name and a rate limit's wait.
func TestServer_CORSAllowsConfiguredRequestHeadersAndExposesFileNames(t *testing.T) {
	t.Parallel()
	preflight := func(e *env, headers string) bool {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodOptions, e.url+"/graphql", nil)
		require.NoError(t, err)
		req.Header.Set("Origin", "https://app.example.com")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", headers)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		return res.Header.Get("Access-Control-Allow-Origin") == "https://app.example.com"
	}
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	assert.True(t, preflight(e, "apollographql-client-name,apollographql-client-version,authorization,content-type,traceparent,tracestate"), "sorted and lower-case, as browsers send them")
	assert.False(t, preflight(e, "authorization,x-custom-tenant"), "a header nobody configured")
	custom := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) {
		c.CORSOrigins = []string{"https://app.example.com"}
		c.CORSHeaders = []string{"Authorization", "Content-Type", "X-Custom-Tenant"}
	})
	assert.True(t, preflight(custom, "authorization,x-custom-tenant"))
	assert.False(t, preflight(custom, "authorization,traceparent"), "CORS_HEADERS replaces the default list")

	res := e.do(http.MethodPost, "/graphql", "", strings.NewReader(`{"query":"{ __typename }"}`), "Content-Type", "application/json", "Origin", "https://app.example.com")
	exposed := strings.ToLower(res.Header.Get("Access-Control-Expose-Headers"))
	for _, h := range []string{"content-disposition", "x-request-id", "retry-after"} {
		assert.Contains(t, exposed, h)
	}
}

func TestServer_PassesTheGraphQLOverHTTPAudit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	gqlaudit.Run(t, e.url+"/graphql")
}

func TestServer_PublishesTheTokenKeysAsJWKS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res, err := http.Get(e.url + "/.well-known/jwks.json")
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "application/jwk-set+json", res.Header.Get("Content-Type"))
	body := readAll(t, res)
	assert.Contains(t, body, `"kid":"`+e.keys.ActiveKID()+`"`)
	assert.Contains(t, body, `"alg":"EdDSA"`)
}
