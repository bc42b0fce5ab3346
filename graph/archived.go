package graph

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// IncludeArchivedArg is the argument of every list of an entity with archivedAt: archived
// records are left out unless it is true. ent/entgqldoc.IncludeArchived declares it on the
// lists of graph/ent.graphqls; the hand-written lists declare it themselves.
const IncludeArchivedArg = "includeArchived"

// leaveOutArchived is the field middleware of a plain list that declares includeArchived:
// unless the request sets it to true, the list's archived records are dropped. (A connection
// has its `where` argument narrowed instead, by PrepareConnection: notArchived.) ent's field
// collection applies the same filter to the connections it loads ahead
// (ent/entgqltemplate/gql_collection.tmpl), so a list does not depend on the query's shape.
func leaveOutArchived(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil ||
		fc.Field.Definition.Arguments.ForName(IncludeArchivedArg) == nil || includeArchived(ctx, fc) {
		return next(ctx)
	}
	res, err := next(ctx)
	if err != nil || res == nil {
		return res, err
	}
	return dropArchived(res), nil
}

// includeArchived reads the argument as the request sent it: a field that ent's model resolves
// (an edge) takes no Go parameter for it, so it is not among fc.Args.
func includeArchived(ctx context.Context, fc *graphql.FieldContext) bool {
	if v, ok := fc.Args[IncludeArchivedArg]; ok {
		switch v := v.(type) {
		case bool:
			return v
		case *bool:
			return v != nil && *v
		}
	}
	arg := fc.Field.Arguments.ForName(IncludeArchivedArg)
	if arg == nil || arg.Value == nil {
		return false // not sent: its default, false
	}
	var vars map[string]any
	if graphql.HasOperationContext(ctx) {
		vars = graphql.GetOperationContext(ctx).Variables
	}
	v, err := arg.Value.Value(vars)
	if err != nil {
		return false // validation has checked the value; a variable left out means the default
	}
	b, _ := v.(bool)
	return b
}

// notArchived returns a where input of where's type that matches the records where matches
// (all, when it is nil) whose archivedAt is null: the client's filter still applies within it,
// so `where: {archivedAtNotNil: true}` lists only the archived records with
// includeArchived: true, and none without. Without a filter of the client's, which is the
// common case, it is one value per type, shared: nothing modifies a where input once built (ent
// reads it to build predicates), and a list under every edge of a page would otherwise allocate
// one, a kilobyte or two, per edge.
func notArchived(where any) (any, error) {
	v := reflect.ValueOf(where)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.Type().Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("leave out archived: where is %T, not a where input", where)
	}
	f, err := archivedFilterOf(v.Type())
	if err != nil {
		return nil, err
	}
	if v.IsNil() {
		return f.alone, nil
	}
	narrowed := reflect.New(v.Type().Elem())
	narrowed.Elem().Field(f.isNil).SetBool(true)
	narrowed.Elem().Field(f.and).Set(reflect.Append(narrowed.Elem().Field(f.and), v))
	return narrowed.Interface(), nil
}

// archivedFilter is how a where input type says "archivedAt is null": the index of its
// ArchivedAtIsNil and And fields, and the input that says only that.
type archivedFilter struct {
	isNil, and int
	alone      any
}

// archivedFilters holds an *archivedFilter by where input pointer type.
var archivedFilters sync.Map

func archivedFilterOf(t reflect.Type) (*archivedFilter, error) {
	if f, ok := archivedFilters.Load(t); ok {
		return f.(*archivedFilter), nil
	}
	isNil, ok1 := t.Elem().FieldByName("ArchivedAtIsNil")
	and, ok2 := t.Elem().FieldByName("And")
	if !ok1 || !ok2 || len(isNil.Index) != 1 || len(and.Index) != 1 || isNil.Type.Kind() != reflect.Bool || and.Type != reflect.SliceOf(t) {
		return nil, fmt.Errorf("leave out archived: %s has no ArchivedAtIsNil or And", t)
	}
	alone := reflect.New(t.Elem())
	alone.Elem().Field(isNil.Index[0]).SetBool(true)
	f, _ := archivedFilters.LoadOrStore(t, &archivedFilter{isNil: isNil.Index[0], and: and.Index[0], alone: alone.Interface()})
	return f.(*archivedFilter), nil
}

// dropArchived removes the records whose ArchivedAt is set from a slice of pointers to entities.
// A list with none archived, the usual answer, is returned as it is.
func dropArchived(list any) any {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Pointer {
		return list
	}
	field, ok := v.Type().Elem().Elem().FieldByName("ArchivedAt")
	if !ok || field.Type.Kind() != reflect.Pointer {
		return list
	}
	archived := func(i int) bool {
		item := v.Index(i)
		return !item.IsNil() && !item.Elem().FieldByIndex(field.Index).IsNil()
	}
	first := 0
	for first < v.Len() && !archived(first) {
		first++
	}
	if first == v.Len() {
		return list
	}
	kept := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
	n := reflect.Copy(kept, v.Slice(0, first))
	for i := first + 1; i < v.Len(); i++ {
		if !archived(i) {
			kept.Index(n).Set(v.Index(i))
			n++
		}
	}
	return kept.Slice(0, n).Interface()
}
