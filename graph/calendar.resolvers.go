package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/calendar"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/publicurl"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// URL is the resolver for the url field.
func (r *calendarFeedPayloadResolver) URL(ctx context.Context, obj *members.CalendarFeed) (string, error) {
	return publicurl.Absolute(ctx, obj.Path), nil
}

// CreateCalendarFeed is the resolver for the createCalendarFeed field.
func (r *mutationResolver) CreateCalendarFeed(ctx context.Context) (*members.CalendarFeed, error) {
	return r.Modules.Members.CreateCalendarFeed(ctx)
}

// RevokeCalendarFeed is the resolver for the revokeCalendarFeed field.
func (r *mutationResolver) RevokeCalendarFeed(ctx context.Context) (*ent.Membership, error) {
	return r.Modules.Members.RevokeCalendarFeed(ctx)
}

// Calendar is the resolver for the calendar field.
func (r *queryResolver) Calendar(ctx context.Context, from date.Date, to date.Date, companyIDs []pulid.ID, kinds []calendar.Kind, after *entgql.Cursor[pulid.ID], first *int) (*calendar.Page, error) {
	return r.Modules.Calendar.Calendar(ctx, calendar.Input{From: from, To: to, CompanyIDs: companyIDs, Kinds: kinds}, after, first)
}

// CalendarFeedPayload returns generated.CalendarFeedPayloadResolver implementation.
func (r *Resolver) CalendarFeedPayload() generated.CalendarFeedPayloadResolver {
	return &calendarFeedPayloadResolver{r}
}

type calendarFeedPayloadResolver struct{ *Resolver }
