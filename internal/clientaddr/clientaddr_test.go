package clientaddr

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func request(peer string, forwarded ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = peer
	for _, f := range forwarded {
		r.Header.Add("X-Forwarded-For", f)
	}
	return r
}

func TestResolve_WithoutTrustedProxiesTheHeaderIsIgnored(t *testing.T) {
	assert.Equal(t, "10.0.0.5", Resolve(nil, request("10.0.0.5:4321", "203.0.113.7")))
}

func TestResolve_BehindATrustedBalancerTheRightMostUntrustedHopIsTheClient(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	for name, c := range map[string]struct {
		r    *http.Request
		want string
	}{
		"one hop":                          {request("10.0.0.5:4321", "203.0.113.7"), "203.0.113.7"},
		"spoofed left part is ignored":     {request("10.0.0.5:4321", "1.2.3.4, 203.0.113.7"), "203.0.113.7"},
		"trusted hops are skipped":         {request("10.0.0.5:4321", "1.2.3.4, 203.0.113.7, 10.1.2.3"), "203.0.113.7"},
		"several headers read in order":    {request("10.0.0.5:4321", "1.2.3.4", "203.0.113.7, 10.1.2.3"), "203.0.113.7"},
		"untrusted peer: header ignored":   {request("198.51.100.9:1", "203.0.113.7"), "198.51.100.9"},
		"no header: the balancer itself":   {request("10.0.0.5:4321"), "10.0.0.5"},
		"all trusted: the left-most":       {request("10.0.0.5:4321", "10.9.9.9, 10.1.1.1"), "10.9.9.9"},
		"garbage stops at its reporter":    {request("10.0.0.5:4321", "203.0.113.7, nonsense, 10.1.1.1"), "10.1.1.1"},
		"IPv6 peer and client":             {request("[2001:db8::1]:443", "2001:db8:ffff::1, 2a00:1450::7"), "2a00:1450::7"},
		"IPv4-mapped trusted peer":         {request("[::ffff:10.0.0.5]:4321", "203.0.113.7"), "203.0.113.7"},
		"client with spaces around commas": {request("10.0.0.5:4321", " 203.0.113.7 ,10.1.1.1 "), "203.0.113.7"},
	} {
		assert.Equal(t, c.want, Resolve(trusted, c.r), name)
	}
}
