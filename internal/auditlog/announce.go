package auditlog

import (
	"context"
	"slices"

	"entgo.io/ent"

	gen "secretariat/ent"
	"secretariat/internal/auditlog/change"
	"secretariat/internal/events"
	"secretariat/internal/pulid"
)

// fieldAssignee is the field that names whom a record is assigned to (a task's assignee).
const fieldAssignee = "assignee_id"

// fieldStatus is the field of a record's workflow state.
const fieldStatus = "status"

// announce hands the events of the recorded writes to package events, which publishes them once
// the write's transaction has committed.
func announce(ctx context.Context, m mutation, rows []row, drafts []draft) {
	if len(drafts) == 0 {
		return
	}
	old := make(map[pulid.ID]map[string]ent.Value, len(rows))
	for _, r := range rows {
		old[r.id] = r.old
	}
	evs := make([]events.Event, 0, len(drafts))
	for _, d := range drafts {
		ev := events.Event{Organization: d.org, Company: d.company, Type: d.entityType, ID: d.entityID, Action: actionOf(d)}
		ev.Users = assignees(m, old[d.entityID])
		evs = append(evs, ev)
	}
	var tx *gen.Tx
	if withTx, ok := m.(interface{ Tx() (*gen.Tx, error) }); ok {
		tx, _ = withTx.Tx()
	}
	events.Collect(ctx, tx, evs...)
}

func actionOf(d draft) events.Action {
	switch d.action {
	case change.Create:
		return events.Created
	case change.Archive:
		return events.Archived
	case change.Restore:
		return events.Restored
	case change.Delete:
		return events.Deleted
	}
	for _, f := range d.changes {
		if f.Field == fieldStatus {
			return events.StateChanged
		}
	}
	return events.Updated
}

// assignees are the users a record is assigned to before (old) and after the write.
func assignees(m mutation, old map[string]ent.Value) []pulid.ID {
	var out []pulid.ID
	add := func(v ent.Value) {
		if id := asID(v); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if old != nil {
		add(old[fieldAssignee])
	}
	if v, set := m.Field(fieldAssignee); set {
		add(v)
	}
	return out
}
