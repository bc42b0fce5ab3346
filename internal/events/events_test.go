package events_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/organization"
	"secretariat/ent/task"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/events"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// tenant is an organization with its owner and one client company.
type tenant struct {
	org     pulid.ID
	owner   pulid.ID
	company pulid.ID
}

func newTenant(t testing.TB, db *database.DB, name string) tenant {
	t.Helper()
	sys := viewer.System(context.Background(), quiet, "test fixture")
	c := db.Client
	org := c.Organization.Create().SetName(name).SetKind(organization.KindCONSULTANCY).SaveX(sys)
	owner := c.User.Create().SetEmail(name + "@example.com").SetName(name).SaveX(sys)
	c.Membership.Create().SetOrganizationID(org.ID).SetUserID(owner.ID).SetRole(viewer.RoleOwner).SaveX(sys)
	co := c.Company.Create().SetOrganizationID(org.ID).SetName(name + " client").SaveX(sys)
	return tenant{org: org.ID, owner: owner.ID, company: co.ID}
}

// owner is the context of the tenant's owner whose writes announce on bus.
func (tn tenant) ownerOn(bus *events.Bus) context.Context {
	v := &viewer.Viewer{UserID: tn.owner, OrganizationID: tn.org, Role: viewer.RoleOwner}
	return events.NewContext(viewer.NewContext(context.Background(), v), bus)
}

func newTask(ctx context.Context, c *ent.Client, tn tenant, title string) (*ent.Task, error) {
	return c.Task.Create().SetOrganizationID(tn.org).SetCompanyID(tn.company).SetTitle(title).
		SetDueDate(date.New(2026, 3, 31)).SetAssigneeID(tn.owner).Save(ctx)
}

// next is the next event of sub, or fails the test after a second.
func next(t *testing.T, sub <-chan events.Event) events.Event {
	t.Helper()
	select {
	case ev := <-sub:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
		return events.Event{}
	}
}

// nothingYet asserts that no event is waiting.
func nothingYet(t *testing.T, sub <-chan events.Event) {
	t.Helper()
	select {
	case ev := <-sub:
		t.Fatalf("unexpected event %+v", ev)
	case <-time.After(50 * time.Millisecond):
	}
}

// sentinel publishes a marker event and asserts that it is the next one sub receives: nothing
// was published before it.
func sentinel(t *testing.T, bus *events.Bus, sub <-chan events.Event, org pulid.ID) {
	t.Helper()
	id := pulid.New("XX")
	bus.Publish(context.Background(), events.Event{Organization: org, Type: "Sentinel", ID: id, Action: events.Updated})
	got := next(t, sub)
	require.Equal(t, id, got.ID, "an event was published before the sentinel: %+v", got)
}

