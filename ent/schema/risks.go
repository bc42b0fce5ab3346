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

// RiskMethod is a company's risk assessment method (リスクアセスメント手法): scales, score rule,
// level bands, acceptance threshold. A company without one uses riskscale.Default.
type RiskMethod struct{ ent.Schema }

// Mixin of the RiskMethod.
func (RiskMethod) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RM"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risk_methods", Unlisted: true}}
}

// Fields of the RiskMethod.
func (RiskMethod) Fields() []ent.Field {
	return []ent.Field{
		field.JSON("method", riskscale.Method{}).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the RiskMethod.
func (RiskMethod) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A company's risk assessment method (リスクアセスメント手法): the likelihood and impact scales, the score rule, the level bands and the acceptance threshold. A company without one uses the default 3 × 3 method.")}
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
		field.String("code").Comment("The register number (R-001), unique in the company: imports match on it.").NotEmpty().MaxLen(50).Annotations(entgql.OrderField("CODE")),
		field.String("title").Comment("The risk in a line, up to 300 characters.").NotEmpty().MaxLen(300).Annotations(entgql.OrderField("TITLE")),
		field.Text("threat").Comment("The threat (脅威); null when not written.").Optional().Nillable(),
		field.Text("vulnerability").Comment("The vulnerability (脆弱性) the threat exploits; null when not written.").Optional().Nillable(),
		field.Int("likelihood").Comment("The likelihood, a step of the company method's likelihood scale (1 to its size, 3 by default).").Positive(),
		field.Int("impact").Comment("The impact, a step of the company method's impact scale (1 to its size, 3 by default).").Positive(),
		// Computed by the company's method.
		field.Int("score").Comment("The score the company's method computes from likelihood and impact (their product by default).").Annotations(entgql.OrderField("SCORE")),
		field.String("level").Comment("The level of the score by the method's bands (LOW, MEDIUM, HIGH by default).").MaxLen(50),
		field.String("owner_id").Comment("The risk owner (リスク所有者); null when nobody is named.").GoType(pulid.ID("")).Optional().Nillable(),
		field.Enum("treatment").Comment("The treatment chosen; null until decided.").Annotations(describeEnum("How a risk is treated (リスク対応).", "MITIGATE", "Reduce the risk with controls.", "ACCEPT", "Accept the risk as it is, by a decision of management.", "TRANSFER", "Share the risk with another party (insurance, outsourcing).", "AVOID", "Stop the activity that gives rise to the risk.")).Values("MITIGATE", "ACCEPT", "TRANSFER", "AVOID").Optional().Nillable(),
		field.Text("treatment_plan").Comment("How the treatment is carried out; null when not written.").Optional().Nillable(),
		field.Int("target_likelihood").Comment("The likelihood expected after treatment, on the same scale; null when not assessed.").Positive().Optional().Nillable(),
		field.Int("target_impact").Comment("The impact expected after treatment, on the same scale; null when not assessed.").Positive().Optional().Nillable(),
		field.Int("residual_score").Comment("The score of the target likelihood and impact; null when they are not assessed.").Optional().Nillable(),
		field.String("residual_level").Comment("The level of the residual score; null when it is not assessed.").MaxLen(50).Optional().Nillable(),
		field.String("accepted_by_id").Comment("The user who accepted the risk (or its residual risk); null while not accepted.").GoType(pulid.ID("")).Optional().Nillable(),
		withComment(dateField("accepted_on", "ACCEPTED_ON"), "The day the risk was accepted; null while not accepted."),
		withComment(dateField("acceptance_expires_on", "ACCEPTANCE_EXPIRES_ON"), "The day the acceptance lapses and must be renewed; null when it does not lapse or the risk is not accepted."),
		field.Enum("status").Comment("Where the risk is in its assessment and treatment.").Annotations(describeEnum("Where a risk is in its assessment and treatment.", "IDENTIFIED", "Recorded, not assessed yet.", "ASSESSED", "Likelihood and impact rated; no treatment under way.", "TREATING", "A treatment is being carried out.", "ACCEPTED", "Accepted (as it is or after treatment) by management.", "CLOSED", "No longer relevant.")).
			Values("IDENTIFIED", "ASSESSED", "TREATING", "ACCEPTED", "CLOSED").
			Default("IDENTIFIED").
			Annotations(entgql.OrderField("STATUS")),
		withComment(dateField("next_review_on", "NEXT_REVIEW_ON"), "The day the risk is next due for review; null when not planned."),
	}
}

// Edges of the Risk.
func (Risk) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", User.Type).Comment("The risk owner; null when nobody is named.").Field("owner_id").Unique(),
		edge.To("accepted_by", User.Type).Comment("The user who accepted the risk; null while not accepted.").Field("accepted_by_id").Unique(),
		edge.To("asset_links", RiskAsset.Type).Comment("The links to the assets the risk concerns."),
		edge.To("control_links", RiskControl.Type).Comment("The links to the Annex A controls that treat the risk."),
	}
}

// Indexes of the Risk.
func (Risk) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "code").Unique()}
}

// Annotations of the Risk.
func (Risk) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An entry of a company's risk register (リスク台帳): the threat and vulnerability, the likelihood and impact rated on the company's method, the resulting score and level, the treatment chosen and the residual risk, the owner and its acceptance."), entgql.RelayConnection()}
}

// RiskAsset links a risk to an asset it concerns.
type RiskAsset struct{ ent.Schema }

// Mixin of the RiskAsset.
func (RiskAsset) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RA"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risk_assets", Unlisted: true}}
}

// Fields of the RiskAsset.
func (RiskAsset) Fields() []ent.Field {
	return []ent.Field{
		field.String("risk_id").Comment("The risk.").GoType(pulid.ID("")).Immutable(),
		field.String("asset_id").Comment("The asset the risk concerns.").GoType(pulid.ID("")).Immutable(),
	}
}

// Edges of the RiskAsset.
func (RiskAsset) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("risk", Risk.Type).Comment("The risk.").Ref("asset_links").Field("risk_id").Unique().Required().Immutable(),
		edge.To("asset", Asset.Type).Comment("The asset the risk concerns.").Field("asset_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RiskAsset.
func (RiskAsset) Indexes() []ent.Index {
	return []ent.Index{index.Fields("risk_id", "asset_id").Unique()}
}

// Annotations of the RiskAsset.
func (RiskAsset) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A link from a risk to an information asset it concerns."), entgql.RelayConnection()}
}

// RiskControl links a risk to an Annex A control (by reference) that treats it.
type RiskControl struct{ ent.Schema }

// Mixin of the RiskControl.
func (RiskControl) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "RC"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "risk_controls", Unlisted: true}}
}

// Fields of the RiskControl.
func (RiskControl) Fields() []ent.Field {
	return []ent.Field{
		field.String("risk_id").Comment("The risk.").GoType(pulid.ID("")).Immutable(),
		field.String("control_ref").Comment("The control's reference in the Annex A catalogue (\"8.7\").").NotEmpty().MaxLen(10).Immutable(),
	}
}

// Edges of the RiskControl.
func (RiskControl) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("risk", Risk.Type).Comment("The risk.").Ref("control_links").Field("risk_id").Unique().Required().Immutable(),
	}
}

// Indexes of the RiskControl.
func (RiskControl) Indexes() []ent.Index {
	return []ent.Index{index.Fields("risk_id", "control_ref").Unique(), index.Fields("company_id", "control_ref")}
}

// Annotations of the RiskControl.
func (RiskControl) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A link from a risk to an ISO/IEC 27001 Annex A control that treats it."), entgql.RelayConnection()}
}
