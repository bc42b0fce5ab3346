// Package events announces changes of tenant records to the subscriptions of the GraphQL API,
// across replicas.
//
// What is announced. Every write the audit trail records (package auditlog: create, update,
// archive, restore, delete of a tenant's row) is also an Event: the organization, the company
// when the row has one, the entity type, the record's ID, the action and, for a task, the users
// it is assigned to before and after. An Event carries IDs only: it says that something changed,
// never what a subscriber may see. A subscription re-resolves its viewer and loads the record
// through the tenant-scoped client for every event (Service), so a payload is never trusted for
// authorization.
//
// Only what committed. The audit hook hands its events to Collect, which holds them until the
// transaction of the write commits (database.AfterCommit for a GraphQL operation, where a step
// rolled back forgets them; ent's Tx.OnCommit for a service's own transaction outside one);
// a write that rolls back announces nothing. Writes made where no Bus is in the context (seeding,
// migrations) announce nothing either.
//
// Across replicas. A Bus publishes each organization's events on one channel of kv.PubSub
// (Redis between replicas, in process without Redis): best effort, as kv.PubSub is. A subscriber
// that falls behind loses events (kv.PubSub's bounded buffer, its drops counted); a replica
// that cannot reach Redis logs the failed publish and goes on, since the write has committed.
package events

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	"secretariat/internal/enum"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
)

// Action is what a write did to a record.
type Action string

// The actions. STATE_CHANGED is an update that moved the record's status (a task's workflow).
const (
	Created      Action = "CREATED"
	Updated      Action = "UPDATED"
	StateChanged Action = "STATE_CHANGED"
	Archived     Action = "ARCHIVED"
	Restored     Action = "RESTORED"
	Deleted      Action = "DELETED"
)

// Event is one committed change of one tenant record.
type Event struct {
	Organization pulid.ID `json:"o"`
	Company      pulid.ID `json:"c,omitempty"`
	// Type is the ent entity type ("Task"), which is also its GraphQL type.
	Type   string   `json:"t"`
	ID     pulid.ID `json:"id"`
	Action Action   `json:"a"`
	// Users are the users the record is assigned to, before and after the write (a task's
	// assignee): a hint that spares other subscribers a database read, never a permission.
	Users []pulid.ID `json:"u,omitempty"`
}

// Concerns reports whether the event names user among its users.
func (e Event) Concerns(user pulid.ID) bool {
	for _, u := range e.Users {
		if u == user {
			return true
		}
	}
	return false
}

// publishTimeout bounds one publish after a commit: a slow Redis must not hold the response.
const publishTimeout = 2 * time.Second

// Bus publishes events and subscribes to them over a kv.PubSub.
type Bus struct {
	ps  kv.PubSub
	log *slog.Logger
}

// NewBus returns a bus over ps.
func NewBus(ps kv.PubSub, log *slog.Logger) *Bus { return &Bus{ps: ps, log: log} }

// channel is the kv channel of an organization's events.
func channel(org pulid.ID) string { return "events:" + string(org) }

// Publish sends events now, each on its organization's channel. Failures are logged: the
// changes they announce have committed, and subscribers are best effort.
func (b *Bus) Publish(ctx context.Context, evs ...Event) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), publishTimeout)
	defer cancel()
	for _, ev := range evs {
		payload, err := json.Marshal(ev)
		if err == nil {
			err = b.ps.Publish(ctx, channel(ev.Organization), payload)
		}
		if err != nil {
			b.log.WarnContext(ctx, "event not published", "type", ev.Type, "id", ev.ID, "action", ev.Action, "error", err)
		}
	}
}

// Subscribe returns the events of the organization published from now on, until ctx ends. The
// channel is bounded: a subscriber that falls behind loses events (counted by kv.PubSub).
func (b *Bus) Subscribe(ctx context.Context, org pulid.ID) (<-chan Event, error) {
	if org == "" {
		return nil, fmt.Errorf("events: subscribe without an organization")
	}
	raw, err := b.ps.Subscribe(ctx, channel(org))
	if err != nil {
		return nil, err
	}
	out := make(chan Event)
	go func() {
		defer close(out)
		for msg := range raw {
			var ev Event
			if err := json.Unmarshal(msg, &ev); err != nil || ev.Organization != org {
				b.log.WarnContext(ctx, "malformed event dropped", "channel", channel(org))
				continue
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// Dropped counts the events subscribers lost by falling behind.
func (b *Bus) Dropped() uint64 { return b.ps.Dropped() }

// Values lists the actions.
func (Action) Values() []string {
	return []string{string(Created), string(Updated), string(StateChanged), string(Archived), string(Restored), string(Deleted)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (a *Action) UnmarshalGQL(v any) (err error) {
	*a, err = enum.Unmarshal[Action](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (a Action) MarshalGQL(w io.Writer) { enum.Marshal(w, a) }
