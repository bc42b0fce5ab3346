package server_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/database"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

// portfolioQuery is what a consultant's dashboard asks for: every client company with its
// organization, sites, their departments and heads, and counts.
const portfolioQuery = `{ companies(first: 100) { totalCount edges { node {
	id name organization { name }
	sites { totalCount edges { node { name departments { edges { node { name head { name } } } } } } }
	departments { totalCount }
} } } }`

// The same question asked through the nodes shortcut, and through aliased edges and nodes: each
// shape loads the same rows with the same statements.
const (
	portfolioByNodes = `{ companies(first: 100) { totalCount nodes {
	id name organization { name }
	sites { totalCount nodes { name departments { nodes { name head { name } } } } }
	departments { totalCount }
} } }`
	portfolioByAliases = `{ clients: companies(first: 100) { count: totalCount list: edges { item: node {
	id name organization { name }
	places: sites { totalCount all: edges { one: node { name units: departments { items: nodes { name head { name } } } } } }
	departments { totalCount }
} } } }`
)

func TestServer_AListCostsTheSameStatementsForOneItemOrMany(t *testing.T) {
	t.Parallel()
	// names reads the company names in the order the list answers, whatever its shape.
	names := func(data map[string]any) []string {
		var out []string
		if conn, ok := data["companies"].(map[string]any); ok {
			for _, n := range edgeNodes(conn) {
				out = append(out, n.(map[string]any)["name"].(string))
			}
			if nodes, ok := conn["nodes"].([]any); ok {
				for _, n := range nodes {
					out = append(out, n.(map[string]any)["name"].(string))
				}
			}
		}
		if conn, ok := data["clients"].(map[string]any); ok {
			for _, e := range conn["list"].([]any) {
				out = append(out, e.(map[string]any)["item"].(map[string]any)["name"].(string))
			}
		}
		return out
	}
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			one, _ := e.tenant("one", 1)
			many, _ := e.tenant("many", 60)

			var answers [][]string
			for _, shape := range []struct{ name, query string }{
				{"edges", portfolioQuery}, {"nodes", portfolioByNodes}, {"aliases", portfolioByAliases},
			} {
				statements := func(token string, companies int) int {
					counter.Reset()
					res := e.post(token, shape.query, nil)
					require.Empty(t, res.Errors, shape.name)
					require.Len(t, names(res.Data), companies, shape.name)
					if companies == 60 {
						answers = append(answers, names(res.Data))
					}
					return counter.Count()
				}
				forOne, forMany := statements(one, 1), statements(many, 60)
				t.Logf("%s, %s: %d statements for 1 company, %d for 60", dialect, shape.name, forOne, forMany)
				assert.Equal(t, forOne, forMany, "%s: no N+1: the statement count does not grow with the page", shape.name)
			}
			assert.Equal(t, answers[0], answers[1], "nodes answers the edges' nodes in their order")
			assert.Equal(t, answers[0], answers[2], "aliased edges answer the same items")
		})
	}
}

// BenchmarkPortfolio compares the time of the portfolio query for 1 and for 100 client
// companies on the same run; report the ratio, not the absolute figures.
func BenchmarkPortfolio(b *testing.B) {
	for _, dialect := range testdb.Dialects {
		e := newEnv(b, dialect, kv.NewMemory())
		one, _ := e.tenant("one", 1)
		hundred, _ := e.tenant("hundred", 100)
		for _, c := range []struct {
			name, token string
		}{{"1company", one}, {"100companies", hundred}} {
			b.Run(dialect+"/"+c.name, func(b *testing.B) {
				for b.Loop() {
					if res := e.post(c.token, portfolioQuery, nil); len(res.Errors) > 0 {
						b.Fatalf("errors: %v", res.Errors)
					}
				}
			})
		}
	}
}

// BenchmarkTypename is the floor: the cost of the HTTP and GraphQL machinery alone.
func BenchmarkTypename(b *testing.B) {
	e := newEnv(b, "sqlite", kv.NewMemory())
	for b.Loop() {
		e.post("", "{ __typename }", nil)
	}
}

