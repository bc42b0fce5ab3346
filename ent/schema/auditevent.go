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
		field.String("company_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		// The position in the organization's chain, from 1.
		field.Int64("seq").Positive().Immutable().Annotations(entgql.OrderField("SEQ")),
		field.Time("occurred_at").Immutable().Annotations(entgql.OrderField("OCCURRED_AT")),
		// Who acted; none for the system.
		field.String("actor_id").GoType(pulid.ID("")).Optional().Nillable().Immutable(),
		field.Enum("action").GoType(change.Action("")).Immutable().Annotations(entgql.Type("AuditAction")),
		// The record: its type (Document) and ID.
		field.String("entity_type").NotEmpty().MaxLen(100).Immutable(),
		field.String("entity_id").GoType(pulid.ID("")).Immutable().Annotations(entgql.Type("ID")),
		field.JSON("changes", []change.Field{}).Optional().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		// The X-Request-ID of the request, which requestid accepts up to 128 characters long.
		field.String("request_id").Optional().MaxLen(128).Immutable(),
		field.String("prev_hash").MaxLen(64).Immutable(),
		field.String("hash").MaxLen(64).Immutable(),
	}
}

// Edges of the AuditEvent. Deleting a company or a user that events name is refused rather than
// clearing the link: the hash covers it, and a cleared link would break the chain.
func (AuditEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("company", Company.Type).Field("company_id").Unique().Immutable().
			Annotations(entsql.OnDelete(entsql.NoAction)),
		edge.To("actor", User.Type).Field("actor_id").Unique().Immutable().
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
	return []schema.Annotation{entgql.RelayConnection()}
}
