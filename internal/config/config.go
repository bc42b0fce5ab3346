// Package config reads the server's settings. Every setting is an environment variable with a
// command-line flag twin (DATABASE_URL and --database-url); the flag wins. Settings are validated
// once, at start, and every problem is reported on its own line.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"secretariat/internal/database"
	"secretariat/internal/kv"
)

// Config is every setting of the server.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	// MigrationDatabaseURL connects as the role that owns the tables; DatabaseURL as the
	// application role, which row-level security applies to.
	MigrationDatabaseURL string
	DatabaseMaxConns     int
	Migrate              bool
	RedisURL             string
	// RedisTimeout bounds each dial, read and write to Redis; RedisRetryInterval is how long a
	// failed Redis is left alone (rate limits and persisted queries run in process meanwhile).
	RedisTimeout       time.Duration
	RedisRetryInterval time.Duration
	// SignUpsPerHour is how many sign-ups one client address may make per hour.
	SignUpsPerHour int
	LogLevel       string
	LogFormat      string
	CORSOrigins    []string
	// CORSHeaders are the request headers a browser on a CORS origin may send.
	CORSHeaders []string
	// PublicURL is the server's address as clients reach it, the base of the URLs the API hands
	// out (downloadURL); empty: each request's own scheme and host.
	PublicURL       string
	ShutdownTimeout time.Duration
	// MetricsAddr is where /metrics is served: empty on the main listener, else on a listener
	// of its own (and not on the main one).
	MetricsAddr string
	// PprofAddr is the loopback address of the Go profiler's listener (net/http/pprof); empty:
	// no profiler.
	PprofAddr string
	// GraphiQL serves the GraphiQL page at /.
	GraphiQL bool
	// GCHeapTarget is the heap, in bytes, the garbage collector lets grow to up to five times
	// what is live before it collects (internal/gcpace); 0: Go's default pace. GOGC, when set,
	// wins.
	GCHeapTarget int64
	// TrustedProxies are the load balancers and proxies whose X-Forwarded-For is believed when
	// finding the client address of a request (for per-address rate limits).
	TrustedProxies []netip.Prefix
	// WebSocketAuthInterval is how often an open WebSocket's credential is checked again (besides
	// before every operation and at its expiry).
	WebSocketAuthInterval time.Duration
	// SubscriptionsPerSocket and SubscriptionsPerUser bound the subscriptions running at once on
	// one WebSocket and for one user of one organization on one replica.
	SubscriptionsPerSocket int
	SubscriptionsPerUser   int

	// Access tokens: the signing key files (PEM, PKCS #8 Ed25519) or, with none, a key generated
	// once into DataDir.
	SigningKeyFile          string
	PreviousSigningKeyFiles []string
	TokenIssuer             string
	TokenAudience           string
	AccessTokenTTL          time.Duration

	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIBase       string
	// The Stripe price ids of the paid plans.
	StripePriceConsultancy string
	StripePriceEnterprise  string
	// BillingReturnURL is where Stripe's checkout and portal send the browser back by default.
	BillingReturnURL string
	// BillingSyncInterval is how often the billing outbox is delivered to Stripe.
	BillingSyncInterval time.Duration

	GraphQL GraphQL
}

// GraphQL holds the limits and switches of the GraphQL endpoint.
type GraphQL struct {
	Introspection bool
	Suggestions   bool
	MaxDepth      int
	MaxComplexity int
	MaxAliases    int
	MaxTokens     int
	MaxBodyBytes  int64
	// Bounds of the argument values of one operation, checked before anything is resolved.
	MaxInputDepth  int
	MaxInputValues int
	MaxListLength  int
	// MaxFields bounds the field selections written in one document, checked before validation.
	MaxFields int
	// ListSize is the length the complexity count assumes for a list without pagination.
	ListSize int
	// MaxUploadBytes bounds the files of one multipart request, together; the other parts of
	// the request (operations, map) are bounded by MaxBodyBytes like any other body.
	MaxUploadBytes int64
	// APQMaxBytes is the longest document stored as an automatic persisted query.
	APQMaxBytes int
	// APQStoresPerHour bounds how many new documents all replicas together store as automatic
	// persisted queries in an hour (a burst of as many), so that the stored ones stay few: at most
	// 25 times this figure live at once, each kept for a day.
	APQStoresPerHour int
	// QueryTimeout and MutationTimeout bound each operation; MaxResponseBytes its answer.
	QueryTimeout     time.Duration
	MutationTimeout  time.Duration
	MaxResponseBytes int64
	// MaxConcurrentOperations bounds the queries and mutations a replica runs at once; the others
	// wait for a place within their own deadline.
	MaxConcurrentOperations int
}

