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

	"secretariat/graph/answer"
)

// operation is the context of an operation's answer under its root field `companies`.
func operation() (context.Context, *graphql.OperationContext) {
	recovered := func(context.Context, any) error { return errors.New("internal system error") }
	oc := &graphql.OperationContext{RecoverFunc: recovered}
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, recovered)
	ctx = graphql.WithOperationContext(ctx, oc)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Query", Field: selected("companies")})
	return ctx, oc
}

func selected(alias string) graphql.CollectedField {
	return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
}

func TestMarshalLoaded_GivesTheChildrenTheFieldsContextAndPath(t *testing.T) {
	ctx, oc := operation()
	fc := &graphql.FieldContext{Object: "CompanyConnection", Field: selected("edges")}
	var seen *graphql.FieldContext
	res := marshalLoaded(ctx, oc, fc, []string{"a"}, true, func(ctx context.Context, _ ast.SelectionSet, v []string) graphql.Marshaler {
		seen = graphql.GetFieldContext(ctx)
		return graphql.MarshalString(v[0])
	})
	var out bytes.Buffer
	res.MarshalGQL(&out)
	assert.Equal(t, `"a"`, out.String())
	require.Same(t, fc, seen, "the children see the field's context")
	assert.Equal(t, []string{"a"}, seen.Result, "holding its value, as gqlgen's")
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("edges")}, seen.Path())
}

func TestMarshalLoaded_RecoversAPanicAsGqlgenDoesWhenItWould(t *testing.T) {
	ctx, oc := operation()
	boom := func(context.Context, ast.SelectionSet, int) graphql.Marshaler { panic(errors.New("boom")) }

	res := marshalLoaded(ctx, oc, &graphql.FieldContext{Object: "CompanyEdge", Field: selected("node")}, 1, true, boom)
	assert.Equal(t, graphql.Null, res, "the field is null")
	errs := graphql.GetErrors(ctx)
	require.Len(t, errs, 1, "and the panic is reported")
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("node")}, errs[0].Path)

	assert.Panics(t, func() {
		marshalLoaded(ctx, oc, &graphql.FieldContext{Object: "CompanyEdge", Field: selected("node")}, 1, false, boom)
	}, "gqlgen's choice not to recover is kept")
}

func TestLoadedValue_CountsTheValueAndStandsAsideWhenGqlgenMustAnswer(t *testing.T) {
	var exceeded bool
	budget := answer.NewBudget(20, func() { exceeded = true })
	ctx, cancel := context.WithCancel(answer.WithBudget(context.Background(), budget))
	field := selected("edges")

	assert.True(t, loadedValue(ctx, field, []int{1, 2, 3}))
	assert.False(t, exceeded, `"edges":[…] of three items is 14 bytes by the guard's estimate`)
	assert.True(t, loadedValue(ctx, field, []int{1, 2, 3}))
	assert.True(t, exceeded, "the second passes the budget of 20, as the guard would count it")

	var empty interface{ Node() }
	assert.False(t, loadedValue(ctx, field, empty), "an interface left nil goes to gqlgen, which reports the null")
	cancel()
	assert.False(t, loadedValue(ctx, field, []int{1}), "a stopped operation goes to gqlgen, whose guard says why")
}

func TestCollectFields_IsGqlgensAnswerRememberedForTheOperation(t *testing.T) {
	skipped := &ast.Field{Alias: "b", Name: "b", Directives: ast.DirectiveList{{Name: "skip", Arguments: ast.ArgumentList{
		{Name: "if", Value: &ast.Value{Kind: ast.Variable, Raw: "s"}}}}}}
	sel := ast.SelectionSet{&ast.Field{Alias: "a", Name: "a"}, skipped}
	aliases := func(fields []graphql.CollectedField) (out []string) {
		for _, f := range fields {
			out = append(out, f.Alias)
		}
		return out
	}
	for _, skip := range []bool{true, false} {
		oc := &graphql.OperationContext{Variables: map[string]any{"s": skip}}
		ec := newExecutionContext(oc, nil, nil)
		first := ec.collected.of(oc, sel, siteImplementors)
		assert.Equal(t, aliases(graphql.CollectFields(oc, sel, siteImplementors)), aliases(first), "skip: %v", skip)
		again := ec.collected.of(oc, sel, siteImplementors)
		require.NotEmpty(t, again)
		assert.Same(t, &first[0], &again[0], "collected once per operation")
		assert.NotSame(t, &first[0], &ec.collected.of(oc, sel[:1], siteImplementors)[0], "a shorter selection is another key")
	}
}
