package gqlquote

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWrite_QuotesAsStrconvIntoAnyWriter(t *testing.T) {
	for _, s := range []string{"", "co_01JABC", "IN_PROGRESS", "2026-12-07", "odd \"value\"\n\u00e9\x00", "bad utf-8 \xff"} {
		want := strconv.Quote(s)
		var buf bytes.Buffer
		buf.WriteString("[")
		Write(&buf, s)
		assert.Equal(t, "["+want, buf.String(), "into a buffer, after what it holds")
		var sb strings.Builder
		Write(&sb, s)
		assert.Equal(t, want, sb.String(), "into another writer")
	}
	buf := bytes.NewBuffer(make([]byte, 0, 1024))
	assert.Zero(t, testing.AllocsPerRun(10, func() { Write(buf, "co_01JABC") }), "quoted in place into a buffer with room")
}

func TestWriteTime_QuotesAsStrconvIntoAnyWriter(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*60*60)
	for _, tm := range []time.Time{
		time.Date(2026, 4, 1, 10, 0, 0, 0, tokyo),
		time.Date(2026, 12, 7, 9, 5, 24, 123456789, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(12345, 6, 7, 8, 9, 10, 0, time.FixedZone("", -(3*60*60+30*60))),
	} {
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
			want := strconv.Quote(tm.Format(layout))
			var buf bytes.Buffer
			buf.WriteString("[")
			WriteTime(&buf, tm, layout)
			assert.Equal(t, "["+want, buf.String(), "into a buffer, after what it holds")
			var sb strings.Builder
			WriteTime(&sb, tm, layout)
			assert.Equal(t, want, sb.String(), "into another writer")
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, 1024))
	tm := time.Date(2026, 4, 1, 10, 0, 0, 0, tokyo)
	assert.Zero(t, testing.AllocsPerRun(10, func() { buf.Reset(); WriteTime(buf, tm, time.RFC3339Nano) }),
		"formatted in place into a buffer with room")
}
