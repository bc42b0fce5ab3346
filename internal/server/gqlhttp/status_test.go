package gqlhttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/stretchr/testify/assert"
)

// Status chooses the HTTP status of an executed operation on every transport alike, GET
// included (the server answers a rate-limited operation with 429 and Retry-After this way).
func TestStatus_ChosenForExecutedOperationsOnEveryTransport(t *testing.T) {
	limited := func(_ context.Context, _ *graphql.Response, h http.Header) int {
		h.Set("Retry-After", "7")
		return http.StatusTooManyRequests
	}
	ts := testserver.New()
	ts.AddTransport(GET{Status: limited})
	ts.AddTransport(Multipart{MaxBodyBytes: 1 << 20, MaxUploadBytes: 1 << 20, Status: limited})
	ts.AddTransport(POST{Status: limited})
	srv := httptest.NewServer(ts)
	t.Cleanup(srv.Close)

	replies := map[string]reply{
		"GET":  get(t, srv.URL, gqlResp, url.Values{"query": {"{ name }"}}),
		"POST": post(t, srv.URL, appJSON, gqlResp, `{"query": "{ name }"}`),
	}
	for name, r := range replies {
		assert.Equal(t, http.StatusTooManyRequests, r.status, name)
		assert.Equal(t, "7", r.header.Get("Retry-After"), name)
		assert.True(t, r.hasData(), "%s: the operation ran", name)
	}
	// A request refused before it runs keeps its own status.
	bad := get(t, srv.URL, gqlResp, url.Values{"query": {"{ name"}})
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Empty(t, bad.header.Get("Retry-After"))
}
