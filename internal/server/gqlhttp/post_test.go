package gqlhttp

import (
	"net/http"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/stretchr/testify/assert"
)

// expect describes the asserted outcome of one request.
type expect struct {
	status   int
	mimeType string // full Content-Type header
	data     bool   // whether the body has a data key
	code     string // extensions.code of the first error; "" means no errors
}

func (want expect) check(t *testing.T, got reply) {
	t.Helper()
	assert.Equal(t, want.status, got.status, "status; body %v", got.body)
	assert.Equal(t, want.mimeType, got.header.Get("Content-Type"), "Content-Type")
	assert.Equal(t, want.data, got.hasData(), "data key present; body %v", got.body)
	assert.Equal(t, want.code, got.errorCode(t), "errors[0].extensions.code")
}

const maxBody = 512

func TestPOST(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{MaxBodyBytes: maxBody})
	ok := func(mime string) expect { return expect{status: 200, mimeType: mime, data: true} }
	// requestError is the status rule for a well-formed request whose
	// GraphQL processing fails before execution.
	requestError := func(accept, code string) expect {
		if accept == gqlResp {
			return expect{status: 400, mimeType: gqlRespType, code: code}
		}
		return expect{status: 200, mimeType: jsonType, code: code}
	}
	malformed := func(mime string) expect { return expect{status: 400, mimeType: mime, code: CodeBadRequest} }

	tests := []struct {
		name        string
		contentType string
		accept      string
		body        string
		want        expect
	}{
		{"graphql-response+json accepted", appJSON, gqlResp, `{"query":"{ name }"}`, ok(gqlRespType)},
		{"json accepted", appJSON, appJSON, `{"query":"{ name }"}`, ok(jsonType)},
		{"no Accept means json", appJSON, "", `{"query":"{ name }"}`, ok(jsonType)},
		{"*/* means json", appJSON, "*/*", `{"query":"{ name }"}`, ok(jsonType)},
		{"preferred graphql-response+json", appJSON, gqlResp + ", application/json;q=0.9", `{"query":"{ name }"}`, ok(gqlRespType)},
		{"nothing acceptable", appJSON, "text/html", `{"query":"{ name }"}`, expect{status: 406, mimeType: jsonType, code: CodeBadRequest}},
		{"charset utf-8 body", "application/json; charset=UTF-8", gqlResp, `{"query":"{ name }"}`, ok(gqlRespType)},
		{"other charset body", "application/json; charset=latin1", gqlResp, `{"query":"{ name }"}`, expect{status: 415, mimeType: gqlRespType, code: CodeBadRequest}},
		{"text/plain body", "text/plain", appJSON, `{"query":"{ name }"}`, expect{status: 415, mimeType: jsonType, code: CodeBadRequest}},
		{"no Content-Type", "", gqlResp, `{"query":"{ name }"}`, expect{status: 415, mimeType: gqlRespType, code: CodeBadRequest}},
		{"too large", appJSON, gqlResp, `{"query":"{ name }` + strings.Repeat(" ", maxBody) + `"}`, expect{status: 413, mimeType: gqlRespType, code: CodeBadRequest}},
		{"too large json", appJSON, appJSON, `{"query":"{ name }` + strings.Repeat(" ", maxBody) + `"}`, expect{status: 413, mimeType: jsonType, code: CodeBadRequest}},

		// Not a well-formed GraphQL-over-HTTP request: 400 for both media types.
		{"empty body", appJSON, appJSON, ``, malformed(jsonType)},
		{"not JSON", appJSON, appJSON, `{ "not a JSON`, malformed(jsonType)},
		{"not JSON graphql-response", appJSON, gqlResp, `{ "not a JSON`, malformed(gqlRespType)},
		{"JSON array", appJSON, appJSON, `[{"query":"{ name }"}]`, malformed(jsonType)},
		{"JSON null", appJSON, appJSON, `null`, malformed(jsonType)},
		{"trailing data", appJSON, appJSON, `{"query":"{ name }"} {}`, malformed(jsonType)},
		{"missing query", appJSON, appJSON, `{"qeury":"{ name }"}`, malformed(jsonType)},
		{"null query", appJSON, gqlResp, `{"query":null}`, malformed(gqlRespType)},
		{"numeric query", appJSON, appJSON, `{"query":0}`, malformed(jsonType)},
		{"object operationName", appJSON, appJSON, `{"query":"{ name }","operationName":{}}`, malformed(jsonType)},
		{"array variables", appJSON, appJSON, `{"query":"{ name }","variables":[7]}`, malformed(jsonType)},
		{"string variables", appJSON, gqlResp, `{"query":"{ name }","variables":"{}"}`, malformed(gqlRespType)},
		{"false extensions", appJSON, appJSON, `{"query":"{ name }","extensions":false}`, malformed(jsonType)},
		{"nulls are absent", appJSON, gqlResp, `{"query":"{ name }","operationName":null,"variables":null,"extensions":null}`, ok(gqlRespType)},
		{"variables and extensions", appJSON, appJSON, `{"query":"query Q($id: Int!) { find(id: $id) }","variables":{"id":12345678901234},"extensions":{"some":"value"}}`, ok(jsonType)},

		// Request errors: 200 under json, 400 under graphql-response+json, never data.
		{"parse failure json", appJSON, appJSON, `{"query":"{"}`, requestError(appJSON, "GRAPHQL_PARSE_FAILED")},
		{"parse failure", appJSON, gqlResp, `{"query":"{"}`, requestError(gqlResp, "GRAPHQL_PARSE_FAILED")},
		{"empty query", appJSON, gqlResp, `{"query":""}`, requestError(gqlResp, "GRAPHQL_VALIDATION_FAILED")},
		{"validation failure json", appJSON, appJSON, `{"query":"{ nope }"}`, requestError(appJSON, "GRAPHQL_VALIDATION_FAILED")},
		{"validation failure", appJSON, gqlResp, `{"query":"{ nope }"}`, requestError(gqlResp, "GRAPHQL_VALIDATION_FAILED")},
		{"coercion failure json", appJSON, appJSON, `{"query":"query Q($id: Int!) { find(id: $id) }","variables":{"id":"x"}}`, requestError(appJSON, "GRAPHQL_VALIDATION_FAILED")},
		{"coercion failure", appJSON, gqlResp, `{"query":"query Q($id: Int!) { find(id: $id) }","variables":{}}`, requestError(gqlResp, "GRAPHQL_VALIDATION_FAILED")},
		{"unknown operationName", appJSON, gqlResp, `{"query":"query A { name }","operationName":"B"}`, requestError(gqlResp, "GRAPHQL_VALIDATION_FAILED")},
		{"ambiguous operation json", appJSON, appJSON, `{"query":"query A { name } query B { name }"}`, requestError(appJSON, "GRAPHQL_VALIDATION_FAILED")},
		{"chosen operation", appJSON, gqlResp, `{"query":"query A { name } query B { name }","operationName":"B"}`, ok(gqlRespType)},
		{"subscription", appJSON, gqlResp, `{"query":"subscription { name }"}`, requestError(gqlResp, CodeBadRequest)},
		{"subscription json", appJSON, appJSON, `{"query":"subscription { name }"}`, requestError(appJSON, CodeBadRequest)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.check(t, post(t, endpoint, tt.contentType, tt.accept, tt.body))
		})
	}
}

