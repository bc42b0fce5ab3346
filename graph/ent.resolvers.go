package graph

import (
	"context"
	"fmt"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// Node is the resolver for the node field.
func (r *queryResolver) Node(ctx context.Context, id pulid.ID) (ent.Noder, error) {
	panic(fmt.Errorf("not implemented: Node - node"))
}

// Nodes is the resolver for the nodes field.
func (r *queryResolver) Nodes(ctx context.Context, ids []pulid.ID) ([]ent.Noder, error) {
	panic(fmt.Errorf("not implemented: Nodes - nodes"))
}

// Companies is the resolver for the companies field.
func (r *queryResolver) Companies(ctx context.Context, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, orderBy *ent.CompanyOrder, where *ent.CompanyWhereInput) (*ent.CompanyConnection, error) {
	panic(fmt.Errorf("not implemented: Companies - companies"))
}

// Query returns generated.QueryResolver implementation.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

type queryResolver struct{ *Resolver }
