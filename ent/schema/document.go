package schema

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "secretariat/ent"
	"secretariat/ent/documentversion"
	"secretariat/ent/hook"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// Document is a controlled document of a company's ISMS (文書管理): a policy, procedure, manual,
// standard, record template, risk assessment, SoA or minutes. Its content lives in versions;
// exactly one approved version is current.
type Document struct{ ent.Schema }

// Mixin of the Document.
func (Document) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DO"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "documents"}, ArchiveMixin{}}
}

// Fields of the Document.
func (Document) Fields() []ent.Field {
	return []ent.Field{
		// The document number, unique in the company (ISMS-P-001).
		field.String("code").
			NotEmpty().
			MaxLen(50).
			Annotations(entgql.OrderField("CODE")),
		field.String("title").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("kind").
			Values("POLICY", "PROCEDURE", "MANUAL", "STANDARD", "RECORD_TEMPLATE", "RISK_ASSESSMENT", "SOA", "MINUTES", "OTHER").
			Annotations(entgql.OrderField("KIND")),
		// A folder path for browsing (規程/情報セキュリティ).
		field.String("folder").
			Optional().
			MaxLen(300),
		field.Enum("classification").
			Values("PUBLIC", "INTERNAL", "CONFIDENTIAL", "SECRET").
			Default("INTERNAL"),
		field.String("owner_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		// Months between reviews; the next review date moves by it at each approval.
		field.Int("review_interval_months").
			Range(1, 60).
			Default(12),
		dateField("next_review_on", "NEXT_REVIEW_ON"),
		// Staff must acknowledge the current version (周知・確認).
		field.Bool("requires_acknowledgement").
			Default(false),
		field.String("current_version_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Document.
func (Document) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", User.Type).Field("owner_id").Unique(),
		edge.To("versions", DocumentVersion.Type),
		edge.To("current_version", DocumentVersion.Type).Field("current_version_id").Unique(),
	}
}

// Indexes of the Document.
func (Document) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "code").Unique()}
}

// Annotations of the Document.
func (Document) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// DocumentVersion is one version of a document: a Markdown body, an attached file or both.
// Once submitted for review it is immutable; it moves DRAFT → IN_REVIEW → APPROVED (or REJECTED),
// and an approved version becomes SUPERSEDED when a later one is approved.
type DocumentVersion struct{ ent.Schema }

// Mixin of the DocumentVersion.
func (DocumentVersion) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DV"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "document_versions"}}
}

// Fields of the DocumentVersion.
func (DocumentVersion) Fields() []ent.Field {
	return []ent.Field{
		field.String("document_id").GoType(pulid.ID("")).Immutable(),
		field.Int("major").NonNegative(),
		field.Int("minor").NonNegative(),
		field.Text("body").Optional(),
		// The attached file, kept in the blob store under file_key.
		field.String("file_key").Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("file_name").Optional().MaxLen(255),
		field.String("file_content_type").Optional().MaxLen(200),
		field.Int64("file_size").Optional().NonNegative(),
		field.String("file_sha256").Optional().MaxLen(64),
		field.String("change_summary").Optional().MaxLen(2000),
		field.String("author_id").GoType(pulid.ID("")).Immutable(),
		field.Enum("status").
			Values("DRAFT", "IN_REVIEW", "APPROVED", "REJECTED", "SUPERSEDED").
			Default("DRAFT"),
		field.Time("submitted_at").Optional().Nillable(),
		field.String("decided_by_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.Time("decided_at").Optional().Nillable(),
		field.String("rejection_reason").Optional().MaxLen(2000),
	}
}

// Edges of the DocumentVersion.
func (DocumentVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("document", Document.Type).Ref("versions").Field("document_id").Unique().Required().Immutable(),
		edge.To("author", User.Type).Field("author_id").Unique().Required().Immutable(),
		edge.To("decided_by", User.Type).Field("decided_by_id").Unique(),
		edge.To("steps", DocumentStep.Type),
		edge.To("acknowledgements", DocumentAcknowledgement.Type),
	}
}

