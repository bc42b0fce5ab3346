package generated

// Written by hand, not by gqlgen: graph/inorder rewrites gqlgen's output to call these instead
// of gqlgen's concurrent versions, and to try loadedField first for a scalar read from a record
// (loadedValue for an object or a list, resolveCall for a method of the record called with the
// context alone, resolveConnection for a connection of the record). A string or an ID read from
// a record is held in the operation's slabs (str, id), and an empty edge to one record that ent
// tells loaded (<Edge>Loaded, ent/entgqltemplate/gql_edge.tmpl) is answered null without a field
// context.
//
// gqlgen starts a goroutine for each element of a list of objects and for each field that has a
// resolver. Here they would buy nothing: an operation runs in one database transaction, which is
// one connection that answers one statement at a time, and the fields are resolved from rows that
// ent's field collection has already loaded. The goroutines cost the portfolio query most of
// its CPU (goroutine start, stack growth, scheduling). These run the same work in order on the
// caller's goroutine, with the same field contexts, panic recovery and null propagation.
//
// graph/inorder also leaves out the Child function of an object field's context, a closure
// allocated with each such field of the answer for middleware that looks ahead at a child's
// arguments; nothing here does.
//
// A field is never deferred: the server does not offer @defer (graph.PublicSchema hides it and
// validation refuses it), so the deferred group gqlgen builds for each object is left empty.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/graph/answer"
	"secretariat/internal/gqlquote"
	"secretariat/internal/pulid"
)

// answerBuffer is the buffer a query's or a mutation's data is written into, allocated at the
// size the answer was counted at while it was resolved (answer.Budget), with room for what the
// count leaves out (times are longer than their estimate): written into an empty buffer, the
// data of a dashboard was copied a dozen times over as the buffer doubled. The count came within
// 4% and 17% of the data written for the hot reads (a company's documents, the portfolio).
func answerBuffer(ctx context.Context) *bytes.Buffer {
	b, ok := answer.BudgetOf(ctx)
	if !ok {
		return new(bytes.Buffer)
	}
	n := min(b.Used(), b.Max())
	return bytes.NewBuffer(make([]byte, 0, n+n/8+256))
}

// marshalSliceInOrder is graphql.MarshalSliceConcurrently without goroutines: element i is
// marshalled with a field context whose Index is i, and a panic in one element (recovered unless
// omitPanicHandler) is reported and leaves Null in its place.
//
// The elements share one field context, its Index moved from one to the next: they are
// marshalled one after the other, and an element's path is read only while it is marshalled (an
// error, a panic or a null reported takes a copy of it then). gqlgen gives each element a field
// context and a context of its own, two allocations for every item of every list of the answer.
// The field context and its Index are taken from the operation's stacks (mark).
//
// The list itself is cut from the operation's slabs, as an object's values are (newFieldSet).
func (c *collected) marshalSliceInOrder(
	ctx context.Context,
	length int,
	_ int64, // the worker limit, meaningless without workers
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	if length == 0 {
		return graphql.Array{}
	}
	ret := graphql.Array(c.newValues(length))
	index := c.indexes.take()
	elementCtx := c.withFieldContext(ctx, c.newFieldContext(graphql.FieldContext{Index: index}))
	for i := range length {
		*index = i
		ret[i] = marshalElementRecovering(elementCtx, i, omitPanicHandler, marshalElement)
	}
	return ret
}

