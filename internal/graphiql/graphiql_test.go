package graphiql

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandler_AssetURLsNameTheirContent(t *testing.T) {
	h, err := New("/graphql")
	require.NoError(t, err)
	get := func(target string, headers ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Set(headers[i], headers[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	page := get("/")
	assert.Equal(t, CSP, page.Header().Get("Content-Security-Policy"))
	assert.Contains(t, page.Body.String(), `data-endpoint="/graphql"`)

	m := regexp.MustCompile(`src="(/graphiql/graphiql\.min\.js)\?v=([0-9a-f]{16})"`).FindStringSubmatch(page.Body.String())
	require.NotNil(t, m)
	current := get(m[1] + "?v=" + m[2])
	assert.Equal(t, "public, max-age=31536000, immutable", current.Header().Get("Cache-Control"))
	assert.Equal(t, `"`+m[2]+`"`, current.Header().Get("ETag"))
	embedded, err := files.ReadFile("assets/graphiql.min.js")
	require.NoError(t, err)
	assert.Equal(t, embedded, current.Body.Bytes(), "the asset is sent whole, as embedded")
	assert.Equal(t, strconv.Itoa(len(embedded)), current.Header().Get("Content-Length"))
	sum := sha256.Sum256(embedded)
	assert.Equal(t, hex.EncodeToString(sum[:8]), m[2], "the version is the content's hash")

	stale := get(m[1] + "?v=0000000000000000")
	assert.Equal(t, http.StatusOK, stale.Code)
	assert.Equal(t, "no-cache", stale.Header().Get("Cache-Control"), "a URL that names other content is not cached")

	assert.Equal(t, http.StatusNotModified, get(m[1], "If-None-Match", `"`+m[2]+`"`).Code)
	assert.Equal(t, http.StatusNotModified, get(m[1], "If-None-Match", `"0000000000000000", "`+m[2]+`"`).Code,
		"a browser that holds several versions lists their tags")
	assert.Equal(t, http.StatusOK, get(m[1], "If-None-Match", `"0000000000000000"`).Code)
	part := get(m[1]+"?v="+m[2], "Range", "bytes=10-19")
	assert.Equal(t, http.StatusPartialContent, part.Code, "a download resumed")
	assert.Equal(t, embedded[10:20], part.Body.Bytes())
	head := httptest.NewRecorder()
	h.ServeHTTP(head, httptest.NewRequest(http.MethodHead, m[1]+"?v="+m[2], nil))
	assert.Equal(t, strconv.Itoa(len(embedded)), head.Header().Get("Content-Length"), "a HEAD tells the length")
	assert.Empty(t, head.Body.Bytes(), "and sends no body")
	assert.Equal(t, http.StatusNotFound, get("/graphiql/README.md").Code)
	assert.Equal(t, http.StatusNotFound, get("/graphiql/").Code)
}

func TestNew_EscapesTheEndpoint(t *testing.T) {
	h, err := New(`/graphql"><script>alert(1)</script>`)
	require.NoError(t, err)
	assert.NotContains(t, string(h.page), "<script>alert")
}
