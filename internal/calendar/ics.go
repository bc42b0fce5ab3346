package calendar

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteICS writes the entries as an iCalendar (RFC 5545) calendar named name: one event per
// entry, all-day on its day (to its last day for an audit) or at its time, with a stable UID
// (kind and record), its title and company, and the time it was written (now) as DTSTAMP.
func WriteICS(w io.Writer, name string, entries []*Entry, now time.Time) error {
	b := bufio.NewWriter(w)
	line := func(s string) { fold(b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Secretariat//ISMS calendar//JA")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escape(name))
	line("X-WR-TIMEZONE:Asia/Tokyo")
	stamp := now.UTC().Format("20060102T150405Z")
	for _, e := range entries {
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:%s-%s@secretariat", strings.ToLower(string(e.Kind)), e.RecordID))
		line("DTSTAMP:" + stamp)
		switch {
		case e.StartsAt != nil:
			line("DTSTART:" + e.StartsAt.UTC().Format("20060102T150405Z"))
			end := e.StartsAt.Add(time.Hour)
			if e.EndsAt != nil && e.EndsAt.After(*e.StartsAt) {
				end = *e.EndsAt
			}
			line("DTEND:" + end.UTC().Format("20060102T150405Z"))
		default:
			last := e.On
			if e.EndsOn != nil && e.EndsOn.After(e.On) {
				last = *e.EndsOn
			}
			line("DTSTART;VALUE=DATE:" + e.On.Time().Format("20060102"))
			line("DTEND;VALUE=DATE:" + last.AddDays(1).Time().Format("20060102"))
		}
		summary := e.Title
		if e.Company != nil {
			summary = "[" + e.Company.Name + "] " + e.Title
		}
		line("SUMMARY:" + escape(summary))
		line("CATEGORIES:" + string(e.Kind))
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Flush()
}

// escape writes a text value as RFC 5545 asks: backslash, semicolon, comma and newline escaped.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold writes a content line ended by CRLF, folded so that no line is longer than 75 octets
// (a continuation starts with a space), never inside a UTF-8 character.
func fold(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		_, _ = w.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	_, _ = w.WriteString(s + "\r\n")
}
