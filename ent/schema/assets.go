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
		field.String("name").Comment("The asset's name, its key in the company: imports match on it.").NotEmpty().MaxLen(300).Annotations(entgql.OrderField("NAME")),
		field.Enum("type").Comment("What sort of asset it is.").Annotations(describeEnum("What sort of information asset an inventory entry is.", "INFORMATION", "Information itself: data, records, documents.", "SOFTWARE", "Software: applications, systems, cloud services used as software.", "HARDWARE", "Equipment: servers, PCs, network devices, media.", "SERVICE", "A service the company relies on (a cloud platform, a utility).", "PEOPLE", "People and what they know.", "FACILITY", "Premises and their equipment.")).
			Values("INFORMATION", "SOFTWARE", "HARDWARE", "SERVICE", "PEOPLE", "FACILITY").
			Annotations(entgql.OrderField("TYPE")),
		field.String("site_id").Comment("The site where the asset is; null when not tied to one.").GoType(pulid.ID("")).Optional().Nillable(),
		field.String("department_id").Comment("The department that holds the asset; null when not given.").GoType(pulid.ID("")).Optional().Nillable(),
		field.String("owner_id").Comment("The asset's owner (管理責任者); null when nobody is named.").GoType(pulid.ID("")).Optional().Nillable(),
		// Confidentiality, integrity and availability, each rated 1 (low) to 3 (high).
		field.Int("confidentiality").Comment("The confidentiality rating, 1 (low) to 3 (high); 2 unless set.").Range(1, 3).Default(2),
		field.Int("integrity").Comment("The integrity rating, 1 (low) to 3 (high); 2 unless set.").Range(1, 3).Default(2),
		field.Int("availability").Comment("The availability rating, 1 (low) to 3 (high); 2 unless set.").Range(1, 3).Default(2),
		field.String("location").Comment("Where the asset is kept (a room, a system, a cloud region), up to 300 characters; null when not given.").Optional().Nillable().MaxLen(300),
		field.String("retention").Comment("How long the asset is kept (5 years after the contract ends), up to 200 characters; null when not given.").Optional().Nillable().MaxLen(200),
		field.Text("notes").Comment("Notes on the asset; null when none.").Optional().Nillable(),
	}
}

// Edges of the Asset.
func (Asset) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("site", Site.Type).Comment("The site where the asset is; null when not tied to one.").Field("site_id").Unique(),
		edge.To("department", Department.Type).Comment("The department that holds the asset; null when not given.").Field("department_id").Unique(),
		edge.To("owner", User.Type).Comment("The asset's owner; null when nobody is named.").Field("owner_id").Unique(),
	}
}

// Indexes of the Asset.
func (Asset) Indexes() []ent.Index {
	return []ent.Index{index.Fields("company_id", "name").Unique()}
}

// Annotations of the Asset.
func (Asset) Annotations() []schema.Annotation {
	return []schema.Annotation{schema.Comment("An entry of a company's information-asset inventory (情報資産台帳): what it is, where, who owns it, and its confidentiality, integrity and availability ratings."), entgql.RelayConnection()}
}
