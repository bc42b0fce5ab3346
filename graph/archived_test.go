package graph

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestDropArchived_KeepsTheRecordsNotArchivedInTheirOrder(t *testing.T) {
	type record struct {
		Name       string
		ArchivedAt *time.Time
	}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a, b, c, d := &record{Name: "a"}, &record{Name: "b", ArchivedAt: &at}, &record{Name: "c"}, &record{Name: "d", ArchivedAt: &at}

	for _, tc := range []struct {
		name       string
		list, want []*record
	}{
		{"none archived", []*record{a, c}, []*record{a, c}},
		{"the first", []*record{b, a, c}, []*record{a, c}},
		{"between and last", []*record{a, b, c, d}, []*record{a, c}},
		{"all", []*record{b, d}, []*record{}},
		{"a nil record is kept", []*record{nil, b, a}, []*record{nil, a}},
		{"empty", []*record{}, []*record{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, dropArchived(tc.list))
		})
	}

	list := []*record{a, c}
	got := dropArchived(list).([]*record)
	assert.Same(t, &list[0], &got[0], "a list with none archived is returned as it is")
	var res any = list // as the resolver returns it
	assert.Zero(t, testing.AllocsPerRun(10, func() { dropArchived(res) }), "nor copied")
	assert.Equal(t, "not a list", dropArchived("not a list"))
	assert.Equal(t, []string{"x"}, dropArchived([]string{"x"}), "a list of what has no ArchivedAt is left alone")
}
