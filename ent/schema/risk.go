package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
)

// Asset is an entry of a company's information-asset inventory (情報資産台帳).
type Asset struct{ ent.Schema }

// Mixin of the Asset.
func (Asset) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "AS"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "assets"}, ArchiveMixin{}}
}

// Fields of the Asset.
func (Asset) Fields() []ent.Field {
	return []ent.Field{
		// The name is the asset's key in the company: imports match on it.
		field.String("name").NotEmpty().MaxLen(300).Annotations(entgql.OrderField("NAME")),
		field.Enum("type").
			Values("INFORMATION", "SOFTWARE", "HARDWARE", "SERVICE", "PEOPLE", "FACILITY").
			Annotations(entgql.OrderField("TYPE")),
		field.String("site_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.String("department_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.String("owner_id").GoType(pulid.ID("")).Optional().Nillable(),
		// Confidentiality, integrity and availability, each rated 1 (low) to 3 (high).
		field.Int("confidentiality").Range(1, 3).Default(2),
		field.Int("integrity").Range(1, 3).Default(2),
		field.Int("availability").Range(1, 3).Default(2),
		field.String("location").Optional().MaxLen(300),
		field.String("retention").Optional().MaxLen(200),
		field.Text("notes").Optional(),
	}
}

// Edges of the Asset.
func (Asset) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("site", Site.Type).Field("site_id").Unique(),
		edge.To("department", Department.Type).Field("department_id").Unique(),
		edge.To("owner", User.Type).Field("owner_id").Unique(),
	}
}

// Indexes of the Asset.
func (Asset) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "name").Unique()}
}

// Annotations of the Asset.
func (Asset) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// RiskMethod is a company's risk assessment method (リスクアセスメント手法): scales, score rule,
// level bands, acceptance threshold. A company without one uses riskscale.Default.
type RiskMethod struct{ ent.Schema }

// Mixin of the RiskMethod.
func (RiskMethod) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RM"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risk_methods"}}
}

// Fields of the RiskMethod.
func (RiskMethod) Fields() []ent.Field {
	return []ent.Field{
		field.JSON("method", riskscale.Method{}).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the RiskMethod: one per company.
func (RiskMethod) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id").Unique().StorageKey("riskmethod_one_per_company")}
}

// Risk is an entry of a company's risk register (リスク台帳).
type Risk struct{ ent.Schema }

// Mixin of the Risk.
func (Risk) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RI"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risks"}, ArchiveMixin{}}
}

// Fields of the Risk.
func (Risk) Fields() []ent.Field {
	return []ent.Field{
		// The register number, unique in the company: imports match on it.
		field.String("code").NotEmpty().MaxLen(50).Annotations(entgql.OrderField("CODE")),
		field.String("title").NotEmpty().MaxLen(300).Annotations(entgql.OrderField("TITLE")),
		field.Text("threat").Optional(),
		field.Text("vulnerability").Optional(),
		field.Int("likelihood").Positive(),
		field.Int("impact").Positive(),
		// Computed by the company's method.
		field.Int("score").Annotations(entgql.OrderField("SCORE")),
		field.String("level").MaxLen(50),
		field.String("owner_id").GoType(pulid.ID("")).Optional().Nillable(),
		field.Enum("treatment").Values("MITIGATE", "ACCEPT", "TRANSFER", "AVOID").Optional().Nillable(),
		field.Text("treatment_plan").Optional(),
		field.Int("target_likelihood").Positive().Optional().Nillable(),
		field.Int("target_impact").Positive().Optional().Nillable(),
		field.Int("residual_score").Optional().Nillable(),
		field.String("residual_level").MaxLen(50).Optional().Nillable(),
		field.String("accepted_by_id").GoType(pulid.ID("")).Optional().Nillable(),
		dateField("accepted_on", "ACCEPTED_ON"),
		dateField("acceptance_expires_on", "ACCEPTANCE_EXPIRES_ON"),
		field.Enum("status").
			Values("IDENTIFIED", "ASSESSED", "TREATING", "ACCEPTED", "CLOSED").
			Default("IDENTIFIED").
			Annotations(entgql.OrderField("STATUS")),
		dateField("next_review_on", "NEXT_REVIEW_ON"),
	}
}

// Edges of the Risk.
func (Risk) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", User.Type).Field("owner_id").Unique(),
		edge.To("accepted_by", User.Type).Field("accepted_by_id").Unique(),
		edge.To("asset_links", RiskAsset.Type),
		edge.To("control_links", RiskControl.Type),
	}
}

// Indexes of the Risk.
func (Risk) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "code").Unique()}
}

// Annotations of the Risk.
func (Risk) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// RiskAsset links a risk to an asset it concerns.
type RiskAsset struct{ ent.Schema }

// Mixin of the RiskAsset.
func (RiskAsset) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risk_assets"}}
}

// Fields of the RiskAsset.
func (RiskAsset) Fields() []ent.Field {
	return []ent.Field{
		field.String("risk_id").GoType(pulid.ID("")).Immutable(),
		field.String("asset_id").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the RiskAsset.
func (RiskAsset) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("risk", Risk.Type).Ref("asset_links").Field("risk_id").Unique().Required().Immutable(),
		edge.To("asset", Asset.Type).Field("asset_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RiskAsset.
func (RiskAsset) Indexes() []ent.Index {
	return []ent.Index{index.Fields("risk_id", "asset_id").Unique()}
}

// Annotations of the RiskAsset.
func (RiskAsset) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// RiskControl links a risk to an Annex A control (by reference) that treats it.
type RiskControl struct{ ent.Schema }

// Mixin of the RiskControl.
func (RiskControl) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RC"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risk_controls"}}
}

// Fields of the RiskControl.
func (RiskControl) Fields() []ent.Field {
	return []ent.Field{
		field.String("risk_id").GoType(pulid.ID("")).Immutable(),
		field.String("control_ref").NotEmpty().MaxLen(10).Immutable(),
	}
}

// Edges of the RiskControl.
func (RiskControl) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("risk", Risk.Type).Ref("control_links").Field("risk_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RiskControl.
func (RiskControl) Indexes() []ent.Index {
	return []ent.Index{index.Fields("risk_id", "control_ref").Unique(), index.Fields("company_id", "control_ref")}
}

// Annotations of the RiskControl.
func (RiskControl) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
