package tenancy_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/risk"
	"secretariat/ent/riskasset"
	"secretariat/ent/riskcontrol"
	"secretariat/ent/riskmethod"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
	"secretariat/internal/testdb"
)

// The risk tables in the isolation suite: in every company an asset, a stored method, and a
// risk of the owner linked to the asset and to control 5.1.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		co := tn.companies[i]
		a := client.Asset.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetName("顧客DB").
			SetType(asset.TypeINFORMATION).SetOwnerID(tn.owner.ID).SaveX(ctx)
		m := client.RiskMethod.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetMethod(riskscale.Default()).SaveX(ctx)
		r := client.Risk.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetCode("R-001").SetTitle("漏えい").
			SetLikelihood(2).SetImpact(3).SetScore(6).SetLevel("HIGH").SetOwnerID(tn.owner.ID).SaveX(ctx)
		ra := client.RiskAsset.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetRiskID(r.ID).SetAssetID(a.ID).SaveX(ctx)
		rc := client.RiskControl.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetRiskID(r.ID).SetControlRef("5.1").SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], a.ID, m.ID, r.ID, ra.ID, rc.ID)
	})

	probes["assets"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Asset.Query().Where(asset.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryAssets().Where(asset.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Asset.UpdateOneID(id).SetName("乗っ取り").SetArchivedAt(time.Now()).Exec(ctx)
		},
		// A risk link hangs on an asset: linking one's own risk to another tenant's asset.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			r, err := ownRisk(ctx, c, own)
			if err != nil {
				return err
			}
			return c.RiskAsset.Create().SetCompanyID(own.companies[0].ID).SetRiskID(r).SetAssetID(id).Exec(ctx)
		},
	}
	probes["risk_methods"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.RiskMethod.Query().Where(riskmethod.ID(id)).Count(ctx)
		},
		// No edge leads to a risk method (the company keeps none back to it): the traversal
		// starts from it, to its company.
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.RiskMethod.Query().Where(riskmethod.ID(id)).QueryCompany().Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			m := riskscale.Default()
			m.AcceptanceThreshold = 9
			return c.RiskMethod.UpdateOneID(id).SetMethod(m).Exec(ctx)
		},
	}
	probes["risks"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Risk.Query().Where(risk.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryRisks().Where(risk.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Risk.UpdateOneID(id).SetStatus(risk.StatusCLOSED).SetScore(1).SetLevel("LOW").Exec(ctx)
		},
		// A control link hangs on a risk: planting one on another tenant's risk.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.RiskControl.Create().SetCompanyID(own.companies[0].ID).SetRiskID(id).SetControlRef("8.8").Exec(ctx)
		},
	}
	probes["risk_assets"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.RiskAsset.Query().Where(riskasset.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Risk.Query().QueryAssetLinks().Where(riskasset.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.RiskAsset.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["risk_controls"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.RiskControl.Query().Where(riskcontrol.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Risk.Query().QueryControlLinks().Where(riskcontrol.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.RiskControl.DeleteOneID(id).Exec(ctx)
		},
	}
}

// ownRisk is the attacker's own risk in its first company, read as the attacker.
func ownRisk(ctx context.Context, c *ent.Client, own *tenant) (pulid.ID, error) {
	return c.Risk.Query().Where(risk.CompanyID(own.companies[0].ID)).FirstID(ctx)
}

func TestRisks_LinksStayInsideTheRisksCompany(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a := newTenant(t, db.Client, "alpha")
		ctx := as(ownerOf(a))
		first := db.Client.Risk.Query().Where(risk.CompanyID(a.companies[0].ID), risk.Code("R-001")).OnlyIDX(ctx)
		otherAsset := db.Client.Asset.Query().Where(asset.CompanyID(a.companies[1].ID), asset.Name("顧客DB")).OnlyIDX(ctx)
		_, err := db.Client.RiskAsset.Create().SetCompanyID(a.companies[0].ID).SetRiskID(first).SetAssetID(otherAsset).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an asset of another company of the same organization")
		consultant := as(consultantOf(a))
		n, err := db.Client.RiskControl.Delete().Exec(consultant)
		assert.NoError(t, err)
		assert.Equal(t, 1, n, "a bulk delete reaches only the links of the consultant's company")
	})
}
