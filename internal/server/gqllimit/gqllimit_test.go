package gqllimit

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func measureQuery(t *testing.T, q string) measurement {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: q})
	require.NoError(t, err)
	w := walker{fragments: doc.Fragments, memo: map[string]measurement{}}
	return w.measure(doc.Operations[0].SelectionSet)
}

func TestMeasure_CountsDepthThroughFragments(t *testing.T) {
	m := measureQuery(t, `{ a { b { ...F } } } fragment F on T { c { ... on U { d } } }`)
	assert.Equal(t, 4, m.depth)
	assert.Zero(t, m.aliases)
}

func TestMeasure_CountsEveryAliasEveryTimeItIsReached(t *testing.T) {
	m := measureQuery(t, `{ x: a { ...F } y: a { ...F } } fragment F on T { p: b q: b }`)
	assert.Equal(t, 6, m.aliases)
}

func TestMeasure_IgnoresIntrospectionButNotTypename(t *testing.T) {
	m := measureQuery(t, `{ __schema { types { fields { type { ofType { ofType { name } } } } } } t1: __typename }`)
	assert.Equal(t, 1, m.depth)
	assert.Equal(t, 1, m.aliases)
}

// A chain of fragments that each spread the next twice reaches the last one 2^40 times; the
// walk must stay linear and the count must not overflow.
func TestMeasure_FragmentChainsStayCheapAndSaturate(t *testing.T) {
	var b strings.Builder
	b.WriteString("{ ...F0 }\n")
	for i := range 40 {
		b.WriteString("fragment F")
		b.WriteString(strconv.Itoa(i))
		b.WriteString(" on T { a: x ...F")
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(" b: x ...F")
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(" }\n")
	}
	b.WriteString("fragment F40 on T { z }\n")
	m := measureQuery(t, b.String())
	assert.Equal(t, 1<<30, m.aliases)
	assert.Equal(t, 1, m.depth)
}

func TestIntrospects_FindsSchemaAndTypeInFragments(t *testing.T) {
	for q, want := range map[string]bool{
		`{ __typename }`:                       false,
		`{ a { __type(name: "X") { name } } }`: true,
		`{ ...F } fragment F on Query { __schema { queryType { name } } }`: true,
		`{ ...F ...F } fragment F on Query { a }`:                          false,
	} {
		doc, err := parser.ParseQuery(&ast.Source{Input: q})
		require.NoError(t, err)
		assert.Equal(t, want, introspects(doc.Operations[0].SelectionSet, doc.Fragments, map[string]bool{}), q)
	}
}