// setting is one environment variable and its flag.
type setting struct {
	env, flag, usage string
	value            flag.Value
}

func (c *Config) settings() []setting {
	return []setting{
		{"ADDR", "addr", "address the HTTP server listens on", (*stringValue)(&c.Addr)},
		{"DATA_DIR", "data-dir", "folder of the embedded SQLite file (secretariat.db) and of a generated signing key", (*stringValue)(&c.DataDir)},
		{"DATABASE_URL", "database-url", "PostgreSQL URL (postgres://…); empty: the SQLite file in DATA_DIR", (*stringValue)(&c.DatabaseURL)},
		{"DATABASE_MAX_CONNS", "database-max-conns", "connection pool size (0: 20 on PostgreSQL); on SQLite the reading connections (0: two per CPU, at least 4) beside the one writing connection", (*intValue)(&c.DatabaseMaxConns)},
		{"MIGRATION_DATABASE_URL", "migration-database-url", "PostgreSQL URL of the role that owns the tables, used by migrate and MIGRATE; DATABASE_URL names the application role", (*stringValue)(&c.MigrationDatabaseURL)},
		{"MIGRATE", "migrate", "apply pending PostgreSQL migrations at start instead of refusing to start", (*boolValue)(&c.Migrate)},
		{"REDIS_URL", "redis-url", "Redis URL (redis:// or rediss://; repeat addr= for Cluster, master_name= for Sentinel); empty: in-process", (*stringValue)(&c.RedisURL)},
		{"REDIS_TIMEOUT", "redis-timeout", "longest wait for one dial, read or write to Redis (a redis:// URL's dial_timeout, read_timeout, write_timeout win)", (*durationValue)(&c.RedisTimeout)},
		{"REDIS_RETRY_INTERVAL", "redis-retry-interval", "after a Redis failure, how long rate limits and persisted queries stay in process before Redis is tried again", (*durationValue)(&c.RedisRetryInterval)},
		{"SIGNUPS_PER_HOUR", "signups-per-hour", "sign-ups allowed per client address per hour", (*intValue)(&c.SignUpsPerHour)},
		{"LOG_LEVEL", "log-level", "debug, info, warn or error", (*stringValue)(&c.LogLevel)},
		{"LOG_FORMAT", "log-format", "text or json", (*stringValue)(&c.LogFormat)},
		{"CORS_ORIGINS", "cors-origins", "comma-separated origins of SPA front ends allowed to call the API", (*listValue)(&c.CORSOrigins)},
		{"CORS_HEADERS", "cors-headers", "comma-separated request headers a browser on a CORS origin may send", (*listValue)(&c.CORSHeaders)},
		{"PUBLIC_URL", "public-url", "the server's address as clients reach it (https://api.example.com), the base of the URLs the API hands out; empty: the request's scheme and host", (*stringValue)(&c.PublicURL)},
		{"SHUTDOWN_TIMEOUT", "shutdown-timeout", "how long a shutdown waits for in-flight requests", (*durationValue)(&c.ShutdownTimeout)},
		{"METRICS_ADDR", "metrics-addr", "address of a separate listener for /metrics; empty: /metrics on the main listener (ADDR)", (*stringValue)(&c.MetricsAddr)},
		{"PPROF_ADDR", "pprof-addr", "loopback address (127.0.0.1:6060, [::1]:6060, localhost:6060) of a listener for the Go profiler, /debug/pprof/; empty: off", (*stringValue)(&c.PprofAddr)},
		{"GRAPHIQL", "graphiql", "serve the GraphiQL page at /", (*boolValue)(&c.GraphiQL)},
		{"GC_HEAP_TARGET", "gc-heap-target", "bytes the heap may grow to, up to five times what is live, before the garbage collector runs (never more often than at Go's default pace, twice what is live); 0: Go's default pace; ignored when GOGC is set", (*int64Value)(&c.GCHeapTarget)},
		{"TRUSTED_PROXIES", "trusted-proxies", "comma-separated CIDRs (or addresses) of load balancers whose X-Forwarded-For names the client; empty: the peer address is the client", (*prefixListValue)(&c.TrustedProxies)},
		{"WEBSOCKET_AUTH_INTERVAL", "websocket-auth-interval", "how often an open WebSocket's access token is checked again for revocation (it is also checked before every operation and closed at its expiry)", (*durationValue)(&c.WebSocketAuthInterval)},
		{"SUBSCRIPTIONS_PER_SOCKET", "subscriptions-per-socket", "most subscriptions running at once on one WebSocket (1-100)", (*intValue)(&c.SubscriptionsPerSocket)},
		{"SUBSCRIPTIONS_PER_USER", "subscriptions-per-user", "most subscriptions running at once for one user of one organization on one replica (1-1000)", (*intValue)(&c.SubscriptionsPerUser)},
		{"SIGNING_KEY_FILE", "signing-key-file", "PEM file of the Ed25519 key that signs access tokens; empty: generated once into DATA_DIR", (*stringValue)(&c.SigningKeyFile)},
		{"PREVIOUS_SIGNING_KEY_FILES", "previous-signing-key-files", "comma-separated PEM files of retired keys still accepted during a rotation", (*listValue)(&c.PreviousSigningKeyFiles)},
		{"TOKEN_ISSUER", "token-issuer", "iss of access tokens", (*stringValue)(&c.TokenIssuer)},
		{"TOKEN_AUDIENCE", "token-audience", "aud of access tokens", (*stringValue)(&c.TokenAudience)},
		{"ACCESS_TOKEN_TTL", "access-token-ttl", "lifetime of an access token", (*durationValue)(&c.AccessTokenTTL)},
		{"STRIPE_SECRET_KEY", "stripe-secret-key", "Stripe secret key; empty: billing off", (*stringValue)(&c.StripeSecretKey)},
		{"STRIPE_WEBHOOK_SECRET", "stripe-webhook-secret", "Stripe webhook signing secret", (*stringValue)(&c.StripeWebhookSecret)},
		{"STRIPE_API_BASE", "stripe-api-base", "Stripe API base URL (tests point it at stripe-mock)", (*stringValue)(&c.StripeAPIBase)},
		{"STRIPE_PRICE_CONSULTANCY", "stripe-price-consultancy", "Stripe price id of the CONSULTANCY plan (per active client company)", (*stringValue)(&c.StripePriceConsultancy)},
		{"STRIPE_PRICE_ENTERPRISE", "stripe-price-enterprise", "Stripe price id of the ENTERPRISE plan (per active site)", (*stringValue)(&c.StripePriceEnterprise)},
		{"BILLING_RETURN_URL", "billing-return-url", "where Stripe checkout and portal send the browser back (a client may name another page of a CORS_ORIGINS origin)", (*stringValue)(&c.BillingReturnURL)},
		{"BILLING_SYNC_INTERVAL", "billing-sync-interval", "how often quantity changes waiting in the billing outbox are sent to Stripe", (*durationValue)(&c.BillingSyncInterval)},
		{"GRAPHQL_INTROSPECTION", "graphql-introspection", "answer introspection queries", (*boolValue)(&c.GraphQL.Introspection)},
		{"GRAPHQL_SUGGESTIONS", "graphql-suggestions", `add "did you mean" suggestions to validation errors`, (*boolValue)(&c.GraphQL.Suggestions)},
		{"GRAPHQL_MAX_DEPTH", "graphql-max-depth", "deepest selection a query may have", (*intValue)(&c.GraphQL.MaxDepth)},
		{"GRAPHQL_MAX_COMPLEXITY", "graphql-max-complexity", "highest complexity a query may have", (*intValue)(&c.GraphQL.MaxComplexity)},
		{"GRAPHQL_MAX_ALIASES", "graphql-max-aliases", "most aliases a query may use", (*intValue)(&c.GraphQL.MaxAliases)},
		{"GRAPHQL_MAX_TOKENS", "graphql-max-tokens", "most tokens the parser reads from one document", (*intValue)(&c.GraphQL.MaxTokens)},
		{"MAX_BODY_BYTES", "max-body-bytes", "largest request body accepted, over every transport: a POST body, a GET query string, a WebSocket message, the operations and map parts of a multipart request", (*int64Value)(&c.GraphQL.MaxBodyBytes)},
		{"GRAPHQL_MAX_INPUT_DEPTH", "graphql-max-input-depth", "deepest nesting of input objects in one argument (a where filter's not/and/or)", (*intValue)(&c.GraphQL.MaxInputDepth)},
		{"GRAPHQL_MAX_INPUT_VALUES", "graphql-max-input-values", "most values (objects, list items, scalars) in all the arguments of one operation", (*intValue)(&c.GraphQL.MaxInputValues)},
		{"GRAPHQL_MAX_LIST_LENGTH", "graphql-max-list-length", "most items in one list argument (such as nameIn or ids)", (*intValue)(&c.GraphQL.MaxListLength)},
		{"MAX_UPLOAD_BYTES", "max-upload-bytes", "largest total of the files in one multipart (upload) request", (*int64Value)(&c.GraphQL.MaxUploadBytes)},
		{"GRAPHQL_MAX_FIELDS", "graphql-max-fields", "most field selections one document may write, counted before validation", (*intValue)(&c.GraphQL.MaxFields)},
		{"GRAPHQL_LIST_SIZE", "graphql-list-size", "length the complexity count assumes for a list without pagination", (*intValue)(&c.GraphQL.ListSize)},
		{"GRAPHQL_APQ_MAX_BYTES", "graphql-apq-max-bytes", "longest document kept as an automatic persisted query", (*intValue)(&c.GraphQL.APQMaxBytes)},
		{"GRAPHQL_APQ_STORES_PER_HOUR", "graphql-apq-stores-per-hour", "most new documents stored as automatic persisted queries per hour, all replicas together (past it a document runs but is not stored)", (*intValue)(&c.GraphQL.APQStoresPerHour)},
		{"QUERY_TIMEOUT", "query-timeout", "how long a query may run before it is stopped with TIMEOUT", (*durationValue)(&c.GraphQL.QueryTimeout)},
		{"MUTATION_TIMEOUT", "mutation-timeout", "how long a mutation may run before it is stopped with TIMEOUT and rolled back", (*durationValue)(&c.GraphQL.MutationTimeout)},
		{"MAX_RESPONSE_BYTES", "max-response-bytes", "largest answer to one operation; a larger one is stopped with RESPONSE_TOO_LARGE", (*int64Value)(&c.GraphQL.MaxResponseBytes)},
		{"MAX_CONCURRENT_OPERATIONS", "max-concurrent-operations", "most queries and mutations one replica runs at once; the others wait for a place within their deadline", (*intValue)(&c.GraphQL.MaxConcurrentOperations)},
	}
}

