package kv

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// redisPubSub relays Redis pub/sub into the same per-subscriber buffers as
// the in-process implementation. Publishing goes through Redis, so it cannot
// be slowed by a local subscriber anyway; the relay makes sure a slow
// subscriber loses its own messages rather than stalling go-redis's reader.
type redisPubSub struct {
	dropCounter

	client redis.UniversalClient
	prefix string
	// done is closed by close; every relay watches it, including one that
	// starts after close, which therefore ends at once.
	done chan struct{}
}

func newRedisPubSub(client redis.UniversalClient, prefix string) *redisPubSub {
	return &redisPubSub{client: client, prefix: prefix, done: make(chan struct{})}
}

func (p *redisPubSub) Publish(ctx context.Context, channel string, payload []byte) error {
	if err := p.client.Publish(ctx, p.prefix+channel, payload).Err(); err != nil {
		return fmt.Errorf("kv publish: %w", err)
	}
	return nil
}

func (p *redisPubSub) Subscribe(ctx context.Context, channel string) (<-chan []byte, error) {
	select {
	case <-p.done:
		return nil, fmt.Errorf("kv subscribe: %w", ErrClosed)
	default:
	}

	sub := p.client.Subscribe(ctx, p.prefix+channel)
	// Wait for Redis to confirm the subscription: otherwise a message
	// published right after Subscribe returns could be missed.
	if _, err := sub.Receive(ctx); err != nil {
		_ = sub.Close()
		return nil, fmt.Errorf("kv subscribe: %w", err)
	}

	out := make(chan []byte, subscriberBuffer)
	in := sub.Channel()
	go func() {
		defer close(out)
		defer func() { _ = sub.Close() }()
		for {
			select {
			case <-ctx.Done():
				return
			case <-p.done:
				return
			case msg, ok := <-in:
				if !ok {
					return
				}
				p.offer(out, []byte(msg.Payload))
			}
		}
	}()
	return out, nil
}

// close stops every relay. Backend.Close calls it at most once, before it
// closes the client.
func (p *redisPubSub) close() { close(p.done) }
