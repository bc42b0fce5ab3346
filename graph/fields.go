package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// AroundFields is the field middleware of the API: on a field that returns a connection it sets
// the default page size (pageSize) and binds cursors to the request's ordering
// (bindCursorsOf); on a field that declares includeArchived it leaves archived records out
// (leaveOutArchived).
//
// It runs around every field of an answer, thousands for a dashboard, so a field read straight
// from a loaded record (neither a method nor a resolver, so it takes no argument and returns no
// connection) goes through without another call.
func AroundFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || (!fc.IsMethod && !fc.IsResolver) {
		return next(ctx)
	}
	return pageSize(ctx, func(ctx context.Context) (any, error) {
		return bindCursorsOf(ctx, func(ctx context.Context) (any, error) {
			return leaveOutArchived(ctx, next)
		})
	})
}
