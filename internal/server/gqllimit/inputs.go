package gqllimit

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"secretariat/internal/apperr"
)

// Inputs bounds the argument values of every field of an operation, with variables substituted,
// before anything is resolved and so before any SQL is built: an input object nested too deep
// (a where filter's not/and/or), too many values in all (an `or` of 40,000 filters), a list too
// long (nameIn with more values than a statement may bind), and text with control characters
// (a NUL byte, which PostgreSQL refuses in text and SQLite keeps). Each refusal is an
// apperr.Invalid naming the argument at fault, so clients see BAD_USER_INPUT with
// extensions.field instead of an INTERNAL error from the database.
type Inputs struct {
	// MaxDepth bounds the nesting of input objects in one argument (the argument's own object
	// is level 1).
	MaxDepth int
	// MaxValues bounds the values (objects, list items, scalars) in all the arguments of one
	// operation; fields reached through a fragment spread several times count each time.
	MaxValues int
	// MaxList bounds the items of one list.
	MaxList int
	// Field, when set, checks the arguments of each field further (rules of the schema, such as
	// those of pagination), after the bounds above.
	Field func(def *ast.FieldDefinition, args map[string]any) error
}

// Validate reports bounds that would refuse every argument: each must be positive.
func (in Inputs) Validate() error {
	if in.MaxDepth <= 0 || in.MaxValues <= 0 || in.MaxList <= 0 {
		return fmt.Errorf("input bounds need a positive depth (%d), values (%d) and list length (%d)",
			in.MaxDepth, in.MaxValues, in.MaxList)
	}
	return nil
}

// Check walks the operation's fields, through fragments, and returns the first problem found.
func (in Inputs) Check(op *ast.OperationDefinition, fragments ast.FragmentDefinitionList, vars map[string]any) error {
	c := &inputCheck{Inputs: in, fragments: fragments, vars: vars}
	return c.selections(op.SelectionSet)
}

// CheckVariables applies the bounds on values, depth and list length to the variables as the
// client sent them, named by their path from the variable ("where.or"). A variable's value sits
// whole in each argument that uses it, at least as deep, so for the variables an operation uses,
// what it refuses Check would refuse once they are coerced; a variable sent and not used is
// bounded all the same (a client has no reason to send it). It is cheap where coercion is not
// (see Variables).
func (in Inputs) CheckVariables(vars map[string]any) error {
	c := &inputCheck{Inputs: in, raw: true}
	for name, v := range vars {
		if c.value(v, []string{name}, 0) != nil {
			// Refused: walk again in the names' order, so that the same request is always told
			// of the same variable (which one overflows the count depends on the order). A
			// request that passes is not sorted.
			return in.checkVariablesInOrder(vars)
		}
	}
	return nil
}

// checkVariablesInOrder is CheckVariables walking the variables in the order of their names.
func (in Inputs) checkVariablesInOrder(vars map[string]any) error {
	c := &inputCheck{Inputs: in, raw: true}
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		if err := c.value(vars[name], []string{name}, 0); err != nil {
			return err
		}
	}
	return nil
}

type inputCheck struct {
	Inputs
	fragments ast.FragmentDefinitionList
	vars      map[string]any
	values    int
	spreads   int
	// raw: the values are variables as sent (CheckVariables), whose text Check reads later,
	// at the argument's path.
	raw bool
}

// Variables is the handler extension that checks Inputs' bounds on the variables before gqlgen
// parses the document and coerces the variables to their types. Coercing is what such a
// variable costs: gqlparser walks every object against its input type, building a path for
// each value, and an `or` of 40,000 filters (half a megabyte) took a second of CPU before
// Check, after it, refused the list. The client gets the same BAD_USER_INPUT, with the field at
// the variable's path.
type Variables struct {
	Inputs
	// Present turns the refusal into the GraphQL error the client sees.
	Present graphql.ErrorPresenterFunc
}

var (
	_ graphql.HandlerExtension          = Variables{}
	_ graphql.OperationParameterMutator = Variables{}
)

// ExtensionName implements graphql.HandlerExtension.
func (Variables) ExtensionName() string { return "VariableBounds" }

// Validate implements graphql.HandlerExtension.
func (v Variables) Validate(graphql.ExecutableSchema) error {
	if err := v.Inputs.Validate(); err != nil {
		return fmt.Errorf("variable bounds: %w", err)
	}
	if v.Present == nil {
		return fmt.Errorf("variable bounds need a presenter")
	}
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (v Variables) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if err := v.CheckVariables(params.Variables); err != nil {
		return v.Present(ctx, err)
	}
	return nil
}