// A mutation over POST executes; the test schema's mutation resolver
// answers with data null and an error, which is a field-level outcome: 200.
func TestPOST_Mutation(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{})
	got := post(t, endpoint, appJSON, gqlResp, `{"query":"mutation { name }"}`)
	expect{status: 200, mimeType: gqlRespType, data: true}.check(t, got)
	assert.Equal(t, "mutations are not supported", got.errors(t)[0].Message)
}

// Field errors keep 200 and the data entry under both media types.
func TestPOST_FieldError(t *testing.T) {
	endpoint := newServer(t, testserver.NewError(), POST{})
	for _, accept := range []string{gqlResp, appJSON} {
		got := post(t, endpoint, appJSON, accept, `{"query":"{ name }"}`)
		assert.Equal(t, http.StatusOK, got.status, accept)
		assert.True(t, got.hasData(), accept)
		assert.Equal(t, "resolver error", got.errors(t)[0].Message, accept)
	}
}

func TestPOST_DefaultMaxBodyBytes(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{})
	body := `{"query":"{ name }` + strings.Repeat(" ", int(DefaultMaxBodyBytes)) + `"}`
	got := post(t, endpoint, appJSON, gqlResp, body)
	expect{status: 413, mimeType: gqlRespType, code: CodeBadRequest}.check(t, got)
	assert.Equal(t, "request body too large", got.errors(t)[0].Message)
}

func TestSupports(t *testing.T) {
	req := func(method string, upgrade bool) *http.Request {
		r, _ := http.NewRequest(method, "/graphql", nil)
		if upgrade {
			r.Header.Set("Upgrade", "websocket")
		}
		return r
	}
	assert.True(t, POST{}.Supports(req(http.MethodPost, false)))
	assert.False(t, POST{}.Supports(req(http.MethodPost, true)))
	assert.False(t, POST{}.Supports(req(http.MethodGet, false)))
	assert.True(t, GET{}.Supports(req(http.MethodGet, false)))
	assert.False(t, GET{}.Supports(req(http.MethodGet, true)))
	assert.False(t, GET{}.Supports(req(http.MethodPut, false)))
}
