package tenancy_test

import (
	"context"
	"encoding/json"

	"secretariat/ent"
	"secretariat/ent/templateapplication"
	"secretariat/ent/templateset"
	"secretariat/ent/templatesetversion"
	"secretariat/internal/pulid"
)

// The templates tables in the isolation suite: the organization's template set and its version
// (organization-wide), and in every company the record of the version it was set up from.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		if i == 0 {
			set := client.TemplateSet.Create().SetOrganizationID(org).SetName("標準ISMS立上げキット").SaveX(ctx)
			version := client.TemplateSetVersion.Create().SetOrganizationID(org).SetTemplateSetID(set.ID).SetNumber(1).
				SetPublishedByID(tn.owner.ID).SetContent(json.RawMessage(`{"documents":[]}`)).SaveX(ctx)
			tn.orgWide = append(tn.orgWide, set.ID, version.ID)
		}
		version := client.TemplateSetVersion.Query().Where(templatesetversion.OrganizationID(org)).OnlyX(ctx)
		app := client.TemplateApplication.Create().SetOrganizationID(org).SetCompanyID(co).SetTemplateSetVersionID(version.ID).
			SetTemplateSetID(version.TemplateSetID).SetTemplateSetName("標準ISMS立上げキット").SetVersionNumber(1).
			SetKind(templateapplication.KindSET_UP).SetAppliedByID(tn.owner.ID).SetDocuments(json.RawMessage(`[]`)).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], app.ID)
	})

	probes["template_sets"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TemplateSet.Query().Where(templateset.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Organization.Query().QueryTemplateSets().Where(templateset.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TemplateSet.UpdateOneID(id).SetName("乗っ取り").Exec(ctx)
		},
	}
	probes["template_set_versions"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TemplateSetVersion.Query().Where(templatesetversion.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TemplateSet.Query().QueryVersions().Where(templatesetversion.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TemplateSetVersion.DeleteOneID(id).Exec(ctx)
		},
		// A company's record names a version: claiming another tenant's version for one's own
		// company.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.TemplateApplication.Create().SetCompanyID(own.companies[0].ID).SetTemplateSetVersionID(id).
				SetTemplateSetID(id).SetTemplateSetName("植え付け").SetVersionNumber(1).SetKind(templateapplication.KindPUSHED).
				SetAppliedByID(own.owner.ID).SetDocuments(json.RawMessage(`[]`)).Exec(ctx)
		},
	}
	probes["template_applications"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.TemplateApplication.Query().Where(templateapplication.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryTemplateApplications().Where(templateapplication.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.TemplateApplication.DeleteOneID(id).Exec(ctx)
		},
	}
}
