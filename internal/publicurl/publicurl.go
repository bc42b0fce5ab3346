// Package publicurl carries the server's public base URL through the context, so that the URLs
// the API hands out (a document version's downloadURL) are absolute and a client can follow them
// from any origin. The base is PUBLIC_URL when set; otherwise it is the request's own scheme and
// host, where a trusted proxy's X-Forwarded-Proto and X-Forwarded-Host are believed and nobody
// else's.
package publicurl

import (
	"context"
	"net/http"
	"strings"
)

type key struct{}

// Middleware puts the base URL of each request into its context: base when it is not empty,
// else the request's scheme and host. fromTrustedProxy tells whether the request came through
// one of the trusted proxies.
func Middleware(base string, fromTrustedProxy func(*http.Request) bool, next http.Handler) http.Handler {
	base = strings.TrimSuffix(base, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := base
		if b == "" {
			b = FromRequest(r, fromTrustedProxy(r))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), key{}, b)))
	})
}

// FromRequest is the base URL a client used to reach r: its scheme and host, or those the proxy
// reported when trusted.
func FromRequest(r *http.Request, trusted bool) string {
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if trusted {
		if p := firstValue(r.Header.Get("X-Forwarded-Proto")); p == "https" || p == "http" {
			scheme = p
		}
		if h := firstValue(r.Header.Get("X-Forwarded-Host")); h != "" && !strings.ContainsAny(h, "/\\@ ") {
			host = h
		}
	}
	return scheme + "://" + host
}

// firstValue is the first of a comma-separated header's values (the hop nearest the client).
func firstValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.ToLower(strings.TrimSpace(first))
}

// Absolute returns path (starting with "/") under the base URL in ctx, or path itself when ctx
// has none (a call outside an HTTP request).
func Absolute(ctx context.Context, path string) string {
	b, _ := ctx.Value(key{}).(string)
	return b + path
}
