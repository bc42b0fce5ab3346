package gqlhttp

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGET(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{})
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	const twoOps = "query Q { name } mutation M { name }"

	tests := []struct {
		name   string
		accept string
		params url.Values
		want   expect
	}{
		{"query", "", q("query", "{ name }"), expect{status: 200, mimeType: jsonType, data: true}},
		{"query graphql-response", gqlResp, q("query", "{ name }"), expect{status: 200, mimeType: gqlRespType, data: true}},
		{"variables", gqlResp, q("query", "query F($id: Int!) { find(id: $id) }", "variables", `{"id":1}`), expect{status: 200, mimeType: gqlRespType, data: true}},
		{"empty variables and operationName", appJSON, q("query", "{ name }", "variables", "", "operationName", ""), expect{status: 200, mimeType: jsonType, data: true}},
		{"operationName picks query", gqlResp, q("query", twoOps, "operationName", "Q"), expect{status: 200, mimeType: gqlRespType, data: true}},
		{"nothing acceptable", "image/png", q("query", "{ name }"), expect{status: 406, mimeType: jsonType, code: CodeBadRequest}},

		{"missing query", appJSON, q("operationName", "Q"), expect{status: 400, mimeType: jsonType, code: CodeBadRequest}},
		{"variables not JSON", gqlResp, q("query", "{ name }", "variables", "{"), expect{status: 400, mimeType: gqlRespType, code: CodeBadRequest}},
		{"variables array", appJSON, q("query", "{ name }", "variables", "[1]"), expect{status: 400, mimeType: jsonType, code: CodeBadRequest}},
		{"extensions string", appJSON, q("query", "{ name }", "extensions", `"x"`), expect{status: 400, mimeType: jsonType, code: CodeBadRequest}},

		{"parse failure json", appJSON, q("query", "{"), expect{status: 200, mimeType: jsonType, code: "GRAPHQL_PARSE_FAILED"}},
		{"parse failure", gqlResp, q("query", "{"), expect{status: 400, mimeType: gqlRespType, code: "GRAPHQL_PARSE_FAILED"}},
		{"coercion failure", gqlResp, q("query", "query F($id: Int!) { find(id: $id) }", "variables", `{"id":"x"}`), expect{status: 400, mimeType: gqlRespType, code: "GRAPHQL_VALIDATION_FAILED"}},
		{"subscription", gqlResp, q("query", "subscription { name }"), expect{status: 400, mimeType: gqlRespType, code: CodeBadRequest}},

		// A mutation over GET is 405 whatever the media type.
		{"mutation", gqlResp, q("query", "mutation { name }"), expect{status: 405, mimeType: gqlRespType, code: CodeBadRequest}},
		{"mutation json", appJSON, q("query", "mutation { name }"), expect{status: 405, mimeType: jsonType, code: CodeBadRequest}},
		{"operationName picks mutation", "", q("query", twoOps, "operationName", "M"), expect{status: 405, mimeType: jsonType, code: CodeBadRequest}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := get(t, endpoint, tt.accept, tt.params)
			tt.want.check(t, got)
			if tt.want.status == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, got.header.Get("Allow"))
			}
		})
	}
}

func TestGET_MalformedURLQuery(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{})
	req, err := http.NewRequest(http.MethodGet, endpoint+"?query=%zz", nil)
	require.NoError(t, err)
	expect{status: 400, mimeType: jsonType, code: CodeBadRequest}.check(t, send(t, req, nil))
}
