package server

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/graph"
	"secretariat/internal/config"
	"secretariat/internal/gqlhttp"
	"secretariat/internal/gqllimit"
	"secretariat/internal/kv"
)

// newGraphQL builds the GraphQL endpoint: spec-conformant HTTP transports and WebSocket, the
// limits, APQ over the shared cache, introspection and suggestions by configuration, and the one
// error presenter.
func newGraphQL(cfg config.Config, schema graphql.ExecutableSchema, cache kv.Cache, m *metrics, present graphql.ErrorPresenterFunc, ws *sockets) *handler.Server {
	srv := handler.New(schema)
	srv.AddTransport(transport.Websocket{
		// Browsers may open sockets from the API's own origin and the configured SPA origins.
		Implementation: implementation{transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: cfg.CORSOrigins},
		}},
		InitFunc:              ws.init,
		KeepAlivePingInterval: 15 * time.Second, // legacy graphql-ws clients
		PingPongInterval:      25 * time.Second, // graphql-transport-ws clients
		InitTimeout:           10 * time.Second,
	})
	srv.AddTransport(gqlhttp.GET{Status: rateLimitStatus})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: maxUploadBytes, MaxMemory: uploadMemoryBytes}) // before POST, which takes every other POST
	srv.AddTransport(gqlhttp.POST{MaxBodyBytes: cfg.GraphQL.MaxBodyBytes, Status: rateLimitStatus})

	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(cfg.GraphQL.MaxTokens)
	srv.SetDisableSuggestion(!cfg.GraphQL.Suggestions)
	if cfg.GraphQL.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.Use(gqllimit.NoIntrospection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: kv.NewAPQCache(cache, 24*time.Hour)})
	srv.Use(gqllimit.Limits{MaxDepth: cfg.GraphQL.MaxDepth, MaxAliases: cfg.GraphQL.MaxAliases})
	srv.Use(gqllimit.NewComplexity(cfg.GraphQL.MaxComplexity))
	srv.Use(operationMetrics{m})
	srv.AroundFields(graph.PageSize)

	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		// The presenter logs and masks it with the request id.
		return fmt.Errorf("panic in resolver: %v", p)
	})
	return srv
}
