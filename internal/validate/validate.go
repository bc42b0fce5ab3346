// Package validate holds the checks every service's <Op>Input repeats on text fields, each
// answering apperr.Invalid on the field it names.
package validate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"secretariat/internal/apperr"
)

// Required refuses an empty value and one longer than maxLen characters. Callers trim first.
func Required(field, value string, maxLen int) error {
	if value == "" {
		return apperr.Invalid(field, "must not be empty")
	}
	return MaxLength(field, value, maxLen)
}

// Optional trims a value that was given and refuses it when longer than maxLen characters.
func Optional(field string, value *string, maxLen int) error {
	if value == nil {
		return nil
	}
	*value = strings.TrimSpace(*value)
	return MaxLength(field, *value, maxLen)
}

// MaxLength refuses a value longer than maxLen characters (runes, so that Japanese text counts
// as it reads).
func MaxLength(field, value string, maxLen int) error {
	if utf8.RuneCountInString(value) > maxLen {
		return apperr.Invalid(field, fmt.Sprintf("must be at most %d characters", maxLen))
	}
	return nil
}
