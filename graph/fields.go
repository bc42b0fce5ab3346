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
// It runs around every field of an answer, thousands for a dashboard, so a field that takes no
// argument (a connection takes first, a list that leaves out archived records includeArchived)
// goes through without another call: a field read straight from a loaded record, and an edge
// to one record such as a department's head.
func AroundFields(ctx context.Context, next graphql.Resolver) (any, error) {
	if !HasArguments(graphql.GetFieldContext(ctx)) {
		return next(ctx)
	}
	return pageSize(ctx, func(ctx context.Context) (any, error) {
		return bindCursorsOf(ctx, func(ctx context.Context) (any, error) {
			return leaveOutArchived(ctx, next)
		})
	})
}

// HasArguments reports whether the field of fc declares arguments: a field that does not (or
// is read straight from a loaded record, neither a method nor a resolver) needs nothing of
// AroundFields.
func HasArguments(fc *graphql.FieldContext) bool {
	return fc != nil && (fc.IsMethod || fc.IsResolver) && fc.Field.Field != nil && fc.Field.Definition != nil &&
		len(fc.Field.Definition.Arguments) > 0
}
