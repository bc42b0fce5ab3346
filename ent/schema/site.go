package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

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
