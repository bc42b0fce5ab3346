package kv

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock lets the sweep be tested without waiting a sweepInterval.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestExpiringMap_SweepRemovesExpiredEntriesUntouchedSinceExpiry(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := newExpiringMap[[]byte](clock.now)
	for _, k := range []string{"a", "b", "c"} {
		m.set(k, []byte(k), time.Second)
	}
	m.set("long", []byte("long"), 2*sweepInterval)
	require.Len(t, m.items, 4)

	clock.advance(sweepInterval)
	m.set("trigger", []byte("x"), time.Second)

	assert.Len(t, m.items, 2, "only the live entries remain")
	assert.Contains(t, m.items, "long")
	assert.Contains(t, m.items, "trigger")
}

func TestExpiringMap_EntryExpiresExactlyAtItsDeadline(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := newExpiringMap[[]byte](clock.now)
	m.set("k", []byte("v"), time.Second)

	clock.advance(time.Second - time.Nanosecond)
	_, ok := m.get("k")
	assert.True(t, ok, "present until the deadline")

	clock.advance(time.Nanosecond)
	_, ok = m.get("k")
	assert.False(t, ok, "absent at the deadline")
	assert.NotContains(t, m.items, "k", "an expired entry is removed when read")
}

func TestMemoryLimiter_ForgetsKeysOnceTheirBurstHasRefilled(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l := &memoryLimiter{tats: newExpiringMap[time.Time](clock.now)}
	limit := Limit{Rate: 10, Period: time.Second, Burst: 10}
	for i := range 100 {
		_, err := l.Allow(t.Context(), string(rune('a'+i)), limit)
		require.NoError(t, err)
	}
	require.Len(t, l.tats.items, 100)

	clock.advance(sweepInterval)
	_, err := l.Allow(t.Context(), "trigger", limit)
	require.NoError(t, err)
	assert.Len(t, l.tats.items, 1, "memory is bounded by the keys that are still limited")
}
