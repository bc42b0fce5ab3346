package password

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
)

func TestNormalizeEmail_TrimsAndLowerCases(t *testing.T) {
	for in, want := range map[string]string{
		"taro@example.jp":                                                "taro@example.jp",
		"  Taro.Yamada@Example.CO.JP \n":                                 "taro.yamada@example.co.jp",
		"\u3000hanako+isms@example.com\u3000":                            "hanako+isms@example.com", // full-width IME space
		strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".jp": strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".jp",
	} {
		got, err := NormalizeEmail(in)
		require.NoError(t, err, "%q", in)
		assert.Equal(t, want, got)
	}
}

func TestNormalizeEmail_RefusesAnythingButABareAddress(t *testing.T) {
	for name, in := range map[string]string{
		"empty":               "",
		"only spaces":         "   ",
		"display name":        "Taro Yamada <taro@example.jp>",
		"quoted display name": `"Taro" <taro@example.jp>`,
		"angle brackets":      "<taro@example.jp>",
		"comment":             "taro@example.jp (Taro)",
		"quoted local part":   `"taro yamada"@example.jp`,
		"no at":               "taro.example.jp",
		"two at":              "taro@yamada@example.jp",
		"no local part":       "@example.jp",
		"no domain":           "taro@",
		"domain without dot":  "taro@localhost",
		"domain literal":      "taro@[192.168.0.1]",
		"trailing dot":        "taro@example.",
		"space inside":        "taro yamada@example.jp",
		"list of two":         "a@example.jp, b@example.jp",
		"255 characters":      strings.Repeat("a", 64) + "@" + strings.Repeat("b", 187) + ".jp",
	} {
		_, err := NormalizeEmail(in)
		e, ok := apperr.As(err)
		require.True(t, ok, "%s: want an *apperr.Error, got %v", name, err)
		assert.Equal(t, apperr.KindInvalid, e.Kind, name)
		assert.Equal(t, "email", e.Field, name)
	}
}
