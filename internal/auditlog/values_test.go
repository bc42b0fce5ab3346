package auditlog

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

func TestEncode_WritesEachValueAsJSONInItsDatabaseForm(t *testing.T) {
	t.Parallel()
	when := time.Date(2026, 4, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600))
	var nilTime *time.Time
	id := pulid.ID("SI01J0000000000000000000000D")
	for _, tc := range []struct {
		value any
		want  string // "∅" for no value
	}{
		{"本社 <R&D>", `"本社 <R&D>"`},
		{"", `""`},
		{40, "40"},
		{false, "false"},
		{when, `"2026-04-01T00:00:00Z"`},
		{&when, `"2026-04-01T00:00:00Z"`},
		{nilTime, "∅"},
		{nil, "∅"},
		{id, `"SI01J0000000000000000000000D"`},
		{&id, `"SI01J0000000000000000000000D"`},
		{date.New(2027, 3, 31), `"2027-03-31"`},
		{date.Date{}, "∅"},
		{viewer.RoleAuditor, `"AUDITOR"`},
		{[]pulid.ID{"CO1", "CO2"}, `["CO1","CO2"]`},
	} {
		got, err := encode(tc.value)
		require.NoError(t, err, "%#v", tc.value)
		text := "∅"
		if got != nil {
			text = *got
		}
		assert.Equal(t, tc.want, text, "%#v", tc.value)
	}
}
