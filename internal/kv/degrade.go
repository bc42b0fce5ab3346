package kv

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// ErrUnavailable is returned, instead of waiting on it, by an operation that only the shared
// backend can serve (SetNX: exclusivity across nodes) while it is unavailable.
var ErrUnavailable = errors.New("kv: shared backend unavailable")

// DegradeOptions tune Degrade.
type DegradeOptions struct {
	// Cooldown is how long the shared backend is left alone after a failure before it is tried
	// again; zero means DefaultCooldown.
	Cooldown time.Duration
	// OnDegraded is called once per operation served without the shared backend, with the
	// operation's name (allow, get, set, setnx, delete), for a metric.
	OnDegraded func(op string)
	Log        *slog.Logger
}

// DefaultCooldown bounds how often a dead backend is tried: one request per interval pays its
// timeout, the others go straight to the fallback.
const DefaultCooldown = 5 * time.Second

// Degrade returns a Backend over primary whose rate limits and cache survive primary's outage:
// while primary fails, rate limits are counted in this process (so each node limits alone, and
// no limit is lost) and the cache reads and writes an in-process copy (persisted queries are
// then known per node). Nothing that must be shared or must not be lost is entrusted to the
// cache: session revocation lives in the database. SetNX, whose point is exclusivity across
// nodes, fails with ErrUnavailable instead. PubSub and Ping are primary's. Every degraded call is
// counted through OnDegraded; the first failure after a healthy spell and the recovery are
// logged once, not per request. The returned Backend does not own primary: close primary.
func Degrade(primary *Backend, o DegradeOptions) *Backend {
	if o.Cooldown <= 0 {
		o.Cooldown = DefaultCooldown
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.OnDegraded == nil {
		o.OnDegraded = func(string) {}
	}
	local := NewMemory()
	g := &gate{opts: o, now: time.Now}
	return &Backend{
		Cache:       &degradingCache{primary: primary.Cache, local: local.Cache, gate: g},
		RateLimiter: &degradingLimiter{primary: primary.RateLimiter, local: local.RateLimiter, gate: g},
		PubSub:      primary.PubSub,
		Pinger:      primary.Pinger,
		release:     local.Close,
	}
}

// gate remembers whether the primary failed recently.
type gate struct {
	opts DegradeOptions
	now  func() time.Time

	mu        sync.Mutex
	downUntil time.Time
	down      bool
}

// open reports whether the primary should be tried now.
func (g *gate) open() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return !g.down || !g.now().Before(g.downUntil)
}

// failed records a failure of op on the primary, unless the caller's own context ended it.
func (g *gate) failed(ctx context.Context, op string, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	g.mu.Lock()
	first := !g.down
	g.down, g.downUntil = true, g.now().Add(g.opts.Cooldown)
	g.mu.Unlock()
	if first {
		g.opts.Log.ErrorContext(ctx, "shared cache unavailable: rate limits and persisted queries continue in process",
			"op", op, "error", err, "retry_every", g.opts.Cooldown)
	}
	return true
}

func (g *gate) succeeded(ctx context.Context) {
	g.mu.Lock()
	was := g.down
	g.down = false
	g.mu.Unlock()
	if was {
		g.opts.Log.InfoContext(ctx, "shared cache available again")
	}
}

// do runs op on the primary if the gate is open, else (or on its failure) on the fallback.
func do[T any](ctx context.Context, g *gate, op string, primary, fallback func() (T, error)) (T, error) {
	if g.open() {
		v, err := primary()
		if err == nil {
			g.succeeded(ctx)
			return v, nil
		}
		if !g.failed(ctx, op, err) {
			return v, err
		}
	}
	g.opts.OnDegraded(op)
	return fallback()
}

type degradingLimiter struct {
	primary, local RateLimiter
	gate           *gate
}

func (l *degradingLimiter) Allow(ctx context.Context, key string, limit Limit) (Result, error) {
	if err := limit.validate(); err != nil {
		return Result{}, err
	}
	return do(ctx, l.gate, "allow",
		func() (Result, error) { return l.primary.Allow(ctx, key, limit) },
		func() (Result, error) { return l.local.Allow(ctx, key, limit) })
}

type degradingCache struct {
	primary, local Cache
	gate           *gate
}

type getResult struct {
	value []byte
	ok    bool
}

func (c *degradingCache) Get(ctx context.Context, key string) ([]byte, bool, error) {
	r, err := do(ctx, c.gate, "get",
		func() (getResult, error) { v, ok, err := c.primary.Get(ctx, key); return getResult{v, ok}, err },
		func() (getResult, error) { v, ok, err := c.local.Get(ctx, key); return getResult{v, ok}, err })
	return r.value, r.ok, err
}

func (c *degradingCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	_, err := do(ctx, c.gate, "set",
		func() (struct{}, error) { return struct{}{}, c.primary.Set(ctx, key, value, ttl) },
		func() (struct{}, error) { return struct{}{}, c.local.Set(ctx, key, value, ttl) })
	return err
}

func (c *degradingCache) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	return do(ctx, c.gate, "get",
		func() (map[string][]byte, error) { return c.primary.GetMany(ctx, keys) },
		func() (map[string][]byte, error) { return c.local.GetMany(ctx, keys) })
}

func (c *degradingCache) SetMany(ctx context.Context, entries map[string][]byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	_, err := do(ctx, c.gate, "set",
		func() (struct{}, error) { return struct{}{}, c.primary.SetMany(ctx, entries, ttl) },
		func() (struct{}, error) { return struct{}{}, c.local.SetMany(ctx, entries, ttl) })
	return err
}

func (c *degradingCache) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	return do(ctx, c.gate, "setnx",
		func() (bool, error) { return c.primary.SetNX(ctx, key, value, ttl) },
		func() (bool, error) { return false, ErrUnavailable })
}

func (c *degradingCache) Delete(ctx context.Context, key string) error {
	_, err := do(ctx, c.gate, "delete",
		func() (struct{}, error) { return struct{}{}, c.primary.Delete(ctx, key) },
		func() (struct{}, error) { return struct{}{}, c.local.Delete(ctx, key) })
	return err
}
