package generated

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/ent"
	"secretariat/ent/task"
	"secretariat/graph/answer"
	"secretariat/internal/pulid"
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
	res := marshalLoaded(ctx, oc, &collected{}, fc, []string{"a"}, true, func(ctx context.Context, _ ast.SelectionSet, v []string) graphql.Marshaler {
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

	res := marshalLoaded(ctx, oc, &collected{}, &graphql.FieldContext{Object: "CompanyEdge", Field: selected("node")}, 1, true, boom)
	assert.Equal(t, graphql.Null, res, "the field is null")
	errs := graphql.GetErrors(ctx)
	require.Len(t, errs, 1, "and the panic is reported")
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("node")}, errs[0].Path)

	assert.Panics(t, func() {
		marshalLoaded(ctx, oc, &collected{}, &graphql.FieldContext{Object: "CompanyEdge", Field: selected("node")}, 1, false, boom)
	}, "gqlgen's choice not to recover is kept")
}

func TestLoadedValue_CountsTheValueAndStandsAsideWhenGqlgenMustAnswer(t *testing.T) {
	var exceeded bool
	budget := answer.NewBudget(20, func() { exceeded = true })
	ctx, cancel := context.WithCancel(answer.WithBudget(context.Background(), budget))
	field := selected("edges")
	ec := newExecutionContext(&graphql.OperationContext{}, nil, nil)

	assert.True(t, ec.collected.loadedValue(ctx, field, []int{1, 2, 3}))
	assert.False(t, exceeded, `"edges":[…] of three items is 14 bytes by the guard's estimate`)
	assert.True(t, ec.collected.loadedValue(ctx, field, []int{1, 2, 3}))
	assert.True(t, exceeded, "the second passes the budget of 20, as the guard would count it")

	var empty interface{ Node() }
	assert.False(t, ec.collected.loadedValue(ctx, field, empty), "an interface left nil goes to gqlgen, which reports the null")
	cancel()
	assert.False(t, ec.collected.loadedValue(ctx, field, []int{1}), "a stopped operation goes to gqlgen, whose guard says why")
}

