package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/audience"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

// TrainingCourse is a course of a company's awareness and training (ISO/IEC 27001 7.2, 7.3): a
// new-joiner course, an all-staff course, a course for a role, or a drill.
type TrainingCourse struct{ ent.Schema }

// Mixin of the TrainingCourse.
func (TrainingCourse) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TC"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "training_courses"}, ArchiveMixin{}}
}

// Fields of the TrainingCourse.
func (TrainingCourse) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Comment("The course's title, e.g. 情報セキュリティ基本方針 新入社員研修.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Comment("What the course covers; null when not written.").
			Optional().
			Nillable(),
		field.Enum("kind").Comment("What sort of course it is.").Annotations(describeEnum("What sort of training a course is.",
			"NEW_HIRE", "For people who join: assigned to each when they join the company.",
			"ALL_STAFF", "For everyone, run as campaigns.",
			"ROLE", "For the people of a role or duty.",
			"DRILL", "A drill (a phishing simulation, a password-change campaign).")).
			Values("NEW_HIRE", "ALL_STAFF", "ROLE", "DRILL").
			Annotations(entgql.OrderField("KIND")),
		field.Enum("drill").Comment("What the drill is; null unless the kind is DRILL.").Annotations(describeEnum("What a drill is.",
			"PHISHING", "A phishing simulation: each person clicked, reported or ignored the mail.",
			"PASSWORD", "A password-change campaign: each person did it or not.",
			"OTHER", "Another drill, done or not.")).
			Values("PHISHING", "PASSWORD", "OTHER").
			Optional().
			Nillable(),
		field.Int("pass_mark").Comment("The score (0 to 100) that passes a scored course; null when the course is not scored.").
			Optional().
			Nillable(),
		field.Int("validity_months").Comment("How many months a completion stays valid (12 for a yearly refresh); null when it does not expire.").
			Optional().
			Nillable(),
		field.Int("due_days").Comment("Days a new joiner has to complete a NEW_HIRE course.").
			Default(14),
	}
}

// Edges of the TrainingCourse.
func (TrainingCourse) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("materials", TrainingMaterial.Type).Comment("The course's materials: versions of the company's documents."),
		edge.To("campaigns", TrainingCampaign.Type).Comment("The campaigns that ran the course.").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of the TrainingCourse.
func (TrainingCourse) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A course of a company's awareness and training (ISO/IEC 27001 7.2, 7.3): for new joiners, for all staff, for a role, or a drill; with its materials, pass mark and validity."), entgql.RelayConnection()}
}

// TrainingMaterial is a document version a course teaches from.
type TrainingMaterial struct{ ent.Schema }

// Mixin of the TrainingMaterial.
func (TrainingMaterial) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TL"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "training_materials", Unlisted: true}}
}

