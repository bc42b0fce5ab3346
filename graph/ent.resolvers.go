package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// Node is the resolver for the node field.
func (r *queryResolver) Node(ctx context.Context, id pulid.ID) (ent.Noder, error) {
	return r.Client.Noder(ctx, id, ent.WithNodeType(nodeType))
}

// Nodes is the resolver for the nodes field.
func (r *queryResolver) Nodes(ctx context.Context, ids []pulid.ID) ([]ent.Noder, error) {
	return r.Client.Noders(ctx, ids, ent.WithNodeType(nodeType))
}

// Companies is the resolver for the companies field.
func (r *queryResolver) Companies(ctx context.Context, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, orderBy *ent.CompanyOrder, where *ent.CompanyWhereInput) (*ent.CompanyConnection, error) {
	return r.Client.Company.Query().Paginate(ctx, after, first, before, last,
		ent.WithCompanyOrder(orderBy), ent.WithCompanyFilter(where.Filter))
}

// Query returns generated.QueryResolver implementation.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

type queryResolver struct{ *Resolver }
