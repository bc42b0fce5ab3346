package testdb

import (
	"sync/atomic"
	"time"
)

// Peak samples f every interval, from now until the returned stop is called, and stop returns
// the highest value seen (f is sampled once more as it stops).
func Peak(every time.Duration, f func() int64) (stop func() int64) {
	var peak atomic.Int64
	sample := func() {
		if n := f(); n > peak.Load() {
			peak.Store(n)
		}
	}
	done, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			sample()
			select {
			case <-done:
				return
			case <-time.After(every):
			}
		}
	}()
	return func() int64 {
		close(done)
		<-sampled
		sample()
		return peak.Load()
	}
}
