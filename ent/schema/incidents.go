package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

// Incident is an information security incident (or event) reported through the company's one
// channel, routed to the secretariat's triage or to the risk owner, and handled through to its
// closure with an append-only timeline.
type Incident struct{ ent.Schema }

// Mixin of the Incident.
func (Incident) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IC"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "incidents"}}
}

// Fields of the Incident.
func (Incident) Fields() []ent.Field {
	return []ent.Field{
		field.Int("number").Comment("The incident's number in its company, from 1, in the order reported.").
			Immutable().
			Annotations(entgql.OrderField("NUMBER")),
		field.String("title").Comment("What happened, in a line.").
			NotEmpty().
			MaxLen(300),
		field.Text("description").Comment("What happened, as the reporter tells it; null when the title says it all.").
			Optional().
			Nillable(),
		field.Enum("category").Comment("What kind of incident it is.").Annotations(describeEnum("What kind of incident an incident is.",
			"MALWARE", "Malware (マルウェア感染).",
			"PHISHING", "Phishing (フィッシング).",
			"LOSS_THEFT", "Loss or theft of a device or of papers (紛失・盗難).",
			"MISDELIVERY", "Mail, e-mail or fax sent to the wrong recipient (誤送信・誤送付).",
			"UNAUTHORIZED_ACCESS", "Unauthorized access (不正アクセス).",
			"OUTAGE", "An outage of a system or service (システム障害).",
			"VULNERABILITY", "A vulnerability found (脆弱性).",
			"POLICY_VIOLATION", "A breach of the company's rules (規程違反).",
			"OTHER", "Anything else.")).
			Values("MALWARE", "PHISHING", "LOSS_THEFT", "MISDELIVERY", "UNAUTHORIZED_ACCESS", "OUTAGE", "VULNERABILITY", "POLICY_VIOLATION", "OTHER").
			Annotations(entgql.OrderField("CATEGORY")),
		field.Time("occurred_at").Comment("When it happened; null when not known.").
			Optional().
			Nillable(),
		field.Time("discovered_at").Comment("When it was discovered: the legal reporting deadlines count from this day.").
			Annotations(entgql.OrderField("DISCOVERED_AT")),
		field.String("site_id").Comment("The site where it happened; null when not tied to one.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.String("department_id").Comment("The department concerned; null when none.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.Bool("personal_data").Comment("Whether personal data is involved: the reporting duties to the Personal Information Protection Commission then apply.").
			Default(false),
		field.Bool("wrongful").Comment("Whether it comes from a wrongful act (an attack, theft): the final report is then due in 60 days instead of 30.").
			Default(false),
		field.JSON("controls", []string{}).Comment("The Annex A controls the incident concerns, in the order of the standard.").
			Optional(),
		field.String("reporter_id").Comment("Who reported it.").
			GoType(pulid.ID("")).
			Immutable(),
		field.Enum("routing").Comment("Where the company's rule sent the report.").Annotations(describeEnum("Where a company's incident reports go first.",
			"VIA_SECRETARIAT", "To the secretariat's triage queue (the holder of the INCIDENT_DESK responsibility).",
			"TO_RISK_OWNER", "Straight to the owner of the risks of the affected assets; to the secretariat when there is none.")).
			Values("VIA_SECRETARIAT", "TO_RISK_OWNER").
			Immutable(),
		field.String("assignee_id").Comment("Who handles the incident; null when the company has nobody at its incident desk.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.String("task_id").Comment("The assignee's task (source INCIDENT); null when nobody handles it.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.Enum("severity").Comment("How serious it is, set at triage; null before.").Annotations(describeEnum("How serious an incident is.",
			"LOW", "Low: no harm done, or harm contained at once.",
			"MEDIUM", "Medium: limited harm.",
			"HIGH", "High: serious harm to the business or to the people whose data it is.",
			"CRITICAL", "Critical: the business or many people are harmed.")).
			Values("LOW", "MEDIUM", "HIGH", "CRITICAL").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("SEVERITY")),
		field.Enum("status").Comment("Where the incident is.").Annotations(describeEnum("Where an incident is: REPORTED → TRIAGED → CONTAINED → RESOLVED → CLOSED, or REJECTED as not an incident.",
			"REPORTED", "Reported, waiting for triage (the default).",
			"TRIAGED", "Triaged: severity set, handling under way.",
			"CONTAINED", "The harm is contained (封じ込め).",
			"RESOLVED", "The cause is removed and the service restored.",
			"CLOSED", "Closed after review.",
			"REJECTED", "Not an incident; rejectionReason says why.")).
			Values("REPORTED", "TRIAGED", "CONTAINED", "RESOLVED", "CLOSED", "REJECTED").
			Default("REPORTED").
			Annotations(entgql.OrderField("STATUS")),
		field.String("rejection_reason").Comment("Why it is not an incident; null unless REJECTED.").
			Optional().
			Nillable().
			MaxLen(2000),
		field.Time("triaged_at").Comment("When it was triaged; null before.").Optional().Nillable(),
		field.Time("contained_at").Comment("When it was contained; null before.").Optional().Nillable(),
		field.Time("resolved_at").Comment("When it was resolved; null before.").Optional().Nillable(),
		field.Time("closed_at").Comment("When it was closed or rejected; null before.").Optional().Nillable(),
	}
}

