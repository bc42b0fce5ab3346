package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
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
		field.String("user_id").Comment("The member.").GoType(pulid.ID("")).Immutable(),
		field.Enum("role").Comment("The member's role in the committee.").Annotations(describeEnum("A member's role in the information security committee; a committee has at most one chair.", "CHAIR", "The chair (委員長).", "VICE_CHAIR", "A vice-chair (副委員長).", "MEMBER", "A member (委員).")).
			Values("CHAIR", "VICE_CHAIR", "MEMBER").
			Default("MEMBER"),
		// The member's position in the company (取締役, 情報システム部長), as shown in minutes.
		field.String("title").Comment("The member's position in the company (取締役, 情報システム部長), as shown in minutes; null when not given.").
			Optional().
			Nillable().
			MaxLen(200),
	}
}

// Edges of the CommitteeMember.
func (CommitteeMember) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Comment("The member.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the CommitteeMember: a person sits on a committee once, and a committee has at most
// one chair, so that two requests appointing a chair at once cannot both succeed.
func (CommitteeMember) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("company_id", "user_id").Unique(),
		index.Fields("company_id").Unique().
			StorageKey("committeemember_one_chair").
			Annotations(entsql.IndexWhere("role = 'CHAIR'")),
	}
}

// Annotations of the CommitteeMember.
func (CommitteeMember) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A member of a company's information security committee (情報セキュリティ委員会), which decides the ISMS policy."), entgql.RelayConnection()}
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
		field.String("user_id").Comment("The person given the responsibility.").GoType(pulid.ID("")).Immutable(),
		// 事務局長, 文書管理, 会議運営, 教育, 審査対応, インシデント窓口, サポート.
		field.Enum("responsibility").Comment("The responsibility.").Annotations(describeEnum("A responsibility of an ISMS secretariat.", "LEADER", "Head of the secretariat (事務局長).", "DOCUMENT_CONTROL", "Document control (文書管理).", "MEETINGS", "Running the meetings (会議運営).", "TRAINING", "Awareness and training (教育).", "AUDIT_LIAISON", "Liaison with auditors (審査対応).", "INCIDENT_DESK", "The incident desk (インシデント窓口).", "SUPPORT", "Support of the others (サポート).")).
			Values("LEADER", "DOCUMENT_CONTROL", "MEETINGS", "TRAINING", "AUDIT_LIAISON", "INCIDENT_DESK", "SUPPORT").
			Immutable().
			Annotations(entgql.Type("SecretariatResponsibility")),
		// The primary holder (正) does the work; backups (副) stand in.
		field.Enum("position").Comment("Whether the person holds the responsibility or stands in.").Annotations(describeEnum("Whether a person holds a secretariat responsibility or stands in for its holder.", "PRIMARY", "The primary holder (正), who does the work; at most one per responsibility.", "BACKUP", "A backup (副), who stands in.")).
			Values("PRIMARY", "BACKUP").
			Default("PRIMARY").
			Annotations(entgql.Type("SecretariatPosition")),
	}
}

// Edges of the SecretariatAssignment.
func (SecretariatAssignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("user", User.Type).Comment("The person given the responsibility.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the SecretariatAssignment: a person holds a responsibility once, and a
// responsibility has at most one primary holder.
func (SecretariatAssignment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("company_id", "responsibility", "user_id").Unique(),
		index.Fields("company_id", "responsibility").Unique().
			StorageKey("secretariatassignment_one_primary").
			Annotations(entsql.IndexWhere("position = 'PRIMARY'")),
	}
}

// Annotations of the SecretariatAssignment.
func (SecretariatAssignment) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One responsibility in a company's ISMS secretariat (事務局) given to a person, as its primary holder or as a backup."), entgql.RelayConnection()}
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
		field.String("department_id").Comment("The department.").GoType(pulid.ID("")).Immutable(),
		field.String("user_id").Comment("The representative.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the DepartmentRepresentative.
func (DepartmentRepresentative) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).Comment("The department.").Field("department_id").Unique().Required().Immutable(),
		edge.To("user", User.Type).Comment("The representative.").Field("user_id").Unique().Required().Immutable(),
	}
}

// Indexes of the DepartmentRepresentative.
func (DepartmentRepresentative) Indexes() []ent.Index {
	return []ent.Index{index.Fields("department_id", "user_id").Unique()}
}

// Annotations of the DepartmentRepresentative.
func (DepartmentRepresentative) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("The person who speaks for a department towards the ISMS secretariat (部門推進担当者)."), entgql.RelayConnection()}
}
