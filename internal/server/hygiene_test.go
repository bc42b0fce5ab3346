package server_test

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
)

func TestHygiene_EveryResponseCarriesTheSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	for name, res := range map[string]response{
		"graphql":        e.post("", `{ __typename }`, nil),
		"bad credential": e.post("nobody", `{ __typename }`, nil),
		"health":         e.do(http.MethodGet, "/healthz", "", nil),
		"not found":      e.do(http.MethodGet, "/nowhere", "", nil),
		"jwks":           e.do(http.MethodGet, "/.well-known/jwks.json", "", nil),
		"metrics":        e.do(http.MethodGet, "/metrics", "", nil),
	} {
		assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), name)
		assert.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"), name)
		assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"), name)
		csp := res.Header.Get("Content-Security-Policy")
		assert.Contains(t, csp, "default-src 'none'", name)
		assert.Contains(t, csp, "frame-ancestors 'none'", name)
		assert.NotContains(t, csp, "script-src", name)
	}
}

// GraphiQL is served from the binary: the page loads scripts and styles from this server only,
// each under a URL that names its content and is cached for a year, and its policy allows this
// origin and nothing else (no inline script, no eval, no third-party origin).
func TestHygiene_GraphiQLIsEmbeddedAndAllowsOnlyItsOwnOrigin(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res, err := http.Get(e.url + "/")
	require.NoError(t, err)
	defer res.Body.Close()
	page := readAll(t, res)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
	csp := res.Header.Get("Content-Security-Policy")
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "connect-src 'self'", "frame-ancestors 'none'"} {
		assert.Contains(t, csp, want)
	}
	assert.NotContains(t, csp, "'unsafe-eval'")
	assert.NotContains(t, csp, "http", "no other origin")
	assert.NotRegexp(t, `<script>`, page, "no inline script")

	refs := regexp.MustCompile(`(?:src|href)="(/[^"]*)"`).FindAllStringSubmatch(page, -1)
	require.Len(t, refs, 6, "React, ReactDOM, GraphiQL, the start-up script and two style sheets")
	assert.Len(t, regexp.MustCompile(`(?:src|href)="`).FindAllString(page, -1), 7, "and an empty icon (data:), nothing else")
	assert.Contains(t, page, `<link rel="icon" href="data:,">`)
	for _, ref := range refs {
		require.True(t, strings.HasPrefix(ref[1], "/graphiql/"), "%s is served by this server", ref[1])
		asset, err := http.Get(e.url + ref[1])
		require.NoError(t, err)
		body := readAll(t, asset)
		asset.Body.Close()
		assert.Equal(t, http.StatusOK, asset.StatusCode, ref[1])
		assert.NotEmpty(t, body, ref[1])
		assert.Equal(t, "public, max-age=31536000, immutable", asset.Header.Get("Cache-Control"), ref[1])
		assert.Regexp(t, `^(text/javascript|text/css)`, asset.Header.Get("Content-Type"), ref[1])
	}
	assert.Equal(t, http.StatusNotFound, e.do(http.MethodGet, "/graphiql/LICENSE.react", "", nil).Status, "only the page's assets")
	assert.Equal(t, http.StatusNotFound, e.do(http.MethodGet, "/graphiql/../go.mod", "", nil).Status)
}

func TestHygiene_GraphiQLCanBeTurnedOff(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.GraphiQL = false; c.GraphQL.Introspection = false })
	assert.Equal(t, http.StatusNotFound, e.do(http.MethodGet, "/", "", nil).Status)
	assert.NotEmpty(t, e.post("", `{ __schema { queryType { name } } }`, nil).Errors, "introspection is off too")
	assert.Empty(t, e.post("", `{ __typename }`, nil).Errors, "the API still answers")
}

