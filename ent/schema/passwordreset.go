package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
)

// PasswordReset is one single-use, expiring password reset token that an OWNER or ADMIN issued
// for a member of the organization, stored only as a hash. Like RefreshToken it is internal: no
// API reads it and no ID reaches it; only system contexts touch it.
type PasswordReset struct{ ent.Schema }

// Mixin of the PasswordReset.
func (PasswordReset) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "PW", Internal: true}, TimeMixin{}, TenantMixin{}}
}

// Fields of the PasswordReset.
func (PasswordReset) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").GoType(pulid.ID("")).Immutable(),
		field.String("issued_by_id").GoType(pulid.ID("")).Immutable(),
		// SHA-256 of the token: a random 256-bit secret needs no slow hash.
		field.String("token_hash").Immutable().Unique().Sensitive(),
		field.Time("expires_at").Immutable(),
		field.Time("used_at").Optional().Nillable(),
	}
}

// Indexes of the PasswordReset.
func (PasswordReset) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id")}
}

// Annotations of the PasswordReset.
func (PasswordReset) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
