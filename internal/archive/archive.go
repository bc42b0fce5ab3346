// Package archive archives and restores records: ISMS records are archived, never deleted.
package archive

import (
	"context"
	"time"

	"secretariat/ent"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
)

// Input names the record to archive or restore: the input of every archive and restore
// mutation.
type Input struct {
	ID pulid.ID `json:"id"`
}

// Update is the part of an ent update builder that archiving uses.
type Update[E any, U any, M ent.Mutation] interface {
	SetArchivedAt(time.Time) U
	ClearArchivedAt() U
	Save(context.Context) (E, error)
	Mutation() M
}

// Set archives (archived true) or restores the record that get loads. Archiving an
// archived record keeps its first archiving time, so a retried request changes nothing; the
// entity's privacy policy still decides that one, as it would the write, so a role that may not
// archive is refused either way.
func Set[M ent.Mutation, E any, U Update[E, U, M]](ctx context.Context, policy ent.Policy,
	get func(context.Context) (E, error), archivedAt func(E) *time.Time, update func(E) U, archived bool, now time.Time) (E, error) {
	var zero E
	rec, err := get(ctx)
	if err != nil {
		return zero, err
	}
	if (archivedAt(rec) != nil) == archived {
		if err := authz.Check(ctx, policy, update(rec).Mutation()); err != nil {
			return zero, err
		}
		return rec, nil
	}
	if archived {
		return update(rec).SetArchivedAt(now).Save(ctx)
	}
	return update(rec).ClearArchivedAt().Save(ctx)
}
