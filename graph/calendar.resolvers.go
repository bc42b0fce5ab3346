package graph

import (
	"context"
	"secretariat/internal/calendar"
	"secretariat/internal/date"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// Calendar is the resolver for the calendar field.
func (r *queryResolver) Calendar(ctx context.Context, from date.Date, to date.Date, companyIDs []pulid.ID, kinds []calendar.Kind, after *entgql.Cursor[pulid.ID], first *int) (*calendar.Page, error) {
	return r.Modules.Calendar.Calendar(ctx, calendar.Input{From: from, To: to, CompanyIDs: companyIDs, Kinds: kinds}, after, first)
}
