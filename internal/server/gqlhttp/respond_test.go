package gqlhttp

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestMarshalResponse_WritesWhatJSONMarshalWrites(t *testing.T) {
	yes := true
	fieldError := &gqlerror.Error{Message: `"site" <not> found`, Path: ast.Path{ast.PathName("node")},
		Extensions: map[string]any{"code": "NOT_FOUND", "data": nil}}
	for name, resp := range map[string]*graphql.Response{
		"data":                 {Data: json.RawMessage(`{"companies":{"nodes":[{"name":"東京本社","headcount":12}]}}`)},
		"no data":              {},
		"null data and errors": {Data: json.RawMessage(`null`), Errors: gqlerror.List{fieldError}},
		"data, errors, extensions": {Data: json.RawMessage(`{"node":null}`), Errors: gqlerror.List{fieldError, fieldError},
			Extensions: map[string]any{"cost": map[string]any{"requested": 12}}},
		"incremental": {Data: json.RawMessage(`{"a":1}`), Label: "l", Path: ast.Path{ast.PathName("a"), ast.PathIndex(0)}, HasNext: &yes},
	} {
		want, err := json.Marshal(resp)
		require.NoError(t, err)
		parts, err := marshalResponse(resp)
		require.NoError(t, err, name)
		assert.Equal(t, string(want), string(bytes.Join(parts[:], nil)), name)
	}
}

func TestMarshalResponse_LeavesToJSONMarshalTheDataItWouldEscape(t *testing.T) {
	for _, data := range []string{`{"name":"R&D"}`, `{"name":"<b>"}`, `{"name":"a>b"}`, "{\"name\":\"a\u2028b\"}", "{\"name\":\"a\u2029b\"}", "{\"name\":\"→—\u2029\"}"} {
		_, err := marshalResponse(&graphql.Response{Data: json.RawMessage(data)})
		assert.Error(t, err, data)
	}
	parts, err := marshalResponse(&graphql.Response{Data: json.RawMessage("{\"name\":\"a\u2027b—c\"}")})
	require.NoError(t, err, "a neighbour of U+2028 is sent as it is")
	assert.Equal(t, "{\"data\":{\"name\":\"a\u2027b—c\"}}", string(bytes.Join(parts[:], nil)))
}
