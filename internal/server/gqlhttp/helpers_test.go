package gqlhttp

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/stretchr/testify/require"
)

const (
	jsonType    = "application/json; charset=utf-8"
	gqlRespType = "application/graphql-response+json; charset=utf-8"
	gqlResp     = "application/graphql-response+json"
	appJSON     = "application/json"
)

// newServer serves gqlgen's test schema (Query.name, Query.find(id: Int!),
// Mutation.name, Subscription.name) at /graphql through the transports under
// test, wired the way an integrator would.
func newServer(t *testing.T, ts *testserver.TestServer, post POST, configure ...func(*handler.Server)) string {
	t.Helper()
	for _, f := range configure {
		f(ts.Server)
	}
	ts.AddTransport(post)
	ts.AddTransport(GET{})
	mux := http.NewServeMux()
	mux.Handle("/graphql", ts)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/graphql"
}

// reply is what the tests assert on: status, headers and the top-level keys
// of the JSON body.
type reply struct {
	status int
	header http.Header
	body   map[string]json.RawMessage
}

func (r reply) hasData() bool {
	_, ok := r.body["data"]
	return ok
}

// errorCode is extensions.code of the first error, or "" without errors.
func (r reply) errorCode(t *testing.T) string {
	t.Helper()
	errs := r.errors(t)
	if len(errs) == 0 {
		return ""
	}
	code, _ := errs[0].Extensions["code"].(string)
	return code
}

type wireError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func (r reply) errors(t *testing.T) []wireError {
	t.Helper()
	raw, ok := r.body["errors"]
	if !ok {
		return nil
	}
	var errs []wireError
	require.NoError(t, json.Unmarshal(raw, &errs))
	require.NotEmpty(t, errs, "an errors entry must not be empty")
	return errs
}

// send performs req; headers with an empty value are left out, so that
// "no Accept header" can be expressed.
func send(t *testing.T, req *http.Request, headers map[string]string) reply {
	t.Helper()
	for k, v := range headers {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	r := reply{status: res.StatusCode, header: res.Header}
	require.NoError(t, json.Unmarshal(raw, &r.body), "body is not a JSON object: %s", raw)
	return r
}

func post(t *testing.T, endpoint, contentType, accept, body string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	require.NoError(t, err)
	return send(t, req, map[string]string{"Content-Type": contentType, "Accept": accept})
}

func get(t *testing.T, endpoint, accept string, params url.Values) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, endpoint+"?"+params.Encode(), nil)
	require.NoError(t, err)
	return send(t, req, map[string]string{"Accept": accept})
}
