// Package date is a calendar date without time or zone (YYYY-MM-DD): due dates, audit dates,
// certificate expiry. It is stored as a SQL DATE and exposed as the GraphQL scalar Date.
package date

import (
	"database/sql/driver"
	"fmt"
	"io"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"secretariat/internal/apperr"
	"secretariat/internal/gqlquote"
)

const layout = "2006-01-02"

// Date is a calendar date. The zero value is not a valid date.
type Date struct{ t time.Time }

// New returns the date year-month-day.
func New(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// Of returns the calendar date of t in t's own location.
func Of(t time.Time) Date { return New(t.Year(), t.Month(), t.Day()) }

// Calendar is the time zone of the ISMS calendar every module shares: the calendar day in it
// decides what is due and what is overdue (a task due today is overdue from tomorrow, Japan
// time, wherever the server runs).
var Calendar = time.FixedZone("JST", 9*60*60)

// Today returns the day of the ISMS calendar (Calendar) at the instant now.
func Today(now time.Time) Date { return Of(now.In(Calendar)) }

// Parse reads a YYYY-MM-DD date and refuses anything else, including impossible dates.
func Parse(s string) (Date, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.t.Format(layout) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// AddMonths moves the date by whole months, keeping to the month's last day when the day does
// not exist there (31 January + 1 month = 28 or 29 February).
func (d Date) AddMonths(months int) Date {
	first := time.Date(d.t.Year(), d.t.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return New(first.Year(), first.Month(), min(d.t.Day(), last))
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return d.t }

// Start is the first instant of the day in Japan (Calendar): a period of days [a, b] is the
// instants from a.Start() up to, not including, b.AddDays(1).Start().
func (d Date) Start() time.Time {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), 0, 0, 0, 0, Calendar)
}

// Scan implements sql.Scanner for the ways the drivers return a DATE column.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = Of(v)
		return nil
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
}

func (d *Date) scanString(s string) error {
	if len(s) > len(layout) {
		// SQLite drivers may hand back a full timestamp for a DATE column.
		s = s[:len(layout)]
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value implements driver.Valuer.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// UnmarshalGQL implements graphql.Unmarshaler. A bad date is bad user input; the GraphQL
// layer names the field from where it was read.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return apperr.Invalid("", apperr.InvalidFormat, "must be a date in the form YYYY-MM-DD", "YYYY-MM-DD の形式で日付を入力してください")
	}
	p, err := Parse(s)
	if err != nil {
		return apperr.Invalid("", apperr.InvalidFormat, err.Error(), fmt.Sprintf("日付 %q は YYYY-MM-DD の形式ではありません", s))
	}
	*d = p
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (d Date) MarshalGQL(w io.Writer) { gqlquote.WriteTime(w, d.t, layout) }

// MarshalText writes the date as YYYY-MM-DD (JSON, cached figures).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// EncodeMsgpack writes the date as its YYYY-MM-DD string. entgql cursors carry the value a
// connection is ordered by in msgpack and hand it back to SQL as the decoded value: a string
// compares with a DATE column on SQLite and PostgreSQL alike.
func (d Date) EncodeMsgpack(enc *msgpack.Encoder) error { return enc.EncodeString(d.String()) }
