package server

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/rs/cors"

	"secretariat/internal/apperr"
	"secretariat/internal/requestid"
	"secretariat/internal/viewer"
)

// statusRecorder remembers the status written, for logs and metrics. It forwards Flush and the
// underlying writer so WebSocket upgrades and streaming keep working.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush and Hijack of the real writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests logs one line per request and turns a panic into a 500 that names the request id.
func logRequests(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		route := new(string)
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, route))
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.ErrorContext(r.Context(), "panic", "request_id", requestid.From(r.Context()),
					"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					writeInternalError(rec, r)
				}
			}
			if *route == "" {
				*route = "unmatched"
			}
			elapsed := time.Since(start)
			m.observeHTTP(*route, r.Method, rec.status, elapsed)
			log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", requestid.From(r.Context())),
				slog.String("method", r.Method),
				slog.String("path", loggedPath(r.URL.Path)),
				slog.Int("status", rec.status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", elapsed),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}

// withCORS lets the configured SPA origins call the API from a browser, sending the configured
// request headers (CORS_HEADERS) and reading the request id, a file's name and a rate limit's
// wait. With no origins, no cross-origin browser call is allowed.
func withCORS(origins, headers []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	return cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   headers,
		ExposedHeaders:   []string{requestid.Header, "Content-Disposition", "Retry-After"},
		AllowCredentials: false,
		MaxAge:           600,
	}).Handler(next)
}

// authenticate puts the viewer of the request's credentials into its context: the one place
// where a viewer enters. A bad credential is refused here, before any GraphQL runs.
//
// With tokens (the server's own bearer tokens, not a test's find), a GraphQL request over HTTP
// has its token verified here and its member read inside the operation's transaction
// (resolvePending).
func authenticate(find func(*http.Request) (*viewer.Viewer, error), tokens bearers, log *slog.Logger, next http.Handler) http.Handler {
	if find == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tokens != nil && resolvedLater(r) {
			b, err := tokens.Verify(r)
			if err != nil {
				refuse(w, r, log, err)
				return
			}
			if b != nil {
				r = r.WithContext(withPending(r.Context(), b))
			}
			next.ServeHTTP(w, r)
			return
		}
		v, err := find(r)
		if err != nil {
			refuse(w, r, log, err)
			return
		}
		if v != nil {
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		}
		next.ServeHTTP(w, r)
	})
}

// refuse answers a request whose credential check failed: 401 with the GraphQL error body for
// a refused credential, 500 for a check that could not be made.
func refuse(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if apperr.KindOf(err) != apperr.KindUnauthenticated {
		log.ErrorContext(r.Context(), "authenticate", "request_id", requestid.From(r.Context()), "error", err)
		writeInternalError(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message":    credentialRefused.In(headerLocale(r.Header)),
		"extensions": map[string]any{"code": apperr.KindUnauthenticated, "reason": apperr.CredentialRefused},
	}}})
	_, _ = w.Write(body)
}

// writeInternalError answers a failure outside GraphQL's execution as GraphQL does: a JSON body
// with extensions.code INTERNAL and the request id, never a text/plain page a client cannot parse.
func writeInternalError(w http.ResponseWriter, r *http.Request) {
	id := requestid.From(r.Context())
	body, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message":    "internal error (request id " + id + ")",
		"extensions": map[string]any{"code": apperr.KindInternal, "requestId": id},
	}}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(body)
}

type routeKey struct{}

// routed tells logRequests the pattern the mux matched. The middleware between them hand the
// mux copies of the request (with a viewer, with the events bus), so the pattern the mux sets
// on its copy is read here, next to it.
func routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := mux.Handler(r)
		if route, ok := r.Context().Value(routeKey{}).(*string); ok {
			*route = pattern
		}
		mux.ServeHTTP(w, r)
	})
}

// loggedPath is the path as the request log writes it: a calendar feed's secret token, which is
// the whole of its address's credential, is left out.
func loggedPath(p string) string {
	if strings.HasPrefix(p, calendarPrefix) {
		return calendarPrefix + "[token]"
	}
	return p
}
