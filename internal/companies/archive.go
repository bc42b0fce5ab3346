package companies

import (
	"context"
	"time"
)

// archiveUpdate is the part of an ent update builder that archiving uses.
type archiveUpdate[E any, U any] interface {
	SetArchivedAt(time.Time) U
	ClearArchivedAt() U
	Save(context.Context) (E, error)
}

// setArchived archives (archived true) or restores the record that get loads. Archiving an
// archived record keeps its first archiving time, so a retried request changes nothing.
func setArchived[E any, U archiveUpdate[E, U]](ctx context.Context, get func(context.Context) (E, error),
	archivedAt func(E) *time.Time, update func(E) U, archived bool, now time.Time) (E, error) {
	rec, err := get(ctx)
	if err != nil || (archivedAt(rec) != nil) == archived {
		return rec, err
	}
	if archived {
		return update(rec).SetArchivedAt(now).Save(ctx)
	}
	return update(rec).ClearArchivedAt().Save(ctx)
}
