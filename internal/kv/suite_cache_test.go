package kv_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
)

var cacheCases = []suiteCase{
	{"Cache_ManyAtOnce", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		require.NoError(t, b.Set(t.Context(), "a", []byte("1"), time.Minute))
		require.NoError(t, b.SetMany(t.Context(), map[string][]byte{"b": []byte("2"), "c": {}}, time.Minute))
		got, err := b.GetMany(t.Context(), []string{"a", "b", "c", "missing"})
		require.NoError(t, err)
		assert.Equal(t, map[string][]byte{"a": []byte("1"), "b": []byte("2"), "c": {}}, got, "present keys only, an empty value among them")
		v, ok, err := b.Get(t.Context(), "b")
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, []byte("2"), v)
		assert.ErrorIs(t, b.SetMany(t.Context(), map[string][]byte{"d": nil}, 0), kv.ErrInvalidTTL)
		none, err := b.GetMany(t.Context(), nil)
		require.NoError(t, err)
		assert.Empty(t, none)
	}},
	{"Cache_MissingKeyIsAbsent", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		v, ok, err := b.Get(t.Context(), "missing")
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Nil(t, v)
	}},
	{"Cache_SetValueCanBeRead", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		require.NoError(t, b.Set(t.Context(), "k", []byte("v1"), time.Minute))
		v, ok, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, []byte("v1"), v)
	}},
	{"Cache_SetReplacesValue", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		require.NoError(t, b.Set(t.Context(), "k", []byte("v1"), time.Minute))
		require.NoError(t, b.Set(t.Context(), "k", []byte("v2"), time.Minute))
		v, _, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.Equal(t, []byte("v2"), v)
	}},
	{"Cache_EmptyValueIsPresent", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		require.NoError(t, b.Set(t.Context(), "k", nil, time.Minute))
		v, ok, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Empty(t, v)
	}},
	{"Cache_CallerMayReuseSlices", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		in := []byte("value")
		require.NoError(t, b.Set(t.Context(), "k", in, time.Minute))
		in[0] = 'X'
		out, _, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		out[1] = 'Y'
		again, _, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.Equal(t, []byte("value"), again)
	}},
	{"Cache_DeletedKeyIsAbsent", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		require.NoError(t, b.Set(t.Context(), "k", []byte("v"), time.Minute))
		require.NoError(t, b.Delete(t.Context(), "k"))
		_, ok, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.False(t, ok)
	}},
	{"Cache_DeletingMissingKeyIsNoError", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		assert.NoError(t, b.Delete(t.Context(), "missing"))
	}},
	{"Cache_ExpiredKeyIsAbsent", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		const ttl = 150 * time.Millisecond
		start := time.Now()
		require.NoError(t, b.Set(t.Context(), "k", []byte("v"), ttl))
		_, ok, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		require.True(t, ok, "key must be present before its TTL")

		requireAbsentEventually(t, b, "k")
		// Redis keeps expiry in milliseconds, hence the small tolerance.
		assert.GreaterOrEqual(t, time.Since(start), ttl-2*time.Millisecond, "key expired early")
	}},
	{"Cache_NonPositiveTTLIsRejected", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		for _, ttl := range []time.Duration{0, -time.Second} {
			assert.ErrorIs(t, b.Set(t.Context(), "k", []byte("v"), ttl), kv.ErrInvalidTTL)
			_, err := b.SetNX(t.Context(), "k", []byte("v"), ttl)
			assert.ErrorIs(t, err, kv.ErrInvalidTTL)
		}
		_, ok, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.False(t, ok, "a rejected write must store nothing")
	}},
	{"Cache_CanceledContextIsAnError", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, _, err := b.Get(ctx, "k")
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorContains(t, err, "kv get")
	}},
	{"Cache_SetNXStoresOnlyWhenAbsent", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		ok, err := b.SetNX(t.Context(), "k", []byte("first"), time.Minute)
		require.NoError(t, err)
		assert.True(t, ok)
		ok, err = b.SetNX(t.Context(), "k", []byte("second"), time.Minute)
		require.NoError(t, err)
		assert.False(t, ok)
		v, _, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.Equal(t, []byte("first"), v)
	}},
	{"Cache_SetNXSucceedsOnceUnderConcurrency", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		const callers = 20
		var wins atomic.Int32
		var winner atomic.Value
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range callers {
			wg.Go(func() {
				<-start
				value := []byte{byte('a' + i)}
				ok, err := b.SetNX(t.Context(), "token", value, time.Minute)
				assert.NoError(t, err)
				if ok {
					wins.Add(1)
					winner.Store(value)
				}
			})
		}
		close(start)
		wg.Wait()
		require.Equal(t, int32(1), wins.Load(), "exactly one caller must win")
		v, _, err := b.Get(t.Context(), "token")
		require.NoError(t, err)
		assert.Equal(t, winner.Load(), v, "the stored value is the winner's")
	}},
	{"Cache_SetNXSucceedsAgainAfterExpiry", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		ok, err := b.SetNX(t.Context(), "k", []byte("v"), 100*time.Millisecond)
		require.NoError(t, err)
		require.True(t, ok)
		requireAbsentEventually(t, b, "k")
		ok, err = b.SetNX(t.Context(), "k", []byte("v"), time.Minute)
		require.NoError(t, err)
		assert.True(t, ok)
	}},
	{"Cache_BackendsWithDifferentPrefixesDoNotCollide", func(t *testing.T, newBackend newBackendFunc) {
		a, b := newBackend(t), newBackend(t)
		require.NoError(t, a.Set(t.Context(), "k", []byte("a"), time.Minute))
		require.NoError(t, b.Set(t.Context(), "k", []byte("b"), time.Minute))
		ok, err := b.SetNX(t.Context(), "only-a", []byte("b"), time.Minute)
		require.NoError(t, err)
		require.True(t, ok)
		require.NoError(t, a.Delete(t.Context(), "k"))

		_, ok, err = a.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.False(t, ok)
		v, ok, err := b.Get(t.Context(), "k")
		require.NoError(t, err)
		assert.True(t, ok, "deleting in one backend must not touch the other")
		assert.Equal(t, []byte("b"), v)
		ok, err = a.SetNX(t.Context(), "only-a", []byte("a"), time.Minute)
		require.NoError(t, err)
		assert.True(t, ok, "SetNX must only see its own backend's keys")
	}},
}

func requireAbsentEventually(t *testing.T, c kv.Cache, key string) {
	t.Helper()
	require.Eventually(t, func() bool {
		_, ok, err := c.Get(t.Context(), key)
		return err == nil && !ok
	}, waitFor, tick, "key %q never expired", key)
}
