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
		field.Enum("kind").Comment("What sort of meeting it is.").Annotations(describeEnum("What sort of ISMS meeting a meeting is.", "COMMITTEE", "A meeting of the information security committee (委員会).", "SECRETARIAT_REGULAR", "A regular meeting of the ISMS secretariat (事務局定例).", "MANAGEMENT_REVIEW", "A management review (マネジメントレビュー, clause 9.3).", "OTHER", "Any other meeting.")).
			Values("COMMITTEE", "SECRETARIAT_REGULAR", "MANAGEMENT_REVIEW", "OTHER").
			Immutable(),
		field.String("title").Comment("The meeting's title.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Time("scheduled_at").Comment("When the meeting is planned to start.").
			Annotations(entgql.OrderField("SCHEDULED_AT")),
		field.String("location").Comment("Where the meeting takes place (a room, an address); null when online only or not given.").
			Optional().
			Nillable().
			MaxLen(300),
		field.String("online_url").Comment("The link to join online; null for an in-person meeting.").
			Optional().
			Nillable().
			MaxLen(2000),
		field.Enum("status").Comment("Whether the meeting is still to come, was held or was canceled.").Annotations(describeEnum("Whether a meeting is still to come, was held or was canceled.", "SCHEDULED", "Planned, not held yet.", "HELD", "Held; minutes and attendance can be recorded.", "CANCELED", "Will not take place.")).
			Values("SCHEDULED", "HELD", "CANCELED").
			Default("SCHEDULED"),
		field.Text("minutes").Comment("The minutes (議事録) as Markdown; null until written.").
			Optional(),
		field.Time("held_at").Comment("When the meeting was held; null unless HELD.").
			Optional().
			Nillable(),
		// The previous meeting of the same kind, whose open action items this one follows up.
		field.String("previous_id").Comment("The previous meeting of the same kind, whose open action items this one follows up; null for the first.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		// The MINUTES document version the minutes were published as.
		field.String("minutes_version_id").Comment("The MINUTES document version the minutes were published as; null until published.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Meeting.
func (Meeting) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("attendees", MeetingAttendee.Type).Comment("The people invited, and whether they attended."),
		edge.To("agenda_items", AgendaItem.Type).Comment("The agenda, in order."),
		edge.To("decisions", MeetingDecision.Type).Comment("The decisions (決定事項) recorded at the meeting, in the order recorded."),
		edge.To("action_items", Task.Type).Comment("The tasks the meeting assigned (its action items).").
			Annotations(entgql.RelayConnection()),
		// Several meetings may follow up the same one (one scheduled in between later).
		edge.To("previous", Meeting.Type).Comment("The previous meeting of the same kind, whose open action items this one follows up; null for the first.").Field("previous_id").Unique().Immutable().
			From("followed_by").Comment("The later meetings of the same kind that follow this one up."),
		edge.To("minutes_version", DocumentVersion.Type).Comment("The MINUTES document version the minutes were published as; null until published.").Field("minutes_version_id").Unique(),
	}
}

// Indexes of the Meeting.
func (Meeting) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "kind", "scheduled_at")}
}

// Annotations of the Meeting.
func (Meeting) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A meeting of a company's ISMS: a security committee meeting, a regular secretariat meeting or a management review (ISO/IEC 27001 clause 9.3), with its agenda, attendees, minutes, decisions and action items (tasks)."), entgql.RelayConnection()}
}

// MeetingAttendee is a person invited to a meeting, and whether they attended.
type MeetingAttendee struct{ ent.Schema }

// Mixin of the MeetingAttendee.
func (MeetingAttendee) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "MA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "meeting_attendees", Unlisted: true}}
}

// Fields of the MeetingAttendee.
func (MeetingAttendee) Fields() []ent.Field {
	return []ent.Field{
		field.String("meeting_id").Comment("The meeting.").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").Comment("The invited user.").GoType(pulid.ID("")).Immutable(),
		field.Bool("attended").Comment("Whether the person attended; null until attendance is recorded.").Optional().Nillable(),
	}
}

