// Package enum holds what string enums shared by ent and GraphQL have in common: reading and
// writing them as GraphQL enum values, refusing values outside the list.
package enum

import (
	"fmt"
	"io"
	"slices"

	"secretariat/internal/gqlquote"
)

// Valuer is a string enum that lists its values.
type Valuer interface {
	~string
	Values() []string
}

// Unmarshal reads a GraphQL enum value into an enum of type E.
func Unmarshal[E Valuer](v any) (E, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("enum value must be a string, got %T", v)
	}
	var e E
	if !slices.Contains(e.Values(), s) {
		return "", fmt.Errorf("%q is not one of %v", s, e.Values())
	}
	return E(s), nil
}

// Marshal writes an enum as a GraphQL enum value.
func Marshal[E Valuer](w io.Writer, e E) { gqlquote.Write(w, string(e)) }
