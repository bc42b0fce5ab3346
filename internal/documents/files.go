package documents

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/pulid"
)

// versionFile is the part of a version mutation that names its file.
type versionFile interface {
	SetFileKey(string)
	SetFileName(string)
	SetFileContentType(string)
	SetFileSize(int64)
	SetFileSha256(string)
}

// apply names the file on a version; a nil file changes nothing.
func apply(f *blob.Stored, m versionFile) {
	if f == nil {
		return
	}
	m.SetFileKey(f.Key)
	m.SetFileName(f.Name)
	m.SetFileContentType(f.ContentType)
	m.SetFileSize(f.Size)
	m.SetFileSha256(f.SHA256)
}

// copyFile carries a version's file over to a new version: blobs never change, so both name
// the same one.
func copyFile(from *ent.DocumentVersion) *blob.Stored {
	if from == nil || from.FileKey == "" {
		return nil
	}
	return &blob.Stored{
		Blob: blob.Blob{Key: from.FileKey, Size: deref(from.FileSize), SHA256: deref(from.FileSha256)},
		Name: deref(from.FileName), ContentType: deref(from.FileContentType),
	}
}

// storeFile puts an upload into the blob store before the transaction that names it; a failed
// transaction discards it again.
func (s *Service) storeFile(ctx context.Context, up *blob.Upload) (*blob.Stored, error) {
	return blob.Accept(ctx, s.blobs, "file", up)
}

// discard removes a file stored for a write that failed.
func (s *Service) discard(ctx context.Context, f *blob.Stored) { blob.Discard(ctx, s.blobs, s.log, f) }

// File is an attached file opened for download.
type File = blob.File

// OpenFile opens the file of a version the viewer reaches. A version of another tenant, or one
// without a file, is not found; a file whose content changed at rest is blob.ErrIntegrity.
func (s *Service) OpenFile(ctx context.Context, versionID pulid.ID) (*File, error) {
	v, err := s.db.DocumentVersion.Get(ctx, versionID)
	if err != nil {
		return nil, fmt.Errorf("open file: %w", notFound(err, "document version", "文書の版"))
	}
	if v.FileKey == "" {
		return nil, fmt.Errorf("open file: %w", apperr.NotFound("file", "ファイル"))
	}
	f, err := blob.Open(ctx, s.blobs, v.FileKey, File{Name: deref(v.FileName), ContentType: deref(v.FileContentType), Size: deref(v.FileSize), SHA256: deref(v.FileSha256)})
	if err != nil {
		return nil, fmt.Errorf("open file of version %s: %w", v.ID, err)
	}
	return f, nil
}