// Default returns the configuration of a server started with nothing set: SQLite in ./data,
// in-process cache, billing off.
// DefaultCORSHeaders are the request headers of this API, of tracing (W3C Trace Context and
// Baggage) and of the usual GraphQL clients (Apollo's client identification and CSRF header).
var DefaultCORSHeaders = []string{
	"Authorization", "Content-Type", "Accept", "Accept-Language", "X-Request-ID",
	"traceparent", "tracestate", "baggage",
	"apollographql-client-name", "apollographql-client-version", "Apollo-Require-Preflight",
	"X-Apollo-Operation-Name",
}

// headerName is an HTTP field name (RFC 9110 token).
var headerName = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func Default() Config {
	return Config{
		Addr:                   ":8080",
		DataDir:                "./data",
		LogLevel:               "info",
		RedisTimeout:           250 * time.Millisecond,
		RedisRetryInterval:     5 * time.Second,
		SignUpsPerHour:         20,
		LogFormat:              "text",
		ShutdownTimeout:        20 * time.Second,
		GraphiQL:               true,
		CORSHeaders:            slices.Clone(DefaultCORSHeaders),
		WebSocketAuthInterval:  30 * time.Second,
		SubscriptionsPerSocket: 10,
		SubscriptionsPerUser:   30,
		BillingReturnURL:       "http://localhost:8080/",
		BillingSyncInterval:    5 * time.Second,
		TokenIssuer:            "secretariat",
		TokenAudience:          "secretariat-api",
		AccessTokenTTL:         15 * time.Minute,
		// Collections are spaced out while little is live (a replica serving a few clients
		// holds about 10 MB) and come at Go's default pace once 24 MB is: 200 clients asking the
		// portfolio at once peaked at 127 MB of resident memory on SQLite and 120 MB on
		// PostgreSQL, against 121 and 115 MB at Go's default pace and 146 and 137 MB with 64 MiB.
		GCHeapTarget: 48 << 20,
		GraphQL: GraphQL{
			Introspection: true,
			Suggestions:   true,
			MaxDepth:      12,
			// A page of 100 companies with their sites and departments (default pages) costs
			// about 170,000; three levels of lists, 100 × 50 × 50 items, cost more.
			MaxComplexity:    200_000,
			MaxAliases:       30,
			MaxTokens:        15000,
			MaxBodyBytes:     1 << 20,
			MaxFields:        500,
			ListSize:         50,
			MaxUploadBytes:   25 << 20,
			APQMaxBytes:      64 << 10,
			APQStoresPerHour: 200,
			QueryTimeout:     5 * time.Second,
			MutationTimeout:  15 * time.Second,
			MaxResponseBytes: 10 << 20,
			// Enough to keep the CPUs and the database busy; more only holds more answers in
			// memory at once while they share the same CPUs.
			MaxConcurrentOperations: 4 * runtime.GOMAXPROCS(0),
			// Far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement,
			// and below SQLite's expression depth of 1,000.
			MaxInputDepth:  10,
			MaxInputValues: 2000,
			MaxListLength:  1000,
		},
	}
}

