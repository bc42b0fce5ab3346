package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"secretariat/internal/pulid"
)

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
