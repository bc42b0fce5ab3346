// Package server wires the HTTP side: the GraphQL endpoint and GraphiQL, health and readiness,
// Prometheus metrics, request ids, logging, CORS and graceful shutdown. Domain rules live in the
// internal/<module> services, never here.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"secretariat/graph"
	"secretariat/internal/auth"
	"secretariat/internal/auth/token"
	"secretariat/internal/billing"
	"secretariat/internal/clientaddr"
	"secretariat/internal/config"
	"secretariat/internal/database"
	"secretariat/internal/events"
	"secretariat/internal/graphiql"
	"secretariat/internal/kv"
	"secretariat/internal/publicurl"
	"secretariat/internal/requestid"
	"secretariat/internal/server/gqllimit"
	"secretariat/internal/training"
	"secretariat/internal/viewer"
)

// Deps are what the server is built from.
type Deps struct {
	Config config.Config
	DB     *database.DB
	KV     *kv.Backend
	Log    *slog.Logger
	// Keys sign and verify access tokens; /.well-known/jwks.json publishes their public halves.
	Keys *token.KeySet
	// Authenticate replaces the bearer-token check (auth.Service.Authenticate) in tests that
	// sign viewers in directly; production leaves it nil.
	Authenticate func(*http.Request) (*viewer.Viewer, error)
	// Billing is the billing service whose outbox the caller delivers (billing.RunSync); nil
	// builds one from Config.
	Billing *billing.Service
}

// Server is the HTTP server of the API.
type Server struct {
	cfg     config.Config
	log     *slog.Logger
	handler http.Handler

	// baseCtx is the parent of every request context. http.Server.Shutdown neither waits for
	// nor closes WebSocket connections; cancelling baseCtx makes gqlgen end their subscriptions
	// and close them, and sockets counts them until they are gone.
	baseCtx    context.Context
	cancelBase context.CancelFunc
	sockets    sync.WaitGroup

	// metrics serves /metrics when METRICS_ADDR names a listener of its own (ServeMetrics).
	metrics http.Handler

	// training renews expiring training completions (RunJobs).
	training *training.Service
}

// renewEvery is how often expiring training completions are renewed.
const renewEvery = time.Hour

// RunJobs runs the modules' background work until ctx ends: the renewal of training completions
// that expire (every hour; each completion is handled once, whichever replica gets it first).
func (s *Server) RunJobs(ctx context.Context) {
	s.training.RunRenewals(ctx, renewEvery)
}

