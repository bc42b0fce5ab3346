package kv_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
)

// newBackendFunc returns a fresh, isolated Backend and registers its cleanup
// (closing it and removing whatever it stored) on t.
type newBackendFunc func(t *testing.T) *kv.Backend

// suiteCase is one behaviour every Backend must show.
type suiteCase struct {
	name string
	run  func(t *testing.T, newBackend newBackendFunc)
}

// runSuite checks that a Backend implementation behaves as the package
// documents; both NewMemory and NewRedis must pass it unchanged.
func runSuite(t *testing.T, newBackend newBackendFunc) {
	for _, c := range slices.Concat(cacheCases, rateLimiterCases, pubSubCases, backendCases) {
		t.Run(c.name, func(t *testing.T) { c.run(t, newBackend) })
	}
}

// waitFor bounds every Eventually in the suite: generous, because the
// conditions are usually met within a few hundred milliseconds but CI
// machines running -race can stall.
const (
	waitFor = 3 * time.Second
	tick    = 5 * time.Millisecond
)

// receive returns the next message from ch, failing if ch closes or nothing
// arrives in time.
func receive(t *testing.T, ch <-chan []byte) []byte {
	t.Helper()
	select {
	case msg, ok := <-ch:
		require.True(t, ok, "subscription closed while a message was expected")
		return msg
	case <-time.After(waitFor):
		require.FailNow(t, "no message arrived in time")
		return nil
	}
}

// requireClosed fails unless ch is closed in time; messages still buffered in
// it are discarded.
func requireClosed(t *testing.T, ch <-chan []byte) {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			require.FailNow(t, "subscription channel was not closed in time")
		}
	}
}
