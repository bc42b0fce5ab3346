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

func TestText_ABlankOptionalTextIsNullAndNamedOnAnUpdate(t *testing.T) {
	var none *string
	assert.NoError(t, validate.Text("notes", &none, 10, nil))
	assert.Nil(t, none, "an omitted text stays omitted")

	blank := " \t "
	v := &blank
	assert.NoError(t, validate.Text("notes", &v, 10, nil))
	assert.Nil(t, v, "a blank text on a create is not stored")

	v = &blank
	null := []string{"ownerID"}
	assert.NoError(t, validate.Text("notes", &v, 10, &null))
	assert.Nil(t, v)
	assert.Equal(t, []string{"ownerID", "notes"}, null, "a blank text on an update clears it")
	assert.True(t, validate.IsNull(null, "notes"))

	text := "  備考  "
	v = &text
	assert.NoError(t, validate.Text("notes", &v, 2, &null))
	assert.Equal(t, "備考", *v, "trimmed, runes counted")
	long := "長すぎる"
	v = &long
	err := validate.Text("notes", &v, 2, nil)
	e, ok := apperr.As(err)
	require.True(t, ok)
	assert.Equal(t, apperr.TooLong, e.Reason)
}

func TestNotNull_RefusesARequiredFieldSentAsNull(t *testing.T) {
	assert.NoError(t, validate.NotNull([]string{"ownerID"}, "title"))
	fields := apperr.Fields(validate.NotNull([]string{"title", "ownerID", "dueDate"}, "title", "dueDate"))
	require.Len(t, fields, 2)
	for i, f := range []string{"title", "dueDate"} {
		assert.Equal(t, f, fields[i].Field)
		assert.Equal(t, apperr.Required, fields[i].Reason)
		assert.NotEmpty(t, fields[i].Text.JA)
	}
}
