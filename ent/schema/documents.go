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
		field.String("code").Comment("The document number, unique in the company (ISMS-P-001).").
			NotEmpty().
			MaxLen(50).
			Annotations(entgql.OrderField("CODE")),
		field.String("title").Comment("The document's title.").
			NotEmpty().
			MaxLen(300).
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("kind").Comment("What sort of document it is.").Annotations(describeEnum("What sort of controlled document a document is.", "POLICY", "A policy (方針), such as the information security policy.", "PROCEDURE", "A procedure (手順書) that says how something is done.", "MANUAL", "A manual (マニュアル).", "STANDARD", "A standard or rule (規程・基準).", "RECORD_TEMPLATE", "A template for records (様式).", "RISK_ASSESSMENT", "A risk assessment report.", "SOA", "A Statement of Applicability (適用宣言書).", "MINUTES", "Meeting minutes, published from a meeting.", "AUDIT_PROGRAMME", "An audit programme (監査プログラム) for a period, published from the audits module.", "AUDIT_REPORT", "An internal audit report (内部監査報告書), drafted when the audit is completed.", "IMPROVEMENT_REPORT", "An improvement report (改善報告書) on a certification audit's findings, for management and the committee.", "OTHER", "Anything else.")).
			Values("POLICY", "PROCEDURE", "MANUAL", "STANDARD", "RECORD_TEMPLATE", "RISK_ASSESSMENT", "SOA", "MINUTES", "AUDIT_PROGRAMME", "AUDIT_REPORT", "IMPROVEMENT_REPORT", "OTHER").
			Annotations(entgql.OrderField("KIND")),
		// A folder path for browsing (規程/情報セキュリティ).
		field.String("folder").Comment("A folder path for browsing, parts separated by / (規程/情報セキュリティ); null at the top.").
			Optional().
			Nillable().
			MaxLen(300),
		field.Enum("classification").Comment("How confidential the document is; INTERNAL unless set.").Annotations(describeEnum("How confidential a document is, which decides who may be given it.", "PUBLIC", "May be published outside the company.", "INTERNAL", "For everyone in the company (the default).", "CONFIDENTIAL", "For the people who need it.", "SECRET", "For named people only.")).
			Values("PUBLIC", "INTERNAL", "CONFIDENTIAL", "SECRET").
			Default("INTERNAL"),
		field.String("owner_id").Comment("The user responsible for the document and its reviews; null when nobody is named.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		// Months between reviews; the next review date moves by it at each approval.
		field.Int("review_interval_months").Comment("Months between reviews, 1 to 60 (12 unless set); nextReviewOn moves by it at each approval.").
			Range(1, 60).
			Default(12),
		withComment(dateField("next_review_on", "NEXT_REVIEW_ON"), "The day the document is next due for review; null before its first approval."),
		// Staff must acknowledge the current version (周知・確認).
		field.Bool("requires_acknowledgement").Comment("Whether staff must acknowledge (周知・確認) each approved version.").
			Default(false),
		field.String("current_version_id").Comment("The approved version in force; null before the first approval.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Document.
func (Document) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", User.Type).Comment("The user responsible for the document; null when nobody is named.").Field("owner_id").Unique(),
		edge.To("versions", DocumentVersion.Type).Comment("Every version of the document, drafts and superseded ones included, oldest first.").
			Annotations(entgql.RelayConnection()),
		edge.To("current_version", DocumentVersion.Type).Comment("The approved version in force; null before the first approval.").Field("current_version_id").Unique(),
	}
}

// Indexes of the Document.
func (Document) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "code").Unique()}
}

// Annotations of the Document.
func (Document) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A controlled document of a company's ISMS (文書管理): a policy, procedure, manual, standard, record template, risk assessment, Statement of Applicability or minutes. Its content lives in versions that go through review and approval; at most one approved version is current."), entgql.RelayConnection()}
}

// DocumentVersion is one version of a document: a Markdown body, an attached file or both.
// Once submitted for review it is immutable; it moves DRAFT → IN_REVIEW → APPROVED (or REJECTED),
// and an approved version becomes SUPERSEDED when a later one is approved.
type DocumentVersion struct{ ent.Schema }

// Mixin of the DocumentVersion.
func (DocumentVersion) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DV"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "document_versions", Unlisted: true}}
}

