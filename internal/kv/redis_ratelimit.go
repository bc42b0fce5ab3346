package kv

import (
	"context"
	"fmt"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// redisLimiter runs redis_rate's GCRA script, which keeps one key per
// limited key and so works on Cluster as well as a single node.
type redisLimiter struct {
	limiter *redis_rate.Limiter
}

func (l *redisLimiter) Allow(ctx context.Context, key string, limit Limit) (Result, error) {
	if err := limit.validate(); err != nil {
		return Result{}, fmt.Errorf("kv allow: %w", err)
	}
	r, err := l.limiter.Allow(ctx, key, redis_rate.Limit{
		Rate:   limit.Rate,
		Burst:  limit.Burst,
		Period: limit.Period,
	})
	if err != nil {
		return Result{}, fmt.Errorf("kv allow: %w", err)
	}
	res := Result{Allowed: r.Allowed > 0, Remaining: r.Remaining}
	// redis_rate reports -1 for "no need to wait"; Result promises zero.
	if !res.Allowed {
		res.RetryAfter = r.RetryAfter
	}
	return res, nil
}

// prefixedScripter is the only handle redis_rate gets on Redis. It puts the
// Backend's prefix in front of every key the library touches, because
// redis_rate itself always writes "rate:<key>" and would otherwise escape the
// namespace that lets several tenants share one Redis. The resulting keys
// look like "<prefix>rate:<key>".
type prefixedScripter struct {
	client redis.UniversalClient
	prefix string
}

func (s prefixedScripter) keys(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = s.prefix + k
	}
	return out
}

func (s prefixedScripter) Eval(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return s.client.Eval(ctx, script, s.keys(keys), args...)
}

func (s prefixedScripter) EvalSha(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	return s.client.EvalSha(ctx, sha1, s.keys(keys), args...)
}

func (s prefixedScripter) EvalRO(ctx context.Context, script string, keys []string, args ...any) *redis.Cmd {
	return s.client.EvalRO(ctx, script, s.keys(keys), args...)
}

func (s prefixedScripter) EvalShaRO(ctx context.Context, sha1 string, keys []string, args ...any) *redis.Cmd {
	return s.client.EvalShaRO(ctx, sha1, s.keys(keys), args...)
}

func (s prefixedScripter) ScriptExists(ctx context.Context, hashes ...string) *redis.BoolSliceCmd {
	return s.client.ScriptExists(ctx, hashes...)
}

func (s prefixedScripter) ScriptLoad(ctx context.Context, script string) *redis.StringCmd {
	return s.client.ScriptLoad(ctx, script)
}

func (s prefixedScripter) Del(ctx context.Context, keys ...string) *redis.IntCmd {
	return s.client.Del(ctx, s.keys(keys)...)
}
