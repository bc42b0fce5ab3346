package schema

import (
	"context"
	"slices"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/ent/privacy"
	"secretariat/internal/authz"
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
		// A recurring task's occurrences form a chain: each has at most one next occurrence.
		edge.To("next", Task.Type).Unique().
			From("previous").Field("previous_id").Unique().Immutable(),
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

// taskWorkflowFields are what the assignee of a task changes when it works on it.
var taskWorkflowFields = []string{"status", "completion_note", "completed_at", "updated_at"}

// ownTaskWork lets a viewer whom no other rule allowed (a MEMBER) create tasks for itself — the
// next occurrence of its recurring duty among them — and move the tasks assigned to it along
// their workflow, but not change what they are, by when, or archive them: the secretariat sets
// those, and a member postponing its own deadline would defeat the follow-up.
func ownTaskWork() privacy.MutationRule {
	own := authz.AllowOwnRows("assignee_id")
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if m.Op().Is(authz.Update) {
			for _, f := range append(m.Fields(), m.ClearedFields()...) {
				if !slices.Contains(taskWorkflowFields, f) {
					return privacy.Skip
				}
			}
		}
		return own.EvalMutation(ctx, m)
	})
}
