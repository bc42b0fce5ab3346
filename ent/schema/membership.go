package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Membership ties a user to an organization with a role.
type Membership struct{ ent.Schema }

// Mixin of the Membership.
func (Membership) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "ME"}, TimeMixin{}, TenantMixin{Ref: "memberships"}}
}

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").
			GoType(pulid.ID("")).
			Immutable(),
		field.Enum("role").
			GoType(viewer.Role("")).
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE")),
		// AUDITOR memberships are time-boxed.
		field.Time("expires_at").
			Optional().
			Nillable(),
		// A removed member's membership stays, so that its user is still named in the records it
		// made (authors, approvers, minutes); no viewer sees it and it grants nothing.
		field.Time("removed_at").
			Optional().
			Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("company_accesses", CompanyAccess.Type).
			Annotations(entgql.RelayConnection()),
		edge.From("user", User.Type).
			Ref("memberships").
			Field("user_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the Membership.
func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "user_id").Unique(),
	}
}

// Annotations of the Membership.
func (Membership) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
