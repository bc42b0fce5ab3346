package kv

import (
	"bytes"
	"context"
	"fmt"
	"time"
)

// NewMemory returns a Backend that keeps everything in this process: correct
// for a single node and needing no configuration, but nothing is shared with
// other nodes or survives a restart.
func NewMemory() *Backend {
	ps := newMemoryPubSub()
	return &Backend{
		Cache:       &memoryCache{entries: newExpiringMap[[]byte](time.Now)},
		RateLimiter: &memoryLimiter{tats: newExpiringMap[time.Time](time.Now)},
		PubSub:      ps,
		Pinger:      memoryPinger{},
		release:     ps.close,
	}
}

// memoryCache copies values in and out so that callers can reuse their
// slices, exactly as they could with a network store.
type memoryCache struct {
	entries *expiringMap[[]byte]
}

func (c *memoryCache) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("kv get: %w", err)
	}
	v, ok := c.entries.get(key)
	if !ok {
		return nil, false, nil
	}
	return bytes.Clone(v), true, nil
}

func (c *memoryCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := writable(ctx, ttl); err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	c.entries.set(key, cloneNonNil(value), ttl)
	return nil
}

func (c *memoryCache) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := writable(ctx, ttl); err != nil {
		return false, fmt.Errorf("kv setnx: %w", err)
	}
	return c.entries.setIfAbsent(key, cloneNonNil(value), ttl), nil
}

func (c *memoryCache) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("kv get: %w", err)
	}
	out := make(map[string][]byte, len(keys))
	for _, k := range keys {
		if v, ok := c.entries.get(k); ok {
			out[k] = bytes.Clone(v)
		}
	}
	return out, nil
}

func (c *memoryCache) SetMany(ctx context.Context, entries map[string][]byte, ttl time.Duration) error {
	if err := writable(ctx, ttl); err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	for k, v := range entries {
		c.entries.set(k, cloneNonNil(v), ttl)
	}
	return nil
}

func (c *memoryCache) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("kv delete: %w", err)
	}
	c.entries.delete(key)
	return nil
}

func writable(ctx context.Context, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return checkTTL(ttl)
}

// cloneNonNil copies value and turns nil into an empty slice, because Redis
// cannot tell the two apart and Get must answer the same on both backends.
func cloneNonNil(value []byte) []byte {
	return append([]byte{}, value...)
}

// memoryLimiter is the same GCRA as the Lua script in redis_rate, so both
// backends admit and refuse the same sequences: per key it stores the
// theoretical arrival time (TAT) of the next event, which also serves as the
// entry's expiry because a TAT in the past means "no history".
type memoryLimiter struct {
	tats *expiringMap[time.Time]
}

func (l *memoryLimiter) Allow(ctx context.Context, key string, limit Limit) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("kv allow: %w", err)
	}
	if err := limit.validate(); err != nil {
		return Result{}, fmt.Errorf("kv allow: %w", err)
	}
	emission := limit.Period / time.Duration(limit.Rate)
	burstOffset := emission * time.Duration(limit.Burst)

	var res Result
	l.tats.update(key, func(now, tat time.Time, found bool) (time.Time, time.Time, bool) {
		if !found || tat.Before(now) {
			tat = now
		}
		newTAT := tat.Add(emission)
		diff := now.Sub(newTAT.Add(-burstOffset))
		if diff < 0 {
			res = Result{RetryAfter: -diff}
			return time.Time{}, time.Time{}, false
		}
		res = Result{Allowed: true, Remaining: int(diff / emission)}
		return newTAT, newTAT, true
	})
	return res, nil
}

type memoryPinger struct{}

// Ping only honours ctx: the in-process backend is ready whenever the
// process is.
func (memoryPinger) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("kv ping: %w", err)
	}
	return nil
}
