package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/assets"
)

// CreateAsset is the resolver for the createAsset field.
func (r *mutationResolver) CreateAsset(ctx context.Context, input assets.CreateAssetInput) (*ent.Asset, error) {
	return r.Modules.Assets.Create(ctx, input)
}

// UpdateAsset is the resolver for the updateAsset field.
func (r *mutationResolver) UpdateAsset(ctx context.Context, input model.UpdateAssetInput) (*ent.Asset, error) {
	in := assets.UpdateAssetInput{ID: input.ID}
	in.Name = given(input.Name, "name", &in.Null)
	in.Type = given(input.Type, "type", &in.Null)
	in.SiteID = given(input.SiteID, "siteID", &in.Null)
	in.DepartmentID = given(input.DepartmentID, "departmentID", &in.Null)
	in.OwnerID = given(input.OwnerID, "ownerID", &in.Null)
	in.Confidentiality = given(input.Confidentiality, "confidentiality", &in.Null)
	in.Integrity = given(input.Integrity, "integrity", &in.Null)
	in.Availability = given(input.Availability, "availability", &in.Null)
	in.Location = given(input.Location, "location", &in.Null)
	in.Retention = given(input.Retention, "retention", &in.Null)
	in.Notes = given(input.Notes, "notes", &in.Null)
	return r.Modules.Assets.Update(ctx, in)
}

// ArchiveAsset is the resolver for the archiveAsset field.
func (r *mutationResolver) ArchiveAsset(ctx context.Context, input archive.Input) (*ent.Asset, error) {
	return r.Modules.Assets.SetArchived(ctx, input, true)
}

// RestoreAsset is the resolver for the restoreAsset field.
func (r *mutationResolver) RestoreAsset(ctx context.Context, input archive.Input) (*ent.Asset, error) {
	return r.Modules.Assets.SetArchived(ctx, input, false)
}