// Load reads the configuration from the environment (getenv) and the command-line args, and
// validates it. The error lists every problem, one per line.
func Load(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var problems []error
	for _, s := range c.settings() {
		if v := getenv(s.env); v != "" {
			if err := s.value.Set(v); err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", s.env, err))
			}
		}
		fs.Var(s.value, s.flag, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	if err := errors.Join(append(problems, c.Validate())...); err != nil {
		return c, err
	}
	return c, nil
}

// Validate checks the settings against each other and the world they describe.
func (c Config) Validate() error {
	var errs []error
	check := func(env string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", env, err))
		}
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		check("ADDR", fmt.Errorf("must be host:port or :port: %w", err))
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			check("METRICS_ADDR", fmt.Errorf("must be host:port or :port: %w", err))
		} else if c.MetricsAddr == c.Addr {
			check("METRICS_ADDR", errors.New("must differ from ADDR (leave it empty to serve /metrics on ADDR)"))
		}
	}
	if c.PprofAddr != "" {
		host, _, err := net.SplitHostPort(c.PprofAddr)
		switch {
		case err != nil:
			check("PPROF_ADDR", fmt.Errorf("must be host:port: %w", err))
		case !loopback(host):
			check("PPROF_ADDR", errors.New("must be a loopback address such as 127.0.0.1:6060: the profiler shows the process's memory and must not be reachable from the network"))
		case c.PprofAddr == c.Addr || c.PprofAddr == c.MetricsAddr:
			check("PPROF_ADDR", errors.New("must differ from ADDR and METRICS_ADDR"))
		}
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		check("DATA_DIR", errors.New("must be set when DATABASE_URL is empty"))
	}
	check("DATABASE_URL", database.ValidateURL(c.DatabaseURL))
	check("MIGRATION_DATABASE_URL", database.ValidateURL(c.MigrationDatabaseURL))
	if c.MigrationDatabaseURL != "" && c.DatabaseURL == "" {
		check("MIGRATION_DATABASE_URL", errors.New("needs DATABASE_URL: migrations are for PostgreSQL"))
	}
	if c.Migrate && c.DatabaseURL != "" && c.MigrationDatabaseURL == "" {
		check("MIGRATE", errors.New("needs MIGRATION_DATABASE_URL: migrations run as the role that owns the tables, the server as the application role"))
	}
	if c.RedisURL != "" {
		_, err := kv.ParseRedisURL(c.RedisURL)
		check("REDIS_URL", err)
	}
	if c.RedisTimeout < 10*time.Millisecond || c.RedisTimeout > 10*time.Second {
		check("REDIS_TIMEOUT", errors.New("must be between 10ms and 10s"))
	}
	if c.RedisRetryInterval < 100*time.Millisecond || c.RedisRetryInterval > 5*time.Minute {
		check("REDIS_RETRY_INTERVAL", errors.New("must be between 100ms and 5m"))
	}
	if c.SignUpsPerHour < 1 {
		check("SIGNUPS_PER_HOUR", errors.New("must be at least 1"))
	}
	if _, err := c.SlogLevel(); err != nil {
		check("LOG_LEVEL", err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		check("LOG_FORMAT", fmt.Errorf("must be text or json, not %q", c.LogFormat))
	}
	for _, o := range c.CORSOrigins {
		if u, err := url.Parse(o); o != "*" && (err != nil || u.Scheme == "" || u.Host == "" || u.Path != "") {
			check("CORS_ORIGINS", fmt.Errorf("%q is not an origin like https://app.example.com", o))
		}
	}
	for _, h := range c.CORSHeaders {
		if !headerName.MatchString(h) {
			check("CORS_HEADERS", fmt.Errorf("%q is not a header name", h))
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
			u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			check("PUBLIC_URL", fmt.Errorf("%q is not an absolute http(s) URL without query, like https://api.example.com", c.PublicURL))
		}
	}
	if c.StripeAPIBase != "" {
		if u, err := url.Parse(c.StripeAPIBase); err != nil || u.Scheme == "" || u.Host == "" {
			check("STRIPE_API_BASE", fmt.Errorf("%q is not an absolute URL", c.StripeAPIBase))
		}
	}
	if c.SigningKeyFile == "" && len(c.PreviousSigningKeyFiles) > 0 {
		check("PREVIOUS_SIGNING_KEY_FILES", errors.New("needs SIGNING_KEY_FILE: a rotation keeps old keys beside a configured active one"))
	}
	if c.TokenIssuer == "" {
		check("TOKEN_ISSUER", errors.New("must not be empty"))
	}
	if c.TokenAudience == "" {
		check("TOKEN_AUDIENCE", errors.New("must not be empty"))
	}
	if c.AccessTokenTTL < time.Minute || c.AccessTokenTTL > 24*time.Hour {
		check("ACCESS_TOKEN_TTL", errors.New("must be between 1m and 24h"))
	}
	if c.StripeSecretKey != "" {
		for _, s := range [][2]string{
			{"STRIPE_WEBHOOK_SECRET", c.StripeWebhookSecret},
			{"STRIPE_PRICE_CONSULTANCY", c.StripePriceConsultancy},
			{"STRIPE_PRICE_ENTERPRISE", c.StripePriceEnterprise},
		} {
			if s[1] == "" {
				check(s[0], errors.New("must be set when STRIPE_SECRET_KEY is"))
			}
		}
	}
	if u, err := url.Parse(c.BillingReturnURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		check("BILLING_RETURN_URL", fmt.Errorf("%q is not an absolute http or https URL", c.BillingReturnURL))
	}
	positive := []struct {
		env string
		n   int64
	}{
		{"GRAPHQL_MAX_DEPTH", int64(c.GraphQL.MaxDepth)},
		{"GRAPHQL_MAX_COMPLEXITY", int64(c.GraphQL.MaxComplexity)},
		{"GRAPHQL_MAX_ALIASES", int64(c.GraphQL.MaxAliases)},
		{"GRAPHQL_MAX_TOKENS", int64(c.GraphQL.MaxTokens)},
		{"MAX_BODY_BYTES", c.GraphQL.MaxBodyBytes},
		{"MAX_UPLOAD_BYTES", c.GraphQL.MaxUploadBytes},
		{"GRAPHQL_MAX_FIELDS", int64(c.GraphQL.MaxFields)},
		{"GRAPHQL_LIST_SIZE", int64(c.GraphQL.ListSize)},
		{"GRAPHQL_APQ_MAX_BYTES", int64(c.GraphQL.APQMaxBytes)},
		{"GRAPHQL_APQ_STORES_PER_HOUR", int64(c.GraphQL.APQStoresPerHour)},
		{"QUERY_TIMEOUT", int64(c.GraphQL.QueryTimeout)},
		{"MUTATION_TIMEOUT", int64(c.GraphQL.MutationTimeout)},
		{"MAX_RESPONSE_BYTES", c.GraphQL.MaxResponseBytes},
		{"MAX_CONCURRENT_OPERATIONS", int64(c.GraphQL.MaxConcurrentOperations)},
		{"SHUTDOWN_TIMEOUT", int64(c.ShutdownTimeout)},
		{"BILLING_SYNC_INTERVAL", int64(c.BillingSyncInterval)},
		{"WEBSOCKET_AUTH_INTERVAL", int64(c.WebSocketAuthInterval)},
		{"GRAPHQL_MAX_INPUT_DEPTH", int64(c.GraphQL.MaxInputDepth)},
		{"GRAPHQL_MAX_INPUT_VALUES", int64(c.GraphQL.MaxInputValues)},
		{"GRAPHQL_MAX_LIST_LENGTH", int64(c.GraphQL.MaxListLength)},
	}
	for _, p := range positive {
		if p.n <= 0 {
			check(p.env, errors.New("must be greater than zero"))
		}
	}
	if c.SubscriptionsPerSocket < 1 || c.SubscriptionsPerSocket > 100 {
		check("SUBSCRIPTIONS_PER_SOCKET", errors.New("must be between 1 and 100"))
	}
	if c.SubscriptionsPerUser < 1 || c.SubscriptionsPerUser > 1000 {
		check("SUBSCRIPTIONS_PER_USER", errors.New("must be between 1 and 1000"))
	}
	if c.DatabaseMaxConns < 0 {
		check("DATABASE_MAX_CONNS", errors.New("must not be negative"))
	}
	if c.GCHeapTarget < 0 {
		check("GC_HEAP_TARGET", errors.New("must not be negative (0: Go's default pace)"))
	}
	return errors.Join(errs...)
}