func TestCollect_PublishesOnlyWhatCommits(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		bus := events.NewBus(kv.NewMemory().PubSub, quiet)
		tn := newTenant(t, db, "a")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		sub, err := bus.Subscribe(ctx, tn.org)
		require.NoError(t, err)
		owner := tn.ownerOn(bus)

		// An operation that rolls back publishes nothing.
		opCtx, op, err := db.BeginOperation(owner, false)
		require.NoError(t, err)
		_, err = newTask(opCtx, db.Client, tn, "取り消される")
		require.NoError(t, err)
		require.NoError(t, op.Rollback())
		sentinel(t, bus, sub, tn.org)

		// A committed operation publishes after its commit, not before; a failed step of it
		// (a savepoint rolled back) publishes nothing.
		opCtx, op, err = db.BeginOperation(owner, false)
		require.NoError(t, err)
		var kept *ent.Task
		require.NoError(t, database.Step(opCtx, func() error {
			kept, err = newTask(opCtx, db.Client, tn, "残る")
			return err
		}))
		failed := errors.New("the step fails after writing")
		require.ErrorIs(t, database.Step(opCtx, func() error {
			if _, err := newTask(opCtx, db.Client, tn, "取り消される"); err != nil {
				return err
			}
			return failed
		}), failed)
		nothingYet(t, sub)
		require.NoError(t, op.Commit())
		ev := next(t, sub)
		assert.Equal(t, events.Event{Organization: tn.org, Company: tn.company, Type: ent.TypeTask, ID: kept.ID, Action: events.Created, Users: []pulid.ID{tn.owner}}, ev)
		sentinel(t, bus, sub, tn.org)

		// A status change is STATE_CHANGED; an archive ARCHIVED.
		opCtx, op, err = db.BeginOperation(owner, false)
		require.NoError(t, err)
		require.NoError(t, db.Client.Task.UpdateOneID(kept.ID).SetStatus(task.StatusIN_PROGRESS).Exec(opCtx))
		require.NoError(t, db.Client.Task.UpdateOneID(kept.ID).SetArchivedAt(time.Now()).Exec(opCtx))
		require.NoError(t, op.Commit())
		assert.Equal(t, events.StateChanged, next(t, sub).Action)
		assert.Equal(t, events.Archived, next(t, sub).Action)

		// A transaction of ent's own, outside an operation: published when it commits, never
		// when it rolls back.
		require.Error(t, database.WithTx(owner, db.Client, func(tx *ent.Client) error {
			if _, err := newTask(owner, tx, tn, "取り消される"); err != nil {
				return err
			}
			return failed
		}))
		sentinel(t, bus, sub, tn.org)
		var inTx *ent.Task
		require.NoError(t, database.WithTx(owner, db.Client, func(tx *ent.Client) error {
			inTx, err = newTask(owner, tx, tn, "トランザクション")
			return err
		}))
		assert.Equal(t, inTx.ID, next(t, sub).ID)

		// Without a bus in the context, nothing is announced.
		quietCtx := viewer.NewContext(context.Background(), viewer.FromContext(owner))
		_, err = newTask(quietCtx, db.Client, tn, "告知なし")
		require.NoError(t, err)
		sentinel(t, bus, sub, tn.org)
	})
}

func redisPubSub(t *testing.T, prefix string) kv.PubSub {
	t.Helper()
	raw := os.Getenv("TEST_REDIS_URL")
	if raw == "" {
		raw = "redis://127.0.0.1:6379/0"
	}
	opts, err := kv.ParseRedisURL(raw)
	require.NoError(t, err)
	store := kv.NewRedis(kv.NewRedisClient(opts), prefix)
	if err := store.Ping(context.Background()); err != nil {
		store.Close()
		testdb.Unavailable(t, "Redis is not reachable at %s: %v", opts.Addrs, err)
	}
	t.Cleanup(func() { _ = store.Close() })
	return store.PubSub
}

// Two replicas: each has a bus of its own over the same pub/sub (one Redis, or one process's
// memory); an event published on one reaches the subscribers of its organization on the other,
// and only those.
func TestBus_ReachesTheOrganizationsSubscribersOnEveryReplica(t *testing.T) {
	t.Parallel()
	prefix := "eventstest:" + string(pulid.New("RT")) + ":"
	memory := kv.NewMemory().PubSub
	for name, pair := range map[string][2]kv.PubSub{
		"memory": {memory, memory},
		"redis":  {redisPubSub(t, prefix), redisPubSub(t, prefix)},
	} {
		t.Run(name, func(t *testing.T) {
			one, other := events.NewBus(pair[0], quiet), events.NewBus(pair[1], quiet)
			orgA, orgB := pulid.New("OR"), pulid.New("OR")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			subA, err := other.Subscribe(ctx, orgA)
			require.NoError(t, err)
			subB, err := other.Subscribe(ctx, orgB)
			require.NoError(t, err)
			ev := events.Event{Organization: orgA, Company: pulid.New("CO"), Type: ent.TypeTask, ID: pulid.New("TA"), Action: events.Created, Users: []pulid.ID{pulid.New("US")}}
			one.Publish(context.Background(), ev)
			assert.Equal(t, ev, next(t, subA))
			sentinel(t, one, subB, orgB)

			cancel()
			select {
			case _, open := <-subA:
				assert.False(t, open, "the subscription ends with its context")
			case <-time.After(5 * time.Second):
				t.Fatal("the subscription did not end")
			}
		})
	}
}
