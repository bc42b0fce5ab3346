package graph

import (
	"context"
	"fmt"
	"reflect"

	"github.com/99designs/gqlgen/graphql"
)

// IncludeArchivedArg is the argument of every list of an entity with archivedAt: archived
// records are left out unless it is true. ent/entgqldoc.IncludeArchived declares it on the
// lists of graph/ent.graphqls; the hand-written lists declare it themselves.
const IncludeArchivedArg = "includeArchived"

// leaveOutArchived is the field middleware of every field: on a field that declares
// includeArchived, unless the request sets it to true, a connection's `where` argument is
// narrowed to the records whose archivedAt is null (the client's filter still applies within
// it, so `where: {archivedAtNotNil: true}` lists only the archived records with
// includeArchived: true, and none without), and a plain list's archived records are dropped.
// ent's field collection applies the same filter to the connections it loads ahead
// (ent/entgqltemplate/gql_collection.tmpl), so a list does not depend on the query's shape.
func leaveOutArchived(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil ||
		fc.Field.Definition.Arguments.ForName(IncludeArchivedArg) == nil {
		return next(ctx)
	}
	if includeArchived(ctx, fc) {
		return next(ctx)
	}
	if isConnection(fc.Field.Definition) {
		where, err := notArchived(fc.Args["where"])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fc.Field.Name, err)
		}
		fc.Args["where"] = where
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
// (all, when it is nil) whose archivedAt is null.
func notArchived(where any) (any, error) {
	v := reflect.ValueOf(where)
	if !v.IsValid() || v.Kind() != reflect.Pointer || v.Type().Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("leave out archived: where is %T, not a where input", where)
	}
	narrowed := reflect.New(v.Type().Elem())
	isNil := narrowed.Elem().FieldByName("ArchivedAtIsNil")
	and := narrowed.Elem().FieldByName("And")
	if !isNil.IsValid() || isNil.Kind() != reflect.Bool || !and.IsValid() || and.Type() != reflect.SliceOf(v.Type()) {
		return nil, fmt.Errorf("leave out archived: %T has no ArchivedAtIsNil or And", where)
	}
	isNil.SetBool(true)
	if !v.IsNil() {
		and.Set(reflect.Append(and, v))
	}
	return narrowed.Interface(), nil
}

// dropArchived removes the records whose ArchivedAt is set from a slice of pointers to entities.
func dropArchived(list any) any {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return list
	}
	kept := reflect.MakeSlice(v.Type(), 0, v.Len())
	for i := range v.Len() {
		item := v.Index(i)
		if item.Kind() == reflect.Pointer && !item.IsNil() {
			if at := item.Elem().FieldByName("ArchivedAt"); at.IsValid() && at.Kind() == reflect.Pointer && !at.IsNil() {
				continue
			}
		}
		kept = reflect.Append(kept, item)
	}
	return kept.Interface()
}
