package tenancy_test

import (
	"context"
	"encoding/json"

	"secretariat/ent"
	"secretariat/ent/baseline"
	"secretariat/ent/baselineadoption"
	"secretariat/ent/baselineoverlay"
	"secretariat/ent/baselineversion"
	"secretariat/internal/pulid"
)

// The baselines tables in the isolation suite: the organization's baseline and its version
// (organization-wide), and in every company its adoption with one overlay item.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		if i == 0 {
			b := client.Baseline.Create().SetOrganizationID(org).SetName("全社ISMSベースライン").SaveX(ctx)
			v := client.BaselineVersion.Create().SetOrganizationID(org).SetBaselineID(b.ID).SetNumber(1).
				SetPublishedByID(tn.owner.ID).SetContent(json.RawMessage(`{"controls":[]}`)).SaveX(ctx)
			tn.orgWide = append(tn.orgWide, b.ID, v.ID)
		}
		v := client.BaselineVersion.Query().Where(baselineversion.OrganizationID(org)).OnlyX(ctx)
		a := client.BaselineAdoption.Create().SetOrganizationID(org).SetCompanyID(co).SetBaselineID(v.BaselineID).
			SetBaselineVersionID(v.ID).SetVersionNumber(1).SaveX(ctx)
		o := client.BaselineOverlay.Create().SetOrganizationID(org).SetCompanyID(co).SetAdoptionID(a.ID).
			SetKind(baselineoverlay.KindCONTROL).SetTarget("5.7").SetAction(baselineoverlay.ActionADD).SetApplicable(true).
			SetJustification("拠点固有").SetReason("拠点固有のリスク").SetStatus(baselineoverlay.StatusIN_EFFECT).SetProposedByID(tn.owner.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], a.ID, o.ID)
	})

	probes["baselines"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Baseline.Query().Where(baseline.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Organization.Query().QueryBaselines().Where(baseline.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Baseline.UpdateOneID(id).SetName("乗っ取り").Exec(ctx)
		},
		// An adoption names its baseline: adopting another tenant's baseline for one's own company.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			v, err := c.BaselineVersion.Query().Where(baselineversion.OrganizationID(own.org.ID)).FirstID(ctx)
			if err != nil {
				return err
			}
			return c.BaselineAdoption.Create().SetCompanyID(own.companies[0].ID).SetBaselineID(id).SetBaselineVersionID(v).SetVersionNumber(1).Exec(ctx)
		},
	}
	probes["baseline_versions"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.BaselineVersion.Query().Where(baselineversion.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Baseline.Query().QueryVersions().Where(baselineversion.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.BaselineVersion.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["baseline_adoptions"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.BaselineAdoption.Query().Where(baselineadoption.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Baseline.Query().QueryAdoptions().Where(baselineadoption.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.BaselineAdoption.UpdateOneID(id).SetVersionNumber(9).Exec(ctx)
		},
	}
	probes["baseline_overlays"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.BaselineOverlay.Query().Where(baselineoverlay.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.BaselineAdoption.Query().QueryOverlay().Where(baselineoverlay.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.BaselineOverlay.UpdateOneID(id).SetStatus(baselineoverlay.StatusREJECTED).Exec(ctx)
		},
	}
}
