package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"secretariat/internal/locale"
)

// User is a person with one login. Users are global: one email, one password, and a membership
// in each organization they work for.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "US"}, TimeMixin{}}
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		// Stored normalised (trimmed, lower-case) so that one address is one account.
		field.String("email").Comment("The login address, trimmed and lower-case, unique across organizations.").
			NotEmpty().
			MaxLen(254).
			Unique().
			Annotations(entgql.OrderField("EMAIL")),
		field.String("name").Comment("The person's name as shown in records and minutes.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("locale").Comment("The language the person chose; null to follow the organization's default.").
			GoType(locale.Locale("")).
			Optional().
			Nillable().
			Annotations(entgql.Type("Locale"), entgql.Skip(entgql.SkipEnumField)), // enum Locale: graph/core.graphqls
		field.String("password_hash").
			Sensitive().
			Optional().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("disabled_at").Comment("When the account was disabled: it can no longer sign in. Null for an active account.").
			Optional().
			Nillable(),
	}
}

// Edges of the User. A user's memberships are no where filter: they lead into the other
// organizations of consultants and auditors.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("memberships", Membership.Type).Comment("The user's memberships; another user's are limited to the viewer's organization.").
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
	}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A person with one login. Users are global: one email address, one password, and a membership in each organization they work for; what the viewer may see of another user is limited to the organization."), entgql.RelayConnection()}
}
