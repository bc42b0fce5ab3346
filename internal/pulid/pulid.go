// Package pulid defines the identifiers of every entity: a two-letter type prefix followed by a
// ULID ("CO01J…" for a company). The prefix lets node(id:) find the type without a lookup table;
// the ULID part is random and time-sortable, so IDs cannot be counted or guessed across tenants
// and need no central sequence.
package pulid

import (
	"crypto/rand"
	"database/sql/driver"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"secretariat/internal/gqlquote"
)

// ID is a prefixed ULID. The zero value is the empty string and means "no ID".
type ID string

// PrefixLen is the length of the type prefix of every ID.
const PrefixLen = 2

// idLen is the length of a valid ID: the prefix and 26 characters of ULID.
const idLen = PrefixLen + ulid.EncodedSize

var (
	entropyMu sync.Mutex
	// Monotonic entropy keeps IDs made within the same millisecond in creation order.
	entropy = ulid.Monotonic(rand.Reader, 0)
)

// New returns a new ID with the given two-letter prefix.
func New(prefix string) ID {
	entropyMu.Lock()
	u, err := ulid.New(ulid.Timestamp(time.Now()), entropy)
	entropyMu.Unlock()
	if err != nil {
		// The monotonic reader fails only when 2^80 IDs are made in one millisecond; fall back
		// to fresh entropy rather than fail a write.
		u = ulid.Make()
	}
	return ID(prefix + u.String())
}

// Prefix returns the type prefix of the ID, or "" when the ID is too short to have one.
func (id ID) Prefix() string {
	if len(id) < PrefixLen {
		return ""
	}
	return string(id[:PrefixLen])
}

// Valid reports whether the ID has the shape of a prefixed ULID.
func (id ID) Valid() bool {
	if len(id) != idLen {
		return false
	}
	_, err := ulid.ParseStrict(string(id[PrefixLen:]))
	return err == nil
}

// Parse checks the shape of s and returns it as an ID.
func Parse(s string) (ID, error) {
	id := ID(s)
	if !id.Valid() {
		return "", fmt.Errorf("malformed id %q", s)
	}
	return id, nil
}

// Scan implements sql.Scanner.
func (id *ID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*id = ""
	case string:
		*id = ID(v)
	case []byte:
		*id = ID(string(v))
	case ID:
		*id = v
	default:
		return fmt.Errorf("pulid: cannot scan %T", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (id ID) Value() (driver.Value, error) { return string(id), nil }

// UnmarshalGQL implements graphql.Unmarshaler. Any string is accepted here; a malformed ID then
// behaves like one that does not exist.
func (id *ID) UnmarshalGQL(v any) error {
	switch s := v.(type) {
	case string:
		*id = ID(s)
	case ID:
		*id = s
	default:
		return fmt.Errorf("id must be a string, got %T", v)
	}
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (id ID) MarshalGQL(w io.Writer) { gqlquote.Write(w, string(id)) }
