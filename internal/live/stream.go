// Package live serves the GraphQL subscriptions: it turns the events of committed writes
// (package events) into the records a subscriber may read.
//
// Authorization per event. For every event that may concern a subscription, the subscriber's
// viewer is resolved again (Stream.Recheck: token, session, membership, role and company access,
// as for a new request; a credential that is no longer good closes the socket with 4401 or 4403
// and ends the subscription), and the record is loaded through the tenant-scoped client under
// that viewer, in a short read-only transaction of its own that also serves the resolvers of the
// event's fields. A record the viewer cannot read is never sent; an event says only which record
// to load, and is never a permission.
package live

import (
	"context"
	"sync/atomic"

	"secretariat/internal/database"
	"secretariat/internal/viewer"
)

// Stream is what the server gives one subscription: the means to resolve its viewer again, and
// the hand-off of each event's viewer and transaction to the response that carries the event
// (Next).
type Stream struct {
	// Recheck resolves the subscriber's viewer now; an error ends the subscription.
	Recheck func(context.Context) (*viewer.Viewer, error)

	scopes chan scope
	live   atomic.Bool
}

// scope is the viewer and transaction under which one event's record was loaded, and under
// which its fields are resolved.
type scope struct {
	viewer *viewer.Viewer
	op     *database.Operation
}

// NewStream returns the stream of one subscription.
func NewStream(recheck func(context.Context) (*viewer.Viewer, error)) *Stream {
	return &Stream{Recheck: recheck, scopes: make(chan scope)}
}

type streamKey struct{}

// NewContext returns ctx carrying the subscription's stream.
func NewContext(ctx context.Context, s *Stream) context.Context {
	return context.WithValue(ctx, streamKey{}, s)
}

func streamFrom(ctx context.Context) *Stream {
	s, _ := ctx.Value(streamKey{}).(*Stream)
	return s
}

// Live reports whether a resolver started the stream: a subscription refused before it started
// (an unknown company) has no events to wait for.
func (s *Stream) Live() bool { return s.live.Load() }

// Next waits for the next event and returns the context its response is resolved in (the
// event's viewer and transaction over ctx) and the function that ends that transaction once the
// response is made; ok is false when the stream has ended or ctx is done.
func (s *Stream) Next(ctx context.Context) (eventCtx context.Context, end func(), ok bool) {
	select {
	case sc, open := <-s.scopes:
		if !open {
			return ctx, func() {}, false
		}
		eventCtx = viewer.NewContext(sc.op.Attach(ctx), sc.viewer)
		return eventCtx, func() { _ = sc.op.Rollback() }, true
	case <-ctx.Done():
		return ctx, func() {}, false
	}
}
