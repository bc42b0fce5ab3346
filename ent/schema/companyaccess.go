package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
)

// CompanyAccess grants a membership with a company-scoped role (CONSULTANT, SECRETARIAT, MEMBER,
// AUDITOR) one client company. OWNER and ADMIN reach every company without grants.
type CompanyAccess struct{ ent.Schema }

// Mixin of the CompanyAccess.
func (CompanyAccess) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "accesses"}}
}

// Fields of the CompanyAccess.
func (CompanyAccess) Fields() []ent.Field {
	return []ent.Field{
		field.String("membership_id").Comment("The membership granted the company.").
			GoType(pulid.ID("")).
			Immutable(),
	}
}

// Edges of the CompanyAccess.
func (CompanyAccess) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("membership", Membership.Type).Comment("The membership granted the company.").
			Ref("company_accesses").
			Field("membership_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the CompanyAccess.
func (CompanyAccess) Indexes() []ent.Index {
	return []ent.Index{index.Fields("membership_id", "company_id").Unique()}
}

// Annotations of the CompanyAccess.
func (CompanyAccess) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A grant of one client company to a membership with a company-scoped role (CONSULTANT, SECRETARIAT, MEMBER, AUDITOR): that member reaches the company's records. OWNER and ADMIN reach every company without grants."), entgql.RelayConnection()}
}
