package excel

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/japanese"

	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/date"
)

// The limits of an import.
const (
	MaxFileBytes = 5 << 20
	MaxRows      = 5000
	// unzipLimit bounds what a small workbook may expand to (a zip bomb stops here).
	unzipLimit = 64 << 20
)

var errNotXLSX = apperr.Invalid("file", apperr.InvalidFormat, "must be an Excel workbook (.xlsx)", "Excelブック（.xlsx）を指定してください")

// table is the first sheet of an uploaded workbook (or an uploaded CSV file): its headers as
// written and the data rows.
type table struct {
	headers []string       // as written in the file, by column index
	cols    map[string]int // column key → index
	rows    []record
	errs    []RowError
}

// record is one data row with its row number in the sheet (the header is row 1).
type record struct {
	num   int
	cells []string
	t     *table
}

// readTable opens an uploaded workbook (or, for a layout that takes one, a CSV file) and reads
// its first sheet against a layout. A file that is neither, too large or too long is
// BAD_USER_INPUT on file; headers it does not know (unless the layout ignores them) or lacks are
// reported as row errors on row 1.
func readTable(up *blob.Upload, layout sheet) (*table, error) {
	if up == nil || up.File == nil {
		return nil, apperr.Invalid("file", apperr.Required, "is required", "ファイルを指定してください")
	}
	tooLarge := apperr.Invalid("file", apperr.TooLong, fmt.Sprintf("must be at most %d MiB", MaxFileBytes>>20), fmt.Sprintf("%d MiB以内のファイルにしてください", MaxFileBytes>>20))
	if up.Size > MaxFileBytes {
		return nil, tooLarge
	}
	content, err := io.ReadAll(io.LimitReader(up.File, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if len(content) > MaxFileBytes {
		return nil, tooLarge
	}
	var next func() ([]string, bool, error)
	switch {
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		rows, err := sheetRows(content)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		next = func() ([]string, bool, error) {
			if !rows.Next() {
				return nil, false, nil
			}
			cells, err := rows.Columns(excelize.Options{RawCellValue: true})
			return cells, true, err
		}
	case layout.csv:
		next = csvRows(content)
	default:
		return nil, errNotXLSX
	}
	t := &table{cols: map[string]int{}}
	num := 0
	for {
		cells, more, err := next()
		if !more {
			break
		}
		num++
		if err != nil {
			return nil, apperr.Invalid("file", apperr.InvalidFormat, fmt.Sprintf("row %d cannot be read", num), fmt.Sprintf("%d行目を読み取れません", num))
		}
		if num == 1 {
			t.headers = cells
			continue
		}
		if blank(cells) {
			continue
		}
		if len(t.rows) == MaxRows {
			return nil, apperr.Invalid("file", apperr.TooLong, fmt.Sprintf("must have at most %d rows", MaxRows), fmt.Sprintf("%d行以内にしてください", MaxRows))
		}
		t.rows = append(t.rows, record{num: num, cells: cells, t: t})
	}
	if num == 0 {
		return nil, apperr.Invalid("file", apperr.InvalidFormat, "the first sheet is empty: it needs a header row", "最初のシートが空です。見出し行が必要です")
	}
	t.mapHeaders(layout)
	return t, nil
}

// sheetRows opens a workbook, within the bounds of a small upload (a zip bomb stops at
// unzipLimit), at the rows of its first sheet.
func sheetRows(content []byte) (*excelize.Rows, error) {
	if err := checkArchive(content); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(content), excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: maxPartBytes})
	if err != nil {
		return nil, errNotXLSX
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errNotXLSX
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, errNotXLSX
	}
	return rows, nil
}

// csvRows reads a CSV file row by row: UTF-8 (with or without a byte order mark) or, as the
// tools of Japanese offices write it, Shift_JIS; commas or tabs.
func csvRows(content []byte) func() ([]string, bool, error) {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(content) {
		if decoded, err := japanese.ShiftJIS.NewDecoder().Bytes(content); err == nil {
			content = decoded
		}
	}
	r := csv.NewReader(bytes.NewReader(content))
	first, _, _ := bytes.Cut(content, []byte("\n"))
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	return func() ([]string, bool, error) {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil, false, nil
		}
		return cells, true, err
	}
}

