package gqlquote

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

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
