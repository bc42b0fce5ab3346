package blob_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/blob"
)

func TestLocal_PutThenGetReturnsTheContentWithItsChecksum(t *testing.T) {
	ctx := context.Background()
	s := blob.NewLocal(filepath.Join(t.TempDir(), "blobs"))
	content := "情報セキュリティ基本方針\n第1条 目的\n"
	b, err := s.Put(ctx, strings.NewReader(content))
	require.NoError(t, err)
	sum := sha256.Sum256([]byte(content))
	assert.Equal(t, hex.EncodeToString(sum[:]), b.SHA256)
	assert.Equal(t, int64(len(content)), b.Size)
	assert.Regexp(t, `^[0-9a-f]{32}$`, b.Key)

	r, err := s.Get(ctx, b.Key, b.SHA256)
	require.NoError(t, err)
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	require.NoError(t, r.Close())
	assert.Equal(t, content, string(got))

	again, err := s.Put(ctx, strings.NewReader(content))
	require.NoError(t, err)
	assert.NotEqual(t, b.Key, again.Key, "keys are random, never derived from the content")
}

func TestLocal_ATamperedFileFailsTheCheckClearly(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "blobs")
	s := blob.NewLocal(dir)
	b, err := s.Put(ctx, strings.NewReader("approved text"))
	require.NoError(t, err)
	path := filepath.Join(dir, b.Key[:2], b.Key)
	require.NoError(t, os.WriteFile(path, []byte("changed text!"), 0o600))

	_, err = s.Get(ctx, b.Key, b.SHA256)
	require.ErrorIs(t, err, blob.ErrChecksumMismatch)
	var ce *blob.ChecksumError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, b.SHA256, ce.Want)
	assert.Contains(t, err.Error(), "failed its integrity check")
}

func TestLocal_UnknownAndMalformedKeysAreNotFound(t *testing.T) {
	ctx := context.Background()
	s := blob.NewLocal(t.TempDir())
	for _, key := range []string{"00000000000000000000000000000000", "../../etc/passwd", ""} {
		_, err := s.Get(ctx, key, "x")
		assert.ErrorIs(t, err, blob.ErrNotFound, key)
	}
	assert.NoError(t, s.Delete(ctx, "00000000000000000000000000000000"))
}

func TestLocal_DeleteRemovesTheContent(t *testing.T) {
	ctx := context.Background()
	s := blob.NewLocal(t.TempDir())
	b, err := s.Put(ctx, strings.NewReader("x"))
	require.NoError(t, err)
	require.NoError(t, s.Delete(ctx, b.Key))
	_, err = s.Get(ctx, b.Key, b.SHA256)
	assert.ErrorIs(t, err, blob.ErrNotFound)
}

func TestLocal_PutStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	_, err := blob.NewLocal(dir).Put(ctx, strings.NewReader("x"))
	require.ErrorIs(t, err, context.Canceled)
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, _ error) error {
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	assert.Empty(t, files, "no temporary file is left behind")
}
