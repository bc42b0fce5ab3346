// Package gcpace sets the pace of the garbage collector from the heap that is live.
//
// A replica's live heap is small (the parsed schema and a few operations in flight), while each
// operation allocates its answer's tree: at Go's default pace (GOGC=100: collect when the heap
// has doubled since the last collection) the portfolio of 100 companies paid a collection every
// five requests. A collection's marking runs on every processor the requests leave idle, which
// is also where the database does its work: PostgreSQL's backend on the same machine, SQLite in
// this process. Letting the heap grow fivefold costs a quarter as many collections for the same
// work, and the heap that allows stays small while little is live; with more live, a fivefold
// heap would be large. So after each collection the pace is set again: the heap may grow to a
// target, fivefold at most, and never by less than Go's default doubling. The heap is then
// bounded by the target or twice the live heap, whichever is larger (at Go's default pace, once
// half the target is live), and the collector never runs more often than at Go's default pace.
package gcpace

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The pace, as GOGC: the percentage by which the heap may grow past what the last collection
// found live before the next collection starts.
const (
	// MinPercent is Go's default pace, the least this package sets.
	MinPercent = 100
	// MaxPercent is the most.
	MaxPercent = 400
)

// Percent is the pace that lets a heap of live bytes grow to target before the next collection,
// within [MinPercent, MaxPercent].
func Percent(live, target uint64) int {
	const growth = 1 + MaxPercent/100 // the heap MaxPercent allows, in live heaps
	if live <= target/growth {
		return MaxPercent
	}
	return max(int(target*100/live)-100, MinPercent)
}

// FromConfig starts a pacer for target bytes (GC_HEAP_TARGET) unless GOGC is set in the
// environment (getenv), which then sets the pace alone, or target is 0. stop does nothing when
// none was started.
func FromConfig(target int64, getenv func(string) string, log *slog.Logger) (stop func()) {
	if gogc := getenv("GOGC"); gogc != "" {
		log.Info("garbage collector paced by GOGC", "GOGC", gogc)
		return func() {}
	}
	if target <= 0 {
		return func() {}
	}
	return Start(uint64(target), log)
}

// liveMetric is the heap the last collection marked live.
const liveMetric = "/gc/heap/live:bytes"

// pacer sets the pace after each collection until stopped.
type pacer struct {
	target uint64
	log    *slog.Logger
	sample []metrics.Sample
	// mu orders a collection's adjustment against stop, which restores the pace found at start.
	mu      sync.Mutex
	stopped bool
	percent int // the pace last set
}

// cycle is an object whose cleanup runs once a collection has found it unreachable: one is
// allocated for each cycle. It holds a pointer and is larger than the tiny allocator's blocks,
// so that it is never batched with another object whose life would hold its cleanup back.
type cycle struct {
	_ *pacer
	_ [24]byte
}

// Start sets the pace now and after every collection, so that the heap may grow to target (a
// byte count) while that is at most five times what is live. stop restores the pace found at
// start. One pacer at a time: the pace is the process's.
func Start(target uint64, log *slog.Logger) (stop func()) {
	p := &pacer{target: target, log: log, sample: []metrics.Sample{{Name: liveMetric}}, percent: MaxPercent}
	previous := debug.SetGCPercent(MaxPercent)
	p.adjust()
	p.arm()
	log.Info("garbage collector paced by the live heap", "heap_target_bytes", target, "percent", p.percent)
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.stopped {
			p.stopped = true
			debug.SetGCPercent(previous)
		}
	}
}

// arm allocates the next cycle's object and has the runtime adjust the pace, and arm again,
// once it is collected.
func (p *pacer) arm() {
	runtime.AddCleanup(new(cycle), func(p *pacer) {
		if p.adjust() {
			p.arm()
		}
	}, p)
}

// adjust sets the pace for the heap the last collection found live, and reports whether the
// pacer still runs. The runtime runs cleanups one at a time.
func (p *pacer) adjust() (running bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return false
	}
	metrics.Read(p.sample)
	if p.sample[0].Value.Kind() != metrics.KindUint64 {
		return true // not reported by this runtime: the pace stays as set
	}
	live := p.sample[0].Value.Uint64()
	if next := Percent(live, p.target); next != p.percent {
		debug.SetGCPercent(next)
		p.log.Debug("garbage collector pace", "live_bytes", live, "percent", next)
		p.percent = next
	}
	return true
}
