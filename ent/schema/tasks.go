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
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
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
		field.String("title").Comment("What is to be done, up to 300 characters.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Comment("Details of the work; null when none.").
			Optional().
			Nillable(),
		field.String("assignee_id").Comment("The user who does the work; null while unassigned.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		withComment(dateField("due_date", "DUE_DATE"), "The day the work is due (Japan's calendar); null without a deadline."),
		field.Enum("priority").Comment("How urgent the task is; NORMAL unless set.").Annotations(describeEnum("How urgent a task is.", "LOW", "Can wait.", "NORMAL", "Ordinary work (the default).", "HIGH", "Before ordinary work.", "URGENT", "Now.")).
			Values("LOW", "NORMAL", "HIGH", "URGENT").
			Default("NORMAL").
			Annotations(entgql.OrderField("PRIORITY")),
		field.Enum("status").Comment("Where the task is in its workflow.").Annotations(describeEnum("Where a task is in its workflow: TODO → IN_PROGRESS or BLOCKED → DONE or CANCELED; a DONE or CANCELED task can be reopened to TODO.", "TODO", "Not started (the default).", "IN_PROGRESS", "Being worked on.", "BLOCKED", "Waiting on something outside the assignee's hands.", "DONE", "Finished; completedAt says when.", "CANCELED", "Dropped; the note says why.")).
			Values("TODO", "IN_PROGRESS", "BLOCKED", "DONE", "CANCELED").
			Default("TODO").
			Annotations(entgql.OrderField("STATUS")),
		field.String("completion_note").Comment("What was done (完了報告) or, for a canceled task, why; up to 2,000 characters, null when none.").
			Optional().
			MaxLen(2000),
		field.Time("completed_at").Comment("When the task was done; null unless DONE.").
			Optional().
			Nillable(),
		// What created the task, and the record it links back to.
		field.Enum("source").Comment("What created the task; sourceID names the record.").Annotations(describeEnum("What created a task.", "MANUAL", "Made by hand.", "MEETING", "A meeting's action item.", "DOCUMENT_REVIEW", "A document's periodic review.", "FINDING", "The correction of an audit finding.", "RISK_TREATMENT", "A risk's treatment plan.", "AUDITOR_REQUEST", "An auditor's request.", "INCIDENT", "The handling of an incident, or a report about it that the law requires.", "TRAINING", "A training assignment of the assignee.")).
			Values("MANUAL", "MEETING", "DOCUMENT_REVIEW", "FINDING", "RISK_TREATMENT", "AUDITOR_REQUEST", "INCIDENT", "TRAINING").
			Default("MANUAL").
			Immutable(),
		field.String("source_id").Comment("The record that created the task (a meeting, a document …); null for a task made by hand.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable().
			Annotations(entgql.Type("ID")),
		// The meeting whose action item this is.
		field.String("meeting_id").Comment("The meeting whose action item this is; null for other tasks.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.Enum("recurrence").Comment("How often the task comes back; NONE unless set.").Annotations(describeEnum("How often a task comes back: completing a recurring task creates its next occurrence, due one period later.", "NONE", "Does not recur (the default).", "MONTHLY", "Every month.", "QUARTERLY", "Every three months.", "HALF_YEARLY", "Every six months.", "YEARLY", "Every year.")).
			Values("NONE", "MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY").
			Default("NONE"),
		// The occurrence this one was created from, for a recurring task.
		field.String("previous_id").Comment("For an occurrence of a recurring task, the occurrence it was created from; null otherwise.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
	}
}

// Edges of the Task.
func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("assignee", User.Type).Comment("The user who does the work; null while unassigned.").Field("assignee_id").Unique(),
		edge.From("meeting", Meeting.Type).Comment("The meeting whose action item this is; null for other tasks.").Ref("action_items").Field("meeting_id").Unique().Immutable(),
		// A recurring task's occurrences form a chain: each has at most one next occurrence.
		edge.To("next", Task.Type).Comment("The occurrence created when this recurring task was done; null otherwise.").Unique().
			From("previous").Comment("The occurrence this one was created from; null for a first occurrence or a one-off task.").Field("previous_id").Unique().Immutable(),
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
	return []schema.Annotation{schema.Comment("A piece of ISMS work with an assignee and a due date: a meeting's action item, a document review, a risk treatment, an auditor's request. It moves TODO → IN_PROGRESS or BLOCKED → DONE or CANCELED, and a recurring task creates its next occurrence when it is done."), entgql.RelayConnection()}
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
