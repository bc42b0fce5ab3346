package password

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
)

func TestValidate_AppliesLengthCommonAndRepeatRules(t *testing.T) {
	cases := []struct {
		name, password string
		ok             bool
	}{
		{"11 characters refused", "abcdefghij1", false},
		{"12 characters accepted", "kq8-wn3!zr5t", true},
		{"common one refused", "password1234", false},
		{"common one refused regardless of case", "PassWord1234", false},
		{"common Japanese-context one refused", "Sakura123456", false},
		{"one character repeated refused", strings.Repeat("z", 20), false},
		{"one multibyte character repeated refused", strings.Repeat("あ", 12), false},
		{"256 characters accepted", strings.Repeat("ab", 128), true},
		{"257 characters refused", strings.Repeat("ab", 128) + "c", false},
		{"12 Japanese characters accepted though 36 bytes", "春はあけぼの夏は夜秋は夕暮", true},
		{"11 Japanese characters refused though 33 bytes", "春はあけぼの夏は夜秋は", false},
		{"invalid UTF-8 refused", "abcdefghijk\xff", false},
		{"empty refused", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Validate(c.password)
			if c.ok {
				assert.NoError(t, err)
				return
			}
			e, ok := apperr.As(err)
			require.True(t, ok, "want an *apperr.Error, got %v", err)
			assert.Equal(t, apperr.KindInvalid, e.Kind)
			assert.Equal(t, "password", e.Field)
			assert.NotEmpty(t, e.Text.EN)
			assert.NotEmpty(t, e.Text.JA, "every refusal speaks Japanese too")
			assert.NotEmpty(t, e.Reason)
		})
	}
}

func TestCommonList_EntriesAreLowerCaseAndLongEnoughToMatter(t *testing.T) {
	set := common()
	assert.GreaterOrEqual(t, len(set), 200)
	for _, want := range []string{"password1234", "qwertyuiop12", "123456789012", "iloveyou1234", "administrator", "sakura123456"} {
		assert.Contains(t, set, want)
	}
	for pw := range set {
		assert.Equal(t, strings.ToLower(pw), pw)
		assert.GreaterOrEqual(t, utf8.RuneCountInString(pw), minLength, "%q is refused by length already", pw)
	}
}
