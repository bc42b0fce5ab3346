package scalar

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/stretchr/testify/assert"
)

func TestMarshalTime_WritesRFC3339QuotedIntoAnyWriter(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*60*60)
	for _, tm := range []time.Time{
		time.Date(2026, 4, 1, 10, 0, 0, 0, tokyo),
		time.Date(2026, 12, 7, 9, 5, 24, 123456789, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(12345, 6, 7, 8, 9, 10, 0, time.FixedZone("", -(3*60*60+30*60))),
	} {
		want := strconv.Quote(tm.Format(time.RFC3339Nano))
		var buf bytes.Buffer
		buf.WriteString("[")
		MarshalTime(tm).MarshalGQL(&buf)
		assert.Equal(t, "["+want, buf.String(), "into a buffer, after what it holds")
		var sb strings.Builder
		MarshalTime(tm).MarshalGQL(&sb)
		assert.Equal(t, want, sb.String(), "into another writer")
	}
	assert.Equal(t, graphql.Null, MarshalTime(time.Time{}), "the zero time is null")

	buf := bytes.NewBuffer(make([]byte, 0, 1024))
	m := MarshalTime(time.Date(2026, 4, 1, 10, 0, 0, 0, tokyo))
	assert.Zero(t, testing.AllocsPerRun(10, func() { buf.Reset(); m.MarshalGQL(buf) }), "written in place into a buffer with room")
}
