package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/date"
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
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		// The name in kana (フリガナ) or in English, for sorting and for foreign auditors.
		field.String("alternate_name").
			Optional().
			MaxLen(200),
		field.String("industry").
			Optional().
			MaxLen(200),
		// The certification scope statement (適用範囲) as it appears on the certificate.
		field.Text("scope_statement").
			Optional(),
		field.String("certification_body").
			Optional().
			MaxLen(200),
		field.String("certificate_number").
			Optional().
			MaxLen(100),
		dateField("certificate_expires_on", "CERTIFICATE_EXPIRES_ON"),
		dateField("next_audit_on", "NEXT_AUDIT_ON"),
	}
}

// Edges of the Company.
func (Company) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sites", Site.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("departments", Department.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("accesses", CompanyAccess.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("committee_members", CommitteeMember.Type),
		edge.To("secretariat_assignments", SecretariatAssignment.Type),
		edge.To("department_representatives", DepartmentRepresentative.Type),
		edge.To("documents", Document.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("tasks", Task.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("meetings", Meeting.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("control_implementations", ControlImplementation.Type),
		edge.To("assets", Asset.Type).
			Annotations(entgql.RelayConnection()),
		edge.To("risks", Risk.Type).
			Annotations(entgql.RelayConnection()),
		// Reached through their parents, not listed per company.
		edge.To("soa_document_links", SoaDocumentLink.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("risk_methods", RiskMethod.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("risk_assets", RiskAsset.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("risk_controls", RiskControl.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("document_versions", DocumentVersion.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("document_steps", DocumentStep.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("document_acknowledgements", DocumentAcknowledgement.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("meeting_attendees", MeetingAttendee.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("agenda_items", AgendaItem.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("meeting_decisions", MeetingDecision.Type).Annotations(entgql.Skip(entgql.SkipAll)),
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
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField()}
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