func TestLoadedField_LooksUpTheOperationOnceAndSeesItStop(t *testing.T) {
	budget := answer.NewBudget(1<<20, func() { t.Error("within the budget") })
	op, cancel := context.WithCancel(answer.WithBudget(context.Background(), budget))
	ec := newExecutionContext(&graphql.OperationContext{}, nil, nil)
	// A field deep in the answer: its context is the operation's under a chain of field contexts.
	deep := op
	for range 30 {
		deep = graphql.WithFieldContext(deep, &graphql.FieldContext{Object: "Company", Field: selected("name")})
	}
	assert.True(t, ec.collected.loadedField(deep, selected("name"), "佐藤商事"))
	assert.Equal(t, int64(len("name")+4+len("佐藤商事")+2), budget.Used(), "counted as the guard counts a scalar: its name, punctuation and quoted text")

	// Another field, elsewhere in the answer, under the same operation.
	other := graphql.WithFieldContext(op, &graphql.FieldContext{Object: "Site", Field: selected("code")})
	assert.True(t, ec.collected.loadedField(other, selected("code"), "HQ"))
	assert.Equal(t, int64(len("name")+4+len("佐藤商事")+2+len("code")+4+len("HQ")+2), budget.Used())

	cancel()
	assert.False(t, ec.collected.loadedField(deep, selected("name"), "x"), "the operation's stop is seen from every field")
	assert.False(t, ec.collected.loadedField(other, selected("code"), "x"))

	// Without a guard (no budget), nothing is counted and the field is answered while the
	// context lives.
	bare := newExecutionContext(&graphql.OperationContext{}, nil, nil)
	assert.True(t, bare.collected.loadedField(context.Background(), selected("name"), "x"))
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

func TestResolveCall_AnswersACallThatSucceededAndHandsBackTheRest(t *testing.T) {
	fieldContext := func(_ context.Context, field graphql.CollectedField) (*graphql.FieldContext, error) {
		return &graphql.FieldContext{Object: "Department", Field: field, IsMethod: true}, nil
	}
	name := func(_ context.Context, _ ast.SelectionSet, v *string) graphql.Marshaler {
		if v == nil {
			return graphql.Null
		}
		return graphql.MarshalString(*v)
	}
	written := func(m graphql.Marshaler) string {
		var b bytes.Buffer
		m.MarshalGQL(&b)
		return b.String()
	}
	head := "佐藤"
	calls := 0
	ctx, oc := operation()
	ec := newExecutionContext(oc, nil, nil)

	res, c := resolveCall(ctx, oc, &ec.collected, selected("head"), fieldContext, true, func(ctx context.Context) (*string, error) {
		calls++
		assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("head")}, graphql.GetFieldContext(ctx).Path(),
			"the method runs under the field's context")
		return &head, nil
	}, name)
	require.NotNil(t, res)
	assert.Equal(t, `"佐藤"`, written(res))

	res, _ = resolveCall(ctx, oc, &ec.collected, selected("head"), fieldContext, true, func(context.Context) (*string, error) { return nil, nil }, name)
	require.NotNil(t, res, "a nil record is the marshaller's to answer, as in gqlgen's path")
	assert.Equal(t, "null", written(res))

	failed := errors.New("statement failed")
	res, c = resolveCall(ctx, oc, &ec.collected, selected("head"), fieldContext, true, func(context.Context) (*string, error) {
		calls++
		return nil, failed
	}, name)
	assert.Nil(t, res, "an error is handed back")
	assert.True(t, c.ok, "with what the call returned, so that gqlgen's path does not call again")
	assert.Equal(t, failed, c.err)
	assert.Equal(t, (*string)(nil), c.v)

	var noder interface{ IsNode() }
	res, source := resolveCall(ctx, oc, &ec.collected, selected("source"), fieldContext, true, func(context.Context) (interface{ IsNode() }, error) { return noder, nil },
		func(context.Context, ast.SelectionSet, interface{ IsNode() }) graphql.Marshaler { return graphql.Null })
	assert.Nil(t, res, "a nil interface is handed back: gqlgen reports the null")
	assert.True(t, source.ok)
	assert.NoError(t, source.err)
	assert.Nil(t, source.v)

	res, _ = resolveCall(ctx, oc, &ec.collected, selected("head"), fieldContext, true, func(context.Context) (*string, error) { panic("boom") }, name)
	assert.Equal(t, graphql.Null, res, "a panic leaves null")
	assert.Len(t, graphql.GetErrors(ctx), 1, "and is reported")

	// Another operation, stopped before the field.
	stopped, cancel := context.WithCancel(ctx)
	cancel()
	res, c = resolveCall(stopped, oc, &newExecutionContext(oc, nil, nil).collected, selected("head"), fieldContext, true, func(context.Context) (*string, error) {
		t.Error("a stopped operation calls nothing")
		return nil, nil
	}, name)
	assert.Nil(t, res)
	assert.False(t, c.ok, "gqlgen's path makes the call the fast path did not")
	assert.Equal(t, 2, calls)
}

func TestAnswerBuffer_IsSizedForWhatTheAnswerWasCountedAt(t *testing.T) {
	b := answer.NewBudget(1<<20, func() { t.Error("within the budget") })
	b.Spend(10_000)
	buf := answerBuffer(answer.WithBudget(context.Background(), b))
	assert.Zero(t, buf.Len())
	assert.GreaterOrEqual(t, buf.Cap(), 10_000, "room for the answer counted")
	assert.Less(t, buf.Cap(), 12_000, "and not much more")

	over := answer.NewBudget(100, func() {})
	over.Spend(1 << 30)
	assert.Less(t, answerBuffer(answer.WithBudget(context.Background(), over)).Cap(), 1_000,
		"an answer counted past its budget is refused: no room for it is made")
	assert.Zero(t, answerBuffer(context.Background()).Cap(), "without a budget, the buffer grows as it is written")
}

