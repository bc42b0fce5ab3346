package graph

import (
	"context"
	"secretariat/internal/billing"
)

// StartCheckout is the resolver for the startCheckout field.
func (r *mutationResolver) StartCheckout(ctx context.Context, input billing.StartCheckoutInput) (*billing.Redirect, error) {
	return r.Subscriptions.StartCheckout(ctx, input)
}

// OpenBillingPortal is the resolver for the openBillingPortal field.
func (r *mutationResolver) OpenBillingPortal(ctx context.Context, input *billing.OpenBillingPortalInput) (*billing.Redirect, error) {
	if input == nil {
		input = &billing.OpenBillingPortalInput{}
	}
	return r.Subscriptions.OpenBillingPortal(ctx, *input)
}

// Billing is the resolver for the billing field.
func (r *queryResolver) Billing(ctx context.Context) (*billing.Overview, error) {
	return r.Subscriptions.Overview(ctx)
}
