package documents

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/pulid"
)

// storedFile is an uploaded file once in the blob store, ready to be named on a version.
type storedFile struct {
	blob.Blob
	name, contentType string
}

// versionFile is the part of a version mutation that names its file.
type versionFile interface {
	SetFileKey(string)
	SetFileName(string)
	SetFileContentType(string)
	SetFileSize(int64)
	SetFileSha256(string)
}

// apply names the file on a version; a nil file changes nothing.
func (f *storedFile) apply(m versionFile) {
	if f == nil {
		return
	}
	m.SetFileKey(f.Key)
	m.SetFileName(f.name)
	m.SetFileContentType(f.contentType)
	m.SetFileSize(f.Size)
	m.SetFileSha256(f.SHA256)
}

// copyFile carries a version's file over to a new version: blobs never change, so both name
// the same one.
func copyFile(from *ent.DocumentVersion) *storedFile {
	if from == nil || from.FileKey == "" {
		return nil
	}
	return &storedFile{
		Blob: blob.Blob{Key: from.FileKey, Size: deref(from.FileSize), SHA256: deref(from.FileSha256)},
		name: deref(from.FileName), contentType: deref(from.FileContentType),
	}
}

// storeFile puts an upload into the blob store before the transaction that names it; a failed
// transaction discards it again.
func (s *Service) storeFile(ctx context.Context, up *blob.Upload) (*storedFile, error) {
	if up == nil {
		return nil, nil
	}
	if up.File == nil {
		return nil, apperr.Invalid("file", apperr.Required, "the file has no content", "ファイルの内容がありません")
	}
	b, err := s.blobs.Put(ctx, io.LimitReader(up.File, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("store file: %w", err)
	}
	if b.Size > maxFileBytes {
		s.discard(ctx, &storedFile{Blob: b})
		return nil, fileTooLarge()
	}
	name := cleanFileName(up.Filename)
	if name == "" {
		name = "file"
	}
	return &storedFile{Blob: b, name: name, contentType: contentType(up.ContentType, name)}, nil
}

// discard removes a file stored for a write that failed.
func (s *Service) discard(ctx context.Context, f *storedFile) {
	if f == nil {
		return
	}
	if err := s.blobs.Delete(context.WithoutCancel(ctx), f.Key); err != nil {
		s.log.WarnContext(ctx, "discard uploaded file", "key", f.Key, "error", err)
	}
}

// cleanFileName keeps the last element of a client's file name, without control characters.
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimSpace(name))
	if name == "." || name == "/" {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
}

// contentType keeps a well-formed, specific declared type and otherwise guesses from the
// extension: browsers and HTTP clients often declare every file application/octet-stream.
func contentType(declared, name string) string {
	if declared != "" && declared != "application/octet-stream" && len(declared) <= maxContentType {
		if mt, params, err := mime.ParseMediaType(declared); err == nil {
			return mime.FormatMediaType(mt, params)
		}
	}
	if ext := path.Ext(name); ext != "" {
		if t := mime.TypeByExtension(ext); t != "" && len(t) <= maxContentType {
			return t
		}
	}
	return "application/octet-stream"
}

// File is an attached file opened for download, its content already checked against the
// checksum recorded at upload.
type File struct {
	Content     io.ReadSeekCloser
	Name        string
	ContentType string
	Size        int64
	SHA256      string
}

// ErrIntegrity reports a stored file that no longer matches its recorded checksum.
var ErrIntegrity = errors.New("the stored file failed its integrity check")

// OpenFile opens the file of a version the viewer reaches. A version of another tenant, or one
// without a file, is not found; a file whose content changed at rest is ErrIntegrity.
func (s *Service) OpenFile(ctx context.Context, versionID pulid.ID) (*File, error) {
	v, err := s.db.DocumentVersion.Get(ctx, versionID)
	if err != nil {
		return nil, fmt.Errorf("open file: %w", notFound(err, "document version", "文書の版"))
	}
	if v.FileKey == "" {
		return nil, fmt.Errorf("open file: %w", apperr.NotFound("file", "ファイル"))
	}
	content, err := s.blobs.Get(ctx, v.FileKey, deref(v.FileSha256))
	switch {
	case errors.Is(err, blob.ErrChecksumMismatch):
		return nil, fmt.Errorf("open file of version %s: %w: %w", v.ID, ErrIntegrity, err)
	case errors.Is(err, blob.ErrNotFound):
		return nil, fmt.Errorf("open file of version %s: %w: %w", v.ID, ErrIntegrity, err)
	case err != nil:
		return nil, fmt.Errorf("open file of version %s: %w", v.ID, err)
	}
	return &File{Content: content, Name: deref(v.FileName), ContentType: deref(v.FileContentType), Size: deref(v.FileSize), SHA256: deref(v.FileSha256)}, nil
}
