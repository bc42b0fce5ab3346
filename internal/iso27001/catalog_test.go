package iso27001

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
	"secretariat/internal/locale"
)

func japanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

func TestCatalog_Has93ControlsInFourThemesWithUniqueRefsAndBothTitles(t *testing.T) {
	all, err := Controls(Framework)
	require.NoError(t, err)
	require.Len(t, all, 93)

	want := map[Theme]struct {
		prefix string
		count  int
	}{Organizational: {"5", 37}, People: {"6", 8}, Physical: {"7", 14}, Technological: {"8", 34}}
	seen := map[string]bool{}
	counts := map[Theme]int{}
	for _, c := range all {
		assert.False(t, seen[c.Ref], "%s appears twice", c.Ref)
		seen[c.Ref] = true
		counts[c.Theme]++
		w, ok := want[c.Theme]
		require.True(t, ok, "%s has an unknown theme %q", c.Ref, c.Theme)
		prefix, n, found := strings.Cut(c.Ref, ".")
		assert.True(t, found, c.Ref)
		assert.Equal(t, w.prefix, prefix, "%s belongs to %s", c.Ref, c.Theme)
		assert.Equal(t, c.Ref, fmt.Sprintf("%s.%d", prefix, counts[c.Theme]), "numbered 1..n in order, got %s", n)
		assert.NotEmpty(t, strings.TrimSpace(c.TitleEn), c.Ref)
		assert.False(t, japanese(c.TitleEn), "%s: the English title is English", c.Ref)
		assert.True(t, japanese(c.TitleJa), "%s: the Japanese title %q has Japanese characters", c.Ref, c.TitleJa)
		assert.LessOrEqual(t, len([]rune(c.TitleEn)), 60, "%s: a short title", c.Ref)
	}
	for theme, w := range want {
		assert.Equal(t, w.count, counts[theme], theme)
	}
	c, ok := Lookup("5.1")
	require.True(t, ok)
	assert.Equal(t, "情報セキュリティのための方針群", c.Title(locale.Japanese))
	assert.Equal(t, "Information security policies", c.Title(locale.English))
	_, ok = Lookup("5.38")
	assert.False(t, ok)
}

func TestCatalog_AnUnknownFrameworkIsInvalidInput(t *testing.T) {
	for _, fw := range []string{"ISO27001:2013", "", "NIST"} {
		_, err := Controls(fw)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindInvalid}, fw)
		assert.Equal(t, "framework", apperr.Fields(err)[0].Field, fw)
		_, err = Clauses(fw)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindInvalid}, fw)
	}
}

func TestCatalog_ClausesRunFrom4To10WithParentsListedFirst(t *testing.T) {
	all, err := Clauses(Framework)
	require.NoError(t, err)
	seen := map[string]bool{}
	var top []string
	for _, c := range all {
		assert.False(t, seen[c.Ref], c.Ref)
		if c.Parent == "" {
			top = append(top, c.Ref)
		} else {
			assert.True(t, seen[c.Parent], "%s comes after its parent %s", c.Ref, c.Parent)
			assert.True(t, strings.HasPrefix(c.Ref, c.Parent+"."), c.Ref)
		}
		seen[c.Ref] = true
		assert.True(t, japanese(c.TitleJa), c.Ref)
		assert.NotEmpty(t, c.TitleEn, c.Ref)
	}
	assert.Equal(t, []string{"4", "5", "6", "7", "8", "9", "10"}, top)
	for _, ref := range []string{"4.1", "6.1.2", "6.1.3", "7.5.3", "9.2", "9.3.2", "10.2"} {
		assert.True(t, seen[ref], ref)
	}
	assert.True(t, slices.IsSortedFunc(all, func(a, b Clause) int { return CompareRefs(a.Ref, b.Ref) }))
}

func TestCompareRefs_OrdersNumberByNumber(t *testing.T) {
	refs := []string{"8.34", "5.10", "6.1", "5.2", "10", "5.1", "7.14", "9.3.1", "9.3"}
	slices.SortFunc(refs, CompareRefs)
	assert.Equal(t, []string{"5.1", "5.2", "5.10", "6.1", "7.14", "8.34", "9.3", "9.3.1", "10"}, refs)
	assert.True(t, slices.IsSortedFunc(annexA, func(a, b Control) int { return CompareRefs(a.Ref, b.Ref) }), "the catalogue is in natural order")
}