func marshalElementRecovering(ctx context.Context, i int, omitPanicHandler bool, marshal func(context.Context, int) graphql.Marshaler) (ret graphql.Marshaler) {
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(ctx, graphql.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	return marshal(ctx, i)
}

// resolveInOrder is FieldSet.ResolveConcurrently for a field that is never deferred, run now:
// it stores the field's value and counts it against the object when it is the value that
// makes the object invalid (Null for a non-null field, RequiredNull otherwise), as gqlgen does
// for the fields it resolves in place.
func resolveInOrder(
	ctx context.Context,
	oc *graphql.OperationContext,
	out *fieldSet,
	i int,
	recoverFromPanic, nonNull bool,
	resolve func(ctx context.Context) graphql.Marshaler,
) {
	store(out, i, recoverToNull(ctx, oc, recoverFromPanic, resolve), nonNull)
}

// resolveRootInOrder is FieldSet.ResolveRootConcurrently run now: a Query field under the
// operation's root resolver middleware.
func resolveRootInOrder(
	ctx context.Context,
	oc *graphql.OperationContext,
	out *fieldSet,
	i int,
	recoverFromPanic, nonNull bool,
	resolve func(ctx context.Context) graphql.Marshaler,
) {
	store(out, i, oc.RootResolverMiddleware(ctx, func(ctx context.Context) graphql.Marshaler {
		return recoverToNull(ctx, oc, recoverFromPanic, resolve)
	}), nonNull)
}

// store keeps field i's value and counts it against the object when it is the value that makes
// the object invalid: Null for a non-null field, RequiredNull otherwise.
func store(out *fieldSet, i int, v graphql.Marshaler, nonNull bool) {
	out.Values[i] = v
	invalid := graphql.RequiredNull
	if nonNull {
		invalid = graphql.Null
	}
	if v == invalid {
		out.Invalids++
	}
}

// recoverToNull is resolve(ctx) with a panic in it, when recoverFromPanic, recovered as gqlgen
// recovers it: reported on the field's path, Null in the field's place.
func recoverToNull(ctx context.Context, oc *graphql.OperationContext, recoverFromPanic bool, resolve func(context.Context) graphql.Marshaler) (ret graphql.Marshaler) {
	if recoverFromPanic {
		defer func() {
			if r := recover(); r != nil {
				oc.Error(ctx, oc.Recover(ctx, r))
				ret = graphql.Null
			}
		}()
	}
	return resolve(ctx)
}

// loadedField is the fast path graph/inorder puts in front of every scalar field whose resolver
// only reads a field of the loaded record (an ID, a name, a date, an enum): no argument, no error,
// no field middleware to run. gqlgen would still give it a field context, a context value, two
// closures and the middleware chain, thousands of times in a dashboard's answer; the value is
// marshalled at once instead. The field still counts towards the answer's size as the guard
// counts the others (Budget.SpendLoaded). When the operation has stopped, or the value is a null
// the schema does not allow, the fast path stands aside and gqlgen's own path, behind it,
// resolves the field and reports the error with its path.
func (c *collected) loadedField(ctx context.Context, field graphql.CollectedField, v any) bool {
	b, live := c.operation(ctx)
	if !live {
		return false
	}
	if b != nil {
		b.SpendLoaded(field.Alias, v)
	}
	return true
}

// loadedValue is loadedField for a field whose value is an object or a list read from the loaded
// record: a connection's edges, nodes and page info, an edge's node. Such a field has no
// argument, no error and no middleware of its own either; what gqlgen would still spend on it
// (two closures, the middleware chain, the guard's lookups) is spent thousands of times in a
// dashboard's answer, once per edge and per node. The field keeps its field context, which its
// children's paths and arguments need.
//
// A nil interface (an interface-typed field left empty) is handed back, so that gqlgen reports
// the null as it does.
func (c *collected) loadedValue(ctx context.Context, field graphql.CollectedField, v any) bool {
	if v == nil {
		return false
	}
	b, live := c.operation(ctx)
	if !live {
		return false
	}
	if b != nil {
		b.SpendField(field.Alias, v)
	}
	return true
}

// marshalLoaded is what gqlgen does with a field's value once resolved, for the fast path of
// loadedValue: the field context in the children's context holding the value, the value
// marshalled (a null where the schema allows none is reported as gqlgen reports it), and a panic
// recovered as gqlgen recovers it, leaving Null in the field's place.
func marshalLoaded[T any](
	ctx context.Context,
	oc *graphql.OperationContext,
	op *collected,
	fc *graphql.FieldContext,
	v T,
	recoverFromPanic bool,
	marshal func(context.Context, ast.SelectionSet, T) graphql.Marshaler,
) graphql.Marshaler {
	return recoverToNull(op.withFieldContext(ctx, fc), oc, recoverFromPanic, func(ctx context.Context) graphql.Marshaler {
		fc.Result = v
		return marshal(ctx, fc.Field.Selections, v)
	})
}

// resolveCall is the fast path graph/inorder puts in front of a field that calls a method of
// the loaded record with the context alone (an edge to one record, such as a department's head
// or a task's company, which ent's field collection has loaded), or a resolver with the context
// and the record alone (a version's number, a task's overdue flag). Such a field takes no argument,
// so the API's field middleware has nothing to do around it (graph.HasArguments) but count it
// and split an error; the call is made, counted and marshalled at once under the field's
// context, without gqlgen's closures and middleware chain. An error, a null interface or a
// stopped operation is handed back with what the call returned (c), and gqlgen's path behind
// reports it through the middleware as it would have, without calling again.
func resolveCall[T any](
	ctx context.Context,
	oc *graphql.OperationContext,
	op *collected,
	field graphql.CollectedField,
	fieldContext func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error),
	recoverFromPanic bool,
	call func(context.Context) (T, error),
	marshal func(context.Context, ast.SelectionSet, T) graphql.Marshaler,
) (res graphql.Marshaler, c called[T]) {
	if _, live := op.operation(ctx); !live {
		return nil, c
	}
	fc, err := fieldContext(ctx, field)
	if err != nil {
		return nil, c
	}
	return answerCall(op.withFieldContext(ctx, fc), oc, op, fc, recoverFromPanic, call, nil, marshal)
}

