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
		field.String("user_id").Comment("The member.").
			GoType(pulid.ID("")).
			Immutable(),
		field.Enum("role").Comment("What the member may do in the organization.").Annotations(describeEnum("A member's role in an organization, which decides what it may read and write. OWNER and ADMIN reach every company; the other roles reach the companies granted to them.", "OWNER", "Everything, billing and the organization's deletion included; at least one member is an OWNER.", "ADMIN", "Everything but the owners and billing: companies, members, every ISMS record.", "CONSULTANT", "An ISMS consultant: edits the records of the companies granted, and manages their structure.", "SECRETARIAT", "A member of a company's ISMS secretariat: edits the records of the companies granted.", "MEMBER", "Staff: reads the granted companies' records, acknowledges documents, works on the tasks assigned to it.", "AUDITOR", "An auditor: reads the granted companies' records, writes nothing; the membership is time-boxed.")).
			GoType(viewer.Role("")).
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE")),
		// AUDITOR memberships are time-boxed.
		field.Time("expires_at").Comment("When the membership stops working (AUDITOR memberships are time-boxed); null when it does not expire.").
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
		edge.To("company_accesses", CompanyAccess.Type).Comment("The companies granted to a company-scoped role; empty for OWNER and ADMIN, who reach every company.").
			Annotations(entgql.RelayConnection()),
		edge.From("user", User.Type).Comment("The member.").
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
	return []schema.Annotation{schema.Comment("A user's membership of the organization, with its role. A removed member's membership stays, invisible and granting nothing, so that the records it made still name its user."), entgql.RelayConnection()}
}