// maxSpreads bounds the fragment spreads followed: validation has ruled out cycles, but spreads
// that spread each other twice reach the last one exponentially often.
const maxSpreads = 10000

func (c *inputCheck) selections(set ast.SelectionSet) error {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if err := c.field(s); err != nil {
				return err
			}
			if err := c.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := c.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			c.spreads++
			if c.spreads > maxSpreads {
				return apperr.TooComplex("the operation spreads fragments too many times", "フラグメントの展開回数が多すぎます")
			}
			if def := c.fragments.ForName(s.Name); def != nil {
				if err := c.selections(def.SelectionSet); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c *inputCheck) field(f *ast.Field) error {
	if len(f.Arguments) == 0 {
		return nil
	}
	args := make(map[string]any, len(f.Arguments))
	for _, a := range f.Arguments {
		v, err := a.Value.Value(c.vars)
		if err != nil {
			return apperr.Invalid(a.Name, apperr.InvalidValue, err.Error(), "引数の値を読み取れません: "+err.Error())
		}
		if err := c.value(v, []string{a.Name}, 0); err != nil {
			return err
		}
		args[a.Name] = v
	}
	if c.Field != nil && f.Definition != nil {
		return c.Field(f.Definition, args)
	}
	return nil
}

// value checks one argument value at path; depth counts the input objects around it.
func (c *inputCheck) value(v any, path []string, depth int) error {
	c.values++
	if c.values > c.MaxValues {
		return apperr.Invalid(path[0], apperr.TooLong,
			fmt.Sprintf("the operation's arguments hold more than %d values", c.MaxValues),
			fmt.Sprintf("操作の引数に含まれる値が%d個を超えています", c.MaxValues))
	}
	switch x := v.(type) {
	case nil, bool, int, int32, int64, float64:
		return nil
	case string:
		if c.raw {
			return nil
		}
		if r, i := controlCharacter(x); i >= 0 {
			return apperr.Invalid(fieldName(path), apperr.InvalidValue,
				fmt.Sprintf("must not contain control characters (U+%04X at byte %d)", r, i),
				fmt.Sprintf("制御文字は使用できません（%dバイト目の U+%04X）", i, r))
		}
		return nil
	case map[string]any:
		if depth+1 > c.MaxDepth {
			return apperr.Invalid(path[0], apperr.TooLong,
				fmt.Sprintf("nests input objects deeper than %d levels", c.MaxDepth),
				fmt.Sprintf("入力オブジェクトの入れ子が%d階層を超えています", c.MaxDepth))
		}
		for k, e := range x {
			if err := c.value(e, append(path, k), depth+1); err != nil {
				return err
			}
		}
		return nil
	case []any:
		if len(x) > c.MaxList {
			return apperr.Invalid(fieldName(path), apperr.TooLong,
				fmt.Sprintf("must have at most %d items", c.MaxList),
				fmt.Sprintf("%d件以内で指定してください", c.MaxList))
		}
		for i, e := range x {
			if err := c.value(e, append(path, "["+strconv.Itoa(i)+"]"), depth); err != nil {
				return err
			}
		}
		return nil
	}
	// Coerced variables may keep other Go types: walk lists and maps of any type alike.
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		items := make([]any, rv.Len())
		for i := range items {
			items[i] = rv.Index(i).Interface()
		}
		c.values--
		return c.value(items, path, depth)
	case reflect.Map:
		m := make(map[string]any, rv.Len())
		for _, k := range rv.MapKeys() {
			m[fmt.Sprint(k.Interface())] = rv.MapIndex(k).Interface()
		}
		c.values--
		return c.value(m, path, depth)
	case reflect.String:
		c.values--
		return c.value(rv.String(), path, depth)
	}
	return nil
}

// controlCharacter returns the first control character of s and its byte index, or -1: the C0
// characters other than tab, line feed and a carriage return that starts a CR LF line end, DEL,
// and the C1 characters U+0080 to U+009F. Text is refused alike on both databases: PostgreSQL
// cannot store a NUL byte, and none of these has a place in the names, titles and bodies of this
// API (a C1 character is invisible on screen and in a spreadsheet, and some terminals act on it).
func controlCharacter(s string) (rune, int) {
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n':
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case r < 0x20 || (r >= 0x7f && r <= 0x9f):
			return r, i
		}
	}
	return 0, -1
}

// fieldName names an argument path the way services name input fields: the mutation's "input"
// argument is left out ("title", not "input.title"), list items are [i].
func fieldName(path []string) string {
	if len(path) > 1 && path[0] == "input" {
		path = path[1:]
	}
	var b strings.Builder
	for i, p := range path {
		if i > 0 && !strings.HasPrefix(p, "[") {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}
