package kv_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
)

var pubSubCases = []suiteCase{
	{"PubSub_DeliversToEverySubscriber", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		first, err := b.Subscribe(t.Context(), "events")
		require.NoError(t, err)
		second, err := b.Subscribe(t.Context(), "events")
		require.NoError(t, err)

		require.NoError(t, b.Publish(t.Context(), "events", []byte("hello")))
		assert.Equal(t, []byte("hello"), receive(t, first))
		assert.Equal(t, []byte("hello"), receive(t, second))
	}},
	{"PubSub_SubscriberOnlyGetsItsChannel", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		sub, err := b.Subscribe(t.Context(), "mine")
		require.NoError(t, err)
		require.NoError(t, b.Publish(t.Context(), "other", []byte("not for you")))
		require.NoError(t, b.Publish(t.Context(), "mine", []byte("for you")))
		assert.Equal(t, []byte("for you"), receive(t, sub))
	}},
	{"PubSub_BackendsWithDifferentPrefixesDoNotHearEachOther", func(t *testing.T, newBackend newBackendFunc) {
		a, b := newBackend(t), newBackend(t)
		sub, err := b.Subscribe(t.Context(), "events")
		require.NoError(t, err)
		require.NoError(t, a.Publish(t.Context(), "events", []byte("from a")))
		require.NoError(t, b.Publish(t.Context(), "events", []byte("from b")))
		assert.Equal(t, []byte("from b"), receive(t, sub))
	}},
	{"PubSub_PublishWithoutSubscribersIsNoError", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		assert.NoError(t, b.Publish(t.Context(), "nobody", []byte("x")))
	}},
	{"PubSub_ChannelClosesWhenContextIsCanceled", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		ctx, cancel := context.WithCancel(t.Context())
		sub, err := b.Subscribe(ctx, "events")
		require.NoError(t, err)
		cancel()
		requireClosed(t, sub)
		// The other subscribers and the publisher carry on.
		require.NoError(t, b.Publish(t.Context(), "events", []byte("after")))
	}},
	{"PubSub_SlowSubscriberDoesNotBlockPublisherAndDropsAreCounted", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		slow, err := b.Subscribe(t.Context(), "events")
		require.NoError(t, err)
		// Far more than any subscriber buffer; each Publish must still
		// return promptly although nobody reads.
		const messages = 1000
		for i := range messages {
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			err := b.Publish(ctx, "events", fmt.Appendf(nil, "%d", i))
			cancel()
			require.NoError(t, err, "publish %d blocked or failed", i)
		}
		require.Eventually(t, func() bool { return b.Dropped() > 0 }, waitFor, tick)
		assert.Less(t, b.Dropped(), uint64(messages), "a buffer's worth must have been kept")
		assert.Equal(t, []byte("0"), receive(t, slow), "the oldest messages are the ones kept")
	}},
	{"PubSub_SubscribeWithCanceledContextFails", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := b.Subscribe(ctx, "events")
		assert.ErrorIs(t, err, context.Canceled)
	}},
}

var backendCases = []suiteCase{
	{"Pinger_SucceedsWhenBackendIsUp", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		assert.NoError(t, b.Ping(t.Context()))
	}},
	{"Backend_CloseEndsSubscriptionsAndRefusesNewOnes", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		sub, err := b.Subscribe(context.Background(), "events")
		require.NoError(t, err)
		require.NoError(t, b.Close())
		requireClosed(t, sub)
		_, err = b.Subscribe(context.Background(), "events")
		assert.ErrorIs(t, err, kv.ErrClosed)
		assert.NoError(t, b.Close(), "closing twice is harmless")
	}},
	{"APQCache_AddedQueryCanBeRead", func(t *testing.T, newBackend newBackendFunc) {
		apq := kv.NewAPQCache(newBackend(t), 0)
		_, ok := apq.Get(t.Context(), "hash")
		assert.False(t, ok)
		apq.Add(t.Context(), "hash", "{ me { id } }")
		q, ok := apq.Get(t.Context(), "hash")
		assert.True(t, ok)
		assert.Equal(t, "{ me { id } }", q)
	}},
	{"APQCache_StoresUnderApqNamespace", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		kv.NewAPQCache(b, 0).Add(t.Context(), "hash", "query")
		v, ok, err := b.Get(t.Context(), "apq:hash")
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, []byte("query"), v)
	}},
	{"APQCache_EntriesExpire", func(t *testing.T, newBackend newBackendFunc) {
		b := newBackend(t)
		kv.NewAPQCache(b, 100*time.Millisecond).Add(t.Context(), "hash", "query")
		requireAbsentEventually(t, b, "apq:hash")
	}},
	{"APQCache_BackendFailureIsAMiss", func(t *testing.T, newBackend newBackendFunc) {
		apq := kv.NewAPQCache(newBackend(t), 0)
		apq.Add(t.Context(), "hash", "query")
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, ok := apq.Get(ctx, "hash")
		assert.False(t, ok)
	}},
}
