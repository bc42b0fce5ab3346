package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Invitation asks someone, by email, to join an organization with a role and, for a
// company-scoped role, given companies. Its single-use token is stored only as a hash.
type Invitation struct{ ent.Schema }

// Mixin of the Invitation.
func (Invitation) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "IV"}, TimeMixin{}, TenantMixin{}}
}

// Fields of the Invitation.
func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254),
		field.Enum("role").GoType(viewer.Role("")).Annotations(entgql.Type("Role")),
		field.JSON("company_ids", []pulid.ID{}).Optional(),
		// For AUDITOR: when the membership it creates stops working.
		field.Time("access_expires_at").Optional().Nillable(),
		field.String("token_hash").Unique().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("expires_at"),
		field.String("invited_by_id").GoType(pulid.ID("")).Immutable().Annotations(entgql.Type("ID")),
		field.Time("accepted_at").Optional().Nillable(),
	}
}

// Indexes of the Invitation.
func (Invitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "email")}
}

// Annotations of the Invitation.
func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
