// Package blob keeps file contents (the files attached to document versions) outside the
// database, behind a small interface: Put stores a content and answers its key, size and SHA-256;
// Get checks the content against the SHA-256 the caller recorded before handing any of it out, so
// a file corrupted or tampered with at rest is never served as if it were the original.
//
// Keys are random, never derived from the content, so two tenants uploading the same file share
// nothing. The package knows nothing of tenants: callers store the key on a tenant-owned row and
// read it back through the viewer's client, which is what keeps tenants apart.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Blob describes a stored content.
type Blob struct {
	// Key names the content in the store.
	Key  string
	Size int64
	// SHA256 is the lower-case hex SHA-256 of the content.
	SHA256 string
}

// Upload is a file a client sent, as the services take it: its content, the name and type the
// client declared, and its size.
type Upload struct {
	File        io.ReadSeeker
	Filename    string
	Size        int64
	ContentType string
}

// Store keeps contents by key.
type Store interface {
	// Put stores the content read to its end and answers where it is and what it hashes to.
	Put(ctx context.Context, content io.Reader) (Blob, error)
	// Get opens the content under key after checking that it still hashes to sha256: a
	// mismatch is a *ChecksumError (errors.Is ErrChecksumMismatch), a missing key ErrNotFound.
	Get(ctx context.Context, key, sha256 string) (io.ReadSeekCloser, error)
	// Delete removes the content under key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound reports a key with no content.
var ErrNotFound = errors.New("blob not found")

// ErrChecksumMismatch is matched by every *ChecksumError.
var ErrChecksumMismatch = errors.New("blob checksum mismatch")

// ChecksumError reports a content that no longer hashes to the SHA-256 recorded when it was
// stored: it was corrupted or changed on disk.
type ChecksumError struct {
	Key       string
	Want, Got string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("blob %s failed its integrity check: recorded sha256 %s, content hashes to %s", e.Key, e.Want, e.Got)
}

// Is makes errors.Is(err, ErrChecksumMismatch) true.
func (e *ChecksumError) Is(target error) bool { return target == ErrChecksumMismatch }
