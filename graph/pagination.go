package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/graph/cursors"
	"secretariat/internal/apperr"
	"secretariat/internal/page"
	"secretariat/internal/pulid"
)

// Page sizes of every connection.
const (
	DefaultPageSize = page.Default
	MaxPageSize     = page.Max
)

// CheckPage is the one check of the pagination arguments of every connection field, run on the
// operation's argument values before anything is resolved (gqllimit.Inputs.Field): a size above
// MaxPageSize or below zero, `first` together with `last`, and a cursor that does not decode are
// bad input on the argument at fault, instead of a quietly different page or an INTERNAL error
// from entgql or the database.
func CheckPage(def *ast.FieldDefinition, args map[string]any) error {
	if !isConnection(def) {
		return nil
	}
	var sizes [2]bool
	for i, name := range []string{"first", "last"} {
		v := args[name]
		if v == nil {
			continue
		}
		sizes[i] = true
		if n, ok := whole(v); !ok || n < 0 || n > MaxPageSize {
			return apperr.Invalid(name, apperr.OutOfRange,
				fmt.Sprintf("must be between 0 and %d", MaxPageSize), fmt.Sprintf("0以上%d以下で指定してください", MaxPageSize))
		}
	}
	if sizes[0] && sizes[1] {
		return apperr.Invalid("last", apperr.ConflictingFields,
			"cannot be given with first: page forwards with first and after, or backwards with last and before",
			"first と同時には指定できません。前へは first と after、後ろへは last と before で移動してください")
	}
	ordering := orderingOf(def, args["orderBy"])
	for _, name := range []string{"after", "before"} {
		v := args[name]
		if v == nil {
			continue
		}
		c, ok := decodeCursor(v)
		if !ok {
			return apperr.Invalid(name, apperr.InvalidFormat, "is not a cursor of this connection", "このリストのカーソルではありません")
		}
		if got, _ := cursors.Split(c.Value); got != ordering {
			return apperr.Invalid(name, apperr.CursorMismatch,
				"was made for another list or another orderBy: page with the cursors of the same query",
				"別のリストまたは別の並び順（orderBy）で作られたカーソルです。同じ問い合わせのカーソルを使ってください")
		}
	}
	return nil
}

func isConnection(def *ast.FieldDefinition) bool {
	return def != nil && strings.HasSuffix(def.Type.Name(), "Connection") && def.Arguments.ForName("first") != nil
}

// whole returns an Int argument value as an int64, whichever Go type the literal or the
// variable decoded to.
func whole(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), n == float64(int64(n))
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// decodeCursor decodes a cursor the client holds, and accepts it only with a well-formed ID and,
// when it carries an order value, a scalar one (its value becomes a bound parameter of the
// page's query).
func decodeCursor(v any) (entgql.Cursor[pulid.ID], bool) {
	var c entgql.Cursor[pulid.ID]
	if err := c.UnmarshalGQL(v); err != nil || !c.ID.Valid() {
		return c, false
	}
	_, value := cursors.Split(c.Value)
	switch value.(type) {
	case nil, string, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, time.Time:
		return c, true
	}
	return c, false
}

// A cursor is bound to the list and the ordering it was made for: its value is the pair
// [ordering, order value], where the ordering names the connection type and every orderBy
// field with its direction (orderingOf). AroundFields writes the pair into every cursor a
// connection answers and takes it apart again for the next page; CheckPage refuses a cursor
// whose ordering is not the request's, which would otherwise answer a silently wrong page.

// orderingOf names the ordering of a connection field from its orderBy argument as the client
// sent it: an object {field, direction} or a list of them, direction ASC when not given.
func orderingOf(def *ast.FieldDefinition, orderBy any) string {
	var b strings.Builder
	b.WriteString(def.Type.Name())
	var orders []any
	switch o := orderBy.(type) {
	case nil:
	case []any:
		orders = o
	default:
		orders = []any{o}
	}
	for _, o := range orders {
		m, _ := o.(map[string]any)
		direction := "ASC"
		if d, ok := m["direction"].(string); ok && d != "" {
			direction = d
		}
		fmt.Fprintf(&b, " %v:%s", m["field"], direction)
	}
	return b.String()
}

