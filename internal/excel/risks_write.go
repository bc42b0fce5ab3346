package excel

import (
	"context"
	"fmt"
	"slices"

	"secretariat/ent"
	"secretariat/ent/risk"
	"secretariat/ent/riskasset"
	"secretariat/ent/riskcontrol"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

func sameDate(a, b *date.Date) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.String() == b.String()
}

func sameRisk(old *ent.Risk, row riskRow) bool {
	var assets []pulid.ID
	for _, l := range old.Edges.AssetLinks {
		assets = append(assets, l.AssetID)
	}
	var controls []string
	for _, l := range old.Edges.ControlLinks {
		controls = append(controls, l.ControlRef)
	}
	slices.Sort(assets)
	slices.SortFunc(controls, compareRefs)
	return old.Title == row.title && sameText(old.Threat, row.threat) && sameText(old.Vulnerability, row.vuln) &&
		old.Likelihood == row.likelihood && old.Impact == row.impact && old.Score == row.score && old.Level == row.level &&
		sameID(old.OwnerID, row.ownerID) && sameTreatment(old.Treatment, row.treatment) && sameText(old.TreatmentPlan, row.plan) &&
		sameInt(old.TargetLikelihood, row.targetL) && sameInt(old.TargetImpact, row.targetI) &&
		sameInt(old.ResidualScore, row.residual) && sameStr(old.ResidualLevel, row.residualLevel) &&
		sameID(old.AcceptedByID, row.acceptedByID) && sameDate(old.AcceptedOn, row.acceptedOn) &&
		sameDate(old.AcceptanceExpiresOn, row.expiresOn) && old.Status == row.status && sameDate(old.NextReviewOn, row.nextReview) &&
		slices.Equal(assets, row.assetIDs) && slices.Equal(controls, row.controls)
}

func sameTreatment(a, b *risk.Treatment) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func createRisk(ctx context.Context, tx *ent.Client, companyID pulid.ID, row riskRow) error {
	r, err := tx.Risk.Create().SetCompanyID(companyID).SetCode(row.code).SetTitle(row.title).
		SetNillableThreat(row.threat).SetNillableVulnerability(row.vuln).
		SetLikelihood(row.likelihood).SetImpact(row.impact).SetScore(row.score).SetLevel(row.level).
		SetNillableOwnerID(row.ownerID).SetNillableTreatment(row.treatment).SetNillableTreatmentPlan(row.plan).
		SetNillableTargetLikelihood(row.targetL).SetNillableTargetImpact(row.targetI).
		SetNillableResidualScore(row.residual).SetNillableResidualLevel(row.residualLevel).
		SetNillableAcceptedByID(row.acceptedByID).SetNillableAcceptedOn(row.acceptedOn).
		SetNillableAcceptanceExpiresOn(row.expiresOn).SetStatus(row.status).SetNillableNextReviewOn(row.nextReview).
		Save(ctx)
	if err != nil {
		return err
	}
	return link(ctx, tx, companyID, r.ID, nil, nil, row)
}

func updateRisk(ctx context.Context, tx *ent.Client, old *ent.Risk, row riskRow) error {
	u := tx.Risk.UpdateOneID(old.ID).SetTitle(row.title).
		SetLikelihood(row.likelihood).SetImpact(row.impact).SetScore(row.score).SetLevel(row.level).
		SetStatus(row.status)
	setOrClear(row.threat, u.SetThreat, u.ClearThreat)
	setOrClear(row.vuln, u.SetVulnerability, u.ClearVulnerability)
	setOrClear(row.plan, u.SetTreatmentPlan, u.ClearTreatmentPlan)
	setOrClear(row.ownerID, u.SetOwnerID, u.ClearOwnerID)
	setOrClear(row.acceptedByID, u.SetAcceptedByID, u.ClearAcceptedByID)
	setOrClear(row.treatment, u.SetTreatment, u.ClearTreatment)
	setOrClear(row.targetL, u.SetTargetLikelihood, u.ClearTargetLikelihood)
	setOrClear(row.targetI, u.SetTargetImpact, u.ClearTargetImpact)
	setOrClear(row.residual, u.SetResidualScore, u.ClearResidualScore)
	setOrClear(row.residualLevel, u.SetResidualLevel, u.ClearResidualLevel)
	setOrClear(row.acceptedOn, u.SetAcceptedOn, u.ClearAcceptedOn)
	setOrClear(row.expiresOn, u.SetAcceptanceExpiresOn, u.ClearAcceptanceExpiresOn)
	setOrClear(row.nextReview, u.SetNextReviewOn, u.ClearNextReviewOn)
	if _, err := u.Save(ctx); err != nil {
		return err
	}
	var assets []pulid.ID
	for _, l := range old.Edges.AssetLinks {
		assets = append(assets, l.AssetID)
	}
	var controls []string
	for _, l := range old.Edges.ControlLinks {
		controls = append(controls, l.ControlRef)
	}
	return link(ctx, tx, old.CompanyID, old.ID, assets, controls, row)
}

// link brings a risk's asset and control links from what it has to what the row wants.
func link(ctx context.Context, tx *ent.Client, companyID, riskID pulid.ID, hasAssets []pulid.ID, hasControls []string, row riskRow) error {
	var dropAssets []pulid.ID
	for _, id := range hasAssets {
		if !slices.Contains(row.assetIDs, id) {
			dropAssets = append(dropAssets, id)
		}
	}
	if len(dropAssets) > 0 {
		if _, err := tx.RiskAsset.Delete().Where(riskasset.RiskID(riskID), riskasset.AssetIDIn(dropAssets...)).Exec(ctx); err != nil {
			return fmt.Errorf("unlink assets: %w", err)
		}
	}
	var addAssets []*ent.RiskAssetCreate
	for _, id := range row.assetIDs {
		if !slices.Contains(hasAssets, id) {
			addAssets = append(addAssets, tx.RiskAsset.Create().SetCompanyID(companyID).SetRiskID(riskID).SetAssetID(id))
		}
	}
	if len(addAssets) > 0 {
		if err := tx.RiskAsset.CreateBulk(addAssets...).Exec(ctx); err != nil {
			return fmt.Errorf("link assets: %w", err)
		}
	}
	var dropControls []string
	for _, ref := range hasControls {
		if !slices.Contains(row.controls, ref) {
			dropControls = append(dropControls, ref)
		}
	}
	if len(dropControls) > 0 {
		if _, err := tx.RiskControl.Delete().Where(riskcontrol.RiskID(riskID), riskcontrol.ControlRefIn(dropControls...)).Exec(ctx); err != nil {
			return fmt.Errorf("unlink controls: %w", err)
		}
	}
	var addControls []*ent.RiskControlCreate
	for _, ref := range row.controls {
		if !slices.Contains(hasControls, ref) {
			addControls = append(addControls, tx.RiskControl.Create().SetCompanyID(companyID).SetRiskID(riskID).SetControlRef(ref))
		}
	}
	if len(addControls) > 0 {
		if err := tx.RiskControl.CreateBulk(addControls...).Exec(ctx); err != nil {
			return fmt.Errorf("link controls: %w", err)
		}
	}
	return nil
}
