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

// ControlImplementation is one row of a company's Statement of Applicability (適用宣言書): an
// Annex A control (by its reference in the embedded catalogue, such as "5.1"), whether it
// applies and why, how far it is implemented, who owns it, the evidence, when it was reviewed.
type ControlImplementation struct{ ent.Schema }

// Mixin of the ControlImplementation.
func (ControlImplementation) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CI"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "control_implementations"}}
}

// Fields of the ControlImplementation.
func (ControlImplementation) Fields() []ent.Field {
	return []ent.Field{
		field.String("control_ref").Comment("The control's reference in the Annex A catalogue (\"5.1\", \"8.24\"); one row per control and company, never changed.").NotEmpty().MaxLen(10).Immutable().
			Annotations(entgql.OrderField("CONTROL_REF")),
		field.Bool("applicable").Comment("Whether the control is included in the ISMS; an excluded control needs a justification.").Default(true),
		// Why the control is included, or why it is excluded (required when excluded).
		field.Text("justification").Comment("Why the control is included or, required when it is excluded, why not; null when not written.").Optional().Nillable(),
		field.Enum("implementation_status").Comment("How far the control is implemented.").Annotations(describeEnum("How far a Statement of Applicability control is implemented.", "NOT_STARTED", "Nothing is in place yet.", "PLANNED", "Implementation is planned (a task or a treatment plan) but not begun.", "PARTIAL", "Partly in place.", "IMPLEMENTED", "In place and in operation.")).
			Values("NOT_STARTED", "PLANNED", "PARTIAL", "IMPLEMENTED").
			Default("NOT_STARTED"),
		field.String("owner_id").Comment("The user responsible for the control; null when nobody is named.").GoType(pulid.ID("")).Optional().Nillable(),
		field.Text("evidence_note").Comment("Where the evidence of the control is and what it is, free text; null when not written.").Optional().Nillable(),
		withComment(dateField("last_reviewed_on", "LAST_REVIEWED_ON"), "The day the row was last reviewed; null before its first review."),
	}
}

// Edges of the ControlImplementation.
func (ControlImplementation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", User.Type).Comment("The user responsible for the control; null when nobody is named or the viewer may not see the user.").Field("owner_id").Unique(),
		edge.To("document_links", SoaDocumentLink.Type).Comment("The links to the documents that implement or evidence the control."),
	}
}

// Indexes of the ControlImplementation: one row per control and company.
func (ControlImplementation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "control_ref").Unique()}
}

// Annotations of the ControlImplementation.
func (ControlImplementation) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One row of a company's Statement of Applicability (適用宣言書): an ISO/IEC 27001 Annex A control, whether it applies and why, how far it is implemented, who owns it, the evidence and the last review."), entgql.RelayConnection()}
}

// SoaDocumentLink links a Statement of Applicability row to a document that implements or
// evidences the control.
type SoaDocumentLink struct{ ent.Schema }

// Mixin of the SoaDocumentLink.
func (SoaDocumentLink) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "SL"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "soa_document_links", Unlisted: true}}
}

// Fields of the SoaDocumentLink.
func (SoaDocumentLink) Fields() []ent.Field {
	return []ent.Field{
		field.String("control_implementation_id").Comment("The Statement of Applicability row.").GoType(pulid.ID("")).Immutable(),
		field.String("document_id").Comment("The linked document.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the SoaDocumentLink.
func (SoaDocumentLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("control_implementation", ControlImplementation.Type).Comment("The Statement of Applicability row.").Ref("document_links").
			Field("control_implementation_id").Unique().Required().Immutable(),
		edge.To("document", Document.Type).Comment("The linked document.").Field("document_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SoaDocumentLink.
func (SoaDocumentLink) Indexes() []ent.Index {
	return []ent.Index{index.Fields("control_implementation_id", "document_id").Unique()}
}

// Annotations of the SoaDocumentLink.
func (SoaDocumentLink) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A link from a Statement of Applicability row to a controlled document that implements or evidences its control."), entgql.RelayConnection()}
}