// TestServer_NodesPagesLikeEdges: a client that wants cursors and items without edges' nodes
// takes the cursors from edges and the items from nodes; the two line up, and the next page
// follows from the page info.
func TestServer_NodesPagesLikeEdges(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	token, companies := e.tenant("pages", 5)
	const page = `query($after: Cursor) { companies(first: 3, after: $after, orderBy: {field: NAME}) {
		edges { cursor } nodes { id name } pageInfo { hasNextPage endCursor } } }`
	var seen []any
	var after any
	for range 2 {
		res := e.post(token, page, map[string]any{"after": after})
		require.Empty(t, res.Errors)
		conn := res.Data["companies"].(map[string]any)
		edges, nodes := conn["edges"].([]any), conn["nodes"].([]any)
		require.Len(t, edges, len(nodes), "one cursor per item")
		info := conn["pageInfo"].(map[string]any)
		if len(nodes) > 0 {
			assert.Equal(t, edges[len(edges)-1].(map[string]any)["cursor"], info["endCursor"])
		}
		for _, n := range nodes {
			seen = append(seen, n.(map[string]any)["id"])
		}
		after = info["endCursor"]
	}
	assert.ElementsMatch(t, companies, seen, "two pages of three bring the five companies once each")
}

// A page is read with one row more than it shows, to know whether a next page exists; that
// row's edges are never loaded: its ID is in no statement's arguments (the statements that load
// edges name the IDs of the rows shown).
func TestServer_TheRowBeyondAPageLoadsNoEdges(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			token, _ := e.tenant("beyond", 3)
			all := e.post(token, `{ companies(first: 3) { nodes { id } } }`, nil)
			require.Empty(t, all.Errors)
			nodes := field(all.Data, "companies", "nodes").([]any)
			require.Len(t, nodes, 3)
			id := func(i int) string { return nodes[i].(map[string]any)["id"].(string) }

			for _, page := range []struct {
				query, more string
				shown       []string
				beyond      string
			}{
				{`{ companies(first: 2) { pageInfo { hasNextPage } nodes { id sites { totalCount nodes { name } } departments { totalCount } } } }`, "hasNextPage", []string{id(0), id(1)}, id(2)},
				{`{ companies(last: 2) { pageInfo { hasPreviousPage } nodes { id sites { totalCount nodes { name } } departments { totalCount } } } }`, "hasPreviousPage", []string{id(1), id(2)}, id(0)},
			} {
				counter.Reset()
				res := e.post(token, page.query, nil)
				require.Empty(t, res.Errors, page.more)
				assert.Equal(t, true, field(res.Data, "companies", "pageInfo", page.more), "the row beyond the page was read")
				var shown []string
				for _, n := range field(res.Data, "companies", "nodes").([]any) {
					shown = append(shown, n.(map[string]any)["id"].(string))
				}
				assert.Equal(t, page.shown, shown)
				named := map[string]bool{}
				for _, st := range counter.Statements() {
					for _, arg := range st.Args {
						named[fmt.Sprint(arg)] = true
					}
				}
				assert.True(t, named[page.shown[0]] && named[page.shown[1]], "%s: the edges of the rows shown are loaded by ID", page.more)
				assert.False(t, named[page.beyond], "%s: nothing is loaded for the row beyond the page: %v", page.more, counter.Statements())
			}
		})
	}
}

// Cursors are bound to their ordering only when the request reads one; one read through a
// fragment, from the page info, is bound all the same.
func TestServer_ACursorReadThroughAFragmentIsBoundToItsOrdering(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	token, _ := e.tenant("fragments", 3)
	res := e.post(token, `{ companies(first: 1, orderBy: {field: NAME}) { ...page } }
		fragment page on CompanyConnection { edges { node { id } } pageInfo { ... on PageInfo { endCursor } } }`, nil)
	require.Empty(t, res.Errors)
	end := field(res.Data, "companies", "pageInfo", "endCursor").(string)

	res = e.post(token, `query($a: Cursor) { companies(first: 1, after: $a) { nodes { id } } }`, map[string]any{"a": end})
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "BAD_USER_INPUT", res.code(0), "the cursor carries the ordering it was made for")

	res = e.post(token, `query($a: Cursor) { companies(first: 1, after: $a, orderBy: {field: NAME}) { nodes { id } } }`, map[string]any{"a": end})
	require.Empty(t, res.Errors)
	assert.Len(t, field(res.Data, "companies", "nodes"), 1, "and pages under its own")
}

