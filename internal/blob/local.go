package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// Local keeps contents as files in a folder (by default DATA_DIR/blobs), two levels deep by the
// first characters of the key. A content is written to a temporary file, synced and renamed into
// place, so a reader never sees half a file. The folder is made on the first Put.
type Local struct {
	dir string
}

var _ Store = (*Local)(nil)

// NewLocal returns a store over dir.
func NewLocal(dir string) *Local { return &Local{dir: dir} }

// Dir returns the folder of the store.
func (l *Local) Dir() string { return l.dir }

// keyPattern is the shape of the keys Put makes; anything else (a path, "..") is refused before
// it reaches the file system.
var keyPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (l *Local) path(key string) (string, error) {
	if !keyPattern.MatchString(key) {
		return "", fmt.Errorf("blob key %q: %w", key, ErrNotFound)
	}
	return filepath.Join(l.dir, key[:2], key), nil
}

// Put stores content under a new random key.
func (l *Local) Put(ctx context.Context, content io.Reader) (Blob, error) {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Blob{}, fmt.Errorf("blob key: %w", err)
	}
	key := hex.EncodeToString(raw[:])
	final, _ := l.path(key)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return Blob{}, fmt.Errorf("blob folder: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(final), ".upload-*")
	if err != nil {
		return Blob{}, fmt.Errorf("blob temporary file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), ctxReader{ctx, content})
	if err != nil {
		return Blob{}, fmt.Errorf("write blob: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return Blob{}, fmt.Errorf("sync blob: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Blob{}, fmt.Errorf("close blob: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Blob{}, fmt.Errorf("store blob: %w", err)
	}
	done = true
	return Blob{Key: key, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Get hashes the file once before handing it out and returns it rewound: a caller never sends a
// byte of a content that fails the check.
func (l *Local) Get(ctx context.Context, key, want string) (io.ReadSeekCloser, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open blob %s: %w", key, err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("read blob %s: %w", key, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		_ = f.Close()
		return nil, &ChecksumError{Key: key, Want: want, Got: got}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("rewind blob %s: %w", key, err)
	}
	return f, nil
}

// Delete removes the file under key.
func (l *Local) Delete(_ context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return nil
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	return nil
}

// ctxReader stops a long copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
