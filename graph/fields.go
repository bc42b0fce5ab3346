package graph

import (
	"context"
	"fmt"
	"maps"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/graph/cursors"
	"secretariat/graph/generated"
	"secretariat/internal/pulid"
)

// AroundFields is the field middleware of the API: a field that returns a connection gets its
// arguments as PrepareConnection makes them (the default page size, cursors taken out of the
// ordering they are bound to, archived records left out) and its answer's cursors bound to the
// request's ordering; a plain list that declares includeArchived has its archived records left
// out (leaveOutArchived).
//
// It runs around every field of an answer, thousands for a dashboard, so a field that takes no
// argument (a connection takes first, a list that leaves out archived records includeArchived)
// goes through without another call: a field read straight from a loaded record, and an edge
// to one record such as a department's head.
func AroundFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if !HasArguments(fc) {
		return next(ctx)
	}
	if !isConnection(fc.Field.Definition) {
		return leaveOutArchived(ctx, next)
	}
	p := connectionOf(ctx, fc)
	if p.err != nil {
		return nil, p.err
	}
	fc.Args = p.args
	res, err := next(ctx)
	if err != nil || res == nil {
		return res, err
	}
	BindCursors(res, p.ordering)
	return res, nil
}

// HasArguments reports whether the field of fc declares arguments: a field that does not (or
// is read straight from a loaded record, neither a method nor a resolver) needs nothing of
// AroundFields.
func HasArguments(fc *graphql.FieldContext) bool {
	return fc != nil && (fc.IsMethod || fc.IsResolver) && fc.Field.Field != nil && fc.Field.Definition != nil &&
		len(fc.Field.Definition.Arguments) > 0
}

// PrepareConnection is what AroundFields makes of the arguments of fc, a connection field:
// the arguments its resolver is called with, the ordering to bind into the cursors of its answer
// (BindCursors; empty when the request reads no cursor of it) and an error that answers the
// field instead. graph/generated's fast path for a connection under a list calls it, and
// BindCursors, in place of the middleware; the arguments are shared and read only.
func (r *Resolver) PrepareConnection(ctx context.Context, fc *graphql.FieldContext) (args map[string]any, ordering string, err error) {
	p := connectionOf(ctx, fc)
	return p.args, p.ordering, p.err
}

// BindCursors binds the cursors of conn, a connection, to ordering (none when it is empty).
func (r *Resolver) BindCursors(conn any, ordering string) { BindCursors(conn, ordering) }

// preparedConnection is what the field middleware makes of a connection field's arguments.
type preparedConnection struct {
	args     map[string]any
	ordering string
	err      error
}

// connectionKey is a field of the document as it is resolved on one type, with the selection
// set it has there: the same field in a fragment can be merged with other selections of the
// field in one place of the answer (which read its cursors) and not in another.
type connectionKey struct {
	object     string
	field      *ast.Field
	selections selectionKey
}

// connectionOf is prepareConnection remembered for the operation (Memo): its result depends on
// the field of the document, its type, its selection set and the operation's variables, not on
// the record, so a list of a hundred companies prepares their sites once, not once for each.
func connectionOf(ctx context.Context, fc *graphql.FieldContext) *preparedConnection {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil || fc.Field.Field == nil {
		return prepareConnection(ctx, fc)
	}
	key := connectionKey{object: fc.Object, field: fc.Field.Field}
	if len(fc.Field.Selections) > 0 {
		key.selections = selectionKey{first: &fc.Field.Selections[0], n: len(fc.Field.Selections)}
	}
	m.mu.Lock()
	p, ok := m.connections[key]
	m.mu.Unlock()
	if ok {
		return p
	}
	p = prepareConnection(ctx, fc)
	m.mu.Lock()
	m.connections[key] = p
	m.mu.Unlock()
	return p
}

// prepareConnection is the arguments of fc, a connection field, as its resolver takes them, in
// a map of their own (fc.Args, which graph/generated parses once for every instance of the
// field, is left as it is):
//   - with neither `first` nor `last`, DefaultPageSize items; from the end when paging back
//     from a `before` cursor. (CheckPage has refused bad sizes and cursors before the operation
//     started.)
//   - `after` and `before` without the ordering bound into them (CheckPage has made sure it is
//     the request's own).
//   - on a field that declares includeArchived, unless the request sets it to true, `where`
//     narrowed to the records whose archivedAt is null (notArchived).
//
// and the ordering to bind into the answer's cursors when the request reads one.
func prepareConnection(ctx context.Context, fc *graphql.FieldContext) *preparedConnection {
	args := maps.Clone(fc.Args)
	if args == nil {
		args = map[string]any{}
	}
	first, _ := args["first"].(*int)
	last, _ := args["last"].(*int)
	if first == nil && last == nil {
		size := DefaultPageSize
		if before, _ := args["before"].(*entgql.Cursor[pulid.ID]); before != nil {
			args["last"] = &size
		} else {
			args["first"] = &size
		}
	}
	for _, name := range []string{"after", "before"} {
		if c, _ := args[name].(*entgql.Cursor[pulid.ID]); c != nil {
			unbound := *c
			_, unbound.Value = cursors.Split(c.Value)
			args[name] = &unbound
		}
	}
	if fc.Field.Definition.Arguments.ForName(IncludeArchivedArg) != nil && !includeArchived(ctx, fc) {
		where, err := notArchived(args["where"])
		if err != nil {
			return &preparedConnection{err: fmt.Errorf("%s: %w", fc.Field.Name, err)}
		}
		args["where"] = where
	}
	p := &preparedConnection{args: args}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		if cursorsRead(ctx, oc, fc.Field) {
			p.ordering = orderingOf(fc.Field.Definition, fc.Field.ArgumentMap(oc.Variables)["orderBy"])
		}
	}
	return p
}

// The fast path of a connection field (graph/generated's resolveConnection) prepares it here.
var _ generated.ConnectionPreparer = (*Resolver)(nil)
