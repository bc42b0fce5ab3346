package live

import (
	"context"
	"errors"
	"log/slog"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/ent/privacy"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/events"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Service runs the subscriptions.
type Service struct {
	bus    *events.Bus
	db     *database.DB
	client *ent.Client
	log    *slog.Logger
}

// NewService returns the subscription service over the bus and the database.
func NewService(bus *events.Bus, db *database.DB, log *slog.Logger) *Service {
	return &Service{bus: bus, db: db, client: db.Client, log: log}
}

// Activity is one change of a record of a company, as a subscriber of the company sees it.
type Activity struct {
	Action     events.Action
	EntityType string
	ID         pulid.ID
	// Record is the record as it is now; nil when it was deleted.
	Record ent.Noder
}

// accessTypes are the entities whose change may end a viewer's access: each of their events makes
// every subscription of the organization check its viewer, so that a removed member is cut off
// at once (the socket's periodic check is the bound otherwise).
var accessTypes = map[string]bool{
	ent.TypeMembership:    true,
	ent.TypeCompanyAccess: true,
	ent.TypeUser:          true,
	ent.TypeRefreshToken:  true,
}

// TaskChanged streams the tasks assigned to the viewer (or just unassigned from it) when they
// change.
func (s *Service) TaskChanged(ctx context.Context) (<-chan *ent.Task, error) {
	return run(ctx, s, func(ev events.Event, v *viewer.Viewer) bool {
		return ev.Type == ent.TypeTask && ev.Concerns(v.UserID)
	}, func(ctx context.Context, ev events.Event, v *viewer.Viewer) (*ent.Task, error) {
		t, err := s.client.Task.Get(ctx, ev.ID)
		if err != nil {
			return nil, err
		}
		if (t.AssigneeID == nil || *t.AssigneeID != v.UserID) && !ev.Concerns(v.UserID) {
			return nil, errSkip
		}
		return t, nil
	})
}

// CompanyActivity streams the changes of the records of a company the viewer reads. A company
// of another tenant, or one the viewer does not reach, is NOT_FOUND, as one that does not exist.
func (s *Service) CompanyActivity(ctx context.Context, companyID pulid.ID) (<-chan *Activity, error) {
	if err := s.readable(ctx, viewer.FromContext(ctx), companyID); err != nil {
		if ent.IsNotFound(err) || errors.Is(err, privacy.Deny) {
			return nil, apperr.NotFound("company", "会社")
		}
		return nil, err
	}
	return run(ctx, s, func(ev events.Event, _ *viewer.Viewer) bool {
		return ev.Company == companyID || (ev.Type == ent.TypeCompany && ev.ID == companyID)
	}, func(ctx context.Context, ev events.Event, v *viewer.Viewer) (*Activity, error) {
		if ok, err := s.client.Company.Query().Where(company.ID(companyID)).Exist(ctx); err != nil || !ok {
			return nil, errors.Join(errSkip, err)
		}
		a := &Activity{Action: ev.Action, EntityType: ev.Type, ID: ev.ID}
		if ev.Action == events.Deleted {
			// A deleted record cannot be loaded to ask whether the viewer read it: only the
			// roles that read every record of their companies learn of deletions.
			if v.Role == viewer.RoleMember {
				return nil, errSkip
			}
			return a, nil
		}
		record, err := s.client.Noder(ctx, ev.ID, ent.WithNodeType(func(_ context.Context, id pulid.ID) (string, error) { return ent.TableOfID(id) }))
		if err != nil {
			return nil, err
		}
		a.Record = record
		return a, nil
	})
}

// readable checks, in a short transaction, that v reads the company.
func (s *Service) readable(ctx context.Context, v *viewer.Viewer, companyID pulid.ID) error {
	if v == nil {
		return apperr.Unauthenticated("sign in to subscribe", "購読するにはサインインしてください")
	}
	ctx, op, err := s.db.BeginOperation(ctx, true)
	if err != nil {
		return err
	}
	defer func() { _ = op.Rollback() }()
	_, err = s.client.Company.Get(ctx, companyID)
	return err
}

// errSkip is a record the subscriber does not get.
var errSkip = errors.New("not for this subscriber")

// run starts a subscription: for each event of the viewer's organization that want keeps (and
// each change of access), the viewer is resolved again, and load reads the value to send under
// that viewer in a read-only transaction; an error of load skips the event.
func run[T any](ctx context.Context, s *Service, want func(events.Event, *viewer.Viewer) bool,
	load func(context.Context, events.Event, *viewer.Viewer) (T, error),
) (<-chan T, error) {
	stream := streamFrom(ctx)
	v := viewer.FromContext(ctx)
	if stream == nil || v == nil {
		return nil, apperr.Unauthenticated("subscriptions need a WebSocket signed in through connection_init or the Authorization header", "購読には connection_init または Authorization ヘッダーでサインインした WebSocket が必要です")
	}
	org := v.OrganizationID
	evs, err := s.bus.Subscribe(ctx, org)
	if err != nil {
		return nil, err
	}
	out := make(chan T)
	stream.live.Store(true)
	go func() {
		defer close(out)
		defer close(stream.scopes)
		for ev := range evs {
			if !want(ev, v) && !accessTypes[ev.Type] {
				continue
			}
			fresh, err := stream.Recheck(ctx)
			if err != nil {
				if apperr.KindOf(err) == apperr.KindUnauthenticated || ctx.Err() != nil {
					return
				}
				s.log.WarnContext(ctx, "subscription: viewer check failed, event skipped", "error", err)
				continue
			}
			if fresh == nil || fresh.OrganizationID != org || fresh.UserID != v.UserID {
				return
			}
			v = fresh
			if !want(ev, v) {
				continue
			}
			value, op, err := loadAs(ctx, s, v, ev, load)
			if err != nil {
				if !errors.Is(err, errSkip) && !ent.IsNotFound(err) && !errors.Is(err, privacy.Deny) && ctx.Err() == nil {
					s.log.WarnContext(ctx, "subscription: event not loaded", "type", ev.Type, "id", ev.ID, "error", err)
				}
				continue
			}
			select {
			case stream.scopes <- scope{viewer: v, op: op}:
			case <-ctx.Done():
				_ = op.Rollback()
				return
			}
			select {
			case out <- value:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// loadAs loads an event's value as v in a read-only transaction, left open for the resolvers of
// the value's fields when it succeeds.
func loadAs[T any](ctx context.Context, s *Service, v *viewer.Viewer, ev events.Event,
	load func(context.Context, events.Event, *viewer.Viewer) (T, error),
) (T, *database.Operation, error) {
	ctx, op, err := s.db.BeginOperation(viewer.NewContext(ctx, v), true)
	if err != nil {
		var zero T
		return zero, nil, err
	}
	value, err := load(ctx, ev, v)
	if err != nil {
		_ = op.Rollback()
		return value, nil, err
	}
	return value, op, nil
}