// Fields of the TrainingMaterial.
func (TrainingMaterial) Fields() []ent.Field {
	return []ent.Field{
		field.String("course_id").Comment("The course.").GoType(pulid.ID("")).Immutable(),
		field.String("document_version_id").Comment("The document version taught from.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the TrainingMaterial.
func (TrainingMaterial) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("course", TrainingCourse.Type).Comment("The course.").Ref("materials").Field("course_id").Unique().Required().Immutable(),
		edge.To("document_version", DocumentVersion.Type).Comment("The document version taught from.").Field("document_version_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TrainingMaterial.
func (TrainingMaterial) Indexes() []ent.Index {
	return []ent.Index{index.Fields("course_id", "document_version_id").Unique()}
}

// Annotations of the TrainingMaterial.
func (TrainingMaterial) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A version of a company document that a course teaches from.")}
}

// TrainingCampaign is a run of a course for an audience, due on a day.
type TrainingCampaign struct{ ent.Schema }

// Mixin of the TrainingCampaign.
func (TrainingCampaign) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TP"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "training_campaigns"}}
}

// Fields of the TrainingCampaign.
func (TrainingCampaign) Fields() []ent.Field {
	return []ent.Field{
		field.String("course_id").Comment("The course run.").GoType(pulid.ID("")).Immutable(),
		field.String("title").Comment("The campaign's title, e.g. 2026年度 標的型メール訓練.").
			NotEmpty().
			MaxLen(300),
		field.String("due_on").Comment("The day the assignments are due; people who join before it get the assignment too.").
			GoType(date.Date{}).
			SchemaType(map[string]string{"postgres": "date", "sqlite3": "date"}).
			Annotations(entgql.Type("Date"), entgql.OrderField("DUE_ON")),
		field.JSON("audience", audience.Audience{}).Comment("Who the campaign is for.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the TrainingCampaign.
func (TrainingCampaign) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("course", TrainingCourse.Type).Comment("The course run.").Ref("campaigns").Field("course_id").Unique().Required().Immutable(),
		edge.To("assignments", TrainingAssignment.Type).Comment("One assignment per person of the audience.").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of the TrainingCampaign.
func (TrainingCampaign) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A run of a course for an audience (everyone of the company, sites, departments, roles, named people), due on a day, with one assignment per person."), entgql.RelayConnection()}
}

// TrainingAssignment is a course assigned to one person: due when, completed when, with what
// score, or what the person did in a drill.
type TrainingAssignment struct{ ent.Schema }

// Mixin of the TrainingAssignment.
func (TrainingAssignment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TG"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "training_assignments"}}
}

// Fields of the TrainingAssignment.
func (TrainingAssignment) Fields() []ent.Field {
	return []ent.Field{
		field.String("course_id").Comment("The course.").GoType(pulid.ID("")).Immutable(),
		field.String("campaign_id").Comment("The campaign that assigned it; null for a new joiner's course.").
			GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("user_id").Comment("The person.").GoType(pulid.ID("")).Immutable(),
		field.String("department_id").Comment("The person's department in the company when assigned; null when none is recorded.").
			GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("due_on").Comment("The day it is due.").
			GoType(date.Date{}).
			SchemaType(map[string]string{"postgres": "date", "sqlite3": "date"}).
			Annotations(entgql.Type("Date"), entgql.OrderField("DUE_ON")),
		field.Time("completed_at").Comment("When the person completed it; null while open.").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("COMPLETED_AT")),
		field.Int("score").Comment("The score (0 to 100) of a scored course; null otherwise.").
			Optional().
			Nillable(),
		field.Bool("passed").Comment("Whether the score reached the pass mark; null for a course that is not scored or while open.").
			Optional().
			Nillable(),
		field.Bool("attested").Comment("Whether the person attested having read and understood the materials (受講確認).").
			Default(false),
		field.Enum("drill_result").Comment("What the person did in a phishing drill; null otherwise.").Annotations(describeEnum("What a person did in a phishing drill.",
			"CLICKED", "Opened the link or the attachment.",
			"REPORTED", "Reported the mail to the incident desk without clicking.",
			"IGNORED", "Neither clicked nor reported.")).
			Values("CLICKED", "REPORTED", "IGNORED").
			Optional().
			Nillable(),
		field.String("expires_on").Comment("The day the completion stops being valid (completed plus the course's validity); null while open or when the course does not expire.").
			GoType(date.Date{}).
			SchemaType(map[string]string{"postgres": "date", "sqlite3": "date"}).
			Optional().
			Nillable().
			Annotations(entgql.Type("Date"), entgql.OrderField("EXPIRES_ON")),
		field.Time("renewal_checked_at").Comment("When the renewal of the expiring completion was handled: a new assignment given, or none because the person left or the course was archived or redone. Internal to the renewal sweep.").
			Optional().
			Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("task_id").Comment("The person's task (source TRAINING); null for a drill.").
			GoType(pulid.ID("")).Optional().Nillable(),
	}
}

// Edges of the TrainingAssignment.
func (TrainingAssignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("course", TrainingCourse.Type).Comment("The course.").Field("course_id").Unique().Required().Immutable(),
		edge.From("campaign", TrainingCampaign.Type).Comment("The campaign that assigned it; null for a new joiner's course.").Ref("assignments").Field("campaign_id").Unique().Immutable(),
		edge.To("user", User.Type).Comment("The person.").Field("user_id").Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The person's department when assigned; null when none.").Field("department_id").Unique().Immutable(),
		edge.To("task", Task.Type).Comment("The person's task; null for a drill.").Field("task_id").Unique(),
	}
}

// Indexes of the TrainingAssignment.
func (TrainingAssignment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("campaign_id", "user_id").Unique(), index.Fields("user_id", "due_on"), index.Fields("company_id", "due_on"), index.Fields("renewal_checked_at", "expires_on")}
}

// Annotations of the TrainingAssignment.
func (TrainingAssignment) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A course assigned to one person: due on a day, completed when, with what score and attestation, or what the person did in a drill. A person's assignments are its training history, which the certification auditor reads."), entgql.RelayConnection()}
}
