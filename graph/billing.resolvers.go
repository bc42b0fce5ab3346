package graph

import (
	"context"
	"secretariat/internal/billing"
)

// StartCheckout is the resolver for the startCheckout field.
func (r *mutationResolver) StartCheckout(ctx context.Context, input billing.StartCheckoutInput) (*billing.Redirect, error) {
	return r.Modules.Billing.StartCheckout(ctx, input)
}

// OpenBillingPortal is the resolver for the openBillingPortal field.
func (r *mutationResolver) OpenBillingPortal(ctx context.Context, input *billing.OpenBillingPortalInput) (*billing.Redirect, error) {
	if input == nil {
		input = &billing.OpenBillingPortalInput{}
	}
	return r.Modules.Billing.OpenBillingPortal(ctx, *input)
}

// Billing is the resolver for the billing field.
func (r *queryResolver) Billing(ctx context.Context) (*billing.Overview, error) {
	return r.Modules.Billing.Overview(ctx)
}
