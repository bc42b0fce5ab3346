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

// Company is one ISMS workspace: a client company of a consultancy, or the firm itself, with one
// certification scope.
type Company struct{ ent.Schema }

// Mixin of the Company.
func (Company) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CO"}, TimeMixin{}, TenantMixin{Ref: "companies"}, ArchiveMixin{}}
}

// Fields of the Company.
func (Company) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Comment("The company's registered name, as on the certificate.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		// The name in kana (フリガナ) or in English, for sorting and for foreign auditors.
		field.String("alternate_name").Comment("The name in kana (フリガナ) or in English, for sorting and for foreign auditors; null when not given.").
			Optional().
			Nillable().
			MaxLen(200),
		field.String("industry").Comment("The company's line of business, free text; null when not given.").
			Optional().
			Nillable().
			MaxLen(200),
		// The certification scope statement (適用範囲) as it appears on the certificate.
		field.Text("scope_statement").Comment("The certification scope statement (適用範囲) as it appears on the certificate; null until written.").
			Optional().
			Nillable(),
		field.String("certification_body").Comment("The certification body that audits the ISMS (JQA, BSI); null before certification.").
			Optional().
			Nillable().
			MaxLen(200),
		field.String("certificate_number").Comment("The number of the ISO/IEC 27001 certificate; null before certification.").
			Optional().
			Nillable().
			MaxLen(100),
		withComment(dateField("certificate_expires_on", "CERTIFICATE_EXPIRES_ON"), "The day the certificate expires; null before certification."),
		withComment(dateField("next_audit_on", "NEXT_AUDIT_ON"), "The day of the next certification or surveillance audit; null when not planned."),
		field.Enum("incident_routing").Comment("Where the company's incident reports go first: the one channel everyone is told (setIncidentRouting).").
			Annotations(describeEnum("Where a company's incident reports go first.",
				"VIA_SECRETARIAT", "To the secretariat's triage queue (the holder of the INCIDENT_DESK responsibility).",
				"TO_RISK_OWNER", "Straight to the owner of the risks of the affected assets; to the secretariat when there is none.")).
			Values("VIA_SECRETARIAT", "TO_RISK_OWNER").
			Default("VIA_SECRETARIAT"),
		// The company's data version: one more with each transaction that writes the company's
		// records, in that transaction (the audit trail's hook, internal/auditlog). Cached figures
		// are kept under it (internal/portfolio), so a read after a write never finds them.
		field.Int64("data_version").
			Default(0).
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Company.
func (Company) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sites", Site.Type).Comment("The company's sites (offices, plants, data centres).").
			Annotations(entgql.RelayConnection()),
		edge.To("departments", Department.Type).Comment("The company's departments.").
			Annotations(entgql.RelayConnection()),
		edge.To("accesses", CompanyAccess.Type).Comment("The grants that give members with a company-scoped role (CONSULTANT, SECRETARIAT, MEMBER, AUDITOR) this company; OWNER and ADMIN reach it without one.").
			Annotations(entgql.RelayConnection()),
		edge.To("committee_members", CommitteeMember.Type).Comment("The members of the company's information security committee."),
		edge.To("secretariat_assignments", SecretariatAssignment.Type).Comment("The responsibilities of the company's ISMS secretariat and who holds them."),
		edge.To("department_representatives", DepartmentRepresentative.Type).Comment("The people who speak for each department towards the secretariat."),
		edge.To("documents", Document.Type).Comment("The company's controlled documents.").
			Annotations(entgql.RelayConnection()),
		edge.To("tasks", Task.Type).Comment("The company's ISMS tasks.").
			Annotations(entgql.RelayConnection()),
		edge.To("meetings", Meeting.Type).Comment("The company's committee, secretariat and management review meetings.").
			Annotations(entgql.RelayConnection()),
		edge.To("control_implementations", ControlImplementation.Type).Comment("The rows of the company's Statement of Applicability, one per Annex A control that has been assessed."),
		edge.To("assets", Asset.Type).Comment("The company's information-asset inventory.").
			Annotations(entgql.RelayConnection()),
		edge.To("risks", Risk.Type).Comment("The company's risk register.").
			Annotations(entgql.RelayConnection()),
		edge.To("audit_programmes", AuditProgramme.Type).Comment("The company's audit programmes, one per period.").
			Annotations(entgql.RelayConnection()),
		edge.To("audits", Audit.Type).Comment("The company's internal and certification audits.").
			Annotations(entgql.RelayConnection()),
		edge.To("findings", Finding.Type).Comment("The company's findings, from audits, incidents or raised directly.").
			Annotations(entgql.RelayConnection()),
		edge.To("incidents", Incident.Type).Comment("The company's incidents: a MEMBER reads only those it reported.").
			Annotations(entgql.RelayConnection()),
		edge.To("incident_deadlines", IncidentDeadline.Type).Comment("The reporting deadlines of the company's incidents.").
			Annotations(entgql.RelayConnection()),
		edge.To("training_courses", TrainingCourse.Type).Comment("The company's training courses and drills.").
			Annotations(entgql.RelayConnection()),
		edge.To("training_campaigns", TrainingCampaign.Type).Comment("The company's training campaigns.").
			Annotations(entgql.RelayConnection()),
		edge.To("training_assignments", TrainingAssignment.Type).Comment("The company's training assignments: a MEMBER reads only its own.").
			Annotations(entgql.RelayConnection()),
		edge.To("checklists", CompanyChecklist.Type).Comment("The company's own standard checklists, copied from the organization's checklist templates.").
			Annotations(entgql.RelayConnection()),
		edge.To("baseline_adoptions", BaselineAdoption.Type).Comment("The baselines the company and its sites run.").
			Annotations(entgql.RelayConnection()),
		edge.To("template_applications", TemplateApplication.Type).Comment("The template set versions applied to the company, oldest first by default: the one it was set up from and those pushed to it.").
			Annotations(entgql.RelayConnection()),
		// Records reached through a parent (an incident's events, an audit's departments, a
		// document's versions…) have no edge here: they use CompanyMixin{Unlisted: true}.
	}
}

