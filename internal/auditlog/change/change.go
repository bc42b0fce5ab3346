// Package change holds the shapes an audit event stores: the action and one changed field. It
// imports no package of the project but the leaf internal/enum, so that the ent schema can
// store them.
package change

import (
	"io"

	"secretariat/internal/enum"
)

// Field is one field a write changed: its value before and after, each as JSON text (nil when
// the field was unset). Secrets are stored as the JSON string "[redacted]".
//
// A link that is not a field of the record (adding departments to a site) is recorded under the
// edge's name: before lists the IDs unlinked (["*"] when every link was cleared), after the IDs
// linked.
type Field struct {
	Field  string  `json:"field"`
	Before *string `json:"before,omitempty"`
	After  *string `json:"after,omitempty"`
}

// Action is what a write did to a record.
type Action string

// The actions. A workflow step (a status change) is an UPDATE whose changes hold the status
// before and after.
const (
	Create  Action = "CREATE"
	Update  Action = "UPDATE"
	Archive Action = "ARCHIVE" // archived_at set
	Restore Action = "RESTORE" // archived_at cleared
	Delete  Action = "DELETE"
)

// Values lists the actions; ent uses it for the action column.
func (Action) Values() []string {
	return []string{string(Create), string(Update), string(Archive), string(Restore), string(Delete)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (a *Action) UnmarshalGQL(v any) (err error) {
	*a, err = enum.Unmarshal[Action](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (a Action) MarshalGQL(w io.Writer) { enum.Marshal(w, a) }
