package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// Page sizes of every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
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
			return apperr.Invalid(name, apperr.OutOfRange, fmt.Sprintf("must be between 0 and %d", MaxPageSize), fmt.Sprintf("0から%dまでの値を指定してください", MaxPageSize))
		}
	}
	if sizes[0] && sizes[1] {
		return apperr.Invalid("last", apperr.ConflictingFields,
			"cannot be given with first: page forwards with first and after, or backwards with last and before",
			"firstと同時には指定できません。先へ進むにはfirstとafterを、前へ戻るにはlastとbeforeを指定してください")
	}
	for _, name := range []string{"after", "before"} {
		if v := args[name]; v != nil && !validCursor(v) {
			return apperr.Invalid(name, apperr.CursorMismatch, "is not a cursor of this connection", "この一覧のカーソルではありません")
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

// validCursor reports whether v decodes to a cursor with a well-formed ID and, when it carries
// an order value, a scalar one (a cursor is client-held text; its value becomes a bound
// parameter of the page's query).
func validCursor(v any) bool {
	var c entgql.Cursor[pulid.ID]
	if err := c.UnmarshalGQL(v); err != nil || !c.ID.Valid() {
		return false
	}
	switch c.Value.(type) {
	case nil, string, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, time.Time:
		return true
	}
	return false
}

// PageSize is a field middleware applied to every field that returns a connection: with neither
// `first` nor `last` it asks for DefaultPageSize items. (CheckPage has refused bad sizes and
// cursors before the operation started.)
func PageSize(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !isConnection(fc.Field.Definition) {
		return next(ctx)
	}
	first, _ := fc.Args["first"].(*int)
	last, _ := fc.Args["last"].(*int)
	if first == nil && last == nil {
		size := DefaultPageSize
		// Paging backwards from a cursor without a size takes the default from the end.
		if before, _ := fc.Args["before"].(*entgql.Cursor[pulid.ID]); before != nil {
			fc.Args["last"] = &size
		} else {
			fc.Args["first"] = &size
		}
	}
	return next(ctx)
}
