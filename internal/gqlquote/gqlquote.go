// Package gqlquote writes a scalar of a GraphQL answer (an ID, an enum value, a date) as a
// quoted string.
package gqlquote

import (
	"bytes"
	"io"
	"strconv"
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
