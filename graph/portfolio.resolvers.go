package graph

import (
	"context"
	"secretariat/internal/portfolio"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// Portfolio is the resolver for the portfolio field.
func (r *queryResolver) Portfolio(ctx context.Context, companyIDs []pulid.ID, where []*portfolio.Filter, orderBy *portfolio.Order, after *entgql.Cursor[pulid.ID], first *int) (*portfolio.Page, error) {
	return r.Modules.Portfolio.Portfolio(ctx, portfolio.Input{CompanyIDs: companyIDs, Where: where, OrderBy: orderBy}, after, first)
}
