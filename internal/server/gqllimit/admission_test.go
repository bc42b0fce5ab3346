package gqllimit_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/internal/server/gqllimit"
)

func operation(kind ast.Operation) context.Context {
	return graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
		Operation: &ast.OperationDefinition{Operation: kind},
	})
}

// answered is an operation that answers at once.
func answered(context.Context) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Data: []byte(`{"ok":true}`)})
}

func TestAdmission_OperationsPastTheBoundWaitWithinTheirDeadline(t *testing.T) {
	a := gqllimit.NewAdmission(2)
	ctx := operation(ast.Query)
	first, second := a.Operation(ctx, answered), a.Operation(ctx, answered)
	assert.Equal(t, 2, a.Running(), "two places taken until they answer")

	short, cancel := context.WithTimeoutCause(ctx, 50*time.Millisecond, errors.New("the deadline"))
	defer cancel()
	resp := a.Operation(short, func(context.Context) graphql.ResponseHandler {
		t.Error("an operation without a place must not run")
		return answered(ctx)
	})(short)
	require.Len(t, resp.Errors, 1)
	assert.Equal(t, "the deadline", resp.Errors[0].Message, "the cause, which the guard reports as TIMEOUT")
	assert.Nil(t, resp.Data)
	assert.ErrorIs(t, short.Err(), context.DeadlineExceeded, "it waited until its deadline")

	waiting := make(chan *graphql.Response)
	go func() { waiting <- a.Operation(ctx, answered)(ctx) }()
	select {
	case <-waiting:
		t.Fatal("a third operation ran while two held the places")
	case <-time.After(30 * time.Millisecond):
	}
	assert.JSONEq(t, `{"ok":true}`, string(first(ctx).Data))
	assert.JSONEq(t, `{"ok":true}`, string((<-waiting).Data), "a place given back admits the next")
	assert.JSONEq(t, `{"ok":true}`, string(second(ctx).Data))
	assert.Zero(t, a.Running(), "every place is given back once answered")
}

func TestAdmission_SubscriptionsTakeNoPlace(t *testing.T) {
	a := gqllimit.NewAdmission(1)
	held := a.Operation(operation(ast.Mutation), answered)
	ctx := operation(ast.Subscription)
	resp := a.Operation(ctx, answered)(ctx)
	assert.JSONEq(t, `{"ok":true}`, string(resp.Data), "a subscription runs while the only place is taken")
	held(ctx)
	assert.Zero(t, a.Running())
}
