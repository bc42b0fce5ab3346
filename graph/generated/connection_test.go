package generated

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
)

// preparingRoot is a resolver root that prepares connections as graph.Resolver does, recording
// what it was asked.
type preparingRoot struct {
	ResolverRoot
	args     map[string]any
	ordering string
	err      error
	prepared int
	bound    []any
}

func (r *preparingRoot) PrepareConnection(_ context.Context, fc *graphql.FieldContext) (map[string]any, string, error) {
	r.prepared++
	return r.args, r.ordering, r.err
}

func (r *preparingRoot) BindCursors(conn any, ordering string) {
	r.bound = append(r.bound, conn)
	if ordering != r.ordering {
		panic("bound to another ordering")
	}
}

type sites struct{ names []string }

func TestResolveConnection_AnswersAConnectionAsTheMiddlewareWouldAndHandsBackTheRest(t *testing.T) {
	parsed := map[string]any{"first": 3}
	fieldContext := func(_ context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
		return &graphql.FieldContext{Object: "Company", Field: field, IsMethod: true, Args: parsed}, nil
	}
	marshal := func(_ context.Context, _ ast.SelectionSet, v *sites) graphql.Marshaler {
		return graphql.MarshalString(v.names[0])
	}
	ctx, oc := operation()
	ec := newExecutionContext(oc, nil, nil)
	root := &preparingRoot{args: map[string]any{"first": 10}, ordering: "SiteConnection"}
	answer := &sites{names: []string{"東京", "大阪"}}
	calls := 0
	call := func(ctx context.Context) (*sites, error) {
		calls++
		fc := graphql.GetFieldContext(ctx)
		assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("sites")}, fc.Path(), "the resolver runs under the field's context")
		assert.Equal(t, root.args, fc.Args, "with the arguments as the middleware makes them")
		return answer, nil
	}

	res, c := resolveConnection(ctx, oc, &ec.collected, root, selected("sites"), fieldContext, true, call, marshal)
	require.NotNil(t, res)
	var b bytes.Buffer
	res.MarshalGQL(&b)
	assert.Equal(t, `"東京"`, b.String())
	assert.True(t, c.ok)
	assert.Equal(t, []any{answer}, root.bound, "the answer's cursors bound to the request's ordering")
	assert.Equal(t, map[string]any{"first": 3}, parsed, "the parsed arguments are left as they are")

	// The resolver fails: handed back unbound, with what it returned.
	failed := errors.New("statement failed")
	res, c = resolveConnection(ctx, oc, &ec.collected, root, selected("sites"), fieldContext, true, func(context.Context) (*sites, error) {
		calls++
		return nil, failed
	}, marshal)
	assert.Nil(t, res)
	assert.True(t, c.ok, "gqlgen's path reports it without calling again")
	assert.Equal(t, failed, c.err)
	assert.Len(t, root.bound, 1, "nothing bound")

	// The arguments cannot be prepared: gqlgen's path runs the middleware, which reports it.
	root.err = errors.New("where is not a where input")
	res, c = resolveConnection(ctx, oc, &ec.collected, root, selected("sites"), fieldContext, true, call, marshal)
	assert.Nil(t, res)
	assert.False(t, c.ok)
	root.err = nil

	// A panic in the resolver leaves null and is reported, as gqlgen recovers it.
	res, _ = resolveConnection(ctx, oc, &ec.collected, root, selected("sites"), fieldContext, true, func(context.Context) (*sites, error) { panic("boom") }, marshal)
	assert.Equal(t, graphql.Null, res)
	assert.Len(t, graphql.GetErrors(ctx), 1)

	// Arguments that do not parse: the field context has reported it, the field is null.
	res, c = resolveConnection(ctx, oc, &ec.collected, root, selected("sites"), func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
		return nil, errors.New("first: not an Int")
	}, true, call, marshal)
	assert.Equal(t, graphql.Null, res)
	assert.False(t, c.ok)

	// A resolver root that prepares no connection, and a stopped operation, leave it all to gqlgen.
	res, c = resolveConnection(ctx, oc, &ec.collected, ResolverRoot(nil), selected("sites"), fieldContext, true, call, marshal)
	assert.Nil(t, res)
	assert.False(t, c.ok)
	stopped, cancel := context.WithCancel(ctx)
	cancel()
	res, c = resolveConnection(stopped, oc, &newExecutionContext(oc, nil, nil).collected, root, selected("sites"), fieldContext, true, call, marshal)
	assert.Nil(t, res)
	assert.False(t, c.ok)

	assert.Equal(t, 2, calls, "the first answer and the failed call; nothing else was called")
	require.Equal(t, 4, root.prepared)
}
