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
		// The member's calendar feed (/calendar/{token}.ics): the SHA-256 of its secret token,
		// which is shown once and never stored.
		field.String("calendar_feed_hash").
			Optional().
			Nillable().
			Unique().
			Sensitive().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("calendar_feed_created_at").Comment("When the member's current calendar feed address was made; null when it has none.").
			Optional().
			Nillable(),
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
		field.String("department_id").Comment("The department the member works in, in this company; null when not recorded.").
			GoType(pulid.ID("")).
			Optional().
			Nillable(),
		field.Time("expires_at").Comment("When this grant ends: an AUDITOR's access to each company it audits ends on its own day; null for the other roles, whose grants last until revoked.").
			Optional().
			Nillable(),
	}
}

// Edges of the CompanyAccess.
func (CompanyAccess) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("membership", Membership.Type).Comment("The membership granted the company.").
			Ref("company_accesses").
			Field("membership_id").
			Unique().Required().Immutable(),
		edge.To("department", Department.Type).Comment("The department the member works in, in this company; null when not recorded.").
			Field("department_id").Unique(),
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
