package schema

import (
	"encoding/json"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/pulid"
)

// Baseline is a master baseline an organization's head office publishes for its sites (or a
// consultancy for its clients): SoA decisions per control, master documents and the risk method,
// each item with its inheritance rule, in immutable versions.
type Baseline struct{ ent.Schema }

// Mixin of the Baseline.
func (Baseline) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BL"}, TimeMixin{}, TenantMixin{Ref: "baselines"}, ArchiveMixin{}}
}

// Fields of the Baseline.
func (Baseline) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Comment("The baseline's name, e.g. 全社ISMSベースライン.").
			NotEmpty().
			MaxLen(200).
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").Comment("What the baseline is for; null when not written.").
			Optional().
			Nillable(),
		field.Int("latest_version").Comment("The number of the latest version, from 1.").
			Default(1),
	}
}

// Edges of the Baseline.
func (Baseline) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("versions", BaselineVersion.Type).Comment("The baseline's versions, each immutable.").
			Annotations(entgql.RelayConnection()),
		edge.To("adoptions", BaselineAdoption.Type).Comment("The adoptions of the baseline in the companies the viewer reaches: which site or company runs which version.").
			Annotations(entgql.RelayConnection()),
	}
}

// Annotations of the Baseline.
func (Baseline) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A master baseline published by a head office (or a consultancy): SoA decisions per control, master documents and the risk method, each item with its inheritance rule (LOCKED, EXTEND, OVERRIDABLE), in immutable versions that sites and companies adopt."), entgql.RelayConnection()}
}

// BaselineVersion is one immutable version of a baseline.
type BaselineVersion struct{ ent.Schema }

// Mixin of the BaselineVersion.
func (BaselineVersion) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BV"}, TimeMixin{}, TenantMixin{}}
}

// Fields of the BaselineVersion.
func (BaselineVersion) Fields() []ent.Field {
	return []ent.Field{
		field.String("baseline_id").Comment("The baseline the version belongs to.").
			GoType(pulid.ID("")).
			Immutable(),
		field.Int("number").Comment("The version's number, from 1.").
			Immutable().
			Annotations(entgql.OrderField("NUMBER")),
		field.Text("note").Comment("What changed in this version; null when not written.").
			Optional().
			Nillable().
			Immutable(),
		field.String("published_by_id").Comment("The user who published the version.").
			GoType(pulid.ID("")).
			Immutable().
			Annotations(entgql.Type("ID")),
		field.JSON("content", json.RawMessage{}).Comment("The version's items, in the form internal/baselines keeps.").
			Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)), // served by graph/baselines.graphqls
	}
}

// Edges of the BaselineVersion.
func (BaselineVersion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("baseline", Baseline.Type).Comment("The baseline the version belongs to.").
			Ref("versions").Field("baseline_id").Unique().Required().Immutable(),
	}
}

// Indexes of the BaselineVersion.
func (BaselineVersion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("baseline_id", "number").Unique()}
}

// Annotations of the BaselineVersion.
func (BaselineVersion) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("One immutable version of a baseline: its controls, master documents (copies of approved versions) and risk method, each with its inheritance rule."), entgql.RelayConnection()}
}

// BaselineAdoption records that a company, or one of its sites, runs a version of a baseline.
type BaselineAdoption struct{ ent.Schema }

// Mixin of the BaselineAdoption.
func (BaselineAdoption) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BD"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "baseline_adoptions"}}
}

// Fields of the BaselineAdoption.
func (BaselineAdoption) Fields() []ent.Field {
	return []ent.Field{
		field.String("baseline_id").Comment("The baseline adopted.").
			GoType(pulid.ID("")).
			Immutable(),
		field.String("site_id").Comment("The site that adopted it; null when the company as a whole did.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.String("baseline_version_id").Comment("The version the adopter runs; an upgrade moves it.").
			GoType(pulid.ID("")).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("version_number").Comment("The number of the version the adopter runs.").
			Annotations(entgql.OrderField("VERSION_NUMBER")),
	}
}

// Edges of the BaselineAdoption.
func (BaselineAdoption) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("baseline", Baseline.Type).Comment("The baseline adopted.").
			Ref("adoptions").Field("baseline_id").Unique().Required().Immutable(),
		edge.To("site", Site.Type).Comment("The site that adopted it; null when the company as a whole did.").
			Field("site_id").Unique().Immutable(),
		edge.To("baseline_version", BaselineVersion.Type).Comment("The version the adopter runs.").
			Field("baseline_version_id").Unique().Required().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("overlay", BaselineOverlay.Type).Comment("The adopter's own items on top of the baseline: additions, tightenings and overrides.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the BaselineAdoption.
func (BaselineAdoption) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "baseline_id", "site_id")}
}

