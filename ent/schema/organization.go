package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"secretariat/internal/locale"
)

// Organization is the tenant and the billing account: a consultancy that runs the secretariat of
// many client companies, or a firm with its own sites.
type Organization struct{ ent.Schema }

// Mixin of the Organization.
func (Organization) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "OR"}, TimeMixin{}}
}

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Comment("The organization's name.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Comment("Whether the organization serves clients or itself.").Annotations(describeEnum("Whether an organization serves client companies or runs its own ISMS.", "CONSULTANCY", "A consultancy that runs the ISMS of many client companies.", "ENTERPRISE", "A firm running its own ISMS, with one company or a few group companies.")).
			Values("CONSULTANCY", "ENTERPRISE").
			Annotations(entgql.Type("OrganizationKind")),
		field.Enum("default_locale").Comment("The language of members who chose none, and of exports and emails with no reader.").
			GoType(locale.Locale("")).
			Default(string(locale.Default)).
			Annotations(entgql.Type("Locale"), entgql.Skip(entgql.SkipEnumField)), // enum Locale: graph/core.graphqls
	}
}

// Edges of the Organization. Neither is a where filter of organizations: a viewer sees one, so
// such a filter could only probe the companies and members the viewer does not reach.
func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("companies", Company.Type).Comment("The organization's companies that the viewer reaches.").
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
		edge.To("memberships", Membership.Type).Comment("The organization's members, removed ones left out.").
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
		edge.To("checklist_templates", ChecklistTemplate.Type).Comment("The organization's standard audit checklists.").
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
		edge.To("baselines", Baseline.Type).Comment("The organization's master baselines.").
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
		edge.To("template_sets", TemplateSet.Type).Comment("The organization's template sets for setting up client companies (OWNER, ADMIN and CONSULTANT read them).").
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
	}
}

// Annotations of the Organization.
func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("The tenant and the billing account: a consultancy that runs the ISMS secretariat of many client companies, or a firm with its own ISMS. Every record belongs to one organization, and no request sees another's."), entgql.RelayConnection()}
}
