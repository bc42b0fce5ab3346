package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/live"
	"secretariat/internal/pulid"
)

// TaskChanged is the resolver for the taskChanged field.
func (r *subscriptionResolver) TaskChanged(ctx context.Context) (<-chan *ent.Task, error) {
	return r.Modules.Live.TaskChanged(ctx)
}

// CompanyActivity is the resolver for the companyActivity field.
func (r *subscriptionResolver) CompanyActivity(ctx context.Context, companyID pulid.ID) (<-chan *live.Activity, error) {
	return r.Modules.Live.CompanyActivity(ctx, companyID)
}

// Subscription returns generated.SubscriptionResolver implementation.
func (r *Resolver) Subscription() generated.SubscriptionResolver { return &subscriptionResolver{r} }

type subscriptionResolver struct{ *Resolver }
