package gqlhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/99designs/gqlgen/graphql"
)

// CodeBadRequest is the extensions.code of the errors this package raises
// itself: requests refused before or instead of execution (malformed, too
// large, unsupported Content-Type, unacceptable Accept, mutation over GET,
// subscription over plain HTTP). Executor errors keep gqlgen's codes, such as
// GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED.
const CodeBadRequest = "BAD_REQUEST"

// errorBody is a GraphQL response for a request error. Unlike
// graphql.Response it has no data key at all: the GraphQL spec leaves data
// out when execution never started, and the audit checks that it is absent.
type errorBody struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// requestErrorStatus is the status for a request error in a well-formed
// request: 200 under application/json, 400 under
// application/graphql-response+json (see the package documentation).
func (m mediaType) requestErrorStatus() int {
	if m == mediaGraphQLResponse {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// StatusFunc lets the server choose the HTTP status of an executed operation's
// response, setting any headers that go with it (429 and Retry-After for a
// rate-limited one); zero keeps 200. ctx is the request's context. The body is
// the GraphQL response either way.
type StatusFunc func(ctx context.Context, resp *graphql.Response, h http.Header) int

// execute runs a well-formed request through gqlgen's executor and writes the
// GraphQL response.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, m mediaType, params *graphql.RawParams, statusOf StatusFunc) {
	ctx := r.Context()
	opCtx, errs := exec.CreateOperationContext(ctx, params)
	ctx = graphql.WithOperationContext(ctx, opCtx)
	if errs != nil {
		writeErrors(ctx, w, exec, m, m.requestErrorStatus(), errs)
		return
	}
	switch opCtx.Operation.Operation {
	case ast.Mutation:
		if r.Method == http.MethodGet {
			w.Header().Set("Allow", http.MethodPost)
			writeErrors(ctx, w, exec, m, http.StatusMethodNotAllowed,
				gqlerror.List{badRequest("mutations must be sent with POST")})
			return
		}
	case ast.Subscription:
		// A subscription yields a stream; this transport sends one response
		// and would block until the first event. Streaming transports
		// (WebSocket, SSE) must be added before this one to serve them.
		writeErrors(ctx, w, exec, m, m.requestErrorStatus(),
			gqlerror.List{badRequest("subscriptions are not supported over this transport")})
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil {
		// The executor ends the stream only when the request context is
		// done: the client has gone and nothing can be delivered.
		return
	}
	status := http.StatusOK
	if statusOf != nil {
		if s := statusOf(r.Context(), resp, w.Header()); s != 0 {
			status = s
		}
	}
	writeResponse(w, m, status, resp)
}

// writeResponse writes an executed operation's response as json.Marshal would, without passing
// the data through encoding/json: the executor has written it as compact JSON already, and
// json.Marshal would check and copy it again, a dashboard's tens of kilobytes on every
// request. encoding/json also escapes <, >, &, U+2028 and U+2029 in strings, which gqlgen does
// not; data holding any of them takes json.Marshal's way, so the bytes sent are the same
// either way.
func writeResponse(w http.ResponseWriter, m mediaType, status int, resp *graphql.Response) {
	parts, err := marshalResponse(resp)
	if err != nil {
		writeJSON(w, m, status, resp)
		return
	}
	w.Header().Set("Content-Type", m.contentType())
	w.WriteHeader(status)
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			return // the client has gone
		}
	}
}

// marshalResponse is json.Marshal(resp), in parts to be written one after the other, for a
// response whose data is compact JSON without characters that encoding/json escapes; it fails
// for any other.
func marshalResponse(resp *graphql.Response) ([3][]byte, error) {
	var parts [3][]byte
	if escapes(resp.Data) {
		return parts, errors.New("the data holds characters encoding/json escapes")
	}
	head, err := json.Marshal(struct {
		Errors gqlerror.List `json:"errors,omitempty"`
	}{resp.Errors})
	if err != nil {
		return parts, err
	}
	tail, err := json.Marshal(struct {
		Label      string         `json:"label,omitempty"`
		Path       ast.Path       `json:"path,omitempty"`
		HasNext    *bool          `json:"hasNext,omitempty"`
		Extensions map[string]any `json:"extensions,omitempty"`
	}{resp.Label, resp.Path, resp.HasNext, resp.Extensions})
	if err != nil {
		return parts, err
	}
	// head is `{}` or `{"errors":[…]}`, tail `{}` or `{"label":…}`.
	parts[0] = head[:len(head)-1]
	if len(head) > 2 {
		parts[0] = append(parts[0], ',')
	}
	parts[0] = append(parts[0], `"data":`...)
	parts[1] = resp.Data
	if parts[1] == nil {
		parts[1] = []byte("null")
	}
	parts[2] = []byte("}")
	if len(tail) > 2 {
		parts[2] = append([]byte(","), tail[1:]...)
	}
	return parts, nil
}

// escapes reports whether encoding/json would write data otherwise: a byte it escapes in
// strings (<, >, &, and the first of U+2028's and U+2029's). Each byte is looked for with
// bytes.IndexByte, which reads many bytes at a step: a byte-by-byte loop over a dashboard's
// 60 kB answer cost one percent of its CPU.
func escapes(data []byte) bool {
	if bytes.IndexByte(data, '<') >= 0 || bytes.IndexByte(data, '>') >= 0 || bytes.IndexByte(data, '&') >= 0 {
		return true
	}
	for rest := data; ; {
		i := bytes.IndexByte(rest, 0xE2) // the first byte of U+2000 to U+2FFF
		if i < 0 {
			return false
		}
		if i+2 < len(rest) && rest[i+1] == 0x80 && (rest[i+2] == 0xA8 || rest[i+2] == 0xA9) {
			return true
		}
		rest = rest[i+1:]
	}
}

// reject answers a request refused before it reaches the executor. The error
// still passes through exec.DispatchError so the server's error presenter and
// response middleware see it like any other.
func reject(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, m mediaType, status int, message string) {
	rejectWith(w, r, exec, m, status, badRequest(message))
}

// rejectWith answers a request refused before execution with the error given.
func rejectWith(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, m mediaType, status int, gqlErr *gqlerror.Error) {
	// Some response middleware (gqlgen's debug.Tracer, for one) reads the
	// operation context unconditionally; give it an empty operation instead
	// of letting it panic.
	opCtx := &graphql.OperationContext{
		Headers: r.Header,
		Stats:   graphql.Stats{OperationStart: graphql.GetStartTime(r.Context())},
	}
	ctx := graphql.WithOperationContext(r.Context(), opCtx)
	writeErrors(ctx, w, exec, m, status, gqlerror.List{gqlErr})
}

func badRequest(message string) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    message,
		Extensions: map[string]any{"code": CodeBadRequest},
	}
}

// writeErrors presents errs through the executor and writes them without a
// data entry.
func writeErrors(ctx context.Context, w http.ResponseWriter, exec graphql.GraphExecutor, m mediaType, status int, errs gqlerror.List) {
	resp := exec.DispatchError(ctx, errs)
	writeJSON(w, m, status, errorBody{Errors: resp.Errors, Extensions: resp.Extensions})
}

// writeJSON marshals body before writing anything, so that headers and status
// are only committed for a body that can be sent.
func writeJSON(w http.ResponseWriter, m mediaType, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		// Only a resolver returning invalid raw JSON gets here. handler.Server
		// recovers the panic into a 500 through its recover func and error
		// presenter, which is the right answer for a server bug.
		panic(fmt.Errorf("gqlhttp: marshal response: %w", err))
	}
	w.Header().Set("Content-Type", m.contentType())
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
