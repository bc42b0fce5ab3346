package validate_test

import (
	"fmt"
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

	e := apperr.Fields(validate.MaxLength("title", "情報セキュリティ", 4))[0]
	assert.Equal(t, apperr.TooLong, e.Reason)
	assert.Equal(t, "4文字以内で入力してください", e.Text.JA)
}

func TestReference_ANotFoundIsBadInputInTheField(t *testing.T) {
	err := validate.Reference("companyID", fmt.Errorf("create task: %w", apperr.NotFound("company", "会社")))
	e, ok := apperr.As(err)
	require.True(t, ok)
	assert.Equal(t, apperr.KindInvalid, e.Kind)
	assert.Equal(t, "companyID", e.Field)
	assert.Equal(t, apperr.UnknownID, e.Reason)
	assert.NotEmpty(t, e.Text.JA)
	assert.NoError(t, validate.Reference("companyID", nil))
	other := apperr.Conflict(apperr.Archived, "archived", "アーカイブ済み")
	assert.Same(t, other, validate.Reference("companyID", other), "other errors pass through")
}