// answerCall makes the call of a fast path under the field's context fc (ctx holds it) and, when
// it returned an answer, counts it, hands it to done (unless nil) and marshals it; a panic is
// recovered as gqlgen recovers it. What the call returned is handed back (c) when it is not an
// answer: an error, a null interface, or an operation stopped meanwhile.
func answerCall[T any](
	ctx context.Context,
	oc *graphql.OperationContext,
	op *collected,
	fc *graphql.FieldContext,
	recoverFromPanic bool,
	call func(context.Context) (T, error),
	done func(T),
	marshal func(context.Context, ast.SelectionSet, T) graphql.Marshaler,
) (res graphql.Marshaler, c called[T]) {
	res = recoverToNull(ctx, oc, recoverFromPanic, func(ctx context.Context) graphql.Marshaler {
		c.v, c.err = call(ctx)
		c.ok = true
		if c.err != nil || any(c.v) == nil || !op.loadedValue(ctx, fc.Field, c.v) {
			return nil
		}
		if done != nil {
			done(c.v)
		}
		fc.Result = c.v
		return marshal(ctx, fc.Field.Selections, c.v)
	})
	return res, c
}

// ConnectionPreparer is what the fast path of a connection field (resolveConnection) asks of
// the resolver root in place of the API's field middleware (graph.Resolver): the arguments the
// field's resolver takes, the same for every instance of the field in the answer, and the
// binding of the answer's cursors to the request's ordering.
type ConnectionPreparer interface {
	PrepareConnection(ctx context.Context, fc *graphql.FieldContext) (args map[string]any, ordering string, err error)
	BindCursors(conn any, ordering string)
}

// resolveConnection is the fast path graph/inorder puts in front of a field of a record that
// returns a connection: a company's sites, a site's departments, under a list of a hundred
// companies. gqlgen runs each instance through its closures and the field middleware, which
// for a connection below the root does nothing an instance needs on its own: the guard's
// check that the operation still runs and its count of the field, the arguments as the API's
// middleware makes them (the same for every instance: ConnectionPreparer), the answer's cursors
// bound, and an error split. The fast path does these and calls the resolver (call) under the
// field's context. An error of the call or of the arguments, a stopped operation, or a resolver
// root that prepares no connection is handed back, and gqlgen's path behind reports it through
// the middleware as it would have, without calling again (c). A field whose arguments do not
// parse is reported by its field context, as gqlgen reports it, and is null.
func resolveConnection[T any](
	ctx context.Context,
	oc *graphql.OperationContext,
	op *collected,
	resolvers ResolverRoot,
	field graphql.CollectedField,
	fieldContext func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error),
	recoverFromPanic bool,
	call func(context.Context) (T, error),
	marshal func(context.Context, ast.SelectionSet, T) graphql.Marshaler,
) (res graphql.Marshaler, c called[T]) {
	prepare, ok := resolvers.(ConnectionPreparer)
	if !ok {
		return nil, c
	}
	if _, live := op.operation(ctx); !live {
		return nil, c
	}
	fc, err := fieldContext(ctx, field)
	if err != nil {
		return graphql.Null, c
	}
	ctx = op.withFieldContext(ctx, fc)
	args, ordering, err := prepare.PrepareConnection(ctx, fc)
	if err != nil {
		return nil, c
	}
	fc.Args = args
	var bind func(T) // none when the request reads no cursor of the connection
	if ordering != "" {
		bind = func(conn T) { prepare.BindCursors(conn, ordering) }
	}
	return answerCall(ctx, oc, op, fc, recoverFromPanic, call, bind, marshal)
}