// Annotations of the BaselineAdoption.
func (BaselineAdoption) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("A company, or one of its sites, running a version of a baseline, with its overlay of local items; its drift says whether it is IN_SYNC, BEHIND or DEVIATING."), entgql.RelayConnection()}
}

// BaselineOverlay is one local item of an adopter on top of its baseline: a control or document
// added, a baseline item tightened, or an overridable item replaced (in effect once the head
// office approves).
type BaselineOverlay struct{ ent.Schema }

// Mixin of the BaselineOverlay.
func (BaselineOverlay) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BO"}, TimeMixin{}, TenantMixin{}, CompanyMixin{Ref: "baseline_overlays", Unlisted: true}, ArchiveMixin{}}
}

// Fields of the BaselineOverlay.
func (BaselineOverlay) Fields() []ent.Field {
	return []ent.Field{
		field.String("adoption_id").Comment("The adoption the item belongs to.").
			GoType(pulid.ID("")).
			Immutable(),
		field.Enum("kind").Comment("What the item is about.").Annotations(describeEnum("What a baseline item or overlay item is about.",
			"CONTROL", "An Annex A control's SoA decision.",
			"DOCUMENT", "A document.",
			"RISK_METHOD", "The risk method's acceptance threshold.")).
			Values("CONTROL", "DOCUMENT", "RISK_METHOD").
			Immutable(),
		field.String("target").Comment("The baseline item it changes: a control reference (\"5.1\") or a master document's key; for a local addition, the control's reference or the document's own key.").
			MaxLen(100).
			Immutable(),
		field.Enum("action").Comment("What the item does to the baseline.").Annotations(describeEnum("What an overlay item does to its baseline.",
			"ADD", "Adds what the baseline does not have: a control or a local document.",
			"TIGHTEN", "Makes a baseline item stricter (includes an excluded control, supplements a document, lowers the acceptance threshold); allowed under EXTEND and OVERRIDABLE.",
			"OVERRIDE", "Replaces an OVERRIDABLE baseline item; in effect only once the head office approves.")).
			Values("ADD", "TIGHTEN", "OVERRIDE").
			Immutable(),
		field.Bool("applicable").Comment("For a control: whether it is included.").
			Optional().
			Nillable().
			Immutable(),
		field.Text("justification").Comment("For a control: why it is included or excluded.").
			Optional().
			Nillable().
			Immutable(),
		field.String("document_id").Comment("For a document: the adopter's own document.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Immutable(),
		field.Int("acceptance_threshold").Comment("For the risk method: the adopter's acceptance threshold.").
			Optional().
			Nillable().
			Immutable(),
		field.Text("reason").Comment("Why the adopter needs the item.").
			Immutable(),
		field.Enum("status").Comment("Whether the item is in effect.").Annotations(describeEnum("Whether an overlay item is in effect.",
			"IN_EFFECT", "In effect: an addition or a tightening, or an override the head office approved.",
			"PENDING", "An override waiting for the head office's decision.",
			"REJECTED", "An override the head office rejected.")).
			Values("IN_EFFECT", "PENDING", "REJECTED"),
		field.String("decided_by_id").Comment("Who at the head office approved or rejected the override; null otherwise.").
			GoType(pulid.ID("")).
			Optional().
			Nillable().
			Annotations(entgql.Type("ID")),
		field.Text("decision_note").Comment("The head office's note on its decision; null when none.").
			Optional().
			Nillable(),
		field.String("proposed_by_id").Comment("Who added the item.").
			GoType(pulid.ID("")).
			Immutable().
			Annotations(entgql.Type("ID")),
	}
}

// Edges of the BaselineOverlay.
func (BaselineOverlay) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("adoption", BaselineAdoption.Type).Comment("The adoption the item belongs to.").
			Ref("overlay").Field("adoption_id").Unique().Required().Immutable(),
		edge.To("document", Document.Type).Comment("For a document item: the adopter's own document.").
			Field("document_id").Unique().Immutable(),
	}
}

// Annotations of the BaselineOverlay.
func (BaselineOverlay) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An adopter's own item on top of its baseline: a control or document added, a baseline item tightened, or an OVERRIDABLE item replaced, which is in effect only once the head office approves. Withdrawn items are archived."), entgql.RelayConnection()}
}
