package cursors

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplit_TakesApartWhatBindBound(t *testing.T) {
	ordering, v := Split(Bind("SiteConnection NAME:ASC", []any{"本社"}))
	assert.Equal(t, "SiteConnection NAME:ASC", ordering)
	assert.Equal(t, []any{"本社"}, v)

	for _, unbound := range []any{nil, "本社", []any{"本社"}, []any{1, 2}} {
		ordering, v := Split(unbound)
		assert.Empty(t, ordering, "%v is not bound", unbound)
		assert.Equal(t, unbound, v, "and is returned whole")
	}
}
