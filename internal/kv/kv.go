package kv

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrInvalidTTL is returned when a write asks for a non-positive TTL. Every
// entry must expire: that is what keeps both implementations bounded and
// stops a caller from turning a denylist entry into a permanent one by
// passing a computed lifetime that happened to be zero.
var ErrInvalidTTL = errors.New("ttl must be positive")

// ErrInvalidLimit is returned by RateLimiter.Allow for a Limit whose Rate,
// Period or Burst is not positive (GCRA divides by them) or whose Rate exceeds
// one event per nanosecond.
var ErrInvalidLimit = errors.New("rate, period and burst must be positive")

// ErrClosed is returned by Subscribe once the Backend has been closed.
var ErrClosed = errors.New("backend closed")

// Cache is a byte store whose entries always expire.
type Cache interface {
	// Get returns the value stored under key; ok is false when the key is
	// absent or expired.
	Get(ctx context.Context, key string) (value []byte, ok bool, err error)
	// Set stores value under key for ttl, replacing any previous value.
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// SetNX stores value under key for ttl only if the key is absent and
	// reports whether it did. Exactly one of several concurrent callers wins,
	// which is what single-use tokens and denylists rely on.
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
	// Delete removes key; deleting an absent key is not an error.
	Delete(ctx context.Context, key string) error
	// GetMany returns the values of the keys that are present, in one round trip (one per node
	// of a cluster): what a page of cached rows reads.
	GetMany(ctx context.Context, keys []string) (map[string][]byte, error)
	// SetMany stores every entry for ttl, in one round trip.
	SetMany(ctx context.Context, entries map[string][]byte, ttl time.Duration) error
}

// Limit allows Rate events per Period with bursts of up to Burst events.
type Limit struct {
	Rate   int
	Period time.Duration
	Burst  int
}

// validate also refuses a Rate above one event per nanosecond, whose
// emission interval would round down to zero and divide by it.
func (l Limit) validate() error {
	if l.Rate <= 0 || l.Period <= 0 || l.Burst <= 0 || l.Period < time.Duration(l.Rate) {
		return fmt.Errorf("%w: got %d per %s, burst %d", ErrInvalidLimit, l.Rate, l.Period, l.Burst)
	}
	return nil
}

// Result is the outcome of one RateLimiter.Allow call.
type Result struct {
	// Allowed reports whether the event may happen now.
	Allowed bool
	// Remaining is how many more events would be allowed right now.
	Remaining int
	// RetryAfter is how long to wait before the next event would be allowed;
	// it is zero when Allowed is true.
	RetryAfter time.Duration
}

// RateLimiter counts events per key with the generic cell rate algorithm.
type RateLimiter interface {
	// Allow records one event for key if limit permits it.
	Allow(ctx context.Context, key string, limit Limit) (Result, error)
}

// PubSub is best-effort broadcast: subscribers that are not listening when a
// message is published, or that fall behind, miss it.
type PubSub interface {
	// Publish sends payload to every current subscriber of channel. It never
	// waits for a slow subscriber.
	Publish(ctx context.Context, channel string, payload []byte) error
	// Subscribe returns the messages published to channel from now on. The
	// returned channel is closed when ctx is done or the Backend is closed.
	Subscribe(ctx context.Context, channel string) (<-chan []byte, error)
	// Dropped counts messages discarded because a subscriber's buffer was
	// full, so that slow consumers show up in metrics instead of silently.
	Dropped() uint64
}

// Pinger reports whether the backend can serve requests (for /readyz).
type Pinger interface {
	Ping(ctx context.Context) error
}

// Backend bundles one implementation of every interface in this package.
// Build it with NewRedis or NewMemory; the zero Backend implements nothing.
type Backend struct {
	Cache
	RateLimiter
	PubSub
	Pinger

	closeOnce sync.Once
	closeErr  error
	release   func() error
}

// Close ends all subscriptions and releases the backend's resources (for
// Redis, the client handed to NewRedis). Calling it again is a no-op.
func (b *Backend) Close() error {
	b.closeOnce.Do(func() {
		if b.release != nil {
			b.closeErr = b.release()
		}
	})
	return b.closeErr
}

// checkTTL is shared by both Cache implementations so they refuse exactly the
// same inputs; go-redis would otherwise read a negative TTL as KEEPTTL and a
// zero TTL as "never expire".
func checkTTL(ttl time.Duration) error {
	if ttl <= 0 {
		return fmt.Errorf("%w: got %s", ErrInvalidTTL, ttl)
	}
	return nil
}