// Whether a connection's cursors are read is remembered for the operation per selection set (the
// sites of every company of a list ask it once), and each selection set gets its own answer: a
// fragment without cursors, merged in one place with a field that reads them, binds them there.
func TestServer_CursorsAreBoundWhereTheSelectionReadsThemWithinOneOperation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	token, _ := e.tenant("cursors", 2)
	res := e.post(token, `{
		a: companies(first: 2) { nodes { ...sites } }
		b: companies(first: 2) { nodes { ...sites sites(first: 1, orderBy: {field: NAME}) { nodes { id } pageInfo { endCursor } } } } }
		fragment sites on Company { sites(first: 1, orderBy: {field: NAME}) { totalCount } }`, nil)
	require.Empty(t, res.Errors)
	for _, c := range field(res.Data, "b", "nodes").([]any) {
		end := field(c.(map[string]any), "sites", "pageInfo", "endCursor").(string)
		after := e.post(token, `query($a: Cursor) { companies(first: 1) { nodes { sites(first: 1, after: $a) { nodes { id } } } } }`, map[string]any{"a": end})
		require.Len(t, after.Errors, 1, "each company's cursor carries the ordering it was made for")
		assert.Equal(t, "BAD_USER_INPUT", after.code(0))
		after = e.post(token, `query($a: Cursor) { companies(first: 1) { nodes { sites(first: 1, after: $a, orderBy: {field: NAME}) { nodes { id } } } } }`, map[string]any{"a": end})
		require.Empty(t, after.Errors, "and pages under its own")
	}
}

// A connection loaded with its parent (a company's sites, read through node) pages from its
// cursors as a top-level one does: ent's field collection reads the cursor without the ordering
// bound into it.
func TestServer_ANestedConnectionPagesFromItsCursor(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		e := newEnvOn(t, db, kv.NewMemory())
		// Made first, so that its sites' IDs come before the cursor's in the order by name
		// and ID.
		listToken, _ := e.tenant("nested-list", 3)
		token, companies := e.tenant("nested", 1)
		page := `query($c: ID!, $a: Cursor) { node(id: $c) { ... on Company {
			sites(first: 1, after: $a, orderBy: {field: NAME}) { nodes { name } pageInfo { hasNextPage endCursor } } } } }`
		first := e.post(token, page, map[string]any{"c": companies[0]})
		require.Empty(t, first.Errors)
		assert.Equal(t, []any{map[string]any{"name": "工場"}}, field(first.Data, "node", "sites", "nodes"))
		assert.Equal(t, true, field(first.Data, "node", "sites", "pageInfo", "hasNextPage"))

		next := e.post(token, page, map[string]any{"c": companies[0], "a": field(first.Data, "node", "sites", "pageInfo", "endCursor")})
		require.Empty(t, next.Errors)
		assert.Equal(t, []any{map[string]any{"name": "本社"}}, field(next.Data, "node", "sites", "nodes"))
		assert.Equal(t, false, field(next.Data, "node", "sites", "pageInfo", "hasNextPage"))

		// The same arguments under every company of a list, parsed once for the operation
		// (graph/generated's collected.argsOf): each company pages from the cursor.
		under := e.post(listToken, `query($a: Cursor) { companies(first: 10) { nodes {
			sites(first: 1, after: $a, orderBy: {field: NAME}) { nodes { name } pageInfo { hasNextPage } } } } }`,
			map[string]any{"a": field(first.Data, "node", "sites", "pageInfo", "endCursor")})
		require.Empty(t, under.Errors)
		nodes := field(under.Data, "companies", "nodes").([]any)
		require.Len(t, nodes, 3)
		for i, n := range nodes {
			assert.Equal(t, []any{map[string]any{"name": "本社"}}, field(n.(map[string]any), "sites", "nodes"), "company %d", i)
			assert.Equal(t, false, field(n.(map[string]any), "sites", "pageInfo", "hasNextPage"), "company %d", i)
		}
	})
}
