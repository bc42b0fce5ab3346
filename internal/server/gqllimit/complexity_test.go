package gqllimit

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

var testSchema = gqlparser.MustLoadSchema(&ast.Source{Name: "test.graphqls", Input: `
type Query {
  companies(first: Int, last: Int, after: String, before: String): CompanyConnection!
  nodes(ids: [ID!]!): [Company]!
  viewer: Company
}
type CompanyConnection { totalCount: Int! edges: [CompanyEdge] nodes: [Company] }
type CompanyEdge { node: Company cursor: String! }
type Company {
  id: ID!
  name: String!
  tags: [String!]!
  controls: [Control!]
  sites(first: Int, last: Int): CompanyConnection!
}
type Control { ref: String! company: Company! }
`})

var testCost = Complexity{Limit: 1000, DefaultPageSize: 20, MaxPageSize: 100, ListSize: 50}

func cost(t *testing.T, q string, vars map[string]any) int {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(testSchema, q)
	require.Empty(t, errs)
	return testCost.Measure(doc.Operations[0], doc.Fragments, vars)
}

func TestComplexity_PagesMultiplyTheCostOfTheirItems(t *testing.T) {
	// companies 1 + totalCount 1 + edges (1 + 100 × an edge (node 1 + id 1 + name 1))
	assert.Equal(t, 1+1+1+100*(1+2), cost(t, `{ companies(first: 100) { totalCount edges { node { id name } } } }`, nil))
	assert.Equal(t, 1+1+20*2, cost(t, `{ companies { nodes { id name } } }`, nil), "the default page when no size is given")
	assert.Equal(t, 1+1+7*2, cost(t, `query($n: Int) { companies(last: $n) { nodes { id name } } }`, map[string]any{"n": int64(7)}))
	assert.Equal(t, 1+1+100*2, cost(t, `{ companies(first: 5000) { nodes { id name } } }`, nil), "a page is never larger than the maximum")
	assert.Equal(t, 1+1+0, cost(t, `{ companies(first: 0) { nodes { id name } } }`, nil))
}

func TestComplexity_NestedPagesAndListsMultiply(t *testing.T) {
	// companies(first: 100) → controls (a list: 50 assumed) → company → controls → ref
	inner := 1 + 50*1          // controls { ref }
	company := 1 + inner       // company { controls { ref } }
	controls := 1 + 50*company // controls { company { … } }
	node := 1 + controls       // node { controls { … } }
	want := 1 + (1 + 100*node) // companies { edges { node { … } } }
	got := cost(t, `{ companies(first: 100) { edges { node { controls { company { controls { ref } } } } } } }`, nil)
	assert.Equal(t, want, got)
	assert.Greater(t, got, 100*50*50, "three levels of lists answer 100 × 50 × 50 items")

	// A page inside a page: the inner one multiplies again.
	assert.Equal(t, 1+1+10*(1+1+5*1), cost(t, `{ companies(first: 10) { nodes { sites(first: 5) { nodes { id } } } } }`, nil))
	// A list of scalars costs one per assumed item; nodes(ids:) holds one item per id.
	assert.Equal(t, 1+1+(1+50), cost(t, `{ viewer { id tags } }`, nil))
	assert.Equal(t, 1+3*1, cost(t, `{ nodes(ids: ["a", "b", "c"]) { id } }`, nil))
}

func TestComplexity_FragmentsCountLikeTheirSelectionsWherePlaced(t *testing.T) {
	inline := cost(t, `{ companies(first: 10) { nodes { id name } } }`, nil)
	assert.Equal(t, inline, cost(t, `{ companies(first: 10) { ...Page } } fragment Page on CompanyConnection { nodes { id name } }`, nil))
	// One fragment inside pages of different sizes is counted for each.
	assert.Equal(t, (1+1+10*1)+(1+1+30*1), cost(t, `{ a: companies(first: 10) { ...Page } b: companies(first: 30) { ...Page } }
		fragment Page on CompanyConnection { nodes { ...C } } fragment C on Company { id }`, nil))
}

// bomb is a chain of n fragments that each select a field and spread the next fragment twice:
// about 1 KB for 30 fragments, 2^30 fields once expanded.
func bomb(n int) string {
	var b strings.Builder
	b.WriteString("{ viewer { ...F0 } }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Company { id ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Company { name }\n", n)
	return b.String()
}

func TestComplexity_FragmentChainsAreCountedInLinearTimeAndSaturate(t *testing.T) {
	start := time.Now()
	got := cost(t, bomb(40), nil)
	assert.Less(t, time.Since(start), 100*time.Millisecond)
	assert.Equal(t, math.MaxInt32, got, "2^40 fields saturate instead of wrapping around")
	assert.Equal(t, 1+(1<<5)-1+(1<<5), cost(t, bomb(5), nil), "viewer, 2^n−1 ids, 2^n names")
}
