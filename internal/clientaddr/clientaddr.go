// Package clientaddr carries the address of the client of a request through the context, for
// rate limits keyed by client. It is the connection's peer address: behind a load balancer that
// is the balancer's, unless the deployment terminates the client connection at the pods.
package clientaddr

import (
	"context"
	"net"
	"net/http"
)

type key struct{}

// From returns the client address in ctx, or "unknown".
func From(ctx context.Context) string {
	if a, ok := ctx.Value(key{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}

// Middleware puts the client's IP address (without the port) into the request context.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, host)))
	})
}
