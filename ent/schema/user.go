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
		field.String("email").
			NotEmpty().
			MaxLen(254).
			Unique().
			Annotations(entgql.OrderField("EMAIL")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("locale").
			GoType(locale.Locale("")).
			Optional().
			Nillable().
			Annotations(entgql.Type("Locale"), entgql.Skip(entgql.SkipEnumField)), // enum Locale: graph/core.graphqls
		field.String("password_hash").
			Sensitive().
			Optional().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("disabled_at").
			Optional().
			Nillable(),
	}
}

// Edges of the User. A user's memberships are no where filter: they lead into the other
// organizations of consultants and auditors.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("memberships", Membership.Type).
			Annotations(entgql.RelayConnection(), NoWhereFilter{}),
	}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
