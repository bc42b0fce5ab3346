package date

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse_RefusesImpossibleAndMalformedDates(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "2026-01-01T00:00:00Z", ""} {
		_, err := Parse(s)
		assert.Error(t, err, "%q", s)
	}
	d, err := Parse("2028-02-29")
	require.NoError(t, err)
	assert.Equal(t, "2028-02-29", d.String())
}

func TestScan_ReadsDriverRepresentations(t *testing.T) {
	want := New(2026, time.November, 26)
	for _, src := range []any{"2026-11-26", []byte("2026-11-26"), "2026-11-26T00:00:00Z", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)} {
		var d Date
		require.NoError(t, d.Scan(src), "%v", src)
		assert.Equal(t, want, d)
	}
	var d Date
	require.NoError(t, d.Scan(nil))
	assert.True(t, d.IsZero())
}

func TestValue_IsNullForZero(t *testing.T) {
	v, err := Date{}.Value()
	require.NoError(t, err)
	assert.Nil(t, v)
	v, err = New(2026, 1, 2).Value()
	require.NoError(t, err)
	assert.Equal(t, "2026-01-02", v)
}

func TestDate_AddMonthsKeepsToTheLastDayOfShortMonths(t *testing.T) {
	assert.Equal(t, "2027-01-15", New(2026, 1, 15).AddMonths(12).String())
	assert.Equal(t, "2026-02-28", New(2026, 1, 31).AddMonths(1).String())
	assert.Equal(t, "2028-02-29", New(2027, 11, 30).AddMonths(3).String())
	assert.Equal(t, "2031-06-30", New(2026, 6, 30).AddMonths(60).String())
}

func TestDate_JSONIsTheDay(t *testing.T) {
	b, err := json.Marshal(struct{ On *Date }{On: ptrTo(New(2026, 12, 6))})
	assert.NoError(t, err)
	assert.Equal(t, `{"On":"2026-12-06"}`, string(b))
	var back struct{ On *Date }
	assert.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, "2026-12-06", back.On.String())
	assert.Error(t, json.Unmarshal([]byte(`{"On":"2026-02-30"}`), &back))
}

func ptrTo(d Date) *Date { return &d }

func TestDate_MarshalGQLWritesTheDayQuotedWithoutAStringOfItsOwn(t *testing.T) {
	d := New(2026, 12, 7)
	var sb strings.Builder
	d.MarshalGQL(&sb)
	assert.Equal(t, `"2026-12-07"`, sb.String())
	buf := bytes.NewBuffer(make([]byte, 0, 64))
	assert.Zero(t, testing.AllocsPerRun(10, func() { buf.Reset(); d.MarshalGQL(buf) }))
	assert.Equal(t, `"2026-12-07"`, buf.String())
}
