package graph

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// Page sizes of every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageSize is a field middleware applied to every field that returns a connection: with neither
// `first` nor `last` it asks for DefaultPageSize items, and it refuses a size above MaxPageSize
// or below zero as bad input, instead of quietly returning a different page than asked for.
func PageSize(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil || !strings.HasSuffix(fc.Field.Definition.Type.Name(), "Connection") {
		return next(ctx)
	}
	_, hasFirst := fc.Args["first"]
	if !hasFirst {
		return next(ctx)
	}
	first, _ := fc.Args["first"].(*int)
	last, _ := fc.Args["last"].(*int)
	for name, n := range map[string]*int{"first": first, "last": last} {
		if n != nil && (*n < 0 || *n > MaxPageSize) {
			return nil, apperr.Invalid(name, fmt.Sprintf("must be between 0 and %d", MaxPageSize))
		}
	}
	if first == nil && last == nil {
		size := DefaultPageSize
		// Paging backwards from a cursor without a size takes the default from the end.
		if before, _ := fc.Args["before"].(*entgql.Cursor[pulid.ID]); before != nil {
			fc.Args["last"] = &size
		} else {
			fc.Args["first"] = &size
		}
	}
	return next(ctx)
}
