package excel

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/date"
	"secretariat/internal/locale"
)

func upload(content []byte) *blob.Upload {
	return &blob.Upload{File: bytes.NewReader(content), Filename: "t.xlsx", Size: int64(len(content))}
}

func book(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func TestReadTable_HeadersInEitherLanguageAndCellsByKind(t *testing.T) {
	content := book(t, [][]any{
		{" Code ", "リスク名", "likelihood", "影響度*", "Next review", "受容日"},
		{"R-1", "漏えい", 2, "3", time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), "2026/4/1"},
		{},
		{"R-2", "停止", 2.5, "x", "31/03/2027", ""},
	})
	tb, err := readTable(upload(content), riskSheet)
	require.NoError(t, err)
	require.Empty(t, tb.errs)
	require.Len(t, tb.rows, 2, "the blank row is skipped")
	r := tb.rows[0]
	assert.Equal(t, 2, r.num)
	assert.Equal(t, "R-1", r.text("code"))
	l, ok := r.integer("likelihood")
	assert.True(t, ok)
	assert.Equal(t, 2, *l)
	d, ok := r.day("nextReviewOn")
	assert.True(t, ok)
	assert.Equal(t, date.New(2027, 3, 31), *d)
	d, ok = r.day("acceptedOn")
	assert.True(t, ok)
	assert.Equal(t, date.New(2026, 4, 1), *d)
	assert.False(t, r.has("owner"))

	bad := tb.rows[1]
	assert.Equal(t, 4, bad.num)
	_, ok = bad.integer("likelihood")
	assert.False(t, ok)
	_, ok = bad.integer("impact")
	assert.False(t, ok)
	_, ok = bad.day("nextReviewOn")
	assert.False(t, ok)
	assert.Equal(t, []RowError{
		{Row: 4, Column: "likelihood", Reason: apperr.InvalidFormat, Text: apperr.Text{EN: `"2.5" is not a whole number`, JA: "「2.5」は整数ではありません"}, index: 2},
		{Row: 4, Column: "影響度*", Reason: apperr.InvalidFormat, Text: apperr.Text{EN: `"x" is not a whole number`, JA: "「x」は整数ではありません"}, index: 3},
		{Row: 4, Column: "Next review", Reason: apperr.InvalidFormat, Text: apperr.Text{EN: `"31/03/2027" is not a date (YYYY-MM-DD)`, JA: "「31/03/2027」は日付（YYYY-MM-DD）ではありません"}, index: 4},
	}, tb.errs)
}

func TestReadTable_RefusesWhatIsNotAWorkbook(t *testing.T) {
	for name, content := range map[string][]byte{
		"csv":       []byte("Name,Type\nPC,HARDWARE\n"),
		"empty":     nil,
		"bad zip":   []byte("PK\x03\x04garbage"),
		"too large": append([]byte("PK\x03\x04"), make([]byte, MaxFileBytes)...),
	} {
		_, err := readTable(upload(content), assetSheet)
		e, ok := apperr.As(err)
		require.True(t, ok, name)
		assert.Equal(t, apperr.KindInvalid, e.Kind, name)
		assert.Equal(t, "file", e.Field, name)
	}
	_, err := readTable(nil, assetSheet)
	assert.Equal(t, "file", apperr.Fields(err)[0].Field)
}

func TestWrite_HeaderIsStyledFrozenAndReadsBackAsAnImport(t *testing.T) {
	for _, l := range []locale.Locale{locale.Japanese, locale.English} {
		content, err := write(assetSheet, l, [][]any{{"PC", "HARDWARE", nil, nil, nil, 1, 2, 3, nil, nil, "メモ"}})
		require.NoError(t, err)
		f, err := excelize.OpenReader(bytes.NewReader(content))
		require.NoError(t, err)
		sheet := f.GetSheetList()[0]
		assert.Equal(t, assetSheet.name(l), sheet)
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, panes.Freeze)
		style, err := f.GetCellStyle(sheet, "A1")
		require.NoError(t, err)
		s, err := f.GetStyle(style)
		require.NoError(t, err)
		assert.True(t, s.Font.Bold)
		tb, err := readTable(upload(content), assetSheet)
		require.NoError(t, err)
		assert.Empty(t, tb.errs)
		require.Len(t, tb.rows, 1)
		assert.Equal(t, "HARDWARE", tb.rows[0].text("type"))
		n, _ := tb.rows[0].integer("availability")
		assert.Equal(t, 3, *n)
	}
}

func TestFailed_ListsProblemsByRowThenFromLeftToRight(t *testing.T) {
	res := failed([]RowError{{Row: 3, Column: "C", index: 2}, {Row: 2, Column: "B", index: 1}, {Row: 3, Column: "A", index: 0}, {Row: 1, Column: "X", index: 9}})
	var got []string
	for _, e := range res.Errors {
		got = append(got, e.Column)
	}
	assert.Equal(t, []string{"X", "B", "A", "C"}, got)
	assert.Zero(t, res.Imported+res.Updated+res.Unchanged)
}

func TestCompareRefs_OrdersNumerically(t *testing.T) {
	refs := []string{"8.1", "5.10", "5.2", "6.8", "5.1"}
	slices.SortFunc(refs, compareRefs)
	assert.Equal(t, []string{"5.1", "5.2", "5.10", "6.8", "8.1"}, refs)
	assert.Equal(t, []string{"8.1", "A.5.2"}, splitList("8.1、 A.5.2", ",、;；\n \t"))
	assert.Equal(t, []string{"顧客名簿", "ノートPC"}, splitList("顧客名簿\n ノートPC ;", "\n;；"))
	assert.True(t, strings.HasPrefix(ContentType, "application/vnd.openxmlformats"))
}