// selectionKey is a selection set by identity: its first element's address and its length, as
// generated.collected keys it. gqlgen builds a field's selections into a slice of its own each
// time it collects them, and the key keeps that slice from being freed, so no other selection
// set can have the same key.
type selectionKey struct {
	first *ast.Selection
	n     int
}

// cursorsRead is cursorsSelected remembered for the operation (Memo): a list of a hundred
// companies asks it once for the sites of them all, not once for each company.
func cursorsRead(ctx context.Context, oc *graphql.OperationContext, conn graphql.CollectedField) bool {
	m, _ := ctx.Value(memoKey{}).(*memo)
	if m == nil || len(conn.Selections) == 0 {
		return cursorsSelected(oc, conn)
	}
	key := selectionKey{first: &conn.Selections[0], n: len(conn.Selections)}
	m.mu.Lock()
	defer m.mu.Unlock()
	read, ok := m.cursors[key]
	if !ok {
		read = cursorsSelected(oc, conn)
		m.cursors[key] = read
	}
	return read
}

// cursorsSelected reports whether the request reads a cursor of the connection field: an edge's
// cursor, or the page info's start or end cursor (through fragments too).
func cursorsSelected(oc *graphql.OperationContext, conn graphql.CollectedField) bool {
	for _, f := range graphql.CollectFields(oc, conn.Selections, []string{conn.Definition.Type.Name()}) {
		if f.Definition == nil {
			continue
		}
		var cursors []string
		switch f.Name {
		case "edges":
			cursors = []string{"cursor"}
		case "pageInfo":
			cursors = []string{"startCursor", "endCursor"}
		default:
			continue
		}
		for _, c := range graphql.CollectFields(oc, f.Selections, []string{f.Definition.Type.Name()}) {
			if slices.Contains(cursors, c.Name) {
				return true
			}
		}
	}
	return false
}

var cursorType = reflect.TypeFor[entgql.Cursor[pulid.ID]]()

// BindCursors writes the ordering into the cursors of conn, a connection: its edges' cursors
// and its page info's start and end cursors. An empty ordering (no cursor of it is read) leaves
// them as they are.
func BindCursors(res any, ordering string) {
	if ordering == "" {
		return
	}
	conn := reflect.ValueOf(res)
	for conn.Kind() == reflect.Pointer || conn.Kind() == reflect.Interface {
		if conn.IsNil() {
			return
		}
		conn = conn.Elem()
	}
	if conn.Kind() != reflect.Struct {
		return
	}
	bound := map[*entgql.Cursor[pulid.ID]]bool{}
	bind := func(c reflect.Value) {
		if c.Kind() == reflect.Pointer {
			if c.IsNil() {
				return
			}
			c = c.Elem()
		}
		if c.Type() != cursorType || !c.CanSet() {
			return
		}
		cur := c.Addr().Interface().(*entgql.Cursor[pulid.ID])
		// The page info's cursors point at the first and last edges' own: bind each once.
		if bound[cur] {
			return
		}
		bound[cur] = true
		cur.Value = cursors.Bind(ordering, cur.Value)
	}
	if edges := conn.FieldByName("Edges"); edges.IsValid() && edges.Kind() == reflect.Slice {
		for i := range edges.Len() {
			edge := edges.Index(i)
			for edge.Kind() == reflect.Pointer && !edge.IsNil() {
				edge = edge.Elem()
			}
			if edge.Kind() == reflect.Struct {
				if c := edge.FieldByName("Cursor"); c.IsValid() {
					bind(c)
				}
			}
		}
	}
	if info := conn.FieldByName("PageInfo"); info.IsValid() && info.Kind() == reflect.Struct {
		for _, name := range []string{"StartCursor", "EndCursor"} {
			if c := info.FieldByName(name); c.IsValid() {
				bind(c)
			}
		}
	}
}
