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
		field.Enum("role").Comment("What the member may do in the organization.").Annotations(describeEnum("A member's role in an organization, which decides what it may read and write. OWNER and ADMIN reach every company; the other roles reach the companies granted to them.", "OWNER", "Everything an ADMIN does, and alone invites, changes and removes OWNERs; the organization always keeps at least one.", "ADMIN", "Every company of the organization: adds companies, manages members other than OWNERs and their company access, billing, every ISMS record, and reads and verifies the audit trail.", "CONSULTANT", "An ISMS consultant: edits the records, sites and departments of the companies granted (one or more); does not read the audit trail.", "SECRETARIAT", "A member of a company's ISMS secretariat: edits the records, sites and departments of the company granted, and reads its audit trail.", "MEMBER", "Staff of the company granted: reads its records, acknowledges documents, adds tasks for itself and moves the tasks assigned to it along their workflow.", "AUDITOR", "A certification auditor: reads the company granted, its audit trail included, and writes nothing; its access ends at a set time within a year.")).
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
