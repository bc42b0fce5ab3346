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
		field.String("email").Comment("The address the invitation was sent to, up to 254 characters.").NotEmpty().MaxLen(254),
		field.Enum("role").Comment("The role the new membership gets.").GoType(viewer.Role("")).Annotations(entgql.Type("Role")),
		field.JSON("company_ids", []pulid.ID{}).Comment("The companies a company-scoped role (CONSULTANT, SECRETARIAT, MEMBER, AUDITOR) is granted; null for OWNER and ADMIN, who reach every company.").Optional(),
		// For AUDITOR: when the membership it creates stops working.
		field.Time("access_expires_at").Comment("For an AUDITOR, when the membership it creates stops working; null otherwise.").Optional().Nillable(),
		field.String("token_hash").Unique().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("expires_at").Comment("When the invitation can no longer be accepted."),
		field.String("invited_by_id").Comment("The user who sent the invitation.").GoType(pulid.ID("")).Immutable().Annotations(entgql.Type("ID")),
		field.Time("accepted_at").Comment("When the invitation was accepted; null while pending.").Optional().Nillable(),
	}
}

// Indexes of the Invitation.
func (Invitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "email")}
}

// Annotations of the Invitation.
func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An invitation, sent by email, to join the organization with a role and, for a company-scoped role, given companies. Its single-use token is stored only as a hash."), entgql.RelayConnection()}
}
