package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"path"
	"strings"
	"unicode/utf8"

	"secretariat/internal/apperr"
)

// The bounds of an uploaded file, the same for every module that keeps files.
const (
	// MaxFileBytes is the largest file accepted.
	MaxFileBytes = 25 << 20
	// MaxFileName is the longest file name kept, in characters.
	MaxFileName = 255
	// MaxContentType is the longest media type kept.
	MaxContentType = 200
)

// Stored is an uploaded file once in the store, with the name and media type to record with it.
type Stored struct {
	Blob
	Name, ContentType string
}

// CheckUpload reports what is wrong with an upload before anything is stored: a declared size
// over MaxFileBytes or a name over MaxFileName characters, on field. A nil upload is fine.
func CheckUpload(field string, up *Upload) error {
	if up == nil {
		return nil
	}
	var errs []error
	if up.Size > MaxFileBytes {
		errs = append(errs, tooLarge(field))
	}
	if utf8.RuneCountInString(CleanName(up.Filename)) > MaxFileName {
		errs = append(errs, apperr.Invalid(field, apperr.TooLong, fmt.Sprintf("the file name must be at most %d characters", MaxFileName), fmt.Sprintf("ファイル名は%d文字以内にしてください", MaxFileName)))
	}
	return apperr.Join(errs...)
}

func tooLarge(field string) error {
	return apperr.Invalid(field, apperr.TooLong, fmt.Sprintf("must be at most %d MiB", MaxFileBytes>>20), fmt.Sprintf("%d MiB以内のファイルにしてください", MaxFileBytes>>20))
}

// Accept puts an upload into the store, before the transaction that names it: reading stops
// one byte past MaxFileBytes, whatever size the client declared, and a file over the bound is
// removed again and refused on field. A nil upload stores nothing.
func Accept(ctx context.Context, store Store, field string, up *Upload) (*Stored, error) {
	if up == nil {
		return nil, nil
	}
	if up.File == nil {
		return nil, apperr.Invalid(field, apperr.Required, "the file has no content", "ファイルの内容がありません")
	}
	b, err := store.Put(ctx, io.LimitReader(up.File, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("store file: %w", err)
	}
	if b.Size > MaxFileBytes {
		if err := store.Delete(context.WithoutCancel(ctx), b.Key); err != nil {
			return nil, fmt.Errorf("remove file over the bound: %w", err)
		}
		return nil, tooLarge(field)
	}
	name := CleanName(up.Filename)
	if name == "" {
		name = "file"
	}
	return &Stored{Blob: b, Name: name, ContentType: ContentTypeOf(up.ContentType, name)}, nil
}

// Discard removes a file stored for a write that failed; a failure to remove is logged, the
// write's own error is what the caller reports.
func Discard(ctx context.Context, store Store, log *slog.Logger, f *Stored) {
	if f == nil {
		return
	}
	if err := store.Delete(context.WithoutCancel(ctx), f.Key); err != nil {
		log.WarnContext(ctx, "discard uploaded file", "key", f.Key, "error", err)
	}
}

// CleanName keeps the last element of a client's file name, without control characters.
func CleanName(name string) string {
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

// ContentTypeOf keeps a well-formed, specific declared type and otherwise guesses from the
// extension: browsers and HTTP clients often declare every file application/octet-stream.
func ContentTypeOf(declared, name string) string {
	if declared != "" && declared != "application/octet-stream" && len(declared) <= MaxContentType {
		if mt, params, err := mime.ParseMediaType(declared); err == nil {
			return mime.FormatMediaType(mt, params)
		}
	}
	if ext := path.Ext(name); ext != "" {
		if t := mime.TypeByExtension(ext); t != "" && len(t) <= MaxContentType {
			return t
		}
	}
	return "application/octet-stream"
}

// File is a kept file opened for download, its content already checked against the checksum
// recorded at upload.
type File struct {
	Content     io.ReadSeekCloser
	Name        string
	ContentType string
	Size        int64
	SHA256      string
}

// ErrIntegrity reports a kept file that is missing from the store or no longer matches its
// recorded checksum.
var ErrIntegrity = errors.New("the stored file failed its integrity check")

// Open opens the file recorded as f (its Content unset) from the store; a content that is gone
// or changed at rest is ErrIntegrity.
func Open(ctx context.Context, store Store, key string, f File) (*File, error) {
	content, err := store.Get(ctx, key, f.SHA256)
	switch {
	case errors.Is(err, ErrChecksumMismatch), errors.Is(err, ErrNotFound):
		return nil, fmt.Errorf("%w: %w", ErrIntegrity, err)
	case err != nil:
		return nil, err
	}
	f.Content = content
	return &f, nil
}
