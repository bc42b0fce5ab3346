package password

import (
	"net/mail"
	"strings"

	"secretariat/internal/apperr"
)

// maxEmailLength is RFC 5321's limit on a forward path (256) less the angle brackets.
const maxEmailLength = 254

// NormalizeEmail returns the canonical form of an e-mail address typed by a user: trimmed
// (including the full-width space a Japanese IME may leave) and lower-cased, so that
// "Taro@Example.JP " and "taro@example.jp" are one account. The whole address is lower-cased,
// not just the domain: no mail provider our users rely on treats the local part by case, and
// two accounts differing only in case would be a support and phishing hazard.
// Errors are apperr.Invalid on the "email" field.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", apperr.Invalid("email", apperr.Required, "email is required", "メールアドレスを入力してください")
	}
	if len(s) > maxEmailLength {
		return "", apperr.Invalid("email", apperr.TooLong, "email must be at most 254 characters long", "メールアドレスは254文字以内で入力してください")
	}
	// ParseAddress also accepts "Name <addr>", "<addr>", comments and quoted local parts; the
	// round-trip check keeps only a bare address that is stored exactly as typed.
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s || strings.Count(s, "@") != 1 {
		return "", apperr.Invalid("email", apperr.InvalidFormat, "email must be a plain address such as name@example.com", "メールアドレスは name@example.com のような形式で入力してください")
	}
	domain := s[strings.IndexByte(s, '@')+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", apperr.Invalid("email", apperr.InvalidFormat, "email domain must be a name with a dot, such as example.com", "メールアドレスのドメインは example.com のようにドットを含む名前にしてください")
	}
	return s, nil
}
