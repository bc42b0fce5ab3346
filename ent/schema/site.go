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
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("address").
			Optional().
			MaxLen(500),
		field.Int("headcount").
			Optional().
			Nillable().
			NonNegative().
			Annotations(entgql.OrderField("HEADCOUNT")),
	}
}

// Edges of the Site.
func (Site) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("departments", Department.Type).
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of the Site.
func (Site) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