// Edges of the MeetingAttendee.
func (MeetingAttendee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Comment("The meeting.").Ref("attendees").Field("meeting_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Comment("The invited user.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the MeetingAttendee.
func (MeetingAttendee) Indexes() []ent.Index {
	return []ent.Index{index.Fields("meeting_id", "user_id").Unique()}
}

// Annotations of the MeetingAttendee.
func (MeetingAttendee) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A person invited to a meeting, and whether they attended."), entgql.RelayConnection()}
}

// AgendaItem is one item of a meeting's agenda, in order, with its presenter. A follow-up item
// points at an open action item of the previous meeting of the same kind.
type AgendaItem struct{ ent.Schema }

// Mixin of the AgendaItem.
func (AgendaItem) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AI"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "agenda_items", Unlisted: true}}
}

// Fields of the AgendaItem.
func (AgendaItem) Fields() []ent.Field {
	return []ent.Field{
		field.String("meeting_id").Comment("The meeting whose agenda this is.").GoType(pulid.ID("")).Immutable(),
		field.Int("position").Comment("The item's place in the agenda, from 0.").NonNegative(),
		field.String("title").Comment("What the item is about, up to 300 characters.").NotEmpty().MaxLen(300),
		field.String("presenter_id").Comment("The user who presents the item; null when nobody is named.").GoType(pulid.ID("")).Optional().Nillable(),
		field.Text("notes").Comment("Notes on the item; null when none.").Optional().Nillable(),
		field.String("follow_up_task_id").Comment("The previous meeting's action item that this item follows up; null for an ordinary item.").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("document_version_id").Comment("The document version the item presents (an improvement report, an audit report, a policy for approval); null when none.").GoType(pulid.ID("")).Optional().Nillable(),
	}
}

// Edges of the AgendaItem.
func (AgendaItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Comment("The meeting whose agenda this is.").Ref("agenda_items").Field("meeting_id").Unique().Required().Immutable(),
		edge.To("presenter", User.Type).Comment("The user who presents the item; null when nobody is named.").Field("presenter_id").Unique(),
		edge.To("follow_up_task", Task.Type).Comment("The previous meeting's action item that this item follows up; null for an ordinary item.").Field("follow_up_task_id").Unique().Immutable(),
		edge.To("document_version", DocumentVersion.Type).Comment("The document version the item presents; null when none.").Field("document_version_id").Unique(),
	}
}

// Interceptors of the AgendaItem: an agenda reads in its order.
func (AgendaItem) Interceptors() []ent.Interceptor { return []ent.Interceptor{inPositionOrder()} }

// Annotations of the AgendaItem.
func (AgendaItem) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One item of a meeting's agenda, in order, with its presenter. A follow-up item points at an open action item of the previous meeting of the same kind."), entgql.RelayConnection()}
}

// MeetingDecision is a decision recorded at a meeting (決定事項).
type MeetingDecision struct{ ent.Schema }

// Mixin of the MeetingDecision.
func (MeetingDecision) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "MD"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "meeting_decisions", Unlisted: true}}
}

// Fields of the MeetingDecision.
func (MeetingDecision) Fields() []ent.Field {
	return []ent.Field{
		field.String("meeting_id").Comment("The meeting the decision was taken at.").GoType(pulid.ID("")).Immutable(),
		field.Int("position").Comment("The decision's place among the meeting's decisions, from 0.").NonNegative(),
		field.Text("text").Comment("What was decided.").NotEmpty(),
	}
}

// Edges of the MeetingDecision.
func (MeetingDecision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("meeting", Meeting.Type).Comment("The meeting the decision was taken at.").Ref("decisions").Field("meeting_id").Unique().Required().Immutable(),
	}
}

// Interceptors of the MeetingDecision: decisions read in the order they were recorded.
func (MeetingDecision) Interceptors() []ent.Interceptor { return []ent.Interceptor{inPositionOrder()} }

// Annotations of the MeetingDecision.
func (MeetingDecision) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A decision recorded at a meeting (決定事項)."), entgql.RelayConnection()}
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
