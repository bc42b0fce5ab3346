package auditlog

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Redacted is what an event stores for a secret's value.
const Redacted = `"[redacted]"`

// encode writes a field's value as JSON text, or returns nil for no value (a nil pointer, or a
// value the database stores as NULL). Times are written in UTC to the microsecond, as PostgreSQL
// keeps them, so that a value written and the same value read back give the same text; types
// that know their database form (IDs, dates) are written in it, since their JSON form may be
// nothing useful.
func encode(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		rv = rv.Elem()
	}
	v = rv.Interface()
	switch x := v.(type) {
	case time.Time:
		v = x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
	case json.Marshaler:
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return nil, fmt.Errorf("value of %T: %w", x, err)
		}
		if dv == nil {
			return nil, nil
		}
		return encode(dv)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode %T: %w", v, err)
	}
	s := string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return &s, nil
}

// redact replaces a secret's value, keeping whether there was one.
func redact(s *string) *string {
	if s == nil {
		return nil
	}
	r := Redacted
	return &r
}

func same(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
