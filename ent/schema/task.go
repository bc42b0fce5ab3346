package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
)

// Task is a piece of ISMS work with an assignee and a due date: a meeting's action item, a
// document review, and later a finding's correction, a risk treatment or an auditor's request.
// A recurring task creates its next occurrence when it is done.
type Task struct{ ent.Schema }

// Mixin of the Task.
func (Task) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "tasks"}, ArchiveMixin{}}
}

// Fields of the Task.
func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").
			Optional(),
		field.String("assignee_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		dateField("due_date", "DUE_DATE"),
		field.Enum("priority").
			Values("LOW", "NORMAL", "HIGH", "URGENT").
			Default("NORMAL").
			Annotations(entgql.OrderField("PRIORITY")),
		field.Enum("status").
			Values("TODO", "IN_PROGRESS", "BLOCKED", "DONE", "CANCELED").
			Default("TODO").
			Annotations(entgql.OrderField("STATUS")),
		field.String("completion_note").
			Optional().
			MaxLen(2000),
		field.Time("completed_at").
			Optional().
			Nillable(),
		// What created the task, and the record it links back to.
		field.Enum("source").
			Values("MANUAL", "MEETING", "DOCUMENT_REVIEW", "FINDING", "RISK_TREATMENT", "AUDITOR_REQUEST").
			Default("MANUAL").
			Immutable(),
		field.String("source_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable().
			Annotations(entgql.Type("ID")),
		// The meeting whose action item this is.
		field.String("meeting_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.Enum("recurrence").
			Values("NONE", "MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY").
			Default("NONE"),
		// The occurrence this one was created from, for a recurring task.
		field.String("previous_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
	}
}

// Edges of the Task.
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("assignee", User.Type).Field("assignee_id").Unique(),
		edge.From("meeting", Meeting.Type).Ref("action_items").Field("meeting_id").Unique().Immutable(),
		edge.To("previous", Task.Type).Field("previous_id").Unique().Immutable(),
	}
}

// Indexes of the Task: the to-do lists read by assignee and by due date.
func (Task) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("assignee_id", "status", "due_date"),
		index.Fields("company_id", "status", "due_date"),
	}
}

// Annotations of the Task.
func (Task) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