// called is what resolveCall's call returned, if it was made: gqlgen's path behind the fast
// path reports it, or makes the call when ok is false.
type called[T any] struct {
	ok  bool
	v   T
	err error
}

// fieldSet is graphql.FieldSet for an object whose fields are all resolved in order, and the
// object of the answer it makes. gqlgen's FieldSet carries what concurrent and deferred fields
// need (a mutex, callbacks, the delayed fields), and writing it builds a map of the aliases
// written, two closures and a copy of each field, for every object of the answer; this is the
// fields, their values and a count.
type fieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
}

// newFieldSet is an object of the answer, cut with its values from the operation's slabs: the
// objects of an answer all live until it is written, and a dashboard's has thousands, each an
// allocation. The values are cut to the object's size (most of a dashboard's objects are edges,
// connections and small nodes of one or two fields), not held in the object for the largest. A
// slab starts small, so that a small answer stays small, and doubles up to slabMax.
func (c *collected) newFieldSet(fields []graphql.CollectedField) *fieldSet {
	o := &c.objects.take(1)[0]
	o.fields = fields
	o.Values = c.values.take(len(fields))
	return o
}

// newValues is n values cut from the operation's slabs: a list of the answer.
func (c *collected) newValues(n int) []graphql.Marshaler { return c.values.take(n) }

// slab hands out the parts of an answer (its objects, their values, its strings) from chunks
// that start small, so that a small answer stays small, and double up to slabMax.
type slab[T any] struct {
	free []T
	size int // of the last chunk
}

// take is the next n elements, which cannot grow into the ones after them.
func (s *slab[T]) take(n int) []T {
	if len(s.free) < n {
		s.size = nextChunk(s.size)
		s.free = make([]T, max(s.size, n))
	}
	v := s.free[:n:n]
	s.free = s.free[n:]
	return v
}

// newFieldContext is fc taken from the operation's stack of field contexts: graph/inorder has
// gqlgen's field contexts made here, one for each object field and list of the answer.
func (c *collected) newFieldContext(fc graphql.FieldContext) *graphql.FieldContext {
	v := c.fieldContexts.take()
	*v = fc
	return v
}

// mark is where the stacks of field contexts and of the lists' indexes stand; release(m) hands
// back everything taken since, to be taken again. graph/inorder has each object of the answer
// release, once its fields are resolved, what its fields took: a field context lives only while
// its field is resolved. Nothing an answer holds keeps one: an error, a panic or a null takes a
// copy of the path when it is reported, and a value that would have marshalled itself with its
// field's context when written (gqlgen's WrapContextMarshaler, for a Float) is marshalled when
// resolved instead (marshalNow). So a list of a hundred companies, each with its sites and their
// departments, uses the field contexts of one company's answer over and over, where it took one
// for each object field and list of every company: 2,200 field contexts and 850 indexes for
// the portfolio, a sixth of the bytes it allocated.
//
// The contexts that carry the field contexts (withFieldContext) are not taken back: a statement
// run under one leaves a goroutine of the driver that may still ask the context for its Err
// after the rows are closed (database/sql's awaitDone), so a context is never written again.
// Only the operation's goroutine reads a field context.
func (c *collected) mark() marks { return marks{c.fieldContexts.mark(), c.indexes.mark()} }

