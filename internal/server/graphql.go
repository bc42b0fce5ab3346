package server

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/graph"
	"secretariat/internal/billing"
	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/server/gqlhttp"
	"secretariat/internal/server/gqllimit"
)

// newGraphQL builds the GraphQL endpoint: spec-conformant HTTP transports and WebSocket, the
// limits, APQ over the shared cache, introspection and suggestions by configuration, and the one
// error presenter.
//
// Every transport bounds what it reads by MAX_BODY_BYTES (files by MAX_UPLOAD_BYTES). Before a
// document is validated its field count is checked, and validation reports a bounded number of
// errors; after, depth, aliases and complexity are checked in time linear in the document. While
// an operation runs, a deadline and a response size bound it (gqllimit.Guard).
//
// fields is the API's field middleware (apiFields); it runs inside the guard's.
func newGraphQL(cfg config.Config, schema graphql.ExecutableSchema, store *kv.Backend, log *slog.Logger, m *metrics, present graphql.ErrorPresenterFunc, ws *sockets, fields graphql.FieldMiddleware) *handler.Server {
	g := cfg.GraphQL
	readLimit := g.MaxBodyBytes
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
		PayloadReadLimit:      &readLimit,
	})
	srv.AddTransport(gqlhttp.GET{MaxQueryBytes: g.MaxBodyBytes, Status: responseStatus})
	// Before POST, which takes every other POST.
	srv.AddTransport(gqlhttp.Multipart{MaxBodyBytes: g.MaxBodyBytes, MaxUploadBytes: g.MaxUploadBytes, MaxMemory: uploadMemoryBytes, Status: responseStatus})
	srv.AddTransport(gqlhttp.POST{MaxBodyBytes: g.MaxBodyBytes, Status: responseStatus})

	parsed := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(parsed)
	srv.SetParserTokenLimit(g.MaxTokens)
	srv.SetDisableSuggestion(!g.Suggestions)
	srv.SetValidationRulesFn(gqllimit.ValidationRules(maxValidationErrors))
	// Outermost, so the operation's transaction (operationTx) runs inside its deadline.
	srv.Use(gqllimit.Guard{
		QueryTimeout:     g.QueryTimeout,
		MutationTimeout:  g.MutationTimeout,
		MaxResponseBytes: g.MaxResponseBytes,
		Present:          present,
		Fields:           fields,
	})
	// Persisted queries first, so the document they fill in is counted; stored last (see
	// gqllimit.PersistedQueries).
	apq := gqllimit.PersistedQueries{
		Cache:    kv.NewAPQCache(store.Cache, 24*time.Hour),
		MaxBytes: g.APQMaxBytes,
		Admit:    admitAPQ(store.RateLimiter, g.APQStoresPerHour, log),
	}
	srv.Use(apq.Lookup())
	srv.Use(gqllimit.Fields{Max: g.MaxFields, TokenLimit: g.MaxTokens, Parsed: parsed})
	if g.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.Use(gqllimit.NoIntrospection{})
	}
	srv.Use(gqllimit.Limits{MaxDepth: g.MaxDepth, MaxAliases: g.MaxAliases})
	srv.Use(gqllimit.Complexity{
		Limit:           g.MaxComplexity,
		DefaultPageSize: graph.DefaultPageSize,
		MaxPageSize:     graph.MaxPageSize,
		ListSize:        g.ListSize,
	})
	srv.Use(apq.Store())
	srv.Use(operationMetrics{m})

	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		// The presenter logs and masks it with the request id.
		return fmt.Errorf("panic in resolver: %v", p)
	})
	return srv
}

// maxValidationErrors is how many validation errors one document gets at most.
const maxValidationErrors = 20

// admitAPQ allows perHour new persisted documents an hour over all replicas (the limiter is
// shared through Redis), in bursts of as many. A limiter that cannot answer stores nothing: the
// document still runs.
func admitAPQ(limiter kv.RateLimiter, perHour int, log *slog.Logger) func(context.Context) bool {
	limit := kv.Limit{Rate: perHour, Period: time.Hour, Burst: perHour}
	return func(ctx context.Context) bool {
		res, err := limiter.Allow(ctx, "apq:store", limit)
		if err != nil {
			log.WarnContext(ctx, "persisted query not stored: rate limiter unavailable", "err", err)
			return false
		}
		return res.Allowed
	}
}

// apiFields is the field middleware of the API, in this order: the lists' conventions
// (graph.AroundFields), every problem of a failed input reported (splitFields), and for a
// mutation's root fields a savepoint each (mutationSteps) and the payment check
// (requirePayment).
//
// It is one function, run inside the guard's own, because gqlgen wraps each link of its chain
// around every field of an answer: a dashboard has thousands, nearly all read from a loaded
// record (neither a method nor a resolver), which take no argument, return no error and are
// never a mutation, so they go straight through.
func apiFields(b *billing.Service) graphql.FieldMiddleware {
	pay := requirePayment(b)
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || (!fc.IsMethod && !fc.IsResolver) {
			return next(ctx)
		}
		resolve := next
		if fc.Object == "Mutation" {
			resolve = func(ctx context.Context) (any, error) {
				return mutationSteps(ctx, func(ctx context.Context) (any, error) { return pay(ctx, next) })
			}
		} else if !graph.HasArguments(fc) {
			return splitFields(ctx, next) // an edge such as a department's head: nothing else to do
		}
		return graph.AroundFields(ctx, func(ctx context.Context) (any, error) { return splitFields(ctx, resolve) })
	}
}
