package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
)

// UpdateRiskMethod is the resolver for the updateRiskMethod field.
func (r *mutationResolver) UpdateRiskMethod(ctx context.Context, input risks.UpdateMethodInput) (*risks.MethodView, error) {
	return r.Modules.Risks.UpdateMethod(ctx, input, languageOf[locale.Locale](ctx, nil))
}

// CreateRisk is the resolver for the createRisk field.
func (r *mutationResolver) CreateRisk(ctx context.Context, input risks.CreateRiskInput) (*ent.Risk, error) {
	return r.Modules.Risks.Create(ctx, input)
}

// UpdateRisk is the resolver for the updateRisk field.
func (r *mutationResolver) UpdateRisk(ctx context.Context, input model.UpdateRiskInput) (*ent.Risk, error) {
	in := risks.UpdateRiskInput{ID: input.ID}
	in.Code = given(input.Code, "code", &in.Null)
	in.Title = given(input.Title, "title", &in.Null)
	in.Threat = given(input.Threat, "threat", &in.Null)
	in.Vulnerability = given(input.Vulnerability, "vulnerability", &in.Null)
	in.Likelihood = given(input.Likelihood, "likelihood", &in.Null)
	in.Impact = given(input.Impact, "impact", &in.Null)
	in.OwnerID = given(input.OwnerID, "ownerID", &in.Null)
	in.Treatment = given(input.Treatment, "treatment", &in.Null)
	in.TreatmentPlan = given(input.TreatmentPlan, "treatmentPlan", &in.Null)
	in.TargetLikelihood = given(input.TargetLikelihood, "targetLikelihood", &in.Null)
	in.TargetImpact = given(input.TargetImpact, "targetImpact", &in.Null)
	in.AcceptedByID = given(input.AcceptedByID, "acceptedByID", &in.Null)
	in.AcceptedOn = given(input.AcceptedOn, "acceptedOn", &in.Null)
	in.AcceptanceExpiresOn = given(input.AcceptanceExpiresOn, "acceptanceExpiresOn", &in.Null)
	in.Status = given(input.Status, "status", &in.Null)
	in.NextReviewOn = given(input.NextReviewOn, "nextReviewOn", &in.Null)
	in.AssetIDs = givenList(input.AssetIDs, "assetIDs", &in.Null)
	in.ControlRefs = givenList(input.ControlRefs, "controlRefs", &in.Null)
	return r.Modules.Risks.Update(ctx, in)
}

// ArchiveRisk is the resolver for the archiveRisk field.
func (r *mutationResolver) ArchiveRisk(ctx context.Context, input archive.Input) (*ent.Risk, error) {
	return r.Modules.Risks.SetArchived(ctx, input, true)
}

// RestoreRisk is the resolver for the restoreRisk field.
func (r *mutationResolver) RestoreRisk(ctx context.Context, input archive.Input) (*ent.Risk, error) {
	return r.Modules.Risks.SetArchived(ctx, input, false)
}

// AcceptRisk is the resolver for the acceptRisk field.
func (r *mutationResolver) AcceptRisk(ctx context.Context, input risks.AcceptRiskInput) (*ent.Risk, error) {
	return r.Modules.Risks.Accept(ctx, input)
}

// AddRiskTreatmentTask is the resolver for the addRiskTreatmentTask field.
func (r *mutationResolver) AddRiskTreatmentTask(ctx context.Context, input risks.AddTreatmentTaskInput) (*ent.Task, error) {
	return r.Modules.Risks.AddTreatmentTask(ctx, input)
}

// RiskMethod is the resolver for the riskMethod field.
func (r *queryResolver) RiskMethod(ctx context.Context, companyID pulid.ID, locale *locale.Locale) (*risks.MethodView, error) {
	return r.Modules.Risks.MethodView(ctx, companyID, languageOf(ctx, locale))
}

// RiskMonitoring is the resolver for the riskMonitoring field.
func (r *queryResolver) RiskMonitoring(ctx context.Context, companyID pulid.ID) (*risks.Monitoring, error) {
	return r.Modules.Risks.Monitor(ctx, companyID)
}

// Method is the resolver for the method field.
func (r *riskMethodResolver) Method(ctx context.Context, obj *ent.RiskMethod, locale *locale.Locale) (*risks.MethodView, error) {
	return r.Modules.Risks.StoredView(ctx, obj, languageOf(ctx, locale))
}