// Indexes of the Company.
func (Company) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "name"),
	}
}

// Annotations of the Company.
func (Company) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A client company: one ISMS workspace with one certification scope. For a consultancy each client is a company; a firm running its own ISMS has one. Every ISMS record (documents, risks, tasks, meetings, the Statement of Applicability) belongs to one company."), entgql.RelayConnection(), entgql.QueryField().Description("The companies of the organization that the viewer reaches: every one for OWNER and ADMIN, the granted ones for the other roles.")}
}

// dateField is an optional calendar date, stored as SQL DATE, exposed as the Date scalar and
// usable as a sort key under orderField.
func dateField(name, orderField string) ent.Field {
	return field.String(name).
		GoType(date.Date{}).
		SchemaType(map[string]string{"postgres": "date", "sqlite3": "date"}).
		Optional().
		Nillable().
		Annotations(entgql.Type("Date"), entgql.OrderField(orderField))
}

// Site is a location of a company (拠点): an office, a plant, a data centre.
type Site struct{ ent.Schema }

// Mixin of the Site.
func (Site) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "SI"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "sites"}, ArchiveMixin{}}
}

// Fields of the Site.
func (Site) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Comment("The site's name.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("address").Comment("The site's postal address; null when not given.").
			Optional().
			Nillable().
			MaxLen(500),
		field.Int("headcount").Comment("How many people work at the site; null when not given.").
			Optional().
			Nillable().
			NonNegative().
			Annotations(entgql.OrderField("HEADCOUNT")),
	}
}

// Edges of the Site.
func (Site) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("departments", Department.Type).Comment("The departments at the site.").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of the Site.
func (Site) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A location of a company (拠点): an office, a plant, a data centre."), entgql.RelayConnection()}
}

// Department is an organisational unit of a company (部署), optionally at one site.
type Department struct{ ent.Schema }

// Mixin of the Department.
func (Department) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DE"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "departments"}, ArchiveMixin{}}
}

// Fields of the Department.
func (Department) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Comment("The department's name, as used in the company.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("site_id").Comment("The site the department works at; null when it spans sites or none is given.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		// The department head (部門長), a user of the organization.
		field.String("head_id").Comment("The department head (部門長), a user of the organization; null when not given.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Department.
func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("site", Site.Type).Comment("The site the department works at; null when none is given.").
			Ref("departments").
			Field("site_id").
			Unique(),
		edge.To("head", User.Type).Comment("The department head (部門長); null when not given.").
			Field("head_id").
			Unique(),
	}
}

// Annotations of the Department.
func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An organisational unit of a company (部署), optionally at one site, with a head and a representative towards the secretariat."), entgql.RelayConnection()}
}
