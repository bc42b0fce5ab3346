package gcpace

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

const mib = 1 << 20

func TestPercent(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		live, target uint64
		want         int
	}{
		{0, 48 * mib, MaxPercent},       // nothing live yet
		{8 * mib, 48 * mib, MaxPercent}, // 40 MiB at five times the live heap: under the target
		{48 * mib / 5, 48 * mib, MaxPercent},
		{12 * mib, 48 * mib, 300}, // 48 MiB is four times 12
		{15 * mib, 48 * mib, 220},
		{24 * mib, 48 * mib, MinPercent}, // the target is twice the live heap: Go's default
		{30 * mib, 48 * mib, MinPercent}, // never less than the default
		{100 * mib, 48 * mib, MinPercent},
		{1 * mib, 0, MinPercent}, // a target of zero: the default
	} {
		if got := Percent(c.live, c.target); got != c.want {
			t.Errorf("Percent(%d MiB, %d MiB) = %d, want %d", c.live/mib, c.target/mib, got, c.want)
		}
	}
}

// metric reads one of the runtime's metrics that is a count.
func metric(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// gogc is the pace the runtime applies.
func gogc() int { return int(metric("/gc/gogc:percent")) }

// collectUntil runs collections until the pacer (whose adjustment follows a collection on the
// runtime's cleanup goroutine) has set a pace that ok accepts, and returns it.
func collectUntil(t *testing.T, want string, ok func(percent int) bool) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		if got := gogc(); ok(got) {
			return got
		} else if time.Now().After(deadline) {
			t.Fatalf("pace %d after collections, want %s", got, want)
		}
	}
}

func is(want int) func(int) bool { return func(p int) bool { return p == want } }

// The pace follows the live heap after each collection, and stop gives back the pace found.
// Not parallel: the pace is the process's.
func TestStart_PacesTheCollectorByTheLiveHeap(t *testing.T) {
	original := debug.SetGCPercent(150)
	t.Cleanup(func() { debug.SetGCPercent(original) })

	const target = 96 * mib
	stop := Start(target, slog.New(slog.DiscardHandler))
	collectUntil(t, "the most", is(MaxPercent)) // the test's own heap is a few MiB

	// 32 MiB live (and the little the test holds besides): the heap may grow to the target,
	// about three times what is live.
	held := make([]byte, 32*mib)
	p := collectUntil(t, "between the least and the most", func(p int) bool { return p > MinPercent && p < MaxPercent })
	if live := metric(liveMetric); live*uint64(100+p)/100 > target || live*uint64(100+p+10)/100 < target {
		t.Fatalf("pace %d for %d MiB live: the heap may grow to %d MiB, want about the target", p, live/mib, live*uint64(100+p)/100/mib)
	}
	runtime.KeepAlive(held)
	// Past half the target: Go's default pace.
	held = make([]byte, 64*mib)
	collectUntil(t, "Go's default", is(MinPercent))
	runtime.KeepAlive(held)
	collectUntil(t, "the most", is(MaxPercent))

	stop()
	if p := gogc(); p != 150 {
		t.Fatalf("pace %d after stop, want the 150 found at start", p)
	}
	// Stopped, the pacer leaves a pace set by someone else alone.
	debug.SetGCPercent(120)
	for range 3 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if p := gogc(); p != 120 {
		t.Fatalf("pace %d after stop and collections, want 120", p)
	}
	stop() // a second stop changes nothing
	if p := gogc(); p != 120 {
		t.Fatalf("pace %d after a second stop, want 120", p)
	}
}

// FromConfig leaves the pace to GOGC when it is set, and to Go when the target is 0.
func TestFromConfig_LeavesThePaceToGOGCOrToGo(t *testing.T) {
	original := debug.SetGCPercent(150)
	t.Cleanup(func() { debug.SetGCPercent(original) })
	log := slog.New(slog.DiscardHandler)

	withGOGC := func(name string) string {
		if name == "GOGC" {
			return "200"
		}
		return ""
	}
	noEnv := func(string) string { return "" }
	for _, stop := range []func(){FromConfig(48*mib, withGOGC, log), FromConfig(0, noEnv, log)} {
		for range 3 {
			runtime.GC()
			time.Sleep(5 * time.Millisecond)
		}
		if p := gogc(); p != 150 {
			t.Fatalf("pace %d, want the 150 left alone", p)
		}
		stop()
	}
	stop := FromConfig(48*mib, noEnv, log)
	collectUntil(t, "the most", is(MaxPercent))
	stop()
	if p := gogc(); p != 150 {
		t.Fatalf("pace %d after stop, want 150", p)
	}
}
