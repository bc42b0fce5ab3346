package pulid

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNew_HasPrefixAndIsValid(t *testing.T) {
	id := New("CO")
	assert.Equal(t, "CO", id.Prefix())
	assert.True(t, id.Valid(), "id %q", id)
	assert.Len(t, string(id), 28)
}

func TestNew_IsSortableInCreationOrder(t *testing.T) {
	prev := New("TA")
	for range 1000 {
		next := New("TA")
		require.Less(t, string(prev), string(next))
		prev = next
	}
}

func TestParse_RejectsMalformedIDs(t *testing.T) {
	for _, s := range []string{"", "CO", "CO123", "CO01J0000000000000000000000!", "x" + string(New("CO"))} {
		_, err := Parse(s)
		assert.Error(t, err, "%q", s)
	}
	id := New("SI")
	got, err := Parse(string(id))
	require.NoError(t, err)
	assert.Equal(t, id, got)
}

func TestScan_AcceptsDriverTypes(t *testing.T) {
	var id ID
	require.NoError(t, id.Scan([]byte("CO1")))
	assert.Equal(t, ID("CO1"), id)
	require.NoError(t, id.Scan("CO2"))
	assert.Equal(t, ID("CO2"), id)
	assert.Error(t, id.Scan(42))
}
