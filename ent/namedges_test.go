package ent

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNamedEdges_KeepEachNamesNodesAsEntsMapDid(t *testing.T) {
	a, b, c := &Department{Name: "a"}, &Department{Name: "b"}, &Department{Name: "c"}
	var s Site
	_, err := s.NamedDepartments("departments")
	require.True(t, IsNotLoaded(err), "nothing loaded under a name is not loaded")

	s.appendNamedDepartments("departments")
	got, err := s.NamedDepartments("departments")
	require.NoError(t, err)
	assert.NotNil(t, got, "loaded and empty is an empty list, not nil")
	assert.Empty(t, got)

	s.appendNamedDepartments("units", a)
	s.appendNamedDepartments("units", b, c)
	s.appendNamedDepartments("departments", c)
	units, _ := s.NamedDepartments("units")
	departments, _ := s.NamedDepartments("departments")
	assert.Equal(t, []*Department{a, b, c}, units, "in the order they were appended")
	assert.Equal(t, []*Department{c}, departments, "each name its own")
	_, err = s.NamedDepartments("heads")
	assert.True(t, IsNotLoaded(err))

	s.appendNamedDepartments("units")
	units, _ = s.NamedDepartments("units")
	assert.Empty(t, units, "appending none sets the name's nodes to none, as ent's did")
}

func TestNamedChunks_GrowEachSliceWithoutWritingOverAnother(t *testing.T) {
	var grown namedChunks[Department]
	children := make([]*Department, 40)
	for i := range children {
		children[i] = &Department{}
	}
	// Three records' children, loaded interleaved as rows come from one statement.
	var x, y, z []*Department
	for i, child := range children {
		switch i % 3 {
		case 0:
			x = grown.append(x, child)
		case 1:
			y = grown.append(y, child)
		default:
			if i < 10 {
				z = grown.append(z, child)
			}
		}
	}
	for i, list := range [][]*Department{x, y} {
		for k, child := range list {
			assert.Same(t, children[3*k+i], child, "record %d's child %d", i, k)
		}
	}
	require.Len(t, z, 3)
	assert.Same(t, children[8], z[2])

	before := x[0]
	y = append(y[:cap(y)], &Department{}) // past its capacity: a copy, not a write into x or z
	assert.Same(t, before, x[0])
	assert.Same(t, children[2], z[0])

	allocs := testing.AllocsPerRun(10, func() {
		var c namedChunks[Department]
		var lists [100][]*Department
		for i := range 300 {
			lists[i%100] = c.append(lists[i%100], children[0])
		}
	})
	assert.LessOrEqual(t, allocs, 6.0, "300 children of 100 records in a few chunks, not an allocation each time a slice doubles")
}