func TestArgsOf_ParsesAFieldsArgumentsOncePerOperation(t *testing.T) {
	departments := &ast.Field{Alias: "departments", Name: "departments",
		Arguments:  ast.ArgumentList{{Name: "first", Value: &ast.Value{Kind: ast.Variable, Raw: "n"}}},
		Definition: &ast.FieldDefinition{Name: "departments", Arguments: ast.ArgumentDefinitionList{{Name: "first", Type: ast.NamedType("Int", nil)}}}}
	for _, n := range []int64{3, 7} {
		oc := &graphql.OperationContext{Variables: map[string]any{"n": n}}
		ec := newExecutionContext(oc, nil, nil)
		parsed := 0
		parse := func(_ *executionContext, _ context.Context, raw map[string]any) (map[string]any, error) {
			parsed++
			return map[string]any{"first": raw["first"]}, nil
		}
		field := graphql.CollectedField{Field: departments}
		first, err := ec.collected.argsOf(context.Background(), ec, "Site", field, parse)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"first": n}, first, "the operation's variables")
		second, err := ec.collected.argsOf(context.Background(), ec, "Site", field, parse)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{"first": n}, second)
		assert.Equal(t, 1, parsed, "parsed once for the operation")

		other := graphql.CollectedField{Field: &ast.Field{Alias: "sites", Name: "sites"}}
		_, err = ec.collected.argsOf(context.Background(), ec, "Site", other, parse)
		require.NoError(t, err)
		assert.Equal(t, 2, parsed, "another field is parsed for itself")
		_, err = ec.collected.argsOf(context.Background(), ec, "Company", field, parse)
		require.NoError(t, err)
		assert.Equal(t, 3, parsed, "so is the same field of the document resolved on another type")
	}

	// A failed parse is not kept: each instance reports it.
	ec := newExecutionContext(&graphql.OperationContext{}, nil, nil)
	failures := 0
	fail := func(*executionContext, context.Context, map[string]any) (map[string]any, error) {
		failures++
		return nil, errors.New("bad cursor")
	}
	field := graphql.CollectedField{Field: departments}
	for range 2 {
		_, err := ec.collected.argsOf(context.Background(), ec, "Site", field, fail)
		require.Error(t, err)
	}
	assert.Equal(t, 2, failures)
}

func TestMarshalSliceInOrder_GivesEachElementItsIndexWhileItIsMarshalled(t *testing.T) {
	ctx, _ := operation()
	var paths []ast.Path
	var c collected
	res := c.marshalSliceInOrder(ctx, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		child := graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Company", Field: selected("name")})
		paths = append(paths, graphql.GetFieldContext(child).Path())
		if i == 1 {
			graphql.AddErrorf(child, "no name")
		}
		if i == 2 {
			panic(errors.New("boom"))
		}
		return graphql.MarshalString("c")
	})
	want := func(i int) ast.Path {
		return ast.Path{ast.PathName("companies"), ast.PathIndex(i), ast.PathName("name")}
	}
	assert.Equal(t, []ast.Path{want(0), want(1), want(2)}, paths)
	errs := graphql.GetErrors(ctx)
	require.Len(t, errs, 2)
	assert.Equal(t, want(1), errs[0].Path, "an error keeps the path of its element")
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathIndex(2)}, errs[1].Path, "so does a panic")
	assert.Equal(t, graphql.Null, res[2])
	empty := c.marshalSliceInOrder(ctx, 0, 0, false, nil)
	require.NotNil(t, empty, "an empty list is written [], not null")
	assert.Len(t, empty, 0)

	// Lists cut from the slabs beside objects keep their own elements.
	lists := make([]graphql.Array, 40)
	for i := range lists {
		if i%3 == 0 {
			c.newFieldSet(make([]graphql.CollectedField, 5))
		}
		lists[i] = c.marshalSliceInOrder(ctx, i%7+1, 0, false, func(_ context.Context, j int) graphql.Marshaler {
			return graphql.MarshalInt(i*100 + j)
		})
	}
	for i, l := range lists {
		require.Len(t, l, i%7+1)
		require.Equal(t, len(l), cap(l), "list %d cannot grow into the next one", i)
		var b bytes.Buffer
		l.MarshalGQL(&b)
		want := make([]string, len(l))
		for j := range want {
			want[j] = strconv.Itoa(i*100 + j)
		}
		require.Equal(t, "["+strings.Join(want, ",")+"]", b.String(), "list %d kept its own elements", i)
	}
}

