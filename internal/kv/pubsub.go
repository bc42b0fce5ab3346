package kv

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// subscriberBuffer is how many messages a subscriber may fall behind before
// new ones are dropped for it. Publishers never wait on subscribers: one stuck
// consumer must not stall delivery to everyone else.
const subscriberBuffer = 64

// dropCounter is shared by both PubSub implementations so they account for
// slow subscribers the same way.
type dropCounter struct {
	dropped atomic.Uint64
}

// offer hands msg to out without blocking and counts it if out is full.
func (d *dropCounter) offer(out chan<- []byte, msg []byte) {
	select {
	case out <- msg:
	default:
		d.dropped.Add(1)
	}
}

func (d *dropCounter) Dropped() uint64 { return d.dropped.Load() }

// memoryPubSub fans messages out to per-subscriber buffered channels.
type memoryPubSub struct {
	dropCounter

	// mu is held for reading while publishing and for writing while a
	// subscriber is added or removed, so a channel is never sent to after it
	// has been closed.
	mu     sync.RWMutex
	subs   map[string]map[chan []byte]struct{}
	done   chan struct{}
	closed bool
}

func newMemoryPubSub() *memoryPubSub {
	return &memoryPubSub{
		subs: make(map[string]map[chan []byte]struct{}),
		done: make(chan struct{}),
	}
}

func (p *memoryPubSub) Publish(ctx context.Context, channel string, payload []byte) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("kv publish: %w", err)
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	for out := range p.subs[channel] {
		// Each subscriber gets its own copy so none can alter what another
		// one (or the publisher) sees.
		p.offer(out, append([]byte{}, payload...))
	}
	return nil
}

func (p *memoryPubSub) Subscribe(ctx context.Context, channel string) (<-chan []byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("kv subscribe: %w", err)
	}
	out := make(chan []byte, subscriberBuffer)

	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, fmt.Errorf("kv subscribe: %w", ErrClosed)
	}
	if p.subs[channel] == nil {
		p.subs[channel] = make(map[chan []byte]struct{})
	}
	p.subs[channel][out] = struct{}{}
	p.mu.Unlock()

	go func() {
		select {
		case <-ctx.Done():
		case <-p.done:
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.subs[channel], out)
		if len(p.subs[channel]) == 0 {
			delete(p.subs, channel)
		}
		close(out)
	}()
	return out, nil
}

// close ends every subscription; their goroutines close the channels.
// Backend.Close calls it at most once.
func (p *memoryPubSub) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	close(p.done)
	return nil
}
