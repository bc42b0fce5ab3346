package publicurl

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFromRequest_BelievesForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	for name, c := range map[string]struct {
		tls     bool
		headers map[string]string
		trusted bool
		want    string
	}{
		"plain":                           {want: "http://api.example.com"},
		"TLS":                             {tls: true, want: "https://api.example.com"},
		"forwarded by a trusted proxy":    {headers: map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "secretariat.example.jp"}, trusted: true, want: "https://secretariat.example.jp"},
		"first hop of a list":             {headers: map[string]string{"X-Forwarded-Proto": "HTTPS, http"}, trusted: true, want: "https://api.example.com"},
		"forwarded by anybody else":       {headers: map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}, want: "http://api.example.com"},
		"a scheme that is not http(s)":    {headers: map[string]string{"X-Forwarded-Proto": "javascript"}, trusted: true, want: "http://api.example.com"},
		"a host that smuggles a path":     {headers: map[string]string{"X-Forwarded-Host": "evil.example/x"}, trusted: true, want: "http://api.example.com"},
		"a host that smuggles a userinfo": {headers: map[string]string{"X-Forwarded-Host": "a@evil.example"}, trusted: true, want: "http://api.example.com"},
	} {
		r := httptest.NewRequest(http.MethodGet, "http://api.example.com/graphql", nil)
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		for k, v := range c.headers {
			r.Header.Set(k, v)
		}
		assert.Equal(t, c.want, FromRequest(r, c.trusted), name)
	}
}

func TestMiddleware_PublicURLWinsOverTheRequest(t *testing.T) {
	var got string
	h := Middleware("https://secretariat.example.jp/api/", func(*http.Request) bool { return true },
		http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = Absolute(r.Context(), "/files/x") }))
	r := httptest.NewRequest(http.MethodGet, "http://10.0.0.5:8080/graphql", nil)
	r.Header.Set("X-Forwarded-Host", "other.example")
	h.ServeHTTP(httptest.NewRecorder(), r)
	assert.Equal(t, "https://secretariat.example.jp/api/files/x", got)

	h = Middleware("", func(*http.Request) bool { return false },
		http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = Absolute(r.Context(), "/files/x") }))
	h.ServeHTTP(httptest.NewRecorder(), r)
	assert.Equal(t, "http://10.0.0.5:8080/files/x", got)
}