func (c *collected) release(m marks) {
	c.fieldContexts.release(m.fieldContexts)
	c.indexes.release(m.indexes)
}

type marks struct{ fieldContexts, indexes stackMark }

// stack hands out elements one at a time from chunks that start small and double up to
// slabMax, and takes back every element handed out since a mark (release). The chunks are kept
// for the elements taken next.
type stack[T any] struct {
	chunks [][]T
	at     stackMark
}

// stackMark is the next element a stack hands out: chunk's used-th.
type stackMark struct{ chunk, used int }

func (s *stack[T]) mark() stackMark { return s.at }

// release takes back every element handed out since m.
func (s *stack[T]) release(m stackMark) { s.at = m }

func (s *stack[T]) take() *T {
	if s.at.chunk < len(s.chunks) && s.at.used == len(s.chunks[s.at.chunk]) {
		s.at = stackMark{chunk: s.at.chunk + 1}
	}
	if s.at.chunk == len(s.chunks) {
		last := 0
		if len(s.chunks) > 0 {
			last = len(s.chunks[len(s.chunks)-1])
		}
		s.chunks = append(s.chunks, make([]T, nextChunk(last)))
	}
	v := &s.chunks[s.at.chunk][s.at.used]
	s.at.used++
	return v
}

// marshalNow is gqlgen's WrapContextMarshaler, which marshals m with ctx when the answer is
// written, run as the field is resolved: an error is reported now, on the field's path, and
// the field is null. The field's context is not kept (mark).
func marshalNow(ctx context.Context, m graphql.ContextMarshaler) graphql.Marshaler {
	var b bytes.Buffer
	if err := m.MarshalGQLContext(ctx, &b); err != nil {
		graphql.AddError(ctx, err)
		return graphql.Null
	}
	return rawJSON(b.Bytes())
}

// rawJSON is a value of the answer already written.
type rawJSON []byte

func (r rawJSON) MarshalGQL(w io.Writer) { _, _ = w.Write(r) }

// newScalarFieldContext is graphql.NewScalarFieldContext with the field context taken from the
// operation's stack (newFieldContext) and the Child function of its type shared (scalarChild): graph/inorder has
// gqlgen's scalar and enum fields that take its path (a resolver's, a field middleware reads)
// make their field contexts here.
func (c *collected) newScalarFieldContext(object string, field graphql.CollectedField, isMethod, isResolver bool, typeName string) (*graphql.FieldContext, error) {
	return c.newFieldContext(graphql.FieldContext{
		Object:     object,
		Field:      field,
		IsMethod:   isMethod,
		IsResolver: isResolver,
		Child:      scalarChild(typeName),
	}), nil
}

// scalarChildren holds the Child function of each scalar and enum type: the schema's types, so
// a bounded set.
var scalarChildren sync.Map // type name → childOf

type childOf = func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error)

// scalarChild is the Child of a field context of typeName, as gqlgen's: a scalar has no child
// fields.
func scalarChild(typeName string) childOf {
	if f, ok := scalarChildren.Load(typeName); ok {
		return f.(childOf)
	}
	f, _ := scalarChildren.LoadOrStore(typeName, childOf(func(context.Context, graphql.CollectedField) (*graphql.FieldContext, error) {
		return nil, errors.New("field of type " + typeName + " does not have child fields")
	}))
	return f.(childOf)
}

// withFieldContext is graphql.WithFieldContext with the context cut from the operation's slabs:
// fc's parent is the field context of ctx, and graphql.GetFieldContext finds fc in the context
// returned. It falls back on graphql.WithFieldContext if gqlgen no longer finds a field context
// by a key asked of the context (fieldContextKey).
func (c *collected) withFieldContext(ctx context.Context, fc *graphql.FieldContext) context.Context {
	if fieldContextKey == nil {
		return graphql.WithFieldContext(ctx, fc)
	}
	fc.Parent = graphql.GetFieldContext(ctx)
	v := &c.contexts.take(1)[0]
	v.Context, v.fc = ctx, fc
	return v
}

