// Package gqlquote writes a scalar of a GraphQL answer (an ID, an enum value, a date, a time) as
// a quoted string.
package gqlquote

import (
	"bytes"
	"io"
	"strconv"
	"time"
)

// Write writes s quoted as strconv.Quote quotes it. An answer is written into a bytes.Buffer:
// there s is quoted in place, without a string of its own for each value of a list.
func Write(w io.Writer, s string) {
	if b, ok := w.(*bytes.Buffer); ok {
		_, _ = b.Write(strconv.AppendQuote(b.AvailableBuffer(), s))
		return
	}
	_, _ = io.WriteString(w, strconv.Quote(s))
}

// WriteTime writes t formatted by layout, quoted. A layout of digits, signs, colons, dots and
// letters (RFC 3339, a date) needs no escaping: into a bytes.Buffer, t is formatted in place
// without a string of its own.
func WriteTime(w io.Writer, t time.Time, layout string) {
	if b, ok := w.(*bytes.Buffer); ok {
		out := t.AppendFormat(append(b.AvailableBuffer(), '"'), layout)
		_, _ = b.Write(append(out, '"'))
		return
	}
	_, _ = io.WriteString(w, strconv.Quote(t.Format(layout)))
}
