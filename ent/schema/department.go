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
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.String("site_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		// The department head (部門長), a user of the organization.
		field.String("head_id").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
	}
}

// Edges of the Department.
func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("site", Site.Type).
			Ref("departments").
			Field("site_id").
			Unique(),
		edge.To("head", User.Type).
			Field("head_id").
			Unique(),
	}
}

// Annotations of the Department.
func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
