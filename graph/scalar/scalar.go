// Package scalar binds the GraphQL scalars whose Go types are not GraphQL's: the services take
// and give plain Go values (time.Time, blob.Upload), and the translation is here.
package scalar

import (
	"fmt"
	"io"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/gqlquote"
)

// The GraphQL scalar Time: an RFC 3339 instant with its zone ("2026-04-01T10:00:00+09:00").
// Unlike gqlgen's built-in Time it refuses a time without a zone (which would silently be read as
// UTC, nine hours off for a Japanese user) and an empty string, and reports a bad value as bad
// input on the field that carried it.

// MarshalTime writes t in RFC 3339 with nanoseconds where it has them.
func MarshalTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) { gqlquote.WriteTime(w, t, time.RFC3339Nano) })
}

// UnmarshalTime reads an RFC 3339 time with a zone.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, apperr.Invalid("", apperr.InvalidFormat, fmt.Sprintf("must be a time string, not %T", v), "日時は文字列で指定してください")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, apperr.Invalid("", apperr.InvalidFormat,
			"must be a time in RFC 3339 form with a zone, such as 2026-04-01T10:00:00+09:00",
			"日時は 2026-04-01T10:00:00+09:00 のようにタイムゾーン付きのRFC 3339形式で指定してください")
	}
	return t, nil
}

// MarshalUpload never runs: Upload is an input scalar. It exists because gqlgen binds a scalar
// by its pair of functions.
func MarshalUpload(blob.Upload) graphql.Marshaler { return graphql.Null }

// UnmarshalUpload hands a file of a multipart request (internal/server/gqlhttp puts it into the
// variables as gqlgen's Upload) to the services as a blob.Upload.
func UnmarshalUpload(v any) (blob.Upload, error) {
	up, err := graphql.UnmarshalUpload(v)
	if err != nil {
		return blob.Upload{}, apperr.Invalid("", apperr.InvalidFormat, "must be a file part of a multipart request", "マルチパートリクエストのファイルを指定してください")
	}
	return blob.Upload{File: up.File, Filename: up.Filename, Size: up.Size, ContentType: up.ContentType}, nil
}
