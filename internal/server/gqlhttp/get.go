package gqlhttp

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/99designs/gqlgen/graphql"
)

// GET serves GraphQL-over-HTTP GET requests, whose parameters are in the URL
// query: query and operationName as text, variables and extensions as JSON
// text. Only query operations run; a mutation is answered with 405 and
// Allow: POST.
//
// It claims every GET that is not a protocol upgrade (WebSocket upgrades are
// left to transport.Websocket).
type GET struct {
	// Status, when set, chooses the status of an executed operation's response.
	Status StatusFunc
	// MaxQueryBytes caps the URL query, which carries what a POST body would;
	// a longer one is answered with 414. Zero means DefaultMaxBodyBytes.
	MaxQueryBytes int64
}

var _ graphql.Transport = GET{}

// Supports reports whether r is a plain (non-upgrade) GET.
func (GET) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

// Do answers one GET request; see the package documentation for the status
// codes.
func (g GET) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	m, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		reject(w, r, exec, mediaJSON, http.StatusNotAcceptable,
			"Accept must allow application/graphql-response+json or application/json")
		return
	}
	if limit := (POST{MaxBodyBytes: g.MaxQueryBytes}).maxBodyBytes(); int64(len(r.URL.RawQuery)) > limit {
		reject(w, r, exec, m, http.StatusRequestURITooLong, "request query string too large")
		return
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		reject(w, r, exec, m, http.StatusBadRequest, "malformed URL query")
		return
	}
	wire, err := queryParams(values)
	if err != nil {
		reject(w, r, exec, m, http.StatusBadRequest, err.Error())
		return
	}
	params, err := wire.rawParams(r.Header)
	if err != nil {
		reject(w, r, exec, m, http.StatusBadRequest, err.Error())
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, m, params, g.Status)
}

// queryParams reads the request parameters from a URL query.
func queryParams(values url.Values) (wireParams, error) {
	var p wireParams
	if values.Has("query") {
		p.Query = values.Get("query")
	}
	if values.Has("operationName") {
		p.OperationName = values.Get("operationName")
	}
	var err error
	if p.Variables, err = jsonParam(values, "variables"); err != nil {
		return p, err
	}
	if p.Extensions, err = jsonParam(values, "extensions"); err != nil {
		return p, err
	}
	return p, nil
}

// jsonParam decodes a URL parameter that carries JSON text. A missing or
// empty one is absent, like a missing POST field.
func jsonParam(values url.Values, name string) (any, error) {
	text := values.Get(name)
	if text == "" {
		return nil, nil
	}
	var v any
	if err := decodeJSON([]byte(text), &v); err != nil {
		return nil, errors.New(name + " must be a JSON object")
	}
	return v, nil
}
