package blob_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
	"secretariat/internal/blob"
)

func TestCleanName_KeepsTheLastElementOnly(t *testing.T) {
	assert.Equal(t, "規程.pdf", blob.CleanName(`C:\Users\sato\規程.pdf`))
	assert.Equal(t, "passwd", blob.CleanName("../../etc/passwd"))
	assert.Equal(t, "ab.txt", blob.CleanName("a\x00b.txt"))
	assert.Equal(t, "", blob.CleanName("  "))
}

func TestContentTypeOf_KeepsAWellFormedTypeOrGuessesFromTheName(t *testing.T) {
	assert.Equal(t, "application/pdf", blob.ContentTypeOf("application/pdf", "x.pdf"))
	assert.Equal(t, "text/plain; charset=utf-8", blob.ContentTypeOf("text/plain; charset=utf-8", "x"))
	assert.Equal(t, "application/pdf", blob.ContentTypeOf("not a type", "x.pdf"))
	assert.Equal(t, "application/octet-stream", blob.ContentTypeOf("", "noextension"))
}

func TestAccept_RefusesAFileOverTheBoundWhateverItsDeclaredSizeAndKeepsNothing(t *testing.T) {
	ctx := context.Background()
	store := blob.NewLocal(t.TempDir())
	big := strings.NewReader(strings.Repeat("x", blob.MaxFileBytes+1))
	_, err := blob.Accept(ctx, store, "file", &blob.Upload{File: big, Filename: "big.log", Size: 10})
	require.Error(t, err)
	fields := apperr.Fields(err)
	require.Len(t, fields, 1)
	assert.Equal(t, "file", fields[0].Field)
	assert.Equal(t, apperr.TooLong, fields[0].Reason)
	left, err := filepathCount(store.Dir())
	require.NoError(t, err)
	assert.Zero(t, left, "the file over the bound is removed again")

	f, err := blob.Accept(ctx, store, "file", &blob.Upload{File: strings.NewReader("log line"), Filename: `C:\logs\fw.log`})
	require.NoError(t, err)
	assert.Equal(t, "fw.log", f.Name)
	assert.Equal(t, int64(8), f.Size)
	opened, err := blob.Open(ctx, store, f.Key, blob.File{Name: f.Name, SHA256: f.SHA256})
	require.NoError(t, err)
	defer opened.Content.Close()
	assert.Equal(t, "fw.log", opened.Name)
}

func TestCheckUpload_RefusesADeclaredSizeOverTheBoundAndALongName(t *testing.T) {
	err := blob.CheckUpload("file", &blob.Upload{Filename: strings.Repeat("あ", blob.MaxFileName+1), Size: blob.MaxFileBytes + 1})
	assert.Len(t, apperr.Fields(err), 2)
	assert.NoError(t, blob.CheckUpload("file", nil))
}

// filepathCount counts the files under dir (temporary files included).
func filepathCount(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	return n, err
}
