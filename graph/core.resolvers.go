package graph

import (
	"context"
	"fmt"
	"secretariat/ent"
)

// Viewer is the resolver for the viewer field.
func (r *queryResolver) Viewer(ctx context.Context) (*ent.User, error) {
	panic(fmt.Errorf("not implemented: Viewer - viewer"))
}

// Organization is the resolver for the organization field.
func (r *queryResolver) Organization(ctx context.Context) (*ent.Organization, error) {
	panic(fmt.Errorf("not implemented: Organization - organization"))
}
