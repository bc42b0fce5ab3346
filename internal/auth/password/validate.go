package password

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"secretariat/internal/apperr"
)

// Length limits count characters (runes), so a Japanese password is judged by what the user
// typed, not by its UTF-8 size. 12 follows current NIST/OWASP advice for single-factor logins;
// 256 only stops absurd input, argon2 itself has no length limit.
const (
	minLength = 12
	maxLength = 256
)

//go:embed common.txt
var commonTxt string

// common is the embedded list as a set of lower-case entries, built on first use.
var common = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{})
	for line := range strings.Lines(commonTxt) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			set[strings.ToLower(line)] = struct{}{}
		}
	}
	return set
})

// Validate checks a new password against the policy and returns the first problem as an
// apperr.Invalid on the "password" field. It does not check composition rules (a digit, a
// symbol…): they push users to predictable patterns without making passwords stronger.
func Validate(password string) error {
	if !utf8.ValidString(password) {
		return apperr.InvalidEN("password", "password must be valid text")
	}
	n := utf8.RuneCountInString(password)
	switch {
	case n < minLength:
		return apperr.InvalidEN("password", fmt.Sprintf("password must be at least %d characters long", minLength))
	case n > maxLength:
		return apperr.InvalidEN("password", fmt.Sprintf("password must be at most %d characters long", maxLength))
	case isOneCharRepeated(password):
		return apperr.InvalidEN("password", "password must not be a single character repeated")
	}
	if _, ok := common()[strings.ToLower(password)]; ok {
		return apperr.InvalidEN("password", "password is too common; choose one that is harder to guess")
	}
	return nil
}

func isOneCharRepeated(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