// Edges of the Incident.
func (Incident) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("reporter", User.Type).Comment("Who reported it.").Field("reporter_id").Unique().Required().Immutable(),
		edge.To("assignee", User.Type).Comment("Who handles it; null when nobody does.").Field("assignee_id").Unique(),
		edge.To("site", Site.Type).Comment("The site where it happened; null when none.").Field("site_id").Unique(),
		edge.To("department", Department.Type).Comment("The department concerned; null when none.").Field("department_id").Unique(),
		edge.To("task", Task.Type).Comment("The assignee's task; null when nobody handles it.").Field("task_id").Unique(),
		edge.To("timeline", IncidentEvent.Type).Comment("What happened to the incident, oldest first: steps, comments and actions, never changed."),
		edge.To("asset_links", IncidentAsset.Type).Comment("The assets affected."),
		edge.To("risk_links", IncidentRisk.Type).Comment("The risks the incident raised or updated."),
		edge.To("deadlines", IncidentDeadline.Type).Comment("The reporting deadlines the law sets for it, earliest first."),
		edge.To("findings", Finding.Type).Comment("The findings raised from it for corrective action."),
	}
}

// Indexes of the Incident.
func (Incident) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "number").Unique(), index.Fields("company_id", "status"), index.Fields("reporter_id")}
}

// Annotations of the Incident.
func (Incident) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An information security incident reported through the company's one channel: routed to the secretariat's triage or to the risk owner, triaged, contained, resolved and closed (or rejected), with an append-only timeline, links to assets, risks, controls and findings, and the reporting deadlines the law sets."), entgql.RelayConnection()}
}

// IncidentEvent is one entry of an incident's timeline; entries are never changed or removed.
type IncidentEvent struct{ ent.Schema }

// Mixin of the IncidentEvent.
func (IncidentEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IE"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "incident_events", Unlisted: true}}
}

// Fields of the IncidentEvent.
func (IncidentEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("incident_id").Comment("The incident.").GoType(pulid.ID("")).Immutable(),
		field.Enum("kind").Comment("What the entry records.").Annotations(describeEnum("What an entry of an incident's timeline records.",
			"REPORTED", "The report.",
			"TRIAGED", "The triage: severity and handler.",
			"STATUS", "A step of the workflow (contained, resolved, closed).",
			"REJECTED", "The decision that it is not an incident.",
			"COMMENT", "A comment.",
			"ACTION", "An action taken.",
			"LINKED", "Risks or controls linked.",
			"REPORT_FILED", "A report filed with the authority.")).
			Values("REPORTED", "TRIAGED", "STATUS", "REJECTED", "COMMENT", "ACTION", "LINKED", "REPORT_FILED").
			Immutable(),
		field.Text("text").Comment("What the entry says; null when the kind says it all.").
			Optional().
			Nillable().
			Immutable(),
		field.String("actor_id").Comment("Who made the entry.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the IncidentEvent.
func (IncidentEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("incident", Incident.Type).Comment("The incident.").Ref("timeline").Field("incident_id").Unique().Required().Immutable(),
		edge.To("actor", User.Type).Comment("Who made the entry.").Field("actor_id").Unique().Required().Immutable(),
	}
}

// Indexes of the IncidentEvent.
func (IncidentEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("incident_id", "created_at")}
}

// Annotations of the IncidentEvent.
func (IncidentEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One entry of an incident's timeline, by whom and when; entries are never changed or removed.")}
}

// IncidentAsset names an asset an incident affected.
type IncidentAsset struct{ ent.Schema }