func TestHygiene_MetricsCanMoveToAListenerOfTheirOwn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.MetricsAddr = "127.0.0.1:0" })
	assert.Equal(t, http.StatusNotFound, e.do(http.MethodGet, "/metrics", "", nil).Status, "not on the public listener")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.ServeMetrics(ctx, l) }()
	t.Cleanup(func() { cancel(); <-done })

	e.post("", `{ __typename }`, nil)
	res, err := http.Get("http://" + l.Addr().String() + "/metrics")
	require.NoError(t, err)
	body := readAll(t, res)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "secretariat_http_requests_total")
	res, err = http.Get("http://" + l.Addr().String() + "/graphql")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "only metrics there")
}

func TestHygiene_TheProfilerIsOnItsOwnListenerOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.PprofAddr = "127.0.0.1:0" })
	assert.Equal(t, http.StatusNotFound, e.do(http.MethodGet, "/debug/pprof/", "", nil).Status, "not on the public listener")

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.ServeProfiler(ctx, l) }()
	t.Cleanup(func() { cancel(); <-done })

	res, err := http.Get("http://" + l.Addr().String() + "/debug/pprof/heap?debug=1")
	require.NoError(t, err)
	body := readAll(t, res)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, body, "heap profile")
	res, err = http.Get("http://" + l.Addr().String() + "/graphql")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusNotFound, res.StatusCode, "only the profiler there")
}

func TestHygiene_RateLimitedIsHTTP429WithRetryAfter(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	e.signUpAs("sato@example.com", "A")
	var last response
	for range 6 {
		last = e.post("", login, map[string]any{"input": map[string]any{"email": "sato@example.com", "password": "wrong password 123"}})
	}
	assert.Equal(t, http.StatusTooManyRequests, last.Status)
	assert.Equal(t, "RATE_LIMITED", last.code(0))
	wait, err := strconv.Atoi(last.Header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After is a number of seconds")
	assert.Positive(t, wait)
	assert.Equal(t, float64(wait), last.Errors[0].Extensions["retryAfterSeconds"])

	other := e.post("", login, map[string]any{"input": map[string]any{"email": "other@example.com", "password": "wrong password 123"}})
	assert.Equal(t, http.StatusOK, other.Status, "other errors keep 200")
	assert.Empty(t, other.Header.Get("Retry-After"))
}

// exhaustLoginsFrom spends the login attempts of one client address, as 30 failed logins within
// a minute would (the key and limit of auth's per-address login limit), without 30 slow
// password hashes.
func (e *env) exhaustLoginsFrom(addr string) {
	e.t.Helper()
	for range 30 {
		res, err := e.kv.Allow(context.Background(), "login:addr:"+addr, kv.Limit{Rate: 30, Period: time.Minute, Burst: 30})
		require.NoError(e.t, err)
		require.True(e.t, res.Allowed)
	}
}

// loginFrom tries a login with an unknown email, as the client that X-Forwarded-For names.
func (e *env) loginFrom(forwardedFor string) string {
	e.t.Helper()
	return e.post("", login, map[string]any{"input": map[string]any{
		"email": "guess" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.com", "password": "wrong password 123",
	}}, "X-Forwarded-For", forwardedFor).code(0)
}

func TestHygiene_BehindTrustedProxiesLoginLimitsKeyOnTheForwardedClient(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	})
	e.exhaustLoginsFrom("203.0.113.7")
	assert.Equal(t, "RATE_LIMITED", e.loginFrom("203.0.113.7"), "the forwarded client is limited")
	assert.Equal(t, "RATE_LIMITED", e.loginFrom("198.51.100.1, 203.0.113.7"), "a forged left-most hop does not escape the limit")
	assert.Equal(t, "UNAUTHENTICATED", e.loginFrom("203.0.113.8"), "another client behind the same balancer is not")
}

func TestHygiene_WithoutTrustedProxiesXForwardedForIsIgnored(t *testing.T) {
	t.Parallel()
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	e.exhaustLoginsFrom("127.0.0.1")
	assert.Equal(t, "RATE_LIMITED", e.loginFrom("203.0.113.8"), "a client cannot pick its address")
}
