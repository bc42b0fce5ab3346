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
		return apperr.Invalid("password", apperr.InvalidFormat, "password must be valid text", "パスワードに使用できない文字が含まれています")
	}
	n := utf8.RuneCountInString(password)
	switch {
	case n < minLength:
		return apperr.Invalid("password", apperr.InvalidValue,
			fmt.Sprintf("password must be at least %d characters long", minLength),
			fmt.Sprintf("パスワードは%d文字以上で入力してください", minLength))
	case n > maxLength:
		return apperr.Invalid("password", apperr.TooLong,
			fmt.Sprintf("password must be at most %d characters long", maxLength),
			fmt.Sprintf("パスワードは%d文字以内で入力してください", maxLength))
	case isOneCharRepeated(password):
		return apperr.Invalid("password", apperr.InvalidValue, "password must not be a single character repeated", "同じ文字の繰り返しはパスワードに使用できません")
	}
	if _, ok := common()[strings.ToLower(password)]; ok {
		return apperr.Invalid("password", apperr.InvalidValue, "password is too common; choose one that is harder to guess", "よく使われているパスワードです。推測されにくいものにしてください")
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
