package excel

import (
	"slices"

	"secretariat/ent"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
)

// The risks of a sheet are written through the risk service, as the API writes them: the same
// validation, scoring, acceptance rule and links (package risks). A row becomes a create, or an
// update that carries only what differs from the stored risk (a field the row empties is sent as
// null), so that an unchanged row writes nothing and a person or asset the risk already names is
// not checked again.

// createRiskInput is the input that creates the row's risk.
func createRiskInput(companyID pulid.ID, row riskRow) risks.CreateRiskInput {
	code := row.code
	return risks.CreateRiskInput{
		CompanyID: companyID, Code: &code, Title: row.title,
		Threat: row.threat, Vulnerability: row.vuln, Likelihood: row.likelihood, Impact: row.impact,
		OwnerID: row.ownerID, Treatment: row.treatment, TreatmentPlan: row.plan,
		TargetLikelihood: row.targetL, TargetImpact: row.targetI,
		AcceptedByID: row.acceptedByID, AcceptedOn: row.acceptedOn, AcceptanceExpiresOn: row.expiresOn,
		Status: &row.status, NextReviewOn: row.nextReview,
		AssetIDs: row.assetIDs, ControlRefs: row.controls,
	}
}

// updateRiskInput is the update that brings old to the row's state; false when nothing differs.
func updateRiskInput(old *ent.Risk, row riskRow) (risks.UpdateRiskInput, bool) {
	in := risks.UpdateRiskInput{ID: old.ID}
	d := diff{null: &in.Null}
	if old.Title != row.title {
		in.Title, d.changed = &row.title, true
	}
	if old.Likelihood != row.likelihood {
		in.Likelihood, d.changed = &row.likelihood, true
	}
	if old.Impact != row.impact {
		in.Impact, d.changed = &row.impact, true
	}
	if old.Status != row.status {
		in.Status, d.changed = &row.status, true
	}
	field(&d, "threat", old.Threat, row.threat, &in.Threat)
	field(&d, "vulnerability", old.Vulnerability, row.vuln, &in.Vulnerability)
	field(&d, "treatmentPlan", old.TreatmentPlan, row.plan, &in.TreatmentPlan)
	field(&d, "ownerID", old.OwnerID, row.ownerID, &in.OwnerID)
	field(&d, "treatment", old.Treatment, row.treatment, &in.Treatment)
	field(&d, "targetLikelihood", old.TargetLikelihood, row.targetL, &in.TargetLikelihood)
	field(&d, "targetImpact", old.TargetImpact, row.targetI, &in.TargetImpact)
	field(&d, "acceptedByID", old.AcceptedByID, row.acceptedByID, &in.AcceptedByID)
	field(&d, "acceptedOn", old.AcceptedOn, row.acceptedOn, &in.AcceptedOn)
	field(&d, "acceptanceExpiresOn", old.AcceptanceExpiresOn, row.expiresOn, &in.AcceptanceExpiresOn)
	field(&d, "nextReviewOn", old.NextReviewOn, row.nextReview, &in.NextReviewOn)
	assets, controls := riskLinks(old)
	if !slices.Equal(assets, row.assetIDs) {
		in.AssetIDs, d.changed = append([]pulid.ID{}, row.assetIDs...), true
	}
	if !slices.Equal(controls, row.controls) {
		in.ControlRefs, d.changed = append([]string{}, row.controls...), true
	}
	return in, d.changed
}

// riskLinks are the assets and controls a stored risk links, each sorted as a row's are.
func riskLinks(r *ent.Risk) (assets []pulid.ID, controls []string) {
	for _, l := range r.Edges.AssetLinks {
		assets = append(assets, l.AssetID)
	}
	for _, l := range r.Edges.ControlLinks {
		controls = append(controls, l.ControlRef)
	}
	slices.Sort(assets)
	slices.SortFunc(controls, compareRefs)
	return assets, controls
}

// diff collects an update: whether anything changed, and the fields to clear.
type diff struct {
	changed bool
	null    *[]string
}

// field sets *dst to want when it differs from was, and names the field null when want is.
func field[T comparable](d *diff, name string, was, want *T, dst **T) {
	switch {
	case want == nil && was == nil, want != nil && was != nil && *want == *was:
		return
	case want == nil:
		*d.null = append(*d.null, name)
	default:
		*dst = want
	}
	d.changed = true
}
