package kv

import (
	"context"
	"log/slog"
	"time"
)

// DefaultAPQTTL keeps a persisted query for a day: long enough that clients
// rarely have to resend the full query, short enough that queries from old
// client builds age out.
const DefaultAPQTTL = 24 * time.Hour

// apqNamespace keeps persisted queries apart from other users of the Cache.
const apqNamespace = "apq:"

// APQCache stores gqlgen's automatic persisted queries in a Cache, so that
// every node of the server knows a query once any node has seen it.
type APQCache struct {
	cache Cache
	ttl   time.Duration
}

// NewAPQCache returns an APQCache keeping entries for ttl; a non-positive ttl
// means DefaultAPQTTL.
func NewAPQCache(cache Cache, ttl time.Duration) *APQCache {
	if ttl <= 0 {
		ttl = DefaultAPQTTL
	}
	return &APQCache{cache: cache, ttl: ttl}
}

// Get returns the query registered under hash. gqlgen's interface has no
// error result, so a backend failure is logged and reported as a miss: the
// client then sends the full query and the request still succeeds.
func (a *APQCache) Get(ctx context.Context, hash string) (string, bool) {
	v, ok, err := a.cache.Get(ctx, apqNamespace+hash)
	if err != nil {
		slog.WarnContext(ctx, "apq cache lookup failed", "err", err)
		return "", false
	}
	return string(v), ok
}

// Add registers query under hash. A failure is logged and otherwise ignored
// for the same reason as in Get: it only costs a later resend.
func (a *APQCache) Add(ctx context.Context, hash string, query string) {
	if err := a.cache.Set(ctx, apqNamespace+hash, []byte(query), a.ttl); err != nil {
		slog.WarnContext(ctx, "apq cache store failed", "err", err)
	}
}
