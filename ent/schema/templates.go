package schema

import (
	"encoding/json"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
)

// TemplateSet is an organization's set of templates for setting up a client company (a
// consultancy's standard kit): document templates, checklist templates, the risk method, the SoA
// defaults, recurring tasks, the meeting cadence and training courses. Its content lives in
// immutable versions.
type TemplateSet struct{ ent.Schema }

// Mixin of the TemplateSet.
func (TemplateSet) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TS"}, TimeMixin{}, TenantMixin{Ref: "template_sets"}, ArchiveMixin{}}
}

// Fields of the TemplateSet.
func (TemplateSet) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Comment("The set's name, e.g. 標準ISMS立上げキット.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").Comment("What the set is for; null when not written.").
			Optional().
			Nillable(),
		field.Int("latest_version").Comment("The number of the set's latest version, from 1.").
			Default(1).
			Annotations(entgql.OrderField("LATEST_VERSION")),
	}
}

// Edges of the TemplateSet.
func (TemplateSet) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("versions", TemplateSetVersion.Type).Comment("The set's versions, each immutable.").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of the TemplateSet.
func (TemplateSet) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An organization's set of templates for setting up a client company: document templates (Markdown with placeholders), checklist templates, the risk method, the SoA defaults, recurring tasks, the meeting cadence and training courses. Its content lives in immutable versions; createCompanyFromTemplate sets a new client up from one, and pushTemplateSetVersion brings a new one to chosen clients as drafts."), entgql.RelayConnection()}
}

// TemplateSetVersion is one immutable version of a template set.
type TemplateSetVersion struct{ ent.Schema }

// Mixin of the TemplateSetVersion.
func (TemplateSetVersion) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TV"}, TimeMixin{}, TenantMixin{}}
}

// Fields of the TemplateSetVersion.
func (TemplateSetVersion) Fields() []ent.Field {
	return []ent.Field{
		field.String("template_set_id").Comment("The set the version belongs to.").
			GoType(pulid.ID("")).
			Immutable(),
		field.Int("number").Comment("The version's number in its set, from 1.").
			Immutable().
			Annotations(entgql.OrderField("NUMBER")),
		field.Text("note").Comment("What changed in this version; null when not written.").
			Optional().
			Nillable().
			Immutable(),
		field.String("published_by_id").Comment("The user who published the version.").
			GoType(pulid.ID("")).
			Immutable().
			Annotations(entgql.Type("ID")),
		field.JSON("content", json.RawMessage{}).Comment("The version's templates, in the form internal/templates keeps.").
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)), // served by graph/templates.graphqls
	}
}

// Edges of the TemplateSetVersion.
func (TemplateSetVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("template_set", TemplateSet.Type).Comment("The set the version belongs to.").
			Ref("versions").Field("template_set_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TemplateSetVersion.
func (TemplateSetVersion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("template_set_id", "number").Unique()}
}

// Annotations of the TemplateSetVersion.
func (TemplateSetVersion) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One immutable version of a template set: what a client set up from it, or pushed it, receives."), entgql.RelayConnection()}
}

// TemplateApplication records that a version of a template set was applied to a client company:
// the company was set up from it, or the version was pushed to it. It is the company's record of
// where its documents came from.
type TemplateApplication struct{ ent.Schema }

// Mixin of the TemplateApplication.
func (TemplateApplication) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "TU"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "template_applications"}}
}

// Fields of the TemplateApplication.
func (TemplateApplication) Fields() []ent.Field {
	return []ent.Field{
		field.String("template_set_version_id").Comment("The version applied.").
			GoType(pulid.ID("")).
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("template_set_id").Comment("The set of the version applied.").
			GoType(pulid.ID("")).
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("template_set_name").Comment("The set's name when it was applied.").
			Immutable(),
		field.Int("version_number").Comment("The number of the version applied.").
			Immutable().
			Annotations(entgql.OrderField("VERSION_NUMBER")),
		field.Enum("kind").Comment("How the version came to the company.").Annotations(describeEnum("How a template set version came to a company.",
			"SET_UP", "The company was created from it (createCompanyFromTemplate).",
			"PUSHED", "It was pushed to the company as drafts (pushTemplateSetVersion).")).
			Values("SET_UP", "PUSHED").
			Immutable(),
		field.String("applied_by_id").Comment("The user who applied the version.").
			GoType(pulid.ID("")).
			Immutable().
			Annotations(entgql.Type("ID")),
		field.JSON("documents", json.RawMessage{}).Comment("What became of each document template, in the form internal/templates keeps.").
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)), // served by graph/templates.graphqls
	}
}

// Edges of the TemplateApplication.
func (TemplateApplication) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("template_set_version", TemplateSetVersion.Type).Comment("The version applied.").
			Field("template_set_version_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the TemplateApplication.
func (TemplateApplication) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "template_set_id", "version_number")}
}

// Annotations of the TemplateApplication.
func (TemplateApplication) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A template set version applied to a client company: the company was set up from it or it was pushed to the company as drafts. The company's record of which version its documents came from."), entgql.RelayConnection()}
}
