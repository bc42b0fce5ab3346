package reportingduty_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"secretariat/internal/date"
	"secretariat/internal/reportingduty"
)

func TestAPPI_PreliminaryInFiveDaysFinalInThirtyOrSixtyForAWrongfulAct(t *testing.T) {
	discovered := date.New(2026, 12, 1)
	pre, final := reportingduty.APPI.Duties[0], reportingduty.APPI.Duties[1]
	assert.Equal(t, "2026-12-06", pre.Due(discovered, false).String())
	assert.Equal(t, "2026-12-06", pre.Due(discovered, true).String(), "a wrongful act does not move the preliminary report")
	assert.Equal(t, "2026-12-31", final.Due(discovered, false).String())
	assert.Equal(t, "2027-01-30", final.Due(discovered, true).String())
}
