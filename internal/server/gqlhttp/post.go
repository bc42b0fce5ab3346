package gqlhttp

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
)

// DefaultMaxBodyBytes is the POST body limit used when POST.MaxBodyBytes is
// zero. A JSON GraphQL request is a document plus variables; file uploads go
// through gqlgen's multipart transport, not this one.
const DefaultMaxBodyBytes int64 = 1 << 20

// POST serves GraphQL-over-HTTP POST requests with an application/json body.
//
// It claims every POST that is not a protocol upgrade, so that a body of the
// wrong media type is answered with 415 instead of gqlgen's generic
// "transport not supported" 400. Transports for other POST bodies
// (transport.MultipartForm, transport.SSE, ...) must be added to the server
// before it.
type POST struct {
	// MaxBodyBytes caps the request body; a larger body is answered with 413.
	// Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Status, when set, chooses the status of an executed operation's response.
	Status StatusFunc
}

var _ graphql.Transport = POST{}

// Supports reports whether r is a plain (non-upgrade) POST.
func (POST) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

// Do answers one POST request; see the package documentation for the status
// codes.
func (p POST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	m, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		reject(w, r, exec, mediaJSON, http.StatusNotAcceptable,
			"Accept must allow application/graphql-response+json or application/json")
		return
	}
	if !isJSONBody(r.Header.Get("Content-Type")) {
		reject(w, r, exec, m, http.StatusUnsupportedMediaType,
			"Content-Type must be application/json")
		return
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, p.maxBodyBytes()))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			reject(w, r, exec, m, http.StatusRequestEntityTooLarge, "request body too large")
		} else {
			reject(w, r, exec, m, http.StatusBadRequest, "could not read request body")
		}
		return
	}
	wire, err := decodeBody(body)
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
	execute(w, r, exec, m, params, p.Status)
}

func (p POST) maxBodyBytes() int64 {
	if p.MaxBodyBytes == 0 {
		return DefaultMaxBodyBytes
	}
	return p.MaxBodyBytes
}

// isJSONBody reports whether a request Content-Type is application/json in
// UTF-8, the encoding the spec assumes when none is given.
func isJSONBody(contentType string) bool {
	name, params, err := mime.ParseMediaType(contentType)
	return err == nil && name == string(mediaJSON) && isUTF8(params)
}
