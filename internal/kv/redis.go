package kv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// NewRedis returns a Backend that shares state through Redis. Every key and
// channel it touches starts with prefix (for example "secretariat:"), so
// several applications or test runs can share one Redis without colliding.
// The Backend owns client: Close closes it.
func NewRedis(client redis.UniversalClient, prefix string) *Backend {
	ps := newRedisPubSub(client, prefix)
	return &Backend{
		Cache: &redisCache{client: client, prefix: prefix + "cache:"},
		RateLimiter: &redisLimiter{limiter: redis_rate.NewLimiter(prefixedScripter{
			client: client,
			prefix: prefix,
		})},
		PubSub: ps,
		Pinger: redisPinger{client: client},
		release: func() error {
			ps.close()
			return client.Close()
		},
	}
}

// redisCache keeps its keys under their own namespace so they can never
// collide with the rate limiter's.
type redisCache struct {
	client redis.UniversalClient
	prefix string
}

func (c *redisCache) Get(ctx context.Context, key string) ([]byte, bool, error) {
	v, err := c.client.Get(ctx, c.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("kv get: %w", err)
	}
	return v, true, nil
}

func (c *redisCache) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	if err := c.client.Set(ctx, c.prefix+key, value, ttl).Err(); err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	return nil
}

func (c *redisCache) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := checkTTL(ttl); err != nil {
		return false, fmt.Errorf("kv setnx: %w", err)
	}
	ok, err := c.client.SetNX(ctx, c.prefix+key, value, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("kv setnx: %w", err)
	}
	return ok, nil
}

func (c *redisCache) Delete(ctx context.Context, key string) error {
	if err := c.client.Del(ctx, c.prefix+key).Err(); err != nil {
		return fmt.Errorf("kv delete: %w", err)
	}
	return nil
}

// GetMany reads the keys with one MGET; on a cluster, which refuses an MGET whose keys hash to
// different slots, with a pipeline of GETs, which it splits by node.
func (c *redisCache) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	if _, cluster := c.client.(*redis.ClusterClient); !cluster {
		prefixed := make([]string, len(keys))
		for i, k := range keys {
			prefixed[i] = c.prefix + k
		}
		values, err := c.client.MGet(ctx, prefixed...).Result()
		if err != nil {
			return nil, fmt.Errorf("kv get: %w", err)
		}
		for i, v := range values {
			if s, ok := v.(string); ok {
				out[keys[i]] = []byte(s)
			}
		}
		return out, nil
	}
	cmds := make([]*redis.StringCmd, len(keys))
	_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = p.Get(ctx, c.prefix+k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("kv get: %w", err)
	}
	for i, cmd := range cmds {
		v, err := cmd.Bytes()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("kv get: %w", err)
		}
		out[keys[i]] = v
	}
	return out, nil
}

func (c *redisCache) SetMany(ctx context.Context, entries map[string][]byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	_, err := c.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for k, v := range entries {
			p.Set(ctx, c.prefix+k, v, ttl)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kv set: %w", err)
	}
	return nil
}

type redisPinger struct {
	client redis.UniversalClient
}

func (p redisPinger) Ping(ctx context.Context) error {
	if err := p.client.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("kv ping: %w", err)
	}
	return nil
}
