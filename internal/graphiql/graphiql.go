// Package graphiql serves the GraphiQL IDE from the binary: its scripts and styles (GraphiQL
// 3.9.0 and React 18.3.1, from npm, see assets/README.md) are embedded and served by the API
// itself, so the page works on a network that blocks CDNs and runs no third-party script next
// to the bearer tokens pasted into it. The page has a Content-Security-Policy that allows this
// origin only; the assets carry their content hash in their URL and are cached for a year.
package graphiql

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed assets
var files embed.FS

// Prefix is where the assets are served.
const Prefix = "/graphiql/"

// CSP is the page's Content-Security-Policy: scripts, styles and fonts from this origin only,
// inline styles (GraphiQL sets style attributes), requests to this origin only (the API), no
// framing, no forms, no base URL.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"font-src 'self' data:; img-src 'self' data:; connect-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// scripts are loaded in this order: React, then GraphiQL on it, then the page's start-up.
var (
	scripts = []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "init.js"}
	styles  = []string{"graphiql.min.css", "page.css"}
)

// An asset is read from the binary's embedded files for each request that sends it: held in
// memory besides, the 1.5 MB of them only grew every replica's heap.
type asset struct {
	contentType string
	version     string // the first 16 hex digits of its SHA-256
}

// Handler serves the page at / and the assets under Prefix.
type Handler struct {
	page   []byte
	assets map[string]asset
}

// New returns the handler of a page that sends its operations to endpoint.
func New(endpoint string) (*Handler, error) {
	h := &Handler{assets: map[string]asset{}}
	entries, err := fs.ReadDir(files, "assets")
	if err != nil {
		return nil, fmt.Errorf("graphiql assets: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "LICENSE") || strings.HasSuffix(name, ".md") {
			continue
		}
		a, err := hashAsset(name)
		if err != nil {
			return nil, fmt.Errorf("graphiql asset %s: %w", name, err)
		}
		h.assets[name] = a
	}
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Secretariat GraphQL</title>\n<link rel=\"icon\" href=\"data:,\">\n")
	for _, name := range styles {
		a, ok := h.assets[name]
		if !ok {
			return nil, fmt.Errorf("graphiql asset %s is missing", name)
		}
		fmt.Fprintf(&b, "<link rel=\"stylesheet\" href=\"%s%s?v=%s\">\n", Prefix, name, a.version)
	}
	fmt.Fprintf(&b, "</head>\n<body>\n<div id=\"graphiql\" data-endpoint=\"%s\">Loading…</div>\n", html.EscapeString(endpoint))
	for _, name := range scripts {
		a, ok := h.assets[name]
		if !ok {
			return nil, fmt.Errorf("graphiql asset %s is missing", name)
		}
		fmt.Fprintf(&b, "<script src=\"%s%s?v=%s\"></script>\n", Prefix, name, a.version)
	}
	b.WriteString("</body>\n</html>\n")
	h.page = []byte(b.String())
	return h, nil
}

// hashAsset reads an embedded asset through once, for its version.
func hashAsset(name string) (asset, error) {
	f, err := files.Open("assets/" + name)
	if err != nil {
		return asset{}, err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return asset{}, err
	}
	return asset{contentType: mime.TypeByExtension(path.Ext(name)), version: hex.EncodeToString(sum.Sum(nil)[:8])}, nil
}

// ServeHTTP answers GET / with the page and GET Prefix+name with an asset.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	if r.URL.Path == "/" {
		hdr.Set("Content-Security-Policy", CSP)
		hdr.Set("Content-Type", "text/html; charset=utf-8")
		hdr.Set("Cache-Control", "no-cache")
		_, _ = w.Write(h.page)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, Prefix)
	a, ok := h.assets[name]
	if !ok || !strings.HasPrefix(r.URL.Path, Prefix) {
		http.NotFound(w, r)
		return
	}
	// Opened before any header is set: a failure is answered without the year-long caching.
	file, err := files.Open("assets/" + name)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	defer file.Close()
	f, ok := file.(io.ReadSeeker) // an embedded file is one
	if !ok {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	hdr.Set("Content-Type", a.contentType)
	if r.URL.Query().Get("v") == a.version {
		// The URL names the content: it never changes.
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	// http.ServeContent answers the conditional and range requests against the ETag (a list of
	// tags in If-None-Match, a HEAD, a download resumed with Range) and sets the length.
	hdr.Set("ETag", `"`+a.version+`"`)
	http.ServeContent(w, r, name, time.Time{}, f)
}
