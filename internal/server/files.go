package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"path/filepath"
	"time"

	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/pulid"
	"secretariat/internal/requestid"
	"secretariat/internal/viewer"
)

// uploadMemoryBytes is how much of a multipart request's files is held in memory; the rest goes
// to temporary files. The files together are bounded by MAX_UPLOAD_BYTES (default 25 MiB, the
// largest file package documents accepts), the other parts by MAX_BODY_BYTES.
const uploadMemoryBytes = 8 << 20

// newBlobs is the store of attached files (document versions, audit evidence) under
// DATA_DIR/blobs.
func newBlobs(d Deps) blob.Store {
	dataDir := d.Config.DataDir
	if dataDir == "" {
		dataDir = "./data"
	}
	return blob.NewLocal(filepath.Join(dataDir, "blobs"))
}

// fileOpener opens a kept file by the ID of the record that names it, through the viewer's
// client: a record of another tenant, or one the viewer does not read, is NOT_FOUND.
type fileOpener func(ctx context.Context, id pulid.ID) (*blob.File, error)

// downloads serves GET /files/{kind}/{id}: the file a record names (what says which, for the
// log) to a signed-in viewer who reaches it. The viewer comes from the Authorization header
// through the same middleware as /graphql, and the record is read through the viewer's client in
// a read-only operation, so a record of another tenant is 404 exactly like one that never
// existed. A file whose content no longer matches its recorded SHA-256 is never served: 500,
// logged.
func downloads(d Deps, what string, open fileOpener) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewer.FromContext(r.Context()) == nil {
			w.Header().Set("WWW-Authenticate", `Bearer`)
			http.Error(w, "sign in to download files", http.StatusUnauthorized)
			return
		}
		id, err := pulid.Parse(r.PathValue("id"))
		if err != nil {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
		ctx, op, err := d.DB.BeginOperation(r.Context(), true)
		if err != nil {
			fileFailure(w, r, d.Log, "begin operation", err)
			return
		}
		f, err := open(ctx, id)
		// The row is read; the file itself comes from the blob store, outside the transaction.
		_ = op.Rollback()
		switch {
		case apperr.KindOf(err) == apperr.KindNotFound:
			http.Error(w, "not found", http.StatusNotFound)
			return
		case apperr.KindOf(err) == apperr.KindUnauthenticated:
			http.Error(w, "sign in to download files", http.StatusUnauthorized)
			return
		case errors.Is(err, blob.ErrIntegrity):
			rid := requestid.From(r.Context())
			d.Log.ErrorContext(r.Context(), what+" failed its integrity check", "request_id", rid, "id", string(id), "error", err)
			http.Error(w, fmt.Sprintf("the stored file failed its integrity check (checksum mismatch) and is not served; request id %s", rid),
				http.StatusInternalServerError)
			return
		case err != nil:
			fileFailure(w, r, d.Log, "open "+what, err)
			return
		}
		defer f.Content.Close()
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		disposition := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
		if disposition == "" {
			disposition = "attachment"
		}
		h.Set("Content-Disposition", disposition)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
		h.Set("Cache-Control", "private, no-store")
		h.Set("ETag", `"sha256-`+f.SHA256+`"`)
		http.ServeContent(w, r, "", time.Time{}, f.Content)
	})
}

func fileFailure(w http.ResponseWriter, r *http.Request, log *slog.Logger, what string, err error) {
	id := requestid.From(r.Context())
	log.ErrorContext(r.Context(), what, "request_id", id, "error", err)
	http.Error(w, "internal error (request id "+id+")", http.StatusInternalServerError)
}
