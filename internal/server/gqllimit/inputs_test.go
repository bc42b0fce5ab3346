package gqllimit

import (
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"secretariat/internal/apperr"
)

func checkInputs(t *testing.T, in Inputs, q string, vars map[string]any) error {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	require.NoError(t, err)
	return in.Check(doc.Operations[0], doc.Fragments, vars)
}

var bounds = Inputs{MaxDepth: 3, MaxValues: 20, MaxList: 4}

func TestInputs_RefusesEachBoundOnTheFieldAtFault(t *testing.T) {
	for name, c := range map[string]struct {
		q     string
		vars  map[string]any
		field string
	}{
		"deep literal":         {`{ a(where: {not: {not: {not: {x: 1}}}}) }`, nil, "where"},
		"deep variable":        {`query($w: W) { a(where: $w) }`, map[string]any{"w": map[string]any{"not": map[string]any{"not": map[string]any{"not": map[string]any{}}}}}, "where"},
		"long list":            {`{ a(where: {xIn: [1, 2, 3, 4, 5]}) }`, nil, "where.xIn"},
		"too many values":      {`{ a(ids: [1, 2, 3, 4]) b: a(ids: [1, 2, 3, 4]) c: a(ids: [1, 2, 3, 4]) d: a(ids: [1, 2, 3, 4]) e: a(ids: [1]) }`, nil, "ids"},
		"NUL in input":         {`mutation($n: String!) { create(input: {title: $n}) }`, map[string]any{"n": "a\x00"}, "title"},
		"escape in a list":     {`{ a(names: ["ok", "\u001b"]) }`, nil, "names[1]"},
		"in a fragment":        {`{ ...F } fragment F on Q { a(s: "\u0000") }`, nil, "s"},
		"lone carriage return": {`{ a(s: "a\rb") }`, nil, "s"},
		"DEL":                  {`mutation($n: String!) { create(input: {title: $n}) }`, map[string]any{"n": "ab\x7f"}, "title"},
		"C1 control":           {`mutation($n: String!) { create(input: {title: $n}) }`, map[string]any{"n": "見出し\u009b"}, "title"},
		"C1 in a literal":      {`{ a(s: "x\u0085") }`, nil, "s"},
	} {
		err := checkInputs(t, bounds, c.q, c.vars)
		e, ok := apperr.As(err)
		if assert.True(t, ok, "%s: %v", name, err) {
			assert.Equal(t, apperr.KindInvalid, e.Kind, name)
			assert.Equal(t, c.field, e.Field, name)
		}
	}
}

func TestInputs_AcceptsWhatFits(t *testing.T) {
	assert.NoError(t, checkInputs(t, bounds, `{ a(where: {not: {not: {x: 1}}}, s: "tab\tand\r\nlines\n", l: [1, 2, 3, 4]) }`, nil))
	// U+00A0 and beyond (the first printable characters after C1, Japanese text) pass.
	assert.NoError(t, checkInputs(t, bounds, `mutation($n: String!) { create(input: {title: $n}) }`, map[string]any{"n": "\u00a0é情報セキュリティ~"}))
}

// Fragments spreading each other twice reach the last one 2^30 times: the walk stops early.
func TestInputs_FragmentChainsStayCheap(t *testing.T) {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range 30 {
		n := strconv.Itoa(i + 1)
		b.WriteString("fragment F" + strconv.Itoa(i) + " on T { ...F" + n + " ...F" + n + " }\n")
	}
	b.WriteString("fragment F30 on T { z }\n")
	err := checkInputs(t, bounds, b.String(), nil)
	assert.Equal(t, apperr.KindQueryTooComplex, apperr.KindOf(err))
}

func TestInputs_CheckVariablesRefusesEachBoundAtTheVariablesPath(t *testing.T) {
	many := make([]any, 21)
	for i := range many {
		many[i] = map[string]any{}
	}
	for name, c := range map[string]struct {
		vars  map[string]any
		field string
	}{
		"deep":            {map[string]any{"w": map[string]any{"not": map[string]any{"not": map[string]any{"not": map[string]any{}}}}}, "w"},
		"long list":       {map[string]any{"where": map[string]any{"or": []any{1, 2, 3, 4, 5}}}, "where.or"},
		"too many values": {map[string]any{"a": []any{1, 2, 3, 4}, "b": []any{1, 2, 3, 4}, "c": []any{1, 2, 3, 4}, "d": []any{1, 2, 3, 4}, "e": []any{1}}, "e"},
		"a mutation's input, as services name it": {map[string]any{"input": map[string]any{"ids": []any{1, 2, 3, 4, 5}}}, "ids"},
		// Not used by the operation, or not even declared: sent all the same.
		"in any variable": {map[string]any{"unused": many}, "unused"},
	} {
		// Again and again: the variables are walked in the map's order, which changes from one
		// walk to the next, and the variable named must not (with too many values in all, the one
		// that overflows the count in the names' order).
		for range 20 {
			err := bounds.CheckVariables(c.vars)
			e, ok := apperr.As(err)
			if assert.True(t, ok, "%s: %v", name, err) {
				assert.Equal(t, apperr.KindInvalid, e.Kind, name)
				assert.Equal(t, c.field, e.Field, name)
			}
		}
	}
}

// What fits passes, and text is left to Check, which names the argument it is read at.
func TestInputs_CheckVariablesAcceptsWhatFitsAndLeavesTextToCheck(t *testing.T) {
	assert.NoError(t, bounds.CheckVariables(map[string]any{
		"w": map[string]any{"not": map[string]any{"not": map[string]any{"x": 1}}}, "l": []any{1, 2, 3, 4}, "n": "a\x00"}))
	assert.NoError(t, bounds.CheckVariables(nil))
}

// Bounds that would refuse every argument are refused when the server is built, by Inputs
// (checkInputs) and by Variables, which needs a presenter besides.
func TestInputs_ValidateRefusesBoundsThatRefuseEverything(t *testing.T) {
	require.NoError(t, bounds.Validate())
	for name, in := range map[string]Inputs{
		"no depth":       {MaxValues: 20, MaxList: 4},
		"no values":      {MaxDepth: 3, MaxList: 4},
		"negative lists": {MaxDepth: 3, MaxValues: 20, MaxList: -1},
	} {
		assert.Error(t, in.Validate(), name)
		assert.Error(t, Variables{Inputs: in, Present: graphql.DefaultErrorPresenter}.Validate(nil), name)
	}
	assert.NoError(t, Variables{Inputs: bounds, Present: graphql.DefaultErrorPresenter}.Validate(nil))
	assert.Error(t, Variables{Inputs: bounds}.Validate(nil), "no presenter")
}
