package graph

import (
	"context"
	"reflect"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/ent"
	"secretariat/graph/cursors"
	"secretariat/internal/pulid"
)

// assetsField is `assets(after:, first:, before:, last:, where:, includeArchived:)` of a
// company, selecting its edges' cursors when withCursor.
func assetsField(withCursor bool) graphql.CollectedField {
	def := &ast.FieldDefinition{Name: "assets", Type: ast.NonNullNamedType("AssetConnection", nil), Arguments: ast.ArgumentDefinitionList{
		{Name: "after", Type: ast.NamedType("Cursor", nil)}, {Name: "first", Type: ast.NamedType("Int", nil)},
		{Name: "before", Type: ast.NamedType("Cursor", nil)}, {Name: "last", Type: ast.NamedType("Int", nil)},
		{Name: "where", Type: ast.NamedType("AssetWhereInput", nil)}, {Name: IncludeArchivedArg, Type: ast.NamedType("Boolean", nil)},
	}}
	leaf := "node"
	if withCursor {
		leaf = "cursor"
	}
	edges := &ast.Field{Alias: "edges", Name: "edges", SelectionSet: ast.SelectionSet{&ast.Field{Alias: leaf, Name: leaf,
		Definition: &ast.FieldDefinition{Name: leaf, Type: ast.NamedType("Cursor", nil)}}},
		Definition: &ast.FieldDefinition{Name: "edges", Type: ast.ListType(ast.NamedType("AssetEdge", nil), nil)}}
	f := &ast.Field{Alias: "assets", Name: "assets", Definition: def, SelectionSet: ast.SelectionSet{edges}}
	return graphql.CollectedField{Field: f, Selections: f.SelectionSet}
}

// inOperation is ctx inside an operation run with Memo.
func inOperation(t *testing.T) context.Context {
	t.Helper()
	ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{Variables: map[string]any{}})
	var inner context.Context
	Memo(ctx, func(ctx context.Context) graphql.ResponseHandler { inner = ctx; return nil })
	require.NotNil(t, inner)
	return inner
}

func TestAroundFields_PreparesAConnectionsArgumentsOnceAndLeavesTheParsedOnesAsTheyAre(t *testing.T) {
	ctx := inOperation(t)
	field := assetsField(false)
	bound := &entgql.Cursor[pulid.ID]{ID: pulid.New("AS"), Value: cursors.Bind("AssetConnection", "x")}
	parsed := map[string]any{"after": bound, "first": (*int)(nil), "before": (*entgql.Cursor[pulid.ID])(nil),
		"last": (*int)(nil), "where": (*ent.AssetWhereInput)(nil)}
	parsedBefore := map[string]any{}
	for k, v := range parsed {
		parsedBefore[k] = v
	}

	var got []map[string]any
	for range 2 { // two companies of a list: the same field of the document, the same parsed map
		fc := &graphql.FieldContext{Object: "Company", Field: field, IsMethod: true, Args: parsed}
		res, err := AroundFields(graphql.WithFieldContext(ctx, fc), func(ctx context.Context) (any, error) {
			got = append(got, graphql.GetFieldContext(ctx).Args)
			return &ent.AssetConnection{}, nil
		})
		require.NoError(t, err)
		require.NotNil(t, res)
	}
	assert.Equal(t, parsedBefore, parsed, "the parsed arguments, shared by every instance, are not written")
	assert.Equal(t, reflect.ValueOf(got[0]).Pointer(), reflect.ValueOf(got[1]).Pointer(), "prepared once for the operation")

	args := got[0]
	require.IsType(t, (*int)(nil), args["first"])
	assert.Equal(t, DefaultPageSize, *args["first"].(*int), "neither first nor last: the default page")
	assert.Nil(t, args["last"])
	after := args["after"].(*entgql.Cursor[pulid.ID])
	assert.Equal(t, "x", after.Value, "the cursor without its ordering")
	assert.Equal(t, bound.ID, after.ID)
	where := args["where"].(*ent.AssetWhereInput)
	assert.True(t, where.ArchivedAtIsNil, "includeArchived not sent: archived records left out")

	// Another operation prepares afresh: here paging back from a cursor, archived records in.
	ctx = inOperation(t)
	before := &entgql.Cursor[pulid.ID]{ID: pulid.New("AS"), Value: cursors.Bind("AssetConnection", "y")}
	fc := &graphql.FieldContext{Object: "Company", Field: field, IsMethod: true,
		Args: map[string]any{"before": before, IncludeArchivedArg: new(true)}}
	_, err := AroundFields(graphql.WithFieldContext(ctx, fc), func(ctx context.Context) (any, error) {
		args := graphql.GetFieldContext(ctx).Args
		assert.Nil(t, args["first"])
		assert.Equal(t, DefaultPageSize, *args["last"].(*int), "from the end when paging back")
		assert.Equal(t, "y", args["before"].(*entgql.Cursor[pulid.ID]).Value)
		assert.Nil(t, args["where"], "includeArchived: true leaves where as it is")
		return nil, nil
	})
	require.NoError(t, err)
}

func TestAroundFields_BindsTheAnswersCursorsOnlyWhenTheRequestReadsThem(t *testing.T) {
	r := &Resolver{}
	for _, read := range []bool{true, false} {
		ctx := inOperation(t)
		fc := &graphql.FieldContext{Object: "Company", Field: assetsField(read), IsMethod: true,
			Args: map[string]any{"where": (*ent.AssetWhereInput)(nil)}}
		ctx = graphql.WithFieldContext(ctx, fc)
		conn := &ent.AssetConnection{Edges: []*ent.AssetEdge{{Cursor: entgql.Cursor[pulid.ID]{ID: pulid.New("AS"), Value: "v"}}}}
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		res, err := AroundFields(ctx, func(context.Context) (any, error) { return conn, nil })
		require.NoError(t, err)
		require.Same(t, conn, res)

		_, ordering, err := r.PrepareConnection(ctx, fc)
		require.NoError(t, err)
		if !read {
			assert.Empty(t, ordering)
			assert.Equal(t, "v", conn.Edges[0].Cursor.Value, "a cursor nobody reads needs no binding")
			continue
		}
		assert.Equal(t, "AssetConnection", ordering, "the connection's type, no orderBy")
		assert.Equal(t, cursors.Bind(ordering, "v"), conn.Edges[0].Cursor.Value, "bound once, though the page info points at it too")
	}
}
