package kv_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
)

// flaky is a primary whose every operation fails while down, counting the calls it gets.
type flaky struct {
	down  atomic.Bool
	calls atomic.Int32
	mem   *kv.Backend
}

var errDown = errors.New("connection refused")

func (f *flaky) fail() error {
	f.calls.Add(1)
	if f.down.Load() {
		return errDown
	}
	return nil
}

func (f *flaky) Get(ctx context.Context, key string) ([]byte, bool, error) {
	if err := f.fail(); err != nil {
		return nil, false, err
	}
	return f.mem.Get(ctx, key)
}

func (f *flaky) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.mem.Set(ctx, key, value, ttl)
}

func (f *flaky) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := f.fail(); err != nil {
		return false, err
	}
	return f.mem.SetNX(ctx, key, value, ttl)
}

func (f *flaky) GetMany(ctx context.Context, keys []string) (map[string][]byte, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.mem.GetMany(ctx, keys)
}

func (f *flaky) SetMany(ctx context.Context, entries map[string][]byte, ttl time.Duration) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.mem.SetMany(ctx, entries, ttl)
}

func (f *flaky) Delete(ctx context.Context, key string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.mem.Delete(ctx, key)
}

func (f *flaky) Allow(ctx context.Context, key string, limit kv.Limit) (kv.Result, error) {
	if err := f.fail(); err != nil {
		return kv.Result{}, err
	}
	return f.mem.Allow(ctx, key, limit)
}

func newFlaky(t *testing.T) (*flaky, *kv.Backend) {
	f := &flaky{mem: kv.NewMemory()}
	t.Cleanup(func() { _ = f.mem.Close() })
	return f, &kv.Backend{Cache: f, RateLimiter: f, PubSub: f.mem.PubSub, Pinger: f.mem.Pinger}
}

var twoPerMinute = kv.Limit{Rate: 2, Period: time.Minute, Burst: 2}

func TestDegrade_RateLimitsHoldInProcessWhileThePrimaryFailsAndItIsLeftAlone(t *testing.T) {
	f, primary := newFlaky(t)
	var degraded atomic.Int32
	b := kv.Degrade(primary, kv.DegradeOptions{Cooldown: 100 * time.Millisecond, OnDegraded: func(op string) {
		assert.Equal(t, "allow", op)
		degraded.Add(1)
	}})
	t.Cleanup(func() { _ = b.Close() })
	f.down.Store(true)
	var allowed []bool
	for range 3 {
		res, err := b.Allow(t.Context(), "login:x", twoPerMinute)
		require.NoError(t, err, "a failing primary is no error")
		allowed = append(allowed, res.Allowed)
	}
	assert.Equal(t, []bool{true, true, false}, allowed, "the limit still holds")
	assert.Equal(t, int32(3), degraded.Load(), "every degraded call is counted")
	assert.Equal(t, int32(1), f.calls.Load(), "after a failure the primary is left alone for the cooldown")

	f.down.Store(false)
	time.Sleep(150 * time.Millisecond)
	res, err := b.Allow(t.Context(), "login:y", twoPerMinute)
	require.NoError(t, err)
	assert.True(t, res.Allowed)
	assert.Equal(t, int32(2), f.calls.Load(), "after the cooldown the primary is tried again")
	assert.Equal(t, int32(3), degraded.Load())
}

func TestDegrade_TheCacheFallsBackButSetNXIsNeverFakedInProcess(t *testing.T) {
	f, primary := newFlaky(t)
	b := kv.Degrade(primary, kv.DegradeOptions{})
	t.Cleanup(func() { _ = b.Close() })
	f.down.Store(true)
	require.NoError(t, b.Set(t.Context(), "apq:h", []byte("{ viewer { id } }"), time.Minute))
	v, ok, err := b.Get(t.Context(), "apq:h")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "{ viewer { id } }", string(v))
	_, err = b.SetNX(t.Context(), "once", []byte("1"), time.Minute)
	assert.ErrorIs(t, err, kv.ErrUnavailable, "exclusivity across nodes cannot come from one node")
}

// A healthy primary, Redis or in process, is used as it is: limits are shared with it.
func TestDegrade_AHealthyPrimaryServesEverything(t *testing.T) {
	primaries := map[string]func(t *testing.T) *kv.Backend{
		"memory": func(t *testing.T) *kv.Backend { return kv.NewMemory() },
		"redis": func(t *testing.T) *kv.Backend {
			opts := requireRedis(t)
			prefix := uniquePrefix(t)
			t.Cleanup(func() { deleteKeys(t, opts, prefix) })
			return kv.NewRedis(kv.NewRedisClient(opts), prefix)
		},
	}
	for name, open := range primaries {
		t.Run(name, func(t *testing.T) {
			primary := open(t)
			t.Cleanup(func() { _ = primary.Close() })
			var degraded atomic.Int32
			b := kv.Degrade(primary, kv.DegradeOptions{OnDegraded: func(string) { degraded.Add(1) }})
			t.Cleanup(func() { _ = b.Close() })
			for range 2 {
				res, err := b.Allow(t.Context(), "k", twoPerMinute)
				require.NoError(t, err)
				require.True(t, res.Allowed)
			}
			res, err := primary.Allow(t.Context(), "k", twoPerMinute)
			require.NoError(t, err)
			assert.False(t, res.Allowed, "the degrading backend counted in the primary")
			require.NoError(t, b.Set(t.Context(), "c", []byte("v"), time.Minute))
			_, ok, err := primary.Get(t.Context(), "c")
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Zero(t, degraded.Load())
		})
	}
}

func TestBoundTimeouts_ADeadRedisAnswersAtOnceAndURLSettingsWin(t *testing.T) {
	opts, err := kv.ParseRedisURL("redis://127.0.0.1:1/0")
	require.NoError(t, err)
	kv.BoundTimeouts(opts, 250*time.Millisecond)
	b := kv.NewRedis(kv.NewRedisClient(opts), "dead:")
	t.Cleanup(func() { _ = b.Close() })
	start := time.Now()
	_, err = b.Allow(t.Context(), "k", twoPerMinute)
	assert.Error(t, err)
	assert.Less(t, time.Since(start), time.Second, "no retries with backoff on a refused connection (go-redis's defaults wait about 1.7 s)")

	opts, err = kv.ParseRedisURL("redis://127.0.0.1:1/0?dial_timeout=3s&max_retries=5")
	require.NoError(t, err)
	kv.BoundTimeouts(opts, 250*time.Millisecond)
	assert.Equal(t, 3*time.Second, opts.DialTimeout)
	assert.Equal(t, 250*time.Millisecond, opts.ReadTimeout)
	assert.Equal(t, 5, opts.MaxRetries)
}