func TestLoadedString_WritesWhatGqlgensMarshallersWrite(t *testing.T) {
	var c collected
	texts := []string{"", "総務部", "quote \" and \\ backslash", "tab\tline\nreturn\r", "\x00\x1f\x7f", "bad utf-8 \xff\xfe end", "emoji 🙂"}
	write := func(m graphql.Marshaler) string {
		var b bytes.Buffer
		m.MarshalGQL(&b)
		return b.String()
	}
	var strs, ids []graphql.Marshaler
	for _, s := range texts {
		strs = append(strs, c.str(s), c.optionalStr(&s))
		ids = append(ids, c.id(pulid.ID(s)), c.optionalID((*pulid.ID)(&s)))
	}
	for i, s := range texts { // written after all were cut: each kept its own
		want := write(graphql.MarshalString(s))
		assert.Equal(t, want, write(strs[2*i]), "%q as a String!", s)
		assert.Equal(t, want, write(strs[2*i+1]), "%q as a String", s)
		wantID := write(pulid.ID(s))
		assert.Equal(t, wantID, write(ids[2*i]), "%q as an ID!", s)
		assert.Equal(t, wantID, write(ids[2*i+1]), "%q as an ID", s)
	}
	assert.Equal(t, graphql.Null, c.optionalStr(nil))
	assert.Equal(t, graphql.Null, c.optionalID(nil))

	// An enum value of ent is written as its MarshalGQL writes it.
	for _, s := range []task.Status{task.StatusTODO, task.StatusIN_PROGRESS, task.StatusDONE} {
		assert.Equal(t, write(s), write(c.enum(string(s))), "%s", s)
	}

	// So is an Int as gqlgen's marshaller writes it; one under 256 costs nothing.
	for _, i := range []int{0, 7, 255, 256, 100_000, -3, math.MaxInt64, math.MinInt64} {
		assert.Equal(t, write(graphql.MarshalInt(i)), write(c.integer(i)), "%d", i)
	}
	var kept graphql.Marshaler
	assert.Zero(t, testing.AllocsPerRun(100, func() { kept = c.integer(200) }))
	assert.Equal(t, "200", write(kept))
}

func TestNewFieldSet_CutsObjectsAndTheirValuesFromTheOperationsSlabs(t *testing.T) {
	var c collected
	fields := func(n int) []graphql.CollectedField {
		out := make([]graphql.CollectedField, n)
		for i := range out {
			out[i] = selected(fmt.Sprintf("f%d", i))
		}
		return out
	}
	var objects []*fieldSet
	for i := range 200 {
		n := []int{1, 3, 4, 9, 70}[i%5] // an edge, a small node, larger nodes, one past a slab
		o := c.newFieldSet(fields(n))
		require.Len(t, o.Values, n)
		require.Equal(t, n, cap(o.Values), "an object cannot grow into the next one's values")
		for j := range o.Values {
			require.Nil(t, o.Values[j], "a new object's values are empty")
			o.Values[j] = graphql.MarshalInt(i)
		}
		objects = append(objects, o)
	}
	for i, o := range objects {
		for _, v := range o.Values {
			var b bytes.Buffer
			v.MarshalGQL(&b)
			require.Equal(t, strconv.Itoa(i), b.String(), "object %d kept its own values", i)
		}
		for j := range i {
			require.NotSame(t, objects[j], o)
		}
	}
	assert.Equal(t, slabMax, c.objects.size, "the slabs grew to their largest")

	var small collected
	small.newFieldSet(fields(2))
	assert.Equal(t, slabMin, small.objects.size, "a small answer takes a small slab")
	assert.Equal(t, slabMin, small.values.size, "and a small one for their values")
}

