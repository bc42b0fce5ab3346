package ent

// Hand-written additions to the generated GraphQL support of the ent client, so that code outside
// graph/ needs neither gqlgen nor entgql.

import (
	"context"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
)

// The directions of an ordering, for a service's default order.
const (
	OrderDirectionAsc  = entgql.OrderDirectionAsc
	OrderDirectionDesc = entgql.OrderDirectionDesc
)

// WithoutFieldCollection hides the GraphQL field being resolved from the queries run with the
// returned context: they load every column instead of only those the field selects (entgql
// field collection). A check that reads a row the client did not ask for uses it.
func WithoutFieldCollection(ctx context.Context) context.Context {
	return withoutFieldContext{ctx}
}

type withoutFieldContext struct{ context.Context }

func (c withoutFieldContext) Value(key any) any {
	v := c.Context.Value(key)
	if _, ok := v.(*graphql.FieldContext); ok {
		return nil
	}
	return v
}
