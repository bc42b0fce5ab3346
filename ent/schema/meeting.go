package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/ent/intercept"
	"secretariat/internal/pulid"
)

// Meeting is a committee meeting, a regular secretariat meeting or a management review: agenda,
// attendees, minutes, decisions and action items (Tasks).
type Meeting struct{ ent.Schema }

// Mixin of the Meeting.
func (Meeting) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "MT"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "meetings"}, ArchiveMixin{}}
}

// Fields of the Meeting.
func (Meeting) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			Values("COMMITTEE", "SECRETARIAT_REGULAR", "MANAGEMENT_REVIEW", "OTHER").
			Immutable(),
		field.String("title").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Time("scheduled_at").
			Annotations(entgql.OrderField("SCHEDULED_AT")),
		field.String("location").
			Optional().
			MaxLen(300),
		field.String("online_url").
			Optional().
			MaxLen(2000),
		field.Enum("status").
			Values("SCHEDULED", "HELD", "CANCELED").
			Default("SCHEDULED"),
		field.Text("minutes").
			Optional(),
		field.Time("held_at").
			Optional().
			Nillable(),
		// The previous meeting of the same kind, whose open action items this one follows up.
		field.String("previous_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		// The MINUTES document version the minutes were published as.
		field.String("minutes_version_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Meeting.
func (Meeting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("attendees", MeetingAttendee.Type),
		edge.To("agenda_items", AgendaItem.Type),
		edge.To("decisions", MeetingDecision.Type),
		edge.To("action_items", Task.Type).
			Annotations(entgql.RelayConnection()),
		// Several meetings may follow up the same one (one scheduled in between later).
		edge.To("previous", Meeting.Type).Field("previous_id").Unique().Immutable().
			From("followed_by"),
		edge.To("minutes_version", DocumentVersion.Type).Field("minutes_version_id").Unique(),
	}
}

// Indexes of the Meeting.
func (Meeting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "kind", "scheduled_at")}
}

// Annotations of the Meeting.
func (Meeting) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// MeetingAttendee is a person invited to a meeting, and whether they attended.
type MeetingAttendee struct{ ent.Schema }

// Mixin of the MeetingAttendee.
func (MeetingAttendee) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "MA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "meeting_attendees"}}
}

// Fields of the MeetingAttendee.
func (MeetingAttendee) Fields() []ent.Field {
	return []ent.Field{
		field.String("meeting_id").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").GoType(pulid.ID("")).Immutable(),
		field.Bool("attended").Optional().Nillable(),
	}
}

// Edges of the MeetingAttendee.
func (MeetingAttendee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Ref("attendees").Field("meeting_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the MeetingAttendee.
func (MeetingAttendee) Indexes() []ent.Index {
	return []ent.Index{index.Fields("meeting_id", "user_id").Unique()}
}

// Annotations of the MeetingAttendee.
func (MeetingAttendee) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// AgendaItem is one item of a meeting's agenda, in order, with its presenter. A follow-up item
// points at an open action item of the previous meeting of the same kind.
type AgendaItem struct{ ent.Schema }

// Mixin of the AgendaItem.
func (AgendaItem) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AI"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "agenda_items"}}
}

// Fields of the AgendaItem.
func (AgendaItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("meeting_id").GoType(pulid.ID("")).Immutable(),
		field.Int("position").NonNegative(),
		field.String("title").NotEmpty().MaxLen(300),
		field.String("presenter_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.Text("notes").Optional(),
		field.String("follow_up_task_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
	}
}

// Edges of the AgendaItem.
func (AgendaItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Ref("agenda_items").Field("meeting_id").Unique().Required().Immutable(),
		edge.To("presenter", User.Type).Field("presenter_id").Unique(),
		edge.To("follow_up_task", Task.Type).Field("follow_up_task_id").Unique().Immutable(),
	}
}

// Interceptors of the AgendaItem: an agenda reads in its order.
func (AgendaItem) Interceptors() []ent.Interceptor { return []ent.Interceptor{inPositionOrder()} }

// Annotations of the AgendaItem.
func (AgendaItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// MeetingDecision is a decision recorded at a meeting (決定事項).
type MeetingDecision struct{ ent.Schema }

// Mixin of the MeetingDecision.
func (MeetingDecision) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "MD"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "meeting_decisions"}}
}

// Fields of the MeetingDecision.
func (MeetingDecision) Fields() []ent.Field {
	return []ent.Field{
		field.String("meeting_id").GoType(pulid.ID("")).Immutable(),
		field.Int("position").NonNegative(),
		field.Text("text").NotEmpty(),
	}
}

// Edges of the MeetingDecision.
func (MeetingDecision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Ref("decisions").Field("meeting_id").Unique().Required().Immutable(),
	}
}

// Interceptors of the MeetingDecision: decisions read in the order they were recorded.
func (MeetingDecision) Interceptors() []ent.Interceptor { return []ent.Interceptor{inPositionOrder()} }

// Annotations of the MeetingDecision.
func (MeetingDecision) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// inPositionOrder sorts the rows a list reads by their position (then ID), after any order the
// query asked for, so that a meeting's agendaItems and decisions, loaded as plain lists by the
// GraphQL field collection, come in their order. A query of its own is ordered when it reads
// rows (All, First, Only), not when it counts or reads IDs; a query nested in another one's
// context is an edge being eager-loaded, which ent always reads with All and never as DISTINCT.
func inPositionOrder() ent.Interceptor {
	return positionOrder(func(ctx context.Context, q intercept.Query) error {
		qc := ent.QueryFromContext(ctx)
		if qc == nil {
			return nil
		}
		if qc.Type == q.Type() {
			switch qc.Op {
			case ent.OpQueryAll, ent.OpQueryFirst, ent.OpQueryOnly:
			default:
				return nil
			}
			if len(qc.Fields) > 0 {
				// A SELECT DISTINCT (a traversal) orders only by selected columns.
				qc.AppendFieldOnce("position")
			}
		}
		q.Order(func(s *sql.Selector) { s.OrderBy(s.C("position"), s.C("id")) })
		return nil
	})
}

// positionOrder only orders rows, so edge predicates on agenda items and decisions leave it out
// (tenancy.Orderer).
type positionOrder intercept.Func

func (f positionOrder) Intercept(next ent.Querier) ent.Querier {
	return intercept.Func(f).Intercept(next)
}

// OrdersOnly marks the interceptor as one that filters nothing.
func (positionOrder) OrdersOnly() {}
