package validate_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
	"secretariat/internal/validate"
)

func TestRequiredOptionalAndMaxLength(t *testing.T) {
	assert.ErrorIs(t, validate.Required("title", "", 10), apperr.Invalid("title", apperr.Required, "", ""))
	assert.NoError(t, validate.Required("title", "情報セキュリティ", 8), "runes are counted, not bytes")
	assert.Error(t, validate.MaxLength("title", strings.Repeat("あ", 9), 8))
	assert.NoError(t, validate.Optional("notes", nil, 1))
	v := "  備考  "
	require.NoError(t, validate.Optional("notes", &v, 2))
	assert.Equal(t, "備考", v, "a given value is trimmed")
}
