package events

import (
	"context"

	gen "secretariat/ent"
	"secretariat/internal/database/commit"
)

type busKey struct{}

// NewContext returns ctx whose writes announce their events on b.
func NewContext(ctx context.Context, b *Bus) context.Context {
	return context.WithValue(ctx, busKey{}, b)
}

func busFrom(ctx context.Context) *Bus {
	b, _ := ctx.Value(busKey{}).(*Bus)
	return b
}

// Collect announces evs, the events of a write made through tx's client (nil outside a
// transaction), once that write has committed:
//   - in a GraphQL operation, when the operation commits, unless the step that wrote it is
//     rolled back first (commit.After);
//   - in a transaction of ent's own, when it commits (Tx.OnCommit);
//   - otherwise at once: the write committed on its own.
//
// Without a Bus in ctx it does nothing.
func Collect(ctx context.Context, tx *gen.Tx, evs ...Event) {
	b := busFrom(ctx)
	if b == nil || len(evs) == 0 {
		return
	}
	publish := func() { b.Publish(ctx, evs...) }
	if commit.After(ctx, publish) {
		return
	}
	if tx != nil {
		tx.OnCommit(func(next gen.Committer) gen.Committer {
			return gen.CommitFunc(func(ctx context.Context, tx *gen.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				publish()
				return nil
			})
		})
		return
	}
	publish()
}
