package kv

import (
	"sync"
	"time"
)

// sweepInterval bounds how long expired entries may linger after their
// expiry: at most one interval's worth of writes is ever held beyond the live
// set, and a full sweep costs one map walk per interval.
const sweepInterval = time.Minute

// expiringMap is the in-process store behind both Cache and RateLimiter: a
// mutex-guarded map whose entries carry a deadline. Expired entries are
// invisible at once and physically removed by an amortised sweep on writes,
// so no background goroutine has to be started or stopped.
type expiringMap[V any] struct {
	mu        sync.Mutex
	items     map[string]expiringEntry[V]
	now       func() time.Time
	nextSweep time.Time
}

type expiringEntry[V any] struct {
	value   V
	expires time.Time
}

func newExpiringMap[V any](now func() time.Time) *expiringMap[V] {
	return &expiringMap[V]{
		items:     make(map[string]expiringEntry[V]),
		now:       now,
		nextSweep: now().Add(sweepInterval),
	}
}

// lookup returns the live entry for key, removing it if it has expired.
// The caller must hold m.mu.
func (m *expiringMap[V]) lookup(key string, now time.Time) (V, bool) {
	e, ok := m.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	if !now.Before(e.expires) {
		delete(m.items, key)
		var zero V
		return zero, false
	}
	return e.value, true
}

// store writes key and sweeps if an interval has passed. The caller must hold
// m.mu.
func (m *expiringMap[V]) store(key string, value V, expires, now time.Time) {
	m.items[key] = expiringEntry[V]{value: value, expires: expires}
	if now.Before(m.nextSweep) {
		return
	}
	for k, e := range m.items {
		if !now.Before(e.expires) {
			delete(m.items, k)
		}
	}
	m.nextSweep = now.Add(sweepInterval)
}

func (m *expiringMap[V]) get(key string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lookup(key, m.now())
}

func (m *expiringMap[V]) set(key string, value V, ttl time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.store(key, value, now.Add(ttl), now)
}

func (m *expiringMap[V]) setIfAbsent(key string, value V, ttl time.Duration) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.lookup(key, now); ok {
		return false
	}
	m.store(key, value, now.Add(ttl), now)
	return true
}

func (m *expiringMap[V]) delete(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.items, key)
}

// update runs fn atomically on key's live value (found is false if there is
// none). If fn returns keep, its value is stored until expires.
func (m *expiringMap[V]) update(key string, fn func(now time.Time, cur V, found bool) (next V, expires time.Time, keep bool)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	cur, found := m.lookup(key, now)
	if next, expires, keep := fn(now, cur, found); keep {
		m.store(key, next, expires, now)
	}
}