// Indexes of the DocumentVersion. The partial unique indexes hold the workflow's two invariants
// in the database, whatever races the service loses: at most one open (DRAFT or IN_REVIEW)
// version and at most one APPROVED version per document.
func (DocumentVersion) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("document_id", "major", "minor").Unique(),
		index.Fields("document_id").Unique().
			Annotations(entsql.IndexWhere("status = 'DRAFT' OR status = 'IN_REVIEW'")).
			StorageKey("documentversion_one_open_per_document"),
		index.Fields("document_id").Unique().
			Annotations(entsql.IndexWhere("status = 'APPROVED'")).
			StorageKey("documentversion_one_approved_per_document"),
	}
}

// Hooks of the DocumentVersion: a version's content is frozen once it leaves DRAFT. The documents
// service refuses such edits first with a clearer message; this is the backstop for any other
// writer.
func (DocumentVersion) Hooks() []ent.Hook {
	return []ent.Hook{hook.On(freezeSubmittedContent, ent.OpUpdate|ent.OpUpdateOne)}
}

// versionContent are the fields that make up what was reviewed and approved.
var versionContent = []string{
	documentversion.FieldMajor, documentversion.FieldMinor, documentversion.FieldBody,
	documentversion.FieldFileKey, documentversion.FieldFileName, documentversion.FieldFileContentType,
	documentversion.FieldFileSize, documentversion.FieldFileSha256, documentversion.FieldChangeSummary,
}

func freezeSubmittedContent(next ent.Mutator) ent.Mutator {
	return hook.DocumentVersionFunc(func(ctx context.Context, m *gen.DocumentVersionMutation) (ent.Value, error) {
		touched := false
		for _, f := range versionContent {
			if _, set := m.Field(f); set || m.FieldCleared(f) {
				touched = true
			}
		}
		if !touched {
			return next.Mutate(ctx, m)
		}
		if !m.Op().Is(ent.OpUpdateOne) {
			return nil, apperr.Conflict(apperr.InvalidTransition, "the content of a document version is edited one version at a time", "文書の版の内容は1版ずつ編集してください")
		}
		status, err := m.OldStatus(ctx)
		if err != nil {
			return nil, err
		}
		if status != documentversion.StatusDRAFT {
			return nil, apperr.Conflict(apperr.InvalidTransition,
				fmt.Sprintf("the version is %s: only a DRAFT version can be edited", status),
				fmt.Sprintf("この版は%sです。編集できるのは下書き（DRAFT）の版のみです", status))
		}
		return next.Mutate(ctx, m)
	})
}

// Annotations of the DocumentVersion.
func (DocumentVersion) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// DocumentStep is one step of a version's history: who did what, when.
type DocumentStep struct{ ent.Schema }

// Mixin of the DocumentStep.
func (DocumentStep) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DS"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "document_steps"}}
}

// Fields of the DocumentStep.
func (DocumentStep) Fields() []ent.Field {
	return []ent.Field{
		field.String("version_id").GoType(pulid.ID("")).Immutable(),
		field.Enum("action").
			Values("DRAFTED", "EDITED", "SUBMITTED", "APPROVED", "REJECTED", "SUPERSEDED").
			Immutable(),
		field.String("actor_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("comment").Optional().MaxLen(2000).Immutable(),
	}
}

// Edges of the DocumentStep.
func (DocumentStep) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("version", DocumentVersion.Type).Ref("steps").Field("version_id").Unique().Required().Immutable(),
		edge.To("actor", User.Type).Field("actor_id").Unique().Immutable(),
	}
}

// Annotations of the DocumentStep.
func (DocumentStep) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// DocumentAcknowledgement records that a person read a version (周知確認).
type DocumentAcknowledgement struct{ ent.Schema }

// Mixin of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "document_acknowledgements"}}
}

// Fields of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Fields() []ent.Field {
	return []ent.Field{
		field.String("version_id").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("version", DocumentVersion.Type).Ref("acknowledgements").Field("version_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the DocumentAcknowledgement: a person acknowledges a version once.
func (DocumentAcknowledgement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("version_id", "user_id").Unique()}
}

// Annotations of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