// New builds the server and its routes.
func New(d Deps) (*Server, error) {
	reg := prometheus.NewRegistry()
	m := newMetrics(reg, d.DB.SQL)
	issuer := token.NewIssuer(d.Keys, d.Config.TokenIssuer, d.Config.TokenAudience, d.Config.AccessTokenTTL)
	// Without Redis, rate limits and persisted queries go on in process (logged, counted in
	// secretariat_kv_degraded_total); revoked sessions live in the database.
	store := kv.Degrade(d.KV, kv.DegradeOptions{
		Cooldown:   d.Config.RedisRetryInterval,
		OnDegraded: func(op string) { m.kvDegraded.WithLabelValues(op).Inc() },
		Log:        d.Log,
	})
	authService, err := auth.NewService(d.DB, issuer, store, d.Log)
	if err != nil {
		return nil, err
	}
	limits := auth.DefaultLimits
	limits.SignUpPerAddress = kv.Limit{Rate: d.Config.SignUpsPerHour, Period: time.Hour, Burst: d.Config.SignUpsPerHour}
	authService.SetLimits(limits)
	// The server's own tokens: a GraphQL request's member is read inside its operation.
	var tokens bearers
	if d.Authenticate == nil {
		d.Authenticate = scopedAuthentication(d.DB, authService.Authenticate)
		tokens = authService
	}
	if d.Billing == nil {
		d.Billing = Billing(d)
	}
	bus := events.NewBus(d.KV.PubSub, d.Log)
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "secretariat_pubsub_dropped_total",
		Help: "Messages of pub/sub (subscription events) dropped because a subscriber fell behind.",
	}, func() float64 { return float64(bus.Dropped()) }))
	modules := newModules(d, authService, bus, store.Cache)
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "secretariat_portfolio_cache_hits_total",
		Help: "Client companies whose portfolio figures were found cached.",
	}, func() float64 { hits, _ := modules.Portfolio.CacheStats(); return float64(hits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "secretariat_portfolio_cache_misses_total",
			Help: "Client companies whose portfolio figures were read from the database (not cached, or changed since).",
		}, func() float64 { _, misses := modules.Portfolio.CacheStats(); return float64(misses) }))
	schema := graph.NewSchema(&graph.Resolver{Client: d.DB.Client, Log: d.Log, Modules: modules})
	present := presentError(d.Log, m.countError)
	ws := &sockets{authenticate: d.Authenticate, interval: d.Config.WebSocketAuthInterval, log: d.Log, present: present, now: time.Now}
	gql := newGraphQL(d.Config, schema, store, d.Log, m, present, ws, apiFields(d.Billing))
	// The viewer of a WebSocket operation is resolved before its transaction takes the viewer's
	// row-level security scope.
	gql.AroundOperations(ws.operation)
	gql.AroundOperations(ws.subscriptions(&subscriptions{
		perSocket: d.Config.SubscriptionsPerSocket,
		perUser:   d.Config.SubscriptionsPerUser,
		byUser:    map[string]int{},
	}))
	inputs := gqllimit.Inputs{
		MaxDepth:  d.Config.GraphQL.MaxInputDepth,
		MaxValues: d.Config.GraphQL.MaxInputValues,
		MaxList:   d.Config.GraphQL.MaxListLength,
		Field:     graph.CheckPage,
	}
	if err := inputs.Validate(); err != nil {
		return nil, fmt.Errorf("new server: %w", err)
	}
	// The variables as sent, before the document is parsed and they are coerced; then every
	// argument, variables substituted.
	gql.Use(gqllimit.Variables{Inputs: inputs, Present: present})
	gql.AroundOperations(checkInputs(inputs, present))
	// Inside the guard's deadline, before the operation's transaction begins.
	gql.AroundOperations(gqllimit.NewAdmission(d.Config.GraphQL.MaxConcurrentOperations).Operation)
	gql.AroundOperations(operationTx(d.DB, tokens, d.Log))
	gql.AroundOperations(graph.Memo)

	mux := http.NewServeMux()
	srv := &Server{cfg: d.Config, log: d.Log, training: modules.Training}
	srv.baseCtx, srv.cancelBase = context.WithCancel(context.Background())

	requestLimit := max(d.Config.GraphQL.QueryTimeout, d.Config.GraphQL.MutationTimeout) + time.Second
	mux.Handle(graphqlPath, srv.countSockets(withDeadline(requestLimit, ws.track(gql))))
	if d.Config.GraphiQL {
		page, err := graphiql.New(graphqlPath)
		if err != nil {
			return nil, fmt.Errorf("graphiql: %w", err)
		}
		mux.Handle("GET /{$}", page)
		mux.Handle("GET "+graphiql.Prefix, page)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /readyz", readiness(d.DB, d.KV, d.Log))
	mux.Handle("GET /.well-known/jwks.json", jwks(d.Keys, d.Log))
	mux.Handle("GET /files/document-versions/{id}", downloads(d, "document file", modules.Documents.OpenFile))
	mux.Handle("GET /files/audit-evidence/{id}", downloads(d, "evidence file", modules.Audits.OpenEvidence))
	mux.Handle("GET /exports/companies/{companyID}/{file}", exportFiles(d, modules.Excel))
	mux.Handle("GET /exports/audits/{auditID}/{file}", exportChecklist(d, modules.Excel))
	mux.Handle("GET "+calendarPrefix+"{file}", calendarFeed(d, authService, modules.Calendar))
	metricsHandler := promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	if d.Config.MetricsAddr == "" {
		mux.Handle("GET /metrics", metricsHandler)
	} else {
		metricsMux := http.NewServeMux()
		metricsMux.Handle("GET /metrics", metricsHandler)
		srv.metrics = securityHeaders(metricsMux)
	}
	if d.Billing.Enabled() {
		mux.Handle("POST /webhooks/stripe", d.Billing.Webhook(d.DB.Run, d.Config.GraphQL.MaxBodyBytes))
		billingMetrics(reg, d.Billing, d.Log)
	}

	var h http.Handler = routed(mux)
	h = announceOn(bus, h)
	h = authenticate(d.Authenticate, tokens, d.Log, h)
	h = withCORS(d.Config.CORSOrigins, d.Config.CORSHeaders, h)
	h = logRequests(d.Log, m, h)
	h = publicurl.Middleware(d.Config.PublicURL, func(r *http.Request) bool {
		return clientaddr.FromTrustedProxy(d.Config.TrustedProxies, r)
	}, h)
	h = clientaddr.Middleware(d.Config.TrustedProxies, h)
	h = requestid.Middleware(h)
	h = securityHeaders(h)

	srv.handler = h
	return srv, nil
}

// announceOn makes the writes of every request announce their events on bus once they commit
// (package events), so that subscribers on every replica hear of them.
func announceOn(bus *events.Bus, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(events.NewContext(r.Context(), bus)))
	})
}

