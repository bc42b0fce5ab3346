package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// Viewer is the resolver for the viewer field.
func (r *queryResolver) Viewer(ctx context.Context) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, tenancy.ErrNoViewer
	}
	return r.Client.User.Get(ctx, v.UserID)
}

// Organization is the resolver for the organization field.
func (r *queryResolver) Organization(ctx context.Context) (*ent.Organization, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, tenancy.ErrNoViewer
	}
	return r.Client.Organization.Get(ctx, v.OrganizationID)
}
