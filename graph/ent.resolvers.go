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

// InvitedByIDIn is the resolver for the invitedByIDIn field.
func (r *invitationWhereInputResolver) InvitedByIDIn(ctx context.Context, obj *ent.InvitationWhereInput, data []string) error {
	panic(fmt.Errorf("not implemented: InvitedByIDIn - invitedByIDIn"))
}

// InvitedByIDNotIn is the resolver for the invitedByIDNotIn field.
func (r *invitationWhereInputResolver) InvitedByIDNotIn(ctx context.Context, obj *ent.InvitationWhereInput, data []string) error {
	panic(fmt.Errorf("not implemented: InvitedByIDNotIn - invitedByIDNotIn"))
}

// Query returns generated.QueryResolver implementation.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

// InvitationWhereInput returns generated.InvitationWhereInputResolver implementation.
func (r *Resolver) InvitationWhereInput() generated.InvitationWhereInputResolver {
	return &invitationWhereInputResolver{r}
}

type (
	queryResolver                struct{ *Resolver }
	invitationWhereInputResolver struct{ *Resolver }
)