// countSockets tracks WebSocket connections: gqlgen's transport returns only when one closes.
func (s *Server) countSockets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			s.sockets.Add(1)
			defer s.sockets.Done()
		}
		next.ServeHTTP(w, r)
	})
}

// withDeadline bounds a plain HTTP request by the longest operation timeout, so that whatever
// a request does outside its operation ends too: reading its body (a read deadline on the
// connection), parsing and validating (its context). WebSocket connections are meant to last, and
// an upload may take longer than an operation to arrive over a slow link: their operations have
// their own deadlines (gqllimit.Guard), counted once the request has been read.
func withDeadline(limit time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" || strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			next.ServeHTTP(w, r)
			return
		}
		deadline := time.Now().Add(limit)
		_ = http.NewResponseController(w).SetReadDeadline(deadline)
		ctx, cancel := context.WithDeadline(r.Context(), deadline)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Handler returns the root HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// jwks publishes the public keys that verify access tokens; clients may cache them briefly, so a
// rotated-in key is published before it signs (see README).
func jwks(keys *token.KeySet, log *slog.Logger) http.Handler {
	body, err := keys.JWKS()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err != nil {
			log.ErrorContext(r.Context(), "encode jwks", "error", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Header().Set("Cache-Control", "public, max-age=300")
		_, _ = w.Write(body)
	})
}

// readiness answers 200 when the database answers, and 503 when it does not. The shared cache is
// checked and reported, but a node without it still serves (rate limits and persisted queries in
// process, see kv.Degrade): were it unready, an outage of Redis would take every replica out of
// the load balancer at once, which is the hard dependency this avoids.
func readiness(db *database.DB, store *kv.Backend, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		dbErr := db.Ping(ctx)
		cacheErr := store.Ping(ctx)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		switch {
		case dbErr != nil:
			problems := []string{"database: " + dbErr.Error()}
			if cacheErr != nil {
				problems = append(problems, "cache: "+cacheErr.Error())
			}
			log.WarnContext(r.Context(), "not ready", "problems", problems)
			w.WriteHeader(http.StatusServiceUnavailable)
			for _, p := range problems {
				fmt.Fprintln(w, p)
			}
		case cacheErr != nil:
			log.WarnContext(r.Context(), "ready, degraded", "problems", []string{"cache: " + cacheErr.Error()})
			fmt.Fprintf(w, "ready, degraded\ncache: %s\n", cacheErr)
		default:
			_, _ = w.Write([]byte("ready\n"))
		}
	})
}

// ServeMetrics serves /metrics on l, the listener of METRICS_ADDR, until ctx is cancelled. It
// refuses when METRICS_ADDR is empty: /metrics is then on the main listener.
func (s *Server) ServeMetrics(ctx context.Context, l net.Listener) error {
	if s.metrics == nil {
		return errors.New("metrics are served on the main listener (METRICS_ADDR is empty)")
	}
	return s.serveAside(ctx, l, s.metrics, "metrics")
}

// serveAside serves h on l, a listener beside the main one, until ctx is cancelled, then shuts
// down within SHUTDOWN_TIMEOUT.
func (s *Server) serveAside(ctx context.Context, l net.Listener, h http.Handler, name string) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		defer cancel()
		_ = hs.Shutdown(shutdownCtx)
	}()
	s.log.Info(name+" listening", "addr", l.Addr().String())
	if err := hs.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("%s server: %w", name, err)
	}
	return nil
}

// ServeProfiler serves the Go profiler (net/http/pprof, under /debug/pprof/) on l, the loopback
// listener of PPROF_ADDR, until ctx is cancelled. Nothing else is served there, and the
// profiler is never on the main listener.
func (s *Server) ServeProfiler(ctx context.Context, l net.Listener) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return s.serveAside(ctx, l, mux, "profiler")
}

// Serve listens on l until ctx is cancelled, then drains in-flight requests for up to the
// configured shutdown timeout and closes WebSocket connections.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return s.baseCtx },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	s.log.Info("listening", "addr", l.Addr().String())

	select {
	case err := <-errc:
		s.cancelBase()
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	// Stop accepting and drain plain requests first, so none is cancelled midway; then end
	// the subscriptions and wait for their connections to close.
	err := hs.Shutdown(shutdownCtx)
	s.cancelBase()
	socketsClosed := make(chan struct{})
	go func() { s.sockets.Wait(); close(socketsClosed) }()
	select {
	case <-socketsClosed:
	case <-shutdownCtx.Done():
		s.log.Warn("shutdown timed out with WebSocket connections open")
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.log.Info("stopped")
	return nil
}
