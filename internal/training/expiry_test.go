package training

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"secretariat/internal/date"
)

func TestExpiry_TheDayValidityEndsInJapan(t *testing.T) {
	for _, tc := range []struct {
		completed time.Time
		months    int
		want      string
	}{
		{time.Date(2026, 12, 1, 10, 0, 0, 0, date.Calendar), 12, "2027-12-01"},
		{time.Date(2027, 1, 31, 10, 0, 0, 0, date.Calendar), 1, "2027-02-28"},
		{time.Date(2028, 1, 31, 10, 0, 0, 0, date.Calendar), 1, "2028-02-29"},
		{time.Date(2027, 8, 31, 10, 0, 0, 0, date.Calendar), 6, "2028-02-29"},
		// 23:30 UTC on 31 March is 1 April in Japan.
		{time.Date(2027, 3, 31, 23, 30, 0, 0, time.UTC), 1, "2027-05-01"},
	} {
		assert.Equal(t, tc.want, expiry(tc.completed, tc.months).String(), "%s + %d months", tc.completed, tc.months)
	}
}
