// Package requestid tags each request with an id that appears in its logs, its response headers
// and, for masked internal errors, in the error the client sees, so a support request can be
// matched to the server log.
package requestid

import (
	"context"
	"net/http"
	"regexp"

	"secretariat/internal/pulid"
)

// Header is the HTTP header that carries the request id both ways.
const Header = "X-Request-ID"

type key struct{}

// From returns the request id in ctx, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// acceptable limits a client-supplied id to something safe to log and echo.
var acceptable = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// Middleware honours a well-formed X-Request-ID from the client (a gateway's trace id) or makes
// one, puts it in the context and echoes it in the response.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !acceptable.MatchString(id) {
			id = string(pulid.New("RQ"))
		}
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(With(r.Context(), id)))
	})
}
