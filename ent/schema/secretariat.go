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

// Who runs a company's ISMS: the security committee (委員会), which decides policy; the
// secretariat (事務局), which executes it, each member with a responsibility; and a representative
// per department.

// CommitteeMember is a member of a company's information security committee.
type CommitteeMember struct{ ent.Schema }

// Mixin of the CommitteeMember.
func (CommitteeMember) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "CM"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "committee_members"}}
}

// Fields of the CommitteeMember.
func (CommitteeMember) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").GoType(pulid.ID("")).Immutable(),
		field.Enum("role").
			Values("CHAIR", "VICE_CHAIR", "MEMBER").
			Default("MEMBER"),
		// The member's position in the company (取締役, 情報システム部長), as shown in minutes.
		field.String("title").
			Optional().
			MaxLen(200),
	}
}

// Edges of the CommitteeMember.
func (CommitteeMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the CommitteeMember: a person sits on a committee once.
func (CommitteeMember) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "user_id").Unique()}
}

// Annotations of the CommitteeMember.
func (CommitteeMember) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// SecretariatAssignment gives a person one responsibility in a company's secretariat, as its
// primary holder or as a backup.
type SecretariatAssignment struct{ ent.Schema }

// Mixin of the SecretariatAssignment.
func (SecretariatAssignment) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "SA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "secretariat_assignments"}}
}

// Fields of the SecretariatAssignment.
func (SecretariatAssignment) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").GoType(pulid.ID("")).Immutable(),
		field.Enum("responsibility").
			Values("LEADER", "DOCUMENT_CONTROL", "MEETINGS", "TRAINING", "AUDIT_LIAISON", "INCIDENT_DESK", "SUPPORT").
			Immutable(),
		field.Enum("position").
			Values("PRIMARY", "BACKUP").
			Default("PRIMARY"),
	}
}

// Edges of the SecretariatAssignment.
func (SecretariatAssignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SecretariatAssignment: a person holds a responsibility once.
func (SecretariatAssignment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "responsibility", "user_id").Unique()}
}

// Annotations of the SecretariatAssignment.
func (SecretariatAssignment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// DepartmentRepresentative is the person who speaks for a department towards the secretariat
// (部門推進担当者).
type DepartmentRepresentative struct{ ent.Schema }

// Mixin of the DepartmentRepresentative.
func (DepartmentRepresentative) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "DR"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "department_representatives"}}
}

// Fields of the DepartmentRepresentative.
func (DepartmentRepresentative) Fields() []ent.Field {
	return []ent.Field{
		field.String("department_id").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the DepartmentRepresentative.
func (DepartmentRepresentative) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).Field("department_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the DepartmentRepresentative.
func (DepartmentRepresentative) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "user_id").Unique()}
}

// Annotations of the DepartmentRepresentative.
func (DepartmentRepresentative) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
