package gqllimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/graph/answer"
	"secretariat/internal/apperr"
)

// Guard bounds each query and mutation while it runs: a deadline (QueryTimeout or
// MutationTimeout) and a size for its answer (MaxResponseBytes). Past either, the operation's
// context is cancelled with the reason, so resolvers, the database statements they run and the
// operation's transaction stop with it (a mutation is rolled back: its commit sees the
// cancelled context), and the client gets one error, TIMEOUT or RESPONSE_TOO_LARGE, and no
// data. The answer's size is estimated field by field as it is resolved, so a large answer
// stops while it grows; the encoded data is measured again once complete. Subscriptions are
// left alone: they are meant to last.
//
// Use it before the middleware that opens the operation's transaction, so that the transaction
// lives inside the deadline.
type Guard struct {
	QueryTimeout     time.Duration
	MutationTimeout  time.Duration
	MaxResponseBytes int64
	// Present turns the refusal into the GraphQL error the client sees (the server's one error
	// presenter).
	Present graphql.ErrorPresenterFunc
	// Fields, if set, is the API's own field middleware, run inside the guard's: one link in
	// gqlgen's chain instead of two, for each of the thousands of fields of a large answer.
	Fields graphql.FieldMiddleware
}

var (
	_ graphql.HandlerExtension     = Guard{}
	_ graphql.OperationInterceptor = Guard{}
	_ graphql.ResponseInterceptor  = Guard{}
	_ graphql.FieldInterceptor     = Guard{}
)

// ExtensionName implements graphql.HandlerExtension.
func (Guard) ExtensionName() string { return "OperationGuard" }

// Validate implements graphql.HandlerExtension.
func (g Guard) Validate(graphql.ExecutableSchema) error {
	if g.QueryTimeout <= 0 || g.MutationTimeout <= 0 || g.MaxResponseBytes <= 0 || g.Present == nil {
		return fmt.Errorf("operation guard needs positive timeouts (%s, %s), a response size (%d) and a presenter",
			g.QueryTimeout, g.MutationTimeout, g.MaxResponseBytes)
	}
	return nil
}

// tooLarge is the reason an answer past max bytes is stopped.
func tooLarge(max int64) error {
	return apperr.ResponseTooLarge(
		fmt.Sprintf("the answer is larger than the server's limit of %d bytes; ask for fewer items or fields", max),
		fmt.Sprintf("応答がサーバーの上限 %d バイトを超えました。取得する件数や項目を減らしてください", max))
}

// InterceptOperation implements graphql.OperationInterceptor.
func (g Guard) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation == ast.Subscription {
		return next(ctx)
	}
	limit := g.QueryTimeout
	if oc.Operation.Operation == ast.Mutation {
		limit = g.MutationTimeout
	}
	ctx, cancel := context.WithCancelCause(ctx)
	timeout := apperr.Timeout(
		fmt.Sprintf("the operation did not finish within %s; ask for fewer items or fields", limit),
		fmt.Sprintf("操作が制限時間 %s 内に終わりませんでした。取得する件数や項目を減らしてください", limit))
	ctx, stop := context.WithTimeoutCause(ctx, limit, timeout)
	b := answer.NewBudget(g.MaxResponseBytes, func() { cancel(tooLarge(g.MaxResponseBytes)) })
	ctx = answer.WithBudget(ctx, b)

	respond := next(ctx)
	ended := false
	return func(rctx context.Context) *graphql.Response {
		if ended {
			// A query or mutation has one response; the handlers inside may still act when
			// asked for the next (a WebSocket closes itself once it told the client why).
			return respond(rctx)
		}
		ended = true
		defer func() { stop(); cancel(nil) }()
		resp := respond(rctx)
		if resp != nil && int64(len(resp.Data)) > b.Max() {
			// Measured after the commit: the estimate let it through. Refuse all the same;
			// the estimate makes this rare.
			cancel(tooLarge(b.Max()))
		}
		if ctx.Err() == nil {
			return resp
		}
		cause := context.Cause(ctx)
		if _, ok := apperr.As(cause); !ok {
			if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return resp // the client went away: nobody reads an answer
			}
			cause = timeout // the request's own deadline
		}
		return &graphql.Response{Errors: gqlerror.List{g.Present(ctx, cause)}}
	}
}

// InterceptResponse implements graphql.ResponseInterceptor: it measures the encoded answer
// before the operation's transaction ends, so that a mutation whose answer is too large is
// rolled back.
func (g Guard) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if b, ok := answer.BudgetOf(ctx); ok && resp != nil && int64(len(resp.Data)) > b.Max() {
		b.Spend(int64(len(resp.Data))) // past the maximum: the operation stops, and is rolled back
	}
	return resp
}

// InterceptField implements graphql.FieldInterceptor: a field of a stopped operation is not
// resolved, and every resolved field counts towards the answer's size.
func (g Guard) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	b, ok := answer.BudgetOf(ctx)
	if !ok {
		return next(ctx)
	}
	if ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	var res any
	var err error
	if g.Fields != nil {
		res, err = g.Fields(ctx, next)
	} else {
		res, err = next(ctx)
	}
	if err != nil && ctx.Err() != nil {
		return nil, stopped(ctx)
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		b.SpendField(fc.Field.Alias, res)
	}
	return res, err
}

// stopped is the reason the operation was stopped: one of the guard's errors, or the
// client's cancellation.
func stopped(ctx context.Context) error {
	cause := context.Cause(ctx)
	if _, ok := apperr.As(cause); ok {
		return cause
	}
	return errors.Join(ctx.Err(), cause)
}