// withField is a context carrying a field context, as graphql.WithFieldContext's does.
type withField struct {
	context.Context
	fc *graphql.FieldContext
}

func (c *withField) Value(key any) any {
	if key == fieldContextKey {
		return c.fc
	}
	return c.Context.Value(key)
}

// fieldContextKey is the key graphql.GetFieldContext asks a context for, learnt by asking it to
// look in a context that remembers the key it was asked; nil if it asked none.
var fieldContextKey = func() any {
	probe := &askedKey{Context: context.Background()}
	graphql.GetFieldContext(probe)
	return probe.key
}()

type askedKey struct {
	context.Context
	key any
}

func (c *askedKey) Value(key any) any {
	c.key = key
	return nil
}

// loadedString is a string, an ID or an enum value read from a loaded record (loadedField), as
// the answer holds it until it is written: cut from the operation's slabs, where gqlgen's
// marshallers allocate a closure (a string) or an interface (an ID, an enum value) for each, a
// thousand for a dashboard. It is written as they write it.
type loadedString struct {
	s string
	// quoted: written as gqlquote writes it, as an ID (pulid.ID.MarshalGQL) and an enum value
	// of ent (ent/entgqltemplate/enum.tmpl) are; a String is written as gqlgen writes it.
	quoted bool
}

func (v *loadedString) MarshalGQL(w io.Writer) {
	if v.quoted {
		gqlquote.Write(w, v.s)
		return
	}
	graphql.MarshalString(v.s).MarshalGQL(w)
}

// str is s as a String of the answer, id as an ID, enum as the value of one of ent's enums
// (graph/inorder finds them: the marshaller returns the value, whose MarshalGQL quotes its
// String, which is the value itself).
func (c *collected) str(s string) graphql.Marshaler { return c.newLoadedString(s, false) }
func (c *collected) id(id pulid.ID) graphql.Marshaler {
	return c.newLoadedString(string(id), true)
}
func (c *collected) enum(s string) graphql.Marshaler { return c.newLoadedString(s, true) }

// optionalStr and optionalID are str and id for a nullable field: nil is null.
func (c *collected) optionalStr(s *string) graphql.Marshaler {
	if s == nil {
		return graphql.Null
	}
	return c.newLoadedString(*s, false)
}

func (c *collected) optionalID(id *pulid.ID) graphql.Marshaler {
	if id == nil {
		return graphql.Null
	}
	return c.newLoadedString(string(*id), true)
}

// integer is v as an Int of the answer: in an interface, which holds a value under 256 without
// an allocation, where gqlgen's marshaller allocates a closure for each.
func (c *collected) integer(v int) graphql.Marshaler { return loadedInt(v) }

// loadedInt is an Int read from a loaded record, written as graphql.MarshalInt writes it.
type loadedInt int

func (v loadedInt) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Itoa(int(v))) }

func (c *collected) newLoadedString(s string, quoted bool) *loadedString {
	v := &c.strings.take(1)[0]
	v.s, v.quoted = s, quoted
	return v
}

// nextChunk is the size of the chunk a slab or a stack cuts after one of last elements (0 for
// its first): double, from slabMin up to slabMax.
func nextChunk(last int) int { return min(max(2*last, slabMin), slabMax) }

// slabMin and slabMax bound the elements of one chunk of a slab.
const (
	slabMin = 4
	slabMax = 64
)

// Dispatch does nothing: no field is delayed, each was resolved when its turn came.
func (*fieldSet) Dispatch(context.Context) {}

// MarshalGQL writes the object as gqlgen's FieldSet does, `{"alias":value,…}`, each alias once, in
// the order of the selection. An alias is a GraphQL name, which JSON takes as it is.
func (o *fieldSet) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if slices.ContainsFunc(o.fields[:i], func(f graphql.CollectedField) bool { return f.Alias == alias }) {
			continue
		}
		if !first {
			_, _ = io.WriteString(w, ",")
		}
		first = false
		_, _ = io.WriteString(w, `"`)
		_, _ = io.WriteString(w, alias)
		_, _ = io.WriteString(w, `":`)
		o.Values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}

