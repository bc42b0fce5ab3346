package kv_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
)

// burst3 admits one event every 100ms with bursts of three: short enough to
// watch it recover within a test.
var burst3 = kv.Limit{Rate: 3, Period: 300 * time.Millisecond, Burst: 3}

// slow3 has the same shape but refills only once a second, so that exact
// Remaining counts do not depend on how fast the test machine is.
var slow3 = kv.Limit{Rate: 3, Period: 3 * time.Second, Burst: 3}

var rateLimiterCases = []suiteCase{
	{"RateLimiter_AllowsBurstThenRefusesWithRetryAfter", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		for want := slow3.Burst - 1; want >= 0; want-- {
			res, err := b.Allow(t.Context(), "ip", slow3)
			require.NoError(t, err)
			assert.True(t, res.Allowed)
			assert.Equal(t, want, res.Remaining)
			assert.Zero(t, res.RetryAfter, "an allowed event needs no wait")
		}
		res, err := b.Allow(t.Context(), "ip", slow3)
		require.NoError(t, err)
		assert.False(t, res.Allowed)
		assert.Zero(t, res.Remaining)
		assert.Positive(t, res.RetryAfter)
		assert.LessOrEqual(t, res.RetryAfter, slow3.Period/time.Duration(slow3.Rate),
			"one emission interval frees the next event")
	}},
	{"RateLimiter_AllowsAgainAfterRetryAfter", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		refused := exhaust(t, b, "ip", burst3)
		start := time.Now()
		// Refused calls leave the limiter's state untouched, so polling is safe.
		require.Eventually(t, func() bool {
			res, err := b.Allow(t.Context(), "ip", burst3)
			return err == nil && res.Allowed
		}, waitFor, tick)
		assert.GreaterOrEqual(t, time.Since(start), refused.RetryAfter-5*time.Millisecond,
			"allowed before RetryAfter had passed")
	}},
	{"RateLimiter_FullBurstReturnsAfterThePeriod", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		exhaust(t, b, "ip", burst3)
		time.Sleep(burst3.Period)
		for range burst3.Burst {
			res, err := b.Allow(t.Context(), "ip", burst3)
			require.NoError(t, err)
			assert.True(t, res.Allowed)
		}
	}},
	{"RateLimiter_KeysAreIndependent", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		exhaust(t, b, "a", slow3)
		res, err := b.Allow(t.Context(), "b", slow3)
		require.NoError(t, err)
		assert.True(t, res.Allowed)
		assert.Equal(t, slow3.Burst-1, res.Remaining)
	}},
	{"RateLimiter_BackendsWithDifferentPrefixesDoNotShareCounts", func(t *testing.T, newBackend newBackendFunc) {
		a, b := newBackend(t), newBackend(t)
		exhaust(t, a, "ip", burst3)
		res, err := b.Allow(t.Context(), "ip", burst3)
		require.NoError(t, err)
		assert.True(t, res.Allowed)
	}},
	{"RateLimiter_DoesNotShareKeysWithCache", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		exhaust(t, b, "ip", burst3)
		for _, key := range []string{"ip", "rate:ip"} {
			_, ok, err := b.Get(t.Context(), key)
			require.NoError(t, err)
			assert.False(t, ok, "limiter state visible through Cache key %q", key)
		}
	}},
	{"RateLimiter_InvalidLimitIsRejected", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		for _, limit := range []kv.Limit{
			{Rate: 0, Period: time.Second, Burst: 1},
			{Rate: 1, Period: 0, Burst: 1},
			{Rate: 1, Period: time.Second, Burst: 0},
			{Rate: -1, Period: time.Second, Burst: 1},
			{Rate: 2, Period: time.Nanosecond, Burst: 1},
		} {
			_, err := b.Allow(t.Context(), "ip", limit)
			assert.ErrorIs(t, err, kv.ErrInvalidLimit, "limit %+v", limit)
		}
	}},
}

// exhaust spends limit's whole burst on key and returns the first refusal.
func exhaust(t *testing.T, rl kv.RateLimiter, key string, limit kv.Limit) kv.Result {
	t.Helper()
	for range limit.Burst {
		res, err := rl.Allow(t.Context(), key, limit)
		require.NoError(t, err)
		require.True(t, res.Allowed)
	}
	res, err := rl.Allow(t.Context(), key, limit)
	require.NoError(t, err)
	require.False(t, res.Allowed, "burst of %d must be the maximum", limit.Burst)
	return res
}
