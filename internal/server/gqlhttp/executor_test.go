package gqlhttp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/stretchr/testify/assert"
)

// Every error, whether raised here or by the executor, goes through the
// server's error presenter and keeps its extensions.code.
func TestErrorPresenter(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{MaxBodyBytes: 64}, func(s *handler.Server) {
		s.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
			presented := graphql.DefaultErrorPresenter(ctx, err)
			presented.Message = "presented: " + presented.Message
			return presented
		})
	})
	tests := []struct {
		name string
		got  reply
		want expect
	}{
		{"malformed", post(t, endpoint, appJSON, gqlResp, `{}`), expect{status: 400, mimeType: gqlRespType, code: CodeBadRequest}},
		{"too large", post(t, endpoint, appJSON, gqlResp, `{"query":"`+strings.Repeat("x", 64)+`"}`), expect{status: 413, mimeType: gqlRespType, code: CodeBadRequest}},
		{"not acceptable", post(t, endpoint, appJSON, "text/html", `{"query":"{ name }"}`), expect{status: 406, mimeType: jsonType, code: CodeBadRequest}},
		{"validation", post(t, endpoint, appJSON, appJSON, `{"query":"{ nope }"}`), expect{status: 200, mimeType: jsonType, code: "GRAPHQL_VALIDATION_FAILED"}},
		{"mutation over GET", get(t, endpoint, gqlResp, url.Values{"query": {"mutation { name }"}}), expect{status: 405, mimeType: gqlRespType, code: CodeBadRequest}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.check(t, tt.got)
			assert.True(t, strings.HasPrefix(tt.got.errors(t)[0].Message, "presented: "), tt.got.errors(t)[0].Message)
		})
	}
}

// A request carrying only an automatic-persisted-query hash is well-formed:
// it reaches gqlgen's APQ extension, which answers PersistedQueryNotFound
// until the client has sent the query with its hash once.
func TestAutomaticPersistedQuery(t *testing.T) {
	endpoint := newServer(t, testserver.New(), POST{}, func(s *handler.Server) {
		s.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](10)})
	})
	const query = "{ name }"
	sum := sha256.Sum256([]byte(query))
	ext := fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":%q}}`, hex.EncodeToString(sum[:]))
	hashOnly := `{"extensions":` + ext + `}`
	getHashOnly := url.Values{"extensions": {ext}}
	notFound := func(t *testing.T, got reply, want expect) {
		t.Helper()
		want.code = "PERSISTED_QUERY_NOT_FOUND"
		want.check(t, got)
		assert.Equal(t, "PersistedQueryNotFound", got.errors(t)[0].Message)
	}

	notFound(t, post(t, endpoint, appJSON, gqlResp, hashOnly), expect{status: 400, mimeType: gqlRespType})
	notFound(t, post(t, endpoint, appJSON, appJSON, hashOnly), expect{status: 200, mimeType: jsonType})
	notFound(t, get(t, endpoint, gqlResp, getHashOnly), expect{status: 400, mimeType: gqlRespType})

	register := fmt.Sprintf(`{"query":%q,"extensions":%s}`, query, ext)
	expect{status: 200, mimeType: gqlRespType, data: true}.check(t, post(t, endpoint, appJSON, gqlResp, register))
	expect{status: 200, mimeType: gqlRespType, data: true}.check(t, post(t, endpoint, appJSON, gqlResp, hashOnly))
	expect{status: 200, mimeType: jsonType, data: true}.check(t, get(t, endpoint, "", getHashOnly))
}