func (t *table) mapHeaders(layout sheet) {
	english := false
	for i, h := range t.headers {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c, ok := layout.byHeader(h)
		switch {
		case !ok && layout.lenient:
			// A column of the tool that wrote the file, not ours.
		case !ok:
			t.fail(1, h, i, apperr.InvalidValue, "unknown column", "不明な列です")
		case hasKey(t.cols, c.key):
			t.fail(1, h, i, apperr.Duplicate, "the column appears twice", "同じ列が2回あります")
		default:
			t.cols[c.key] = i
			english = english || strings.EqualFold(strings.TrimSpace(h), c.en)
		}
	}
	for _, c := range layout.columns {
		if c.required && !hasKey(t.cols, c.key) {
			name := c.ja
			if english {
				name = c.en
			}
			t.fail(1, name, len(t.headers), apperr.Required, "this column is required", "必須の列がありません")
		}
	}
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// has reports whether the file has the column.
func (r record) has(key string) bool { return hasKey(r.t.cols, key) }

// text returns the trimmed cell of a column, "" when the file lacks the column.
func (r record) text(key string) string {
	i, ok := r.t.cols[key]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// fail records a problem of a cell: its row and column as in the file, the column's index, the
// reason and the message in English and Japanese.
func (t *table) fail(row int, column string, index int, reason apperr.Reason, en, ja string) {
	t.errs = append(t.errs, RowError{Row: row, Column: column, Reason: reason, Text: apperr.Text{EN: en, JA: ja}, index: index})
}

// fail records a problem of the row in a column, with the reason and the message in English
// and Japanese.
func (r record) fail(key string, reason apperr.Reason, en, ja string) {
	h, at := key, len(r.t.headers)
	if i, ok := r.t.cols[key]; ok {
		h, at = r.t.headers[i], i
	}
	r.t.fail(r.num, strings.TrimSpace(h), at, reason, en, ja)
}

// integer reads a whole number; ok is false (and the problem recorded) when the cell holds
// something else. An empty cell is (nil, true).
func (r record) integer(key string) (v *int, ok bool) {
	s := r.text(key)
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		r.fail(key, apperr.InvalidFormat, fmt.Sprintf("%q is not a whole number", s), fmt.Sprintf("「%s」は整数ではありません", s))
		return nil, false
	}
	n := int(f)
	return &n, true
}

// day reads a date: an Excel date, or text written 2026-04-01 or 2026/4/1. An empty cell is
// (nil, true).
func (r record) day(key string) (v *date.Date, ok bool) {
	s := r.text(key)
	if s == "" {
		return nil, true
	}
	if serial, err := strconv.ParseFloat(s, 64); err == nil {
		t, err := excelize.ExcelDateToTime(serial, false)
		if err == nil && t.Year() >= 1900 && t.Year() <= 9999 {
			d := date.Of(t)
			return &d, true
		}
	}
	for _, layout := range []string{"2006-01-02", "2006/1/2", "2006-1-2", "2006.1.2"} {
		if t, err := time.Parse(layout, s); err == nil {
			d := date.Of(t)
			return &d, true
		}
	}
	r.fail(key, apperr.InvalidFormat, fmt.Sprintf("%q is not a date (YYYY-MM-DD)", s), fmt.Sprintf("「%s」は日付（YYYY-MM-DD）ではありません", s))
	return nil, false
}

// maxLen records a problem when the text is longer than n characters.
func (r record) maxLen(key, s string, n int) bool {
	if len([]rune(s)) > n {
		r.fail(key, apperr.TooLong, fmt.Sprintf("must be at most %d characters", n), fmt.Sprintf("%d文字以内で入力してください", n))
		return false
	}
	return true
}
