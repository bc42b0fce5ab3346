package excel

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
)

// rezip rewrites a workbook with the named part replaced by content.
func rezip(t *testing.T, workbook []byte, name string, content func(io.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(workbook), int64(len(workbook)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	replaced := false
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		if f.Name == name {
			content(w)
			replaced = true
			continue
		}
		r, err := f.Open()
		require.NoError(t, err)
		_, err = io.Copy(w, r)
		require.NoError(t, err)
		require.NoError(t, r.Close())
	}
	if !replaced {
		w, err := zw.Create(name)
		require.NoError(t, err)
		content(w)
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

func TestReadTable_MillionsOfSharedStringsAreRefusedBeforeTheyAreLoaded(t *testing.T) {
	content := rezip(t, book(t, [][]any{{"Code", "リスク名"}, {"R-1", "漏えい"}}), "xl/sharedStrings.xml", func(w io.Writer) {
		_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		entry := strings.Repeat("<si><t>x</t></si>", 1000)
		for range 1000 {
			_, _ = io.WriteString(w, entry)
		}
		_, _ = io.WriteString(w, `</sst>`)
	})
	require.Less(t, len(content), MaxFileBytes, "a million strings fit in an upload")

	start := time.Now()
	_, err := readTable(upload(content), riskSheet)
	elapsed := time.Since(start)
	require.Error(t, err)
	ae, ok := apperr.As(err)
	require.True(t, ok, "%v", err)
	assert.Equal(t, apperr.KindInvalid, ae.Kind)
	assert.Equal(t, "file", ae.Field)
	assert.Contains(t, ae.Message(), "distinct texts")
	assert.Equal(t, apperr.TooLong, ae.Reason)
	assert.Contains(t, ae.Text.JA, "種類を超えています")
	assert.Less(t, elapsed, 2*time.Second)
}

func TestReadTable_APartThatUnpacksTooLargeIsRefused(t *testing.T) {
	content := rezip(t, book(t, [][]any{{"Code"}, {"R-1"}}), "docProps/padding.xml", func(w io.Writer) {
		pad := bytes.Repeat([]byte(" "), 1<<20)
		for range 40 {
			_, _ = w.Write(pad)
		}
	})
	require.Less(t, len(content), MaxFileBytes)
	_, err := readTable(upload(content), riskSheet)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unpacks to more than 32 MiB")
}

func TestReadTable_AWorkbookWithinTheLimitsIsRead(t *testing.T) {
	rows := [][]any{{"Code", "リスク名"}}
	for i := range 2000 {
		rows = append(rows, []any{"R-" + strings.Repeat("9", i%7), "漏えい " + strings.Repeat("あ", i%50)})
	}
	tb, err := readTable(upload(book(t, rows)), riskSheet)
	require.NoError(t, err)
	assert.Len(t, tb.rows, 2000)
}

func TestIsStringEntry_CountsOpeningSiTagsWithOrWithoutAPrefix(t *testing.T) {
	for tag, want := range map[string]bool{
		"si>x":               true,
		"si xml:space=\"\">": true,
		"x:si>":              true,
		"si/>":               true,
		"/si>":               false,
		"sst xmlns=\"…\">":   false,
		"t>si":               false,
		"sheetData>":         false,
	} {
		assert.Equal(t, want, isStringEntry([]byte(tag)), tag)
	}
}
