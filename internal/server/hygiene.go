package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/internal/apperr"
)

// strictCSP is the Content-Security-Policy of every response but the GraphiQL page: the API
// serves JSON, files and downloads, never a page that loads anything or may be framed.
const strictCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders sets the headers every response carries, before anything is written: the
// strict policy (a handler that serves a page replaces it), no MIME sniffing, no referrer, no
// framing (frame-ancestors and, for older browsers, X-Frame-Options).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", strictCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// responseStatus is the HTTP status of an executed operation over GET and POST: 401 or 500 when
// its bearer token was refused or could not be read (credentialStatus), else rateLimitStatus.
func responseStatus(ctx context.Context, resp *graphql.Response, h http.Header) int {
	if s := credentialStatus(ctx, h); s != 0 {
		return s
	}
	return rateLimitStatus(resp, h)
}

// rateLimitStatus answers a rate-limited operation with 429 and Retry-After (the largest wait of
// its RATE_LIMITED errors), so that HTTP clients and proxies back off without reading the body;
// the body still carries the GraphQL errors.
func rateLimitStatus(resp *graphql.Response, h http.Header) int {
	limited, wait := false, 0
	for _, e := range resp.Errors {
		if e.Extensions["code"] != string(apperr.KindRateLimited) {
			continue
		}
		limited = true
		if s, ok := e.Extensions["retryAfterSeconds"].(int); ok {
			wait = max(wait, s)
		}
	}
	if !limited {
		return 0
	}
	h.Set("Retry-After", strconv.Itoa(max(wait, 1)))
	return http.StatusTooManyRequests
}
