package config

import (
	"io"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad_NothingSetGivesTheEmbeddedDefaults(t *testing.T) {
	c, err := Load("serve", nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, ":8080", c.Addr)
	assert.Equal(t, "./data", c.DataDir)
	assert.Empty(t, c.DatabaseURL, "SQLite")
	assert.Empty(t, c.RedisURL, "in-process cache")
	assert.False(t, c.BillingEnabled())
	assert.True(t, c.GraphQL.Introspection)
	assert.Contains(t, c.CORSHeaders, "traceparent")
	assert.Empty(t, c.PublicURL, "URLs from each request")
	assert.Equal(t, int64(48<<20), c.GCHeapTarget, "the collector paced by the live heap")
}

func TestLoad_GCHeapTargetZeroLeavesGosDefaultPace(t *testing.T) {
	c, err := Load("serve", nil, env(map[string]string{"GC_HEAP_TARGET": "0"}), io.Discard)
	require.NoError(t, err)
	assert.Zero(t, c.GCHeapTarget)
	c, err = Load("serve", []string{"--gc-heap-target", "134217728"}, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, int64(128<<20), c.GCHeapTarget)
}

func TestLoad_FlagWinsOverEnvironment(t *testing.T) {
	c, err := Load("serve", []string{"--addr", "127.0.0.1:9000", "--graphql-introspection=false", "--cors-origins", "https://a.example.com, https://b.example.com"},
		env(map[string]string{"ADDR": ":7000", "LOG_FORMAT": "json", "SHUTDOWN_TIMEOUT": "5s", "GRAPHQL_INTROSPECTION": "true",
			"PUBLIC_URL": "https://secretariat.example.jp/api", "CORS_HEADERS": "Authorization,Content-Type,X-Tenant-Hint"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9000", c.Addr)
	assert.Equal(t, "json", c.LogFormat)
	assert.Equal(t, 5*time.Second, c.ShutdownTimeout)
	assert.False(t, c.GraphQL.Introspection)
	assert.Equal(t, []string{"https://a.example.com", "https://b.example.com"}, c.CORSOrigins)
	assert.Equal(t, "https://secretariat.example.jp/api", c.PublicURL)
	assert.Equal(t, []string{"Authorization", "Content-Type", "X-Tenant-Hint"}, c.CORSHeaders)
}

func TestLoad_EveryProblemIsReportedOnItsOwnLine(t *testing.T) {
	_, err := Load("serve", nil, env(map[string]string{
		"ADDR":                        "nope",
		"DATABASE_URL":                "mysql://x",
		"REDIS_URL":                   "http://redis",
		"LOG_LEVEL":                   "loud",
		"LOG_FORMAT":                  "xml",
		"GRAPHQL_MAX_DEPTH":           "0",
		"MAX_BODY_BYTES":              "lots",
		"CORS_ORIGINS":                "app.example.com",
		"STRIPE_SECRET_KEY":           "sk_test_x",
		"STRIPE_API_BASE":             "localhost",
		"GRAPHQL_SUGGESTIONS":         "maybe",
		"DATABASE_MAX_CONNS":          "-1",
		"SHUTDOWN_TIMEOUT":            "soon",
		"GRAPHQL_MAX_ALIASES":         "-3",
		"GRAPHQL_MAX_TOKENS":          "0",
		"BILLING_RETURN_URL":          "/billing",
		"BILLING_SYNC_INTERVAL":       "0s",
		"METRICS_ADDR":                "metrics",
		"TRUSTED_PROXIES":             "10.0.0.0/8, lb.internal",
		"WEBSOCKET_AUTH_INTERVAL":     "0s",
		"GRAPHQL_MAX_INPUT_DEPTH":     "0",
		"GRAPHQL_MAX_INPUT_VALUES":    "-1",
		"GRAPHQL_MAX_LIST_LENGTH":     "0",
		"GRAPHQL_APQ_STORES_PER_HOUR": "0",
		"CORS_HEADERS":                "Authorization, X Bad",
		"PUBLIC_URL":                  "api.example.com/x?y=1",
		"SUBSCRIPTIONS_PER_SOCKET":    "0",
		"SUBSCRIPTIONS_PER_USER":      "1001",
		"GC_HEAP_TARGET":              "-1",
	}), io.Discard)
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	for _, name := range []string{"ADDR", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL", "LOG_FORMAT", "GRAPHQL_MAX_DEPTH",
		"MAX_BODY_BYTES", "CORS_ORIGINS", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "GRAPHQL_SUGGESTIONS",
		"DATABASE_MAX_CONNS", "SHUTDOWN_TIMEOUT", "GRAPHQL_MAX_ALIASES", "GRAPHQL_MAX_TOKENS",
		"STRIPE_PRICE_CONSULTANCY", "STRIPE_PRICE_ENTERPRISE", "BILLING_RETURN_URL", "BILLING_SYNC_INTERVAL",
		"METRICS_ADDR", "TRUSTED_PROXIES", "WEBSOCKET_AUTH_INTERVAL", "GRAPHQL_MAX_INPUT_DEPTH",
		"GRAPHQL_MAX_INPUT_VALUES", "GRAPHQL_MAX_LIST_LENGTH", "GRAPHQL_APQ_STORES_PER_HOUR", "CORS_HEADERS", "PUBLIC_URL",
		"SUBSCRIPTIONS_PER_SOCKET", "SUBSCRIPTIONS_PER_USER", "GC_HEAP_TARGET"} {
		found := 0
		for _, l := range lines {
			if strings.HasPrefix(l, name+":") {
				found++
			}
		}
		assert.Equal(t, 1, found, "one line for %s in:\n%s", name, err)
	}
}

func TestLoad_UnknownFlagAndStrayArgumentsAreRefused(t *testing.T) {
	_, err := Load("serve", []string{"--no-such-flag"}, env(nil), io.Discard)
	assert.Error(t, err)
	_, err = Load("serve", []string{"extra"}, env(nil), io.Discard)
	assert.ErrorContains(t, err, "unexpected arguments: extra")
}

func TestUsage_ListsEveryEnvironmentVariableWithItsFlag(t *testing.T) {
	var b strings.Builder
	Usage(&b)
	c := Default()
	for _, s := range c.settings() {
		assert.Contains(t, b.String(), s.env)
		assert.Contains(t, b.String(), "--"+s.flag)
	}
}

func TestLoad_TrustedProxiesAreCIDRsOrAddresses(t *testing.T) {
	c, err := Load("serve", nil, env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7, 2001:db8::/32"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"), netip.MustParsePrefix("2001:db8::/32")}, c.TrustedProxies)
	assert.Empty(t, Default().TrustedProxies, "no proxy is trusted unless configured")
}

func TestLoad_MetricsAddrMustDifferFromAddr(t *testing.T) {
	_, err := Load("serve", nil, env(map[string]string{"METRICS_ADDR": ":8080"}), io.Discard)
	assert.ErrorContains(t, err, "METRICS_ADDR: must differ from ADDR")
	c, err := Load("serve", nil, env(map[string]string{"METRICS_ADDR": "127.0.0.1:9090"}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:9090", c.MetricsAddr)
}

func TestLoad_PprofAddrIsOffByDefaultAndOnLoopbackOnly(t *testing.T) {
	c, err := Load("serve", nil, env(nil), io.Discard)
	require.NoError(t, err)
	assert.Empty(t, c.PprofAddr, "no profiler unless asked")
	for _, addr := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
		c, err := Load("serve", nil, env(map[string]string{"PPROF_ADDR": addr}), io.Discard)
		require.NoError(t, err, addr)
		assert.Equal(t, addr, c.PprofAddr)
	}
	for addr, want := range map[string]string{
		":6060":          "must be a loopback address",
		"0.0.0.0:6060":   "must be a loopback address",
		"10.0.0.5:6060":  "must be a loopback address",
		"pprof":          "must be host:port",
		"127.0.0.1:8080": "must differ from ADDR and METRICS_ADDR",
	} {
		_, err := Load("serve", nil, env(map[string]string{"PPROF_ADDR": addr, "ADDR": "127.0.0.1:8080"}), io.Discard)
		assert.ErrorContains(t, err, "PPROF_ADDR: "+want, addr)
	}
}

func TestLoad_OperationLimitsHaveDefaultsAndMustBePositive(t *testing.T) {
	c, err := Load("serve", []string{"--mutation-timeout", "30s"}, env(map[string]string{
		"QUERY_TIMEOUT":      "2s",
		"MAX_RESPONSE_BYTES": "1048576",
		"GRAPHQL_MAX_FIELDS": "300",
	}), io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 2*time.Second, c.GraphQL.QueryTimeout)
	assert.Equal(t, 30*time.Second, c.GraphQL.MutationTimeout)
	assert.EqualValues(t, 1<<20, c.GraphQL.MaxResponseBytes)
	assert.Equal(t, 300, c.GraphQL.MaxFields)
	assert.Equal(t, 50, c.GraphQL.ListSize, "the default")
	assert.EqualValues(t, 25<<20, c.GraphQL.MaxUploadBytes, "the default")
	assert.Equal(t, 4*runtime.GOMAXPROCS(0), c.GraphQL.MaxConcurrentOperations, "the default: four per CPU")

	names := []string{"QUERY_TIMEOUT", "MUTATION_TIMEOUT", "MAX_RESPONSE_BYTES", "GRAPHQL_MAX_FIELDS",
		"GRAPHQL_LIST_SIZE", "GRAPHQL_APQ_MAX_BYTES", "MAX_UPLOAD_BYTES", "MAX_CONCURRENT_OPERATIONS"}
	zero := map[string]string{}
	for _, name := range names {
		zero[name] = "0"
	}
	zero["QUERY_TIMEOUT"], zero["MUTATION_TIMEOUT"] = "0s", "-1s"
	_, err = Load("serve", nil, env(zero), io.Discard)
	require.Error(t, err)
	for _, name := range names {
		assert.Contains(t, err.Error(), name+": must be greater than zero")
	}
}
