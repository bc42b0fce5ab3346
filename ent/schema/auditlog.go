package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/auditlog/change"
	"secretariat/internal/pulid"
)

// AuditEvent records one create, update, archive, restore, delete or workflow step on a tenant's
// record, in the transaction of the change. Events are append-only and hash-chained per
// organization: each hash covers the previous one and the event's canonical form.
type AuditEvent struct{ ent.Schema }

// Mixin of the AuditEvent.
func (AuditEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AE"}, TenantMixin{}}
}

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		// The client company of the record, if it belongs to one.
		field.String("company_id").Comment("The client company of the changed record; null for a record of the organization itself (a membership, an invitation).").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		// The position in the organization's chain, from 1.
		field.Int64("seq").Comment("The entry's position in the organization's chain, from 1, without gaps.").Positive().Immutable().Annotations(entgql.OrderField("SEQ")),
		field.Time("occurred_at").Comment("When the change was committed.").Immutable().Annotations(entgql.OrderField("OCCURRED_AT")),
		// Who acted; none for the system.
		field.String("actor_id").Comment("The user who made the change; null for the system (a scheduled job, billing).").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.Enum("action").Comment("What was done to the record.").Annotations(describeEnum("What an audit trail entry records was done to a record.", "CREATE", "The record was created.", "UPDATE", "Fields of the record changed.", "ARCHIVE", "The record was archived (archivedAt set).", "RESTORE", "The record was restored from the archive (archivedAt cleared).", "DELETE", "The record was deleted, one entry per row. Only appointments and links are deleted: company access grants, committee seats, secretariat assignments, department representatives, meeting attendees, agenda items, decisions, and the links of risks and Statement of Applicability rows; other records are archived, and a removed member's membership is updated.")).GoType(change.Action("")).Immutable().Annotations(entgql.Type("AuditAction")),
		// The record: its type (Document) and ID.
		field.String("entity_type").Comment("The type of the changed record, as in the schema (Document, Task).").NotEmpty().MaxLen(100).Immutable(),
		field.String("entity_id").Comment("The ID of the changed record; node(id:) finds it while the viewer may read it.").GoType(pulid.ID("")).Immutable().Annotations(entgql.Type("ID")),
		field.JSON("changes", []change.Field{}).Optional().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		// The X-Request-ID of the request, which requestid accepts up to 128 characters long.
		field.String("request_id").Comment("The X-Request-ID of the API request that made the change (up to 128 characters), to match the entry with server logs; null for the system.").Optional().MaxLen(128).Immutable(),
		field.String("prev_hash").Comment("The hash of the previous entry in the chain (hex SHA-256), empty for the first.").MaxLen(64).Immutable(),
		field.String("hash").Comment("The hex SHA-256 of prevHash and this entry's canonical form: recomputing it verifies the chain.").MaxLen(64).Immutable(),
	}
}

// Edges of the AuditEvent. Deleting a company or a user that events name is refused rather than
// clearing the link: the hash covers it, and a cleared link would break the chain.
func (AuditEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("company", Company.Type).Comment("The client company of the changed record; null for a record of the organization itself, or when the viewer does not reach the company.").Field("company_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.NoAction)),
		edge.To("actor", User.Type).Comment("The user who made the change; null for the system.").Field("actor_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.NoAction)),
	}
}

// Indexes of the AuditEvent: one chain per organization, read by record too.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "seq").Unique(),
		index.Fields("entity_id"),
		index.Fields("company_id", "occurred_at"),
	}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One entry of an organization's audit trail: a record created, updated, archived, restored or deleted, written in the transaction of the change. Entries are append-only and hash-chained per organization, so that a removed or altered entry breaks the chain."), entgql.RelayConnection()}
}