// Mixin of the IncidentAsset.
func (IncidentAsset) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "incident_assets", Unlisted: true}}
}

// Fields of the IncidentAsset.
func (IncidentAsset) Fields() []ent.Field {
	return []ent.Field{
		field.String("incident_id").Comment("The incident.").GoType(pulid.ID("")).Immutable(),
		field.String("asset_id").Comment("The asset affected.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the IncidentAsset.
func (IncidentAsset) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("incident", Incident.Type).Comment("The incident.").Ref("asset_links").Field("incident_id").Unique().Required().Immutable(),
		edge.To("asset", Asset.Type).Comment("The asset affected.").Field("asset_id").Unique().Required().Immutable(),
	}
}

// Indexes of the IncidentAsset.
func (IncidentAsset) Indexes() []ent.Index {
	return []ent.Index{index.Fields("incident_id", "asset_id").Unique()}
}

// Annotations of the IncidentAsset.
func (IncidentAsset) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An asset an incident affected.")}
}

// IncidentRisk links an incident to a risk it raised or updated.
type IncidentRisk struct{ ent.Schema }

// Mixin of the IncidentRisk.
func (IncidentRisk) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IK"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "incident_risks", Unlisted: true}}
}

// Fields of the IncidentRisk.
func (IncidentRisk) Fields() []ent.Field {
	return []ent.Field{
		field.String("incident_id").Comment("The incident.").GoType(pulid.ID("")).Immutable(),
		field.String("risk_id").Comment("The risk.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the IncidentRisk.
func (IncidentRisk) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("incident", Incident.Type).Comment("The incident.").Ref("risk_links").Field("incident_id").Unique().Required().Immutable(),
		edge.To("risk", Risk.Type).Comment("The risk the incident raised or updated.").Field("risk_id").Unique().Required().Immutable(),
	}
}

// Indexes of the IncidentRisk.
func (IncidentRisk) Indexes() []ent.Index {
	return []ent.Index{index.Fields("incident_id", "risk_id").Unique()}
}

// Annotations of the IncidentRisk.
func (IncidentRisk) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A risk an incident raised or updated.")}
}

// IncidentDeadline is a reporting duty the law sets for an incident: which regime, which report,
// due when, and when it was filed.
type IncidentDeadline struct{ ent.Schema }

// Mixin of the IncidentDeadline.
func (IncidentDeadline) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DL"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "incident_deadlines"}}
}

// Fields of the IncidentDeadline.
func (IncidentDeadline) Fields() []ent.Field {
	return []ent.Field{
		field.String("incident_id").Comment("The incident.").GoType(pulid.ID("")).Immutable(),
		field.String("regime").Comment("The law or rule that sets the duty (JP_APPI: Japan's Act on the Protection of Personal Information).").
			NotEmpty().
			MaxLen(50).
			Immutable(),
		field.Enum("kind").Comment("Which report is due.").Annotations(describeEnum("Which report a reporting duty asks for.",
			"PRELIMINARY", "The preliminary report (速報), due promptly.",
			"FINAL", "The final report (確報).")).
			Values("PRELIMINARY", "FINAL").
			Immutable(),
		field.String("due_on").Comment("The last day the report may be filed (Japan's calendar).").
			GoType(date.Date{}).
			SchemaType(map[string]string{"postgres": "date", "sqlite3": "date"}).
			Annotations(entgql.Type("Date"), entgql.OrderField("DUE_ON")),
		withComment(dateField("filed_on", "FILED_ON"), "The day the report was filed; null while it is due."),
		field.String("task_id").Comment("The task that tracks the report; null when nobody handles the incident.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the IncidentDeadline.
func (IncidentDeadline) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("incident", Incident.Type).Comment("The incident.").Ref("deadlines").Field("incident_id").Unique().Required().Immutable(),
		edge.To("task", Task.Type).Comment("The task that tracks the report; null when nobody handles the incident.").Field("task_id").Unique(),
	}
}

// Indexes of the IncidentDeadline.
func (IncidentDeadline) Indexes() []ent.Index {
	return []ent.Index{index.Fields("incident_id", "kind").Unique(), index.Fields("company_id", "due_on")}
}

// Annotations of the IncidentDeadline.
func (IncidentDeadline) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A reporting duty the law sets for an incident (the preliminary and final reports to the Personal Information Protection Commission when personal data is involved): due on a day, filed on a day."), entgql.RelayConnection()}
}
