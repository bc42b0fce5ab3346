package gqllimit

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Admission runs at most a fixed number of queries and mutations at once. The others wait for
// a place, within their own deadline (use it inside Guard), before anything of theirs runs: no
// transaction, no rows, no answer under construction. Past the machine's CPUs, more operations
// at once only add answers held in memory while they share the same CPUs; 200 clients asking a
// dashboard at once took the resident memory of a replica past 200 MB.
//
// Subscriptions are left alone: they are meant to last, and each of their events is short.
type Admission struct{ places chan struct{} }

// NewAdmission admits n operations at once.
func NewAdmission(n int) *Admission { return &Admission{places: make(chan struct{}, n)} }

// Running is how many operations hold a place now.
func (a *Admission) Running() int { return len(a.places) }

// Operation is the graphql.OperationMiddleware: it takes a place, or answers with why it could
// not (the deadline that Guard reports as TIMEOUT, or the client gone), and gives the place
// back once the operation has answered (after its commit).
func (a *Admission) Operation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation == ast.Subscription {
		return next(ctx)
	}
	select {
	case a.places <- struct{}{}:
	case <-ctx.Done():
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{gqlerror.WrapIfUnwrapped(context.Cause(ctx))}})
	}
	release := sync.OnceFunc(func() { <-a.places })
	respond := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		defer release()
		return respond(ctx)
	}
}
