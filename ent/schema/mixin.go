package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"secretariat/internal/pulid"
)

// IDMixin gives an entity a prefixed ULID primary key. The prefix names the type and must be
// unique across schemas: the generated prefix table would not compile otherwise.
type IDMixin struct {
	mixin.Schema
	Prefix string
	// Internal entities are never reachable through node(id:).
	Internal bool
}

// Fields of the IDMixin.
func (m IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").
			Comment("The global ID: a ULID behind a two-letter prefix naming the type (TA a task, DO a document); opaque, time-sortable, and what node(id:) takes.").
			GoType(pulid.ID("")).
			DefaultFunc(func() pulid.ID { return pulid.New(m.Prefix) }).
			Immutable(),
	}
}

// Annotations of the IDMixin.
func (m IDMixin) Annotations() []schema.Annotation {
	return []schema.Annotation{PrefixAnnotation{Prefix: m.Prefix, Internal: m.Internal}}
}

// PrefixAnnotation records an entity's ID prefix for the generated prefix table.
type PrefixAnnotation struct {
	Prefix   string
	Internal bool
}

// Name implements schema.Annotation.
func (PrefixAnnotation) Name() string { return "PULID" }

// TimeMixin records when a row was created and last changed.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Comment("When the record was created.").
			Default(time.Now).
			Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("updated_at").
			Comment("When the record last changed.").
			Default(time.Now).
			UpdateDefault(time.Now).
			Annotations(entgql.OrderField("UPDATED_AT")),
	}
}

// TenantMixin marks a row as owned by one organization (the tenant). The organization_id is
// immutable: a row never moves between tenants.
type TenantMixin struct {
	mixin.Schema
	// Ref names the organization's edge back to this type, when it has one.
	Ref string
}

// Fields of the TenantMixin.
func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("organization_id").
			Comment("The organization (tenant) that owns the record; never changes.").
			GoType(pulid.ID("")).
			Immutable(),
	}
}

// Edges of the TenantMixin. The organization is no where filter: a viewer sees one, so it could
// only serve to probe past the tenant.
func (m TenantMixin) Edges() []ent.Edge {
	if m.Ref != "" {
		return []ent.Edge{
			edge.From("organization", Organization.Type).
				Comment("The organization (tenant) that owns the record.").
				Ref(m.Ref).
				Field("organization_id").
				Unique().Required().Immutable().
				Annotations(NoWhereFilter{}),
		}
	}
	return []ent.Edge{
		edge.To("organization", Organization.Type).
			Comment("The organization (tenant) that owns the record.").
			Field("organization_id").
			Unique().Required().Immutable().
			Annotations(NoWhereFilter{}),
	}
}

// Reads names, for a field of the API that ent does not know (one a resolver answers, declared
// in graph/*.graphqls), the fields of the record the resolver reads: field collection selects
// them when the client asks for the field, instead of every column of the record (the body of
// every version for a list of documents and their version numbers). ent/entc.go checks that each
// is a field of the entity.
type Reads map[string][]string

// Name implements schema.Annotation.
func (Reads) Name() string { return "Reads" }

// NoWhereFilter leaves an edge out of the GraphQL where input of its entity (has<Edge> and
// has<Edge>With; ent/entc.go removes them): the edge leads to what the viewer may not see (other
// organizations through a shared user, the organization's other companies) and no client needs
// to filter by it. The generated predicates stay, guarded like every edge predicate.
type NoWhereFilter struct{}

// Name of the annotation, read by ent/entc.go.
func (NoWhereFilter) Name() string { return "NoWhereFilter" }

// Indexes of the TenantMixin: every tenant-owned table is read by organization.
func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id")}
}

// CompanyMixin marks a row as belonging to one client company (one ISMS workspace). The
// company_id is immutable: a record never moves between companies.
type CompanyMixin struct {
	mixin.Schema
	// Ref names the company's edge back to this type.
	Ref string
	// Unlisted rows are reached through their parent record, never listed by company: the
	// company keeps no edge back to them, which every Company loaded would carry (a slice, a
	// flag and a name table each), and the foreign key keeps the name Ref gave it.
	Unlisted bool
}

// Fields of the CompanyMixin.
func (CompanyMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("company_id").
			Comment("The client company (ISMS workspace) the record belongs to; never changes.").
			GoType(pulid.ID("")).
			Immutable(),
	}
}

// Edges of the CompanyMixin.
func (m CompanyMixin) Edges() []ent.Edge {
	if m.Unlisted {
		return []ent.Edge{
			edge.To("company", Company.Type).
				Comment("The client company (ISMS workspace) the record belongs to.").
				Field("company_id").
				Unique().Required().Immutable().
				StorageKey(edge.Symbol(m.Ref + "_companies_" + m.Ref)),
		}
	}
	return []ent.Edge{
		edge.From("company", Company.Type).
			Comment("The client company (ISMS workspace) the record belongs to.").
			Ref(m.Ref).
			Field("company_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the CompanyMixin: company-owned tables are read by company.
func (CompanyMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id")}
}

// ArchiveMixin replaces deletion: records of an ISMS are archived, never hard-deleted.
type ArchiveMixin struct{ mixin.Schema }

// Fields of the ArchiveMixin.
func (ArchiveMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("archived_at").
			Comment("When the record was archived (records are archived, never deleted); null while it is active.").
			Optional().
			Nillable().
			Annotations(entgql.OrderField("ARCHIVED_AT")),
	}
}
