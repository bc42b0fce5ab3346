package ent

import (
	"context"
	stdsql "database/sql"
	"testing"
	"unsafe"

	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"secretariat/internal/pulid"
)

func TestEdgeCounts_KeepEachEdgesAndAliasCountAsEntgqlsMapsDid(t *testing.T) {
	var c Company
	_, ok := c.Edges.totalCount.get(countKey{0, "sites"})
	require.False(t, ok, "a record loaded without a count has none")
	assert.Nil(t, c.Edges.totalCount, "and holds nothing for it")

	c.Edges.totalCount = c.Edges.totalCount.set(countKey{0, "sites"}, 3)
	c.Edges.totalCount = c.Edges.totalCount.set(countKey{1, "sites"}, 5) // another edge under the same alias
	c.Edges.totalCount = c.Edges.totalCount.set(countKey{0, "active"}, 2)
	c.Edges.totalCount = c.Edges.totalCount.set(countKey{0, "sites"}, 4) // loaded again: the last count wins
	c.Edges.totalCount = c.Edges.totalCount.set(countKey{1, "sites"}, 6)
	for _, want := range []struct {
		edge  int
		alias string
		n     int
	}{{0, "sites", 4}, {1, "sites", 6}, {0, "active", 2}} {
		n, ok := c.Edges.totalCount.get(countKey{want.edge, want.alias})
		require.True(t, ok, "edge %d as %s", want.edge, want.alias)
		assert.Equal(t, want.n, n, "edge %d as %s", want.edge, want.alias)
	}
	_, ok = c.Edges.totalCount.get(countKey{1, "active"})
	assert.False(t, ok, "an alias counted on one edge is not counted on another")

	zero := (*edgeCounts)(nil).set(countKey{2, "documents"}, 0)
	n, ok := zero.get(countKey{2, "documents"})
	assert.True(t, ok, "a count of zero is a count")
	assert.Zero(t, n)
}

// A Company is loaded for every task of myTasks and every client of the portfolio: it carries
// neither an edge back to the records only reached through a parent (CompanyMixin Unlisted) nor
// a count per edge the API has, and fits the allocator's 1 kB size class (2,128 bytes before).
func TestCompany_FitsInOneKilobyte(t *testing.T) {
	assert.LessOrEqual(t, unsafe.Sizeof(Company{}), uintptr(1024))
}

// The counts of a connection's edges are scanned without reflection (edgeCountRows.scanRows, which
// a GroupBy's sqlScan hands its rows to): each record's ID and count, in the order the statement
// selects them, read here from a real SQLite database; a statement of other columns is refused.
func TestEdgeCountRows_ScanEachIDAndItsCount(t *testing.T) {
	ctx := context.Background()
	db, err := stdsql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	_, err = db.ExecContext(ctx, `CREATE TABLE departments (id TEXT, site_id TEXT);
		INSERT INTO departments VALUES ('d1', 's1'), ('d2', 's1'), ('d3', 's2'), ('d4', NULL)`)
	require.NoError(t, err)

	query := func(q string) *sql.Rows {
		rows, err := db.QueryContext(ctx, q)
		require.NoError(t, err)
		t.Cleanup(func() { _ = rows.Close() })
		return &sql.Rows{ColumnScanner: rows}
	}
	var v edgeCountRows[pulid.ID]
	require.NoError(t, v.scanRows(query(`SELECT site_id, COUNT(*) FROM departments WHERE site_id IS NOT NULL GROUP BY site_id ORDER BY site_id`)))
	assert.Equal(t, edgeCountRows[pulid.ID]{{"s1", 2}, {"s2", 1}}, v)

	var none edgeCountRows[pulid.ID]
	require.NoError(t, none.scanRows(query(`SELECT site_id, COUNT(*) FROM departments WHERE site_id = 's9' GROUP BY site_id`)))
	assert.Empty(t, none, "no record with edges, no row")

	var wrong edgeCountRows[pulid.ID]
	err = wrong.scanRows(query(`SELECT site_id, id, COUNT(*) FROM departments GROUP BY site_id, id`))
	assert.ErrorContains(t, err, "3 columns, want an ID and a count")
}
