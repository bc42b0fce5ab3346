package ent

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