// Fields of the DocumentVersion.
func (DocumentVersion) Fields() []ent.Field {
	return []ent.Field{
		field.String("document_id").Comment("The document this is a version of.").GoType(pulid.ID("")).Immutable(),
		field.Int("major").Comment("The major version number (the 1 of 1.2), from 0.").NonNegative(),
		field.Int("minor").Comment("The minor version number (the 2 of 1.2), from 0.").NonNegative(),
		field.Text("body").Comment("The content as Markdown; null when the version is only a file.").Optional().Nillable(),
		// The attached file, kept in the blob store under file_key.
		field.String("file_key").Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("file_name").Comment("The attached file's name, up to 255 characters; null without a file.").Optional().Nillable().MaxLen(255),
		field.String("file_content_type").Comment("The attached file's media type (application/pdf); null without a file.").Optional().Nillable().MaxLen(200),
		field.Int64("file_size").Comment("The attached file's size in bytes; null without a file.").Optional().Nillable().NonNegative(),
		field.String("file_sha256").Comment("The hex SHA-256 of the attached file, to check a download; null without a file.").Optional().Nillable().MaxLen(64),
		field.String("change_summary").Comment("What changed from the previous version, up to 2,000 characters; null when not written.").Optional().Nillable().MaxLen(2000),
		field.String("author_id").Comment("The user who drafted the version.").GoType(pulid.ID("")).Immutable(),
		field.Enum("status").Comment("Where the version is in its review.").Annotations(describeEnum("Where a document version is in its review and approval.", "DRAFT", "Being written; its author may still edit it.", "IN_REVIEW", "Submitted and waiting for a decision; no longer editable.", "APPROVED", "Approved: the document's current version.", "REJECTED", "Rejected, with a reason; a new version replaces it.", "SUPERSEDED", "Was approved, then replaced by a later approved version.")).
			Values("DRAFT", "IN_REVIEW", "APPROVED", "REJECTED", "SUPERSEDED").
			Default("DRAFT"),
		field.Time("submitted_at").Comment("When the version was submitted for review; null while a draft.").Optional().Nillable(),
		field.String("decided_by_id").Comment("The user who approved or rejected the version; null until decided.").GoType(pulid.ID("")).Optional().Nillable(),
		field.Time("decided_at").Comment("When the version was approved or rejected; null until decided.").Optional().Nillable(),
		field.String("rejection_reason").Comment("Why the version was rejected, up to 2,000 characters; null unless REJECTED.").Optional().Nillable().MaxLen(2000),
	}
}

// Edges of the DocumentVersion.
func (DocumentVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("document", Document.Type).Comment("The document this is a version of.").Ref("versions").Field("document_id").Unique().Required().Immutable(),
		edge.To("author", User.Type).Comment("The user who drafted the version.").Field("author_id").Unique().Required().Immutable(),
		edge.To("decided_by", User.Type).Comment("The user who approved or rejected the version; null until decided.").Field("decided_by_id").Unique(),
		edge.To("steps", DocumentStep.Type).Comment("The version's history, oldest first: drafted, edited, submitted, approved or rejected, superseded.").
			Annotations(entgql.RelayConnection()),
		edge.To("acknowledgements", DocumentAcknowledgement.Type).Comment("Who acknowledged (周知確認) the version, once approved."),
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
	return []schema.Annotation{schema.Comment("One version of a document: a Markdown body, an attached file or both. It moves DRAFT → IN_REVIEW → APPROVED or REJECTED; once submitted its content no longer changes, and an approved version becomes SUPERSEDED when a later one is approved."), entgql.RelayConnection(),
		// graph/documents.graphqls; documents.Number and documents.DownloadPath.
		Reads{"number": {"major", "minor"}, "downloadURL": {"file_key"}}}
}

// DocumentStep is one step of a version's history: who did what, when.
type DocumentStep struct{ ent.Schema }

// Mixin of the DocumentStep.
func (DocumentStep) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DS"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "document_steps", Unlisted: true}}
}

// Fields of the DocumentStep.
func (DocumentStep) Fields() []ent.Field {
	return []ent.Field{
		field.String("version_id").Comment("The version the step belongs to.").GoType(pulid.ID("")).Immutable(),
		field.Enum("action").Comment("What happened.").Annotations(describeEnum("What happened to a document version in one step of its history.", "DRAFTED", "The version was created.", "EDITED", "The draft was changed.", "SUBMITTED", "The version was submitted for review.", "APPROVED", "The version was approved.", "REJECTED", "The version was rejected.", "SUPERSEDED", "A later approved version replaced it.")).
			Values("DRAFTED", "EDITED", "SUBMITTED", "APPROVED", "REJECTED", "SUPERSEDED").
			Immutable(),
		field.String("actor_id").Comment("The user who took the step; null for the system (supersession).").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.String("comment").Comment("The comment given with the step (the rejection reason, a reviewer's note), up to 2,000 characters; null when none.").Optional().MaxLen(2000).Immutable(),
	}
}

// Edges of the DocumentStep.
func (DocumentStep) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("version", DocumentVersion.Type).Comment("The version the step belongs to.").Ref("steps").Field("version_id").Unique().Required().Immutable(),
		edge.To("actor", User.Type).Comment("The user who took the step; null for the system.").Field("actor_id").Unique().Immutable(),
	}
}

// Annotations of the DocumentStep.
func (DocumentStep) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One step of a document version's history: who did what, when, with an optional comment."), entgql.RelayConnection()}
}

// DocumentAcknowledgement records that a person read a version (周知確認).
type DocumentAcknowledgement struct{ ent.Schema }

// Mixin of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "document_acknowledgements", Unlisted: true}}
}

// Fields of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Fields() []ent.Field {
	return []ent.Field{
		field.String("version_id").Comment("The acknowledged version.").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").Comment("The user who acknowledged it.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("version", DocumentVersion.Type).Comment("The acknowledged version.").Ref("acknowledgements").Field("version_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Comment("The user who acknowledged it.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the DocumentAcknowledgement: a person acknowledges a version once.
func (DocumentAcknowledgement) Indexes() []ent.Index {
	return []ent.Index{index.Fields("version_id", "user_id").Unique()}
}

// Annotations of the DocumentAcknowledgement.
func (DocumentAcknowledgement) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A person's acknowledgement (周知確認) that they read an approved document version."), entgql.RelayConnection()}
}
