package gqlhttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
)

// wireParams holds the GraphQL-over-HTTP request parameters as decoded JSON
// values. They stay untyped until rawParams so that a parameter of the wrong
// JSON type is reported as a malformed request (400 for every media type).
type wireParams struct {
	Query         any
	OperationName any
	Variables     any
	Extensions    any
}

// decodeJSON decodes exactly one JSON value from data. Numbers stay
// json.Number, as in gqlgen's own transports, so that large Int and ID
// variables keep their precision until the executor coerces them.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// decodeBody parses a POST body that must be a JSON object. Like rawParams,
// it returns an error only for a request that is not a well-formed
// GraphQL-over-HTTP request, with a message meant for the client.
func decodeBody(body []byte) (wireParams, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return wireParams{}, errors.New("request body is empty")
	}
	var object map[string]any
	if err := decodeJSON(body, &object); err != nil || object == nil {
		return wireParams{}, errors.New("request body must be a JSON object")
	}
	return wireParams{
		Query:         object["query"],
		OperationName: object["operationName"],
		Variables:     object["variables"],
		Extensions:    object["extensions"],
	}, nil
}

// rawParams checks the parameter types the spec requires and converts them to
// gqlgen's form. A null parameter counts as absent, as the spec says.
func (p wireParams) rawParams(header http.Header) (*graphql.RawParams, error) {
	raw := &graphql.RawParams{Headers: header}
	var ok bool
	if raw.Query, ok = optional[string](p.Query); !ok {
		return nil, errors.New("query must be a string")
	}
	if raw.OperationName, ok = optional[string](p.OperationName); !ok {
		return nil, errors.New("operationName must be a string")
	}
	if raw.Variables, ok = optional[map[string]any](p.Variables); !ok {
		return nil, errors.New("variables must be a JSON object")
	}
	if raw.Extensions, ok = optional[map[string]any](p.Extensions); !ok {
		return nil, errors.New("extensions must be a JSON object")
	}
	// An automatic persisted query sends only its hash; the executor's APQ
	// extension fills in the query (or answers PersistedQueryNotFound), so
	// such a request is well-formed without one.
	if p.Query == nil && raw.Extensions["persistedQuery"] == nil {
		return nil, errors.New("query is required")
	}
	return raw, nil
}

// optional returns v as a T, the zero T for an absent (nil) v, and false when
// v has another type.
func optional[T any](v any) (T, bool) {
	if v == nil {
		var zero T
		return zero, true
	}
	t, ok := v.(T)
	return t, ok
}