func TestWithFieldContext_CarriesTheFieldContextAsGqlgensContextDoes(t *testing.T) {
	require.NotNil(t, fieldContextKey, "the key graphql.GetFieldContext asks for was learnt")
	type other struct{}
	root, cancel := context.WithCancel(context.WithValue(context.Background(), other{}, "kept"))
	parent := graphql.WithFieldContext(root, &graphql.FieldContext{Object: "Query", Field: selected("companies")})

	var c collected
	fc := c.newFieldContext(graphql.FieldContext{Object: "CompanyEdge", Field: selected("node")})
	ctx := c.withFieldContext(parent, fc)
	assert.Same(t, fc, graphql.GetFieldContext(ctx))
	assert.Same(t, graphql.GetFieldContext(parent), fc.Parent, "its parent is the field context it was given under")
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("node")}, fc.Path())
	assert.Equal(t, "kept", ctx.Value(other{}), "the values below are still found")

	// gqlgen's own contexts on top of it find it as their parent.
	child := graphql.WithFieldContext(context.WithValue(ctx, other{}, "over"), &graphql.FieldContext{Object: "Company", Field: selected("name")})
	assert.Same(t, fc, graphql.GetFieldContext(child).Parent)
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("node"), ast.PathName("name")}, graphql.GetFieldContext(child).Path())

	// A context is never handed out again, even once its field context is taken back (mark): a
	// driver's goroutine may still ask it for its Err.
	m := c.mark()
	first := c.withFieldContext(parent, c.newFieldContext(graphql.FieldContext{Object: "Site"}))
	c.release(m)
	second := c.withFieldContext(parent, c.newFieldContext(graphql.FieldContext{Object: "Department"}))
	assert.Same(t, graphql.GetFieldContext(first), graphql.GetFieldContext(second), "the field context is taken again")
	assert.NotSame(t, first, second, "its context is not")

	// Many cut from the slabs keep their own field contexts.
	ctxs := make([]context.Context, 100)
	for i := range ctxs {
		ctxs[i] = c.withFieldContext(parent, c.newFieldContext(graphql.FieldContext{Object: fmt.Sprint(i)}))
	}
	for i, ctx := range ctxs {
		require.Equal(t, fmt.Sprint(i), graphql.GetFieldContext(ctx).Object)
	}

	cancel()
	select {
	case <-ctx.Done():
	default:
		t.Error("cancelling the context below cancels it")
	}
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
}