// collected is the fields an operation collected (graph/inorder gives each operation's
// executionContext one), by selection set and type. gqlgen keeps such a cache too, but builds
// its key with a hash of the type's names on every object of the answer. Here a selection set
// is named by its first selection's address and its length, a type by its implementors' list
// (a package variable), so a lookup allocates nothing. It keeps the arguments of the fields
// under the operation's root too (argsOf).
//
// It takes no lock: an operation's fields are resolved one after the other on one goroutine
// (graph/inorder leaves none of gqlgen's concurrent calls in its output, and fails when one is
// left), and a subscription's events are resolved one after the other.
type collected struct {
	fields map[collectedKey][]graphql.CollectedField
	args   map[argsKey]map[string]any

	// The slabs the answer's objects, their values and lists, its strings and the contexts that
	// carry its field contexts are cut from.
	objects  slab[fieldSet]
	values   slab[graphql.Marshaler]
	strings  slab[loadedString]
	contexts slab[withField]

	// The stacks its field contexts and its lists' indexes are taken from (mark).
	fieldContexts stack[graphql.FieldContext]
	indexes       stack[int] // of the lists' elements (marshalSliceInOrder)

	// What the fast paths need of the operation's context, looked up once (operation).
	looked bool
	budget *answer.Budget
	done   <-chan struct{}
}

// operation is the answer's budget (nil without one) and whether the operation still runs,
// which the fast paths ask for every field they read: looked up in the context of a field deep in
// a dashboard's answer, through the dozens of contexts above it, they were asked thousands of
// times an answer. Both come from the operation (the guard sets the budget and the deadline, and
// no field adds a deadline of its own), so the first field's context tells them for all.
func (c *collected) operation(ctx context.Context) (b *answer.Budget, live bool) {
	if !c.looked {
		c.budget, _ = answer.BudgetOf(ctx)
		c.done = ctx.Done()
		c.looked = true
	}
	select {
	case <-c.done:
		return c.budget, false
	default:
		return c.budget, true
	}
}

// argsKey names a field of the document as it is resolved on one type: a field in a fragment on
// an interface is one node of the document for every type that implements it, and each type
// parses its arguments into its own Go values.
type argsKey struct {
	object string
	field  *ast.Field
}

type collectedKey struct {
	first     *ast.Selection
	n         int
	satisfies *string
}

// argsOf is a field's arguments as parse reads them from the document and the variables, parsed
// once for the operation: a field under a list (a company's sites, a site's departments) has the
// same arguments for every item, which gqlgen parses again for each. Every instance gets the
// same map, read only: the field middleware hands a resolver arguments of its own making in a
// map of their own (graph.PrepareConnection). A failed parse is not kept: each instance reports
// it at its own path, as gqlgen does.
func (c *collected) argsOf(
	ctx context.Context,
	ec *executionContext,
	object string,
	field graphql.CollectedField,
	parse func(*executionContext, context.Context, map[string]any) (map[string]any, error),
) (map[string]any, error) {
	if field.Field == nil {
		return parse(ec, ctx, field.ArgumentMap(ec.Variables))
	}
	key := argsKey{object: object, field: field.Field}
	args, ok := c.args[key]
	if !ok {
		var err error
		if args, err = parse(ec, ctx, field.ArgumentMap(ec.Variables)); err != nil {
			return nil, err
		}
		if c.args == nil {
			c.args = map[argsKey]map[string]any{}
		}
		c.args[key] = args
	}
	return args, nil
}

// of is graphql.CollectFields, remembered.
func (c *collected) of(oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	if len(sel) == 0 || len(satisfies) == 0 {
		return graphql.CollectFields(oc, sel, satisfies)
	}
	key := collectedKey{first: &sel[0], n: len(sel), satisfies: &satisfies[0]}
	if f, ok := c.fields[key]; ok {
		return f
	}
	f := graphql.CollectFields(oc, sel, satisfies)
	if c.fields == nil {
		c.fields = map[collectedKey][]graphql.CollectedField{}
	}
	c.fields[key] = f
	return f
}
