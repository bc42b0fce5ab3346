// Package validate holds the checks every service's <Op>Input repeats on its fields, each
// answering apperr.Invalid on the field it names, with a reason and a message in English and
// Japanese.
package validate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// Required refuses an empty value and one longer than maxLen characters. Callers trim first.
func Required(field, value string, maxLen int) error {
	if value == "" {
		return apperr.Invalid(field, apperr.Required, "must not be empty", "入力してください")
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

// Text normalises an optional text that was given: it trims it, refuses it when longer than
// maxLen characters, and makes an empty or all-blank one nil, so that it is stored as NULL and
// reads back null, on create and update alike. On an update, null (the fields sent as null) is
// given too, and a blank text is named in it like one sent as null, so that the service clears
// the column; a create passes nil.
func Text(field string, value **string, maxLen int, null *[]string) error {
	if *value == nil {
		return nil
	}
	v := strings.TrimSpace(**value)
	if v == "" {
		*value = nil
		if null != nil && !slices.Contains(*null, field) {
			*null = append(*null, field)
		}
		return nil
	}
	*value = &v
	return MaxLength(field, v, maxLen)
}

// NotNull refuses as REQUIRED each of the required fields that null (the fields of an update
// sent as null) names: the record cannot be without it, so null cannot clear it.
func NotNull(null []string, required ...string) error {
	var errs []error
	for _, f := range required {
		if slices.Contains(null, f) {
			errs = append(errs, apperr.Invalid(f, apperr.Required, "cannot be null: the field is required", "必須の項目のため、空（null）にはできません"))
		}
	}
	return apperr.Join(errs...)
}

// IsNull says whether the update clears field: null (the fields sent as null, and the optional
// texts given blank) names it.
func IsNull(null []string, field string) bool {
	return slices.Contains(null, field)
}

// MaxLength refuses a value longer than maxLen characters (runes, so that Japanese text counts
// as it reads).
func MaxLength(field, value string, maxLen int) error {
	if utf8.RuneCountInString(value) > maxLen {
		return apperr.Invalid(field, apperr.TooLong,
			fmt.Sprintf("must be at most %d characters", maxLen),
			fmt.Sprintf("%d文字以内で入力してください", maxLen))
	}
	return nil
}

// Reference reports err, met while reading the record an input names by ID in field, as bad
// input in that field (UNKNOWN_ID) when the record is not there or not the viewer's to see, so
// that a form can show it next to the field; the two cases read alike. Any other error passes
// through unchanged, and nil stays nil.
func Reference(field string, err error) error {
	if err == nil || !(ent.IsNotFound(err) || apperr.KindOf(err) == apperr.KindNotFound) {
		return err
	}
	return apperr.Invalid(field, apperr.UnknownID, "names no record you can use", "指定されたIDのレコードは利用できません")
}

// Enum refuses a value that was given and that valid (an ent enum's validator) does not take.
func Enum[E any](field string, v *E, valid func(E) error) error {
	if v == nil {
		return nil
	}
	if err := valid(*v); err != nil {
		return apperr.Invalid(field, apperr.InvalidValue, err.Error(), fmt.Sprintf("%v は指定できない値です", *v))
	}
	return nil
}

// Truncate shortens s to at most n characters, ending in "…" when it cuts: for a title made from
// a user's text (a task named after an auditor's question, a report after an audit's title).
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// IDs refuses a list of more than limit IDs (TOO_LONG on field), and each ID that repeats an
// earlier one (DUPLICATE on field.i).
func IDs(field string, list []pulid.ID, limit int) error {
	if err := AtMost(field, len(list), limit); err != nil {
		return err
	}
	var errs []error
	for i, id := range list {
		if slices.Index(list, id) < i {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("%s.%d", field, i), apperr.Duplicate, "names a record already named", "同じものが重複しています"))
		}
	}
	return apperr.Join(errs...)
}

// Found reports, on field.i, each of ids that found (the IDs a query through the viewer's client
// returned) lacks, as Reference does for one: UNKNOWN_ID, whether the record is not there or not
// the viewer's to see.
func Found(field string, ids, found []pulid.ID) error {
	var errs []error
	for i, id := range ids {
		if !slices.Contains(found, id) {
			errs = append(errs, Reference(fmt.Sprintf("%s.%d", field, i), apperr.NotFound("record", "レコード")))
		}
	}
	return apperr.Join(errs...)
}

// AtMost refuses a list of n items longer than most, before its items are looked into.
func AtMost(field string, n, most int) error {
	if n > most {
		return apperr.Invalid(field, apperr.TooLong, fmt.Sprintf("must list at most %d", most), fmt.Sprintf("%d件以内で指定してください", most))
	}
	return nil
}

// keyPattern is a key that names an item across versions: 1 to 100 of a-z, 0-9 and '-'.
var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// Key trims a key given in a list (a template's document, a baseline's master document) and
// refuses one that is not 1 to 100 of a-z, 0-9 and '-', or that seen (the list's keys so far)
// already holds.
func Key(field string, key *string, seen map[string]bool) error {
	*key = strings.TrimSpace(*key)
	switch {
	case !keyPattern.MatchString(*key):
		return apperr.Invalid(field, apperr.InvalidFormat, "must be 1 to 100 of a-z, 0-9 and '-'", "a-z、0-9、'-' の100文字以内で入力してください")
	case seen[*key]:
		return apperr.Invalid(field, apperr.Duplicate, fmt.Sprintf("key %q is used twice", *key), fmt.Sprintf("キー %q が重複しています", *key))
	}
	seen[*key] = true
	return nil
}