// BillingEnabled reports whether Stripe is configured.
func (c Config) BillingEnabled() bool { return c.StripeSecretKey != "" }

// SlogLevel returns the configured log level.
func (c Config) SlogLevel() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("must be debug, info, warn or error, not %q", c.LogLevel)
	}
	return l, nil
}

// Usage writes the table of settings, as the README shows it.
func Usage(w io.Writer) {
	c := Default()
	for _, s := range c.settings() {
		fmt.Fprintf(w, "%-24s --%-24s %s (default %q)\n", s.env, s.flag, s.usage, s.value.String())
	}
}

type stringValue string

func (v *stringValue) String() string     { return string(*v) }
func (v *stringValue) Set(s string) error { *v = stringValue(s); return nil }

type intValue int

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }
func (v *intValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = intValue(n)
	return nil
}

type int64Value int64

func (v *int64Value) String() string { return strconv.FormatInt(int64(*v), 10) }
func (v *int64Value) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	*v = int64Value(n)
	return nil
}

type boolValue bool

func (v *boolValue) String() string   { return strconv.FormatBool(bool(*v)) }
func (v *boolValue) IsBoolFlag() bool { return true }
func (v *boolValue) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("%q is not true or false", s)
	}
	*v = boolValue(b)
	return nil
}

type durationValue time.Duration

func (v *durationValue) String() string { return time.Duration(*v).String() }
func (v *durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration like 20s", s)
	}
	*v = durationValue(d)
	return nil
}

// prefixListValue reads comma-separated CIDRs; a bare address stands for itself alone.
type prefixListValue []netip.Prefix

func (v *prefixListValue) String() string {
	parts := make([]string, len(*v))
	for i, p := range *v {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

func (v *prefixListValue) Set(s string) error {
	*v = nil
	var bad []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				bad = append(bad, part)
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		*v = append(*v, p.Masked())
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s: not a CIDR like 10.0.0.0/8 or an address", strings.Join(bad, ", "))
	}
	return nil
}

type listValue []string

func (v *listValue) String() string { return strings.Join(*v, ",") }
func (v *listValue) Set(s string) error {
	*v = nil
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			*v = append(*v, part)
		}
	}
	return nil
}

// loopback reports whether host names this machine only: localhost or a loopback IP.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
