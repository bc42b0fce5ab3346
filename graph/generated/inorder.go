package generated

// Written by hand, not by gqlgen: graph/inorder rewrites gqlgen's output to call these instead
// of gqlgen's concurrent versions, and to try loadedField first for a scalar read from a record.
//
// gqlgen starts a goroutine for each element of a list of objects and for each field that has a
// resolver. Here they would buy nothing: an operation runs in one database transaction, which is
// one connection that answers one statement at a time, and the fields are resolved from rows that
// ent's field collection has already loaded. The goroutines cost the portfolio query most of
// its CPU (goroutine start, stack growth, scheduling). These run the same work in order on the
// caller's goroutine, with the same field contexts, panic recovery and null propagation.
//
// A field is never deferred: the server does not offer @defer (graph.PublicSchema hides it and
// validation refuses it), so the deferred group gqlgen builds for each object is left empty.

import (
	"context"
	"io"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/graph/answer"
)

// marshalSliceInOrder is graphql.MarshalSliceConcurrently without goroutines: element i is
// marshalled with a field context whose Index is i, and a panic in one element (recovered unless
// omitPanicHandler) is reported and leaves Null in its place.
func marshalSliceInOrder(
	ctx context.Context,
	length int,
	_ int64, // the worker limit, meaningless without workers
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		ret[i] = marshalElementRecovering(childCtx, i, omitPanicHandler, marshalElement)
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
	out *graphql.FieldSet,
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
	out *graphql.FieldSet,
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
func store(out *graphql.FieldSet, i int, v graphql.Marshaler, nonNull bool) {
	out.Values[i] = v
	invalid := graphql.RequiredNull
	if nonNull {
		invalid = graphql.Null
	}
	if v == invalid {
		out.Invalids++
	}
}

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
// counts the others (answer.Loaded). When the operation has stopped, or the value is a null the
// schema does not allow, the fast path stands aside and gqlgen's own path, behind it, resolves
// the field and reports the error with its path.
func loadedField(ctx context.Context, field graphql.CollectedField, v any) bool {
	return answer.Loaded(ctx, field.Alias, v)
}

// objectOf is an object of the answer as gqlgen's FieldSet writes it, `{"alias":value,…}`, each
// alias once, in the order of the selection, without what gqlgen's version spends on every
// object: a map of the aliases written, two closures, and a copy of each field. An alias is a
// GraphQL name, which JSON takes as it is.
func objectOf(fields []graphql.CollectedField, out *graphql.FieldSet) graphql.Marshaler {
	return object{fields: fields, values: out.Values}
}

type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

func (o object) MarshalGQL(w io.Writer) {
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
		o.values[i].MarshalGQL(w)
	}
	_, _ = io.WriteString(w, "}")
}
