// Package clientaddr carries the address of the client of a request through the context, for
// rate limits keyed by client. It is the connection's peer address, unless that peer is one of
// the trusted proxies (TRUSTED_PROXIES): then it is the right-most address of X-Forwarded-For
// that is not a trusted proxy, the first hop that no trusted party vouches for. Left of it, a
// client may have written anything; it is never believed.
package clientaddr

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

type key struct{}

// From returns the client address in ctx, or "unknown".
func From(ctx context.Context) string {
	if a, ok := ctx.Value(key{}).(string); ok && a != "" {
		return a
	}
	return "unknown"
}

// Middleware puts the client's IP address (without the port) into the request context. With no
// trusted proxies it is the peer's address.
func Middleware(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), key{}, Resolve(trusted, r))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Resolve returns the client address of r: the peer, or, when the peer is a trusted proxy, the
// right-most untrusted hop of X-Forwarded-For (every X-Forwarded-For header, in order). When
// every hop is trusted, the left-most is the client; a hop that is not an address ends the walk
// at the trusted proxy that reported it.
func Resolve(trusted []netip.Prefix, r *http.Request) string {
	host, peer, err := peerOf(r)
	if err != nil || !isTrusted(trusted, peer) {
		return host
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = hop.Unmap()
		if !isTrusted(trusted, client) {
			break
		}
	}
	return client.String()
}

// FromTrustedProxy tells whether r's peer is one of the trusted proxies, whose forwarded headers
// may be believed.
func FromTrustedProxy(trusted []netip.Prefix, r *http.Request) bool {
	_, peer, err := peerOf(r)
	return err == nil && isTrusted(trusted, peer)
}

// peerOf is the host of r's peer, and its address when the host is one.
func peerOf(r *http.Request) (string, netip.Addr, error) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	return host, peer, err
}

func isTrusted(trusted []netip.Prefix, a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