func TestNewScalarFieldContext_IsGqlgensCutFromTheOperationsSlabs(t *testing.T) {
	var c collected
	field := selected("number")
	want, err := graphql.NewScalarFieldContext("DocumentVersion", field, true, true, "String")
	require.NoError(t, err)
	got, err := c.newScalarFieldContext("DocumentVersion", field, true, true, "String")
	require.NoError(t, err)
	next := must(c.newScalarFieldContext("DocumentVersion", field, true, true, "String"))
	assert.Equal(t, uintptr(unsafe.Pointer(got))+unsafe.Sizeof(*got), uintptr(unsafe.Pointer(next)),
		"cut from the operation's slab, next to the one before")

	// The same field context, apart from its Child function, which answers as gqlgen's does.
	_, wantErr := want.Child(context.Background(), field)
	_, gotErr := got.Child(context.Background(), field)
	require.Error(t, gotErr)
	assert.Equal(t, wantErr.Error(), gotErr.Error())
	_, enumErr := must(c.newScalarFieldContext("Task", selected("status"), false, false, "TaskStatus")).Child(context.Background(), field)
	assert.Equal(t, "field of type TaskStatus does not have child fields", enumErr.Error(), "each type its own")
	want.Child, got.Child = nil, nil
	assert.Equal(t, *want, *got)

	// A type's Child is made once: a chunk of the slab is the only allocation.
	allocs := testing.AllocsPerRun(10, func() {
		for range slabMax {
			_ = must(c.newScalarFieldContext("DocumentVersion", field, true, true, "String"))
		}
	})
	assert.LessOrEqual(t, allocs, 2.0, "%d field contexts cost a chunk or two, where gqlgen allocates two each", slabMax)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestStack_TakesBackWhatWasTakenSinceAMark(t *testing.T) {
	var s stack[int]
	first := s.take()
	*first = 1
	m := s.mark()
	var taken []*int
	for i := range 3 * slabMax {
		v := s.take()
		*v = i + 2
		taken = append(taken, v)
	}
	seen := map[*int]bool{first: true}
	for _, v := range taken {
		require.False(t, seen[v], "an element is handed out once until it is taken back")
		seen[v] = true
	}
	chunks := len(s.chunks)
	assert.Equal(t, slabMin, len(s.chunks[0]), "the first chunk is small")
	assert.Equal(t, slabMax, len(s.chunks[chunks-1]), "the last ones are slabMax")

	s.release(m)
	for i := range 3 * slabMax {
		require.Same(t, taken[i], s.take(), "element %d is handed out again, in the same order", i)
	}
	assert.Len(t, s.chunks, chunks, "from the chunks it kept")
	assert.Equal(t, 1, *first, "what was taken before the mark is left alone")

	// Released at a chunk's end, the next element is the next chunk's first.
	var t2 stack[int]
	for range slabMin {
		t2.take()
	}
	end := t2.mark()
	next := t2.take()
	t2.release(end)
	assert.Same(t, next, t2.take())
}

// siteConnection is a connection of n sites named s0, s1, … whose edge at noNode has no node.
func siteConnection(n, noNode int) *ent.SiteConnection {
	conn := &ent.SiteConnection{}
	for i := range n {
		e := &ent.SiteEdge{}
		if i != noNode {
			e.Node = &ent.Site{Name: fmt.Sprintf("s%d", i)}
		}
		conn.Edges = append(conn.Edges, e)
	}
	return conn
}

func TestObjects_UseTheFieldContextsOfOneElementForAWholeList(t *testing.T) {
	sel := ast.SelectionSet{&ast.Field{Alias: "edges", Name: "edges", SelectionSet: ast.SelectionSet{
		&ast.Field{Alias: "node", Name: "node", SelectionSet: ast.SelectionSet{&ast.Field{Alias: "name", Name: "name"}}},
	}}}
	answer := func(n, noNode int) (string, *executionContext, context.Context) {
		ctx, oc := operation()
		ec := newExecutionContext(oc, nil, nil)
		var b bytes.Buffer
		ec._SiteConnection(ctx, sel, siteConnection(n, noNode)).MarshalGQL(&b)
		return b.String(), ec, ctx
	}

	out, one, _ := answer(1, -1)
	assert.Equal(t, `{"edges":[{"node":{"name":"s0"}}]}`, out)
	out, many, _ := answer(200, -1)
	assert.True(t, strings.HasPrefix(out, `{"edges":[{"node":{"name":"s0"}},{"node":{"name":"s1"}},`), out[:80])
	assert.True(t, strings.HasSuffix(out, `{"node":{"name":"s199"}}]}`))
	assert.Equal(t, len(one.collected.fieldContexts.chunks), len(many.collected.fieldContexts.chunks),
		"200 edges take the field contexts one took")
	assert.Equal(t, marks{}, many.collected.mark(), "all of them taken back once the connection is answered")
	assert.Len(t, many.collected.indexes.chunks, 1, "the list's index too")

	// The edges before the one without a node took field contexts that it takes again; the null
	// is reported on its own path.
	out, _, ctx := answer(5, 3)
	assert.Equal(t, "null", out, "a node that cannot be null is null: the non-null edges and list are null up to the connection")
	errs := graphql.GetErrors(ctx)
	require.Len(t, errs, 1)
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("edges"), ast.PathIndex(3), ast.PathName("node")}, errs[0].Path)
}

func TestMarshalNow_WritesAFloatOrReportsItOnItsPathAtOnce(t *testing.T) {
	ctx, _ := operation()
	var b bytes.Buffer
	marshalNow(ctx, graphql.MarshalFloatContext(0.25)).MarshalGQL(&b)
	assert.Equal(t, "0.25", b.String())
	assert.Empty(t, graphql.GetErrors(ctx))

	field := graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "TrainingProgress", Field: selected("completionRate")})
	assert.Equal(t, graphql.Null, marshalNow(field, graphql.MarshalFloatContext(math.NaN())), "a value JSON cannot hold is null")
	errs := graphql.GetErrors(ctx)
	require.Len(t, errs, 1, "reported when resolved, not when the answer is written")
	assert.Equal(t, ast.Path{ast.PathName("companies"), ast.PathName("completionRate")}, errs[0].Path)
}
