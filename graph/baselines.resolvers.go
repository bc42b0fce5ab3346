package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/internal/archive"
	"secretariat/internal/baselines"
	"secretariat/internal/pulid"
)

// Drift is the resolver for the drift field.
func (r *baselineAdoptionResolver) Drift(ctx context.Context, obj *ent.BaselineAdoption) (*baselines.Drift, error) {
	view, err := r.baselineView(ctx, obj.ID)
	if err != nil {
		return nil, err
	}
	return view.Drift, nil
}

// Effective is the resolver for the effective field.
func (r *baselineAdoptionResolver) Effective(ctx context.Context, obj *ent.BaselineAdoption) (*baselines.Effective, error) {
	view, err := r.baselineView(ctx, obj.ID)
	if err != nil {
		return nil, err
	}
	return view.Effective, nil
}

// Content is the resolver for the content field.
func (r *baselineVersionResolver) Content(ctx context.Context, obj *ent.BaselineVersion) (*baselines.Content, error) {
	return r.Modules.Baselines.Content(obj)
}

// CreateBaseline is the resolver for the createBaseline field.
func (r *mutationResolver) CreateBaseline(ctx context.Context, input baselines.CreateBaselineInput) (*ent.Baseline, error) {
	return r.Modules.Baselines.CreateBaseline(ctx, input)
}

// PublishBaselineVersion is the resolver for the publishBaselineVersion field.
func (r *mutationResolver) PublishBaselineVersion(ctx context.Context, input baselines.PublishBaselineVersionInput) (*ent.BaselineVersion, error) {
	return r.Modules.Baselines.PublishVersion(ctx, input)
}

// ArchiveBaseline is the resolver for the archiveBaseline field.
func (r *mutationResolver) ArchiveBaseline(ctx context.Context, input archive.Input) (*ent.Baseline, error) {
	return r.Modules.Baselines.SetArchived(ctx, input, true)
}

// RestoreBaseline is the resolver for the restoreBaseline field.
func (r *mutationResolver) RestoreBaseline(ctx context.Context, input archive.Input) (*ent.Baseline, error) {
	return r.Modules.Baselines.SetArchived(ctx, input, false)
}

// AdoptBaseline is the resolver for the adoptBaseline field.
func (r *mutationResolver) AdoptBaseline(ctx context.Context, input baselines.AdoptBaselineInput) (*ent.BaselineAdoption, error) {
	return r.Modules.Baselines.Adopt(ctx, input)
}

// AddBaselineOverlay is the resolver for the addBaselineOverlay field.
func (r *mutationResolver) AddBaselineOverlay(ctx context.Context, input baselines.AddBaselineOverlayInput) (*ent.BaselineOverlay, error) {
	return r.Modules.Baselines.AddOverlay(ctx, input)
}

// DecideBaselineOverride is the resolver for the decideBaselineOverride field.
func (r *mutationResolver) DecideBaselineOverride(ctx context.Context, input baselines.DecideBaselineOverrideInput) (*ent.BaselineOverlay, error) {
	return r.Modules.Baselines.DecideOverride(ctx, input)
}

// WithdrawBaselineOverlay is the resolver for the withdrawBaselineOverlay field.
func (r *mutationResolver) WithdrawBaselineOverlay(ctx context.Context, input archive.Input) (*ent.BaselineOverlay, error) {
	return r.Modules.Baselines.WithdrawOverlay(ctx, input)
}

// UpgradeBaselineAdoption is the resolver for the upgradeBaselineAdoption field.
func (r *mutationResolver) UpgradeBaselineAdoption(ctx context.Context, adoptionID pulid.ID) (*ent.BaselineAdoption, error) {
	return r.Modules.Baselines.Upgrade(ctx, adoptionID)
}

// PromoteBaselineOverlay is the resolver for the promoteBaselineOverlay field.
func (r *mutationResolver) PromoteBaselineOverlay(ctx context.Context, input baselines.PromoteBaselineOverlayInput) (*ent.BaselineVersion, error) {
	return r.Modules.Baselines.Promote(ctx, input)
}
