package server

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/playground"

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

var (
	inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	assetURL     = regexp.MustCompile(`(?:src|href)="(https://[^"]+)"`)
)

// graphiQL serves the GraphiQL page with a policy made for it: its one inline script allowed by
// hash, its scripts, styles and fonts only from the CDN origins the page names (each pinned by
// Subresource Integrity in the page), inline styles (GraphiQL sets them), requests only to this
// origin (the API and its WebSocket), no framing. The page is rendered once, so the hashes are
// those of the very bytes served.
func graphiQL(endpoint string) http.Handler {
	rec := httptest.NewRecorder()
	playground.Handler("Secretariat GraphQL", endpoint).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	page := rec.Body.Bytes()
	contentType := rec.Header().Get("Content-Type")

	var scripts, origins []string
	for _, m := range inlineScript.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		scripts = append(scripts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	for _, m := range assetURL.FindAllSubmatch(page, -1) {
		if u, err := url.Parse(string(m[1])); err == nil && !slices.Contains(origins, "https://"+u.Host) {
			origins = append(origins, "https://"+u.Host)
		}
	}
	cdn := strings.Join(origins, " ")
	csp := strings.Join([]string{
		"default-src 'none'",
		"script-src " + strings.Join(scripts, " ") + " " + cdn,
		"style-src 'unsafe-inline' " + cdn,
		"font-src data: " + cdn,
		"img-src 'self' data:",
		"connect-src 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"form-action 'none'",
	}, "; ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(page)
	})
}

// rateLimitStatus answers a rate-limited operation over GET and POST with 429 and Retry-After
// (the largest wait of its RATE_LIMITED errors), so that HTTP clients and proxies back off
// without reading the body; the body still carries the GraphQL errors.
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
