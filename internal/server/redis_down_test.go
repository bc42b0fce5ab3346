package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
)

// deadRedis is a Redis backend pointed at a closed loopback port, bounded as the server bounds it.
func deadRedis(t *testing.T) *kv.Backend {
	t.Helper()
	opts, err := kv.ParseRedisURL("redis://127.0.0.1:1/0")
	require.NoError(t, err)
	kv.BoundTimeouts(opts, 250*time.Millisecond)
	store := kv.NewRedis(kv.NewRedisClient(opts), "servertest:")
	t.Cleanup(func() { _ = store.Close() })
	return store
}

// timed posts and fails the test if the answer took longer than a dead Redis may cost. Only
// requests without a password use it: hashing under the race detector on a loaded machine
// takes its own second (TestBoundTimeouts bounds Redis's share of those).
func (e *env) timed(token, query string, vars map[string]any) response {
	e.t.Helper()
	start := time.Now()
	res := e.post(token, query, vars)
	assert.Less(e.t, time.Since(start), time.Second, "a dead Redis holds no request long")
	return res
}

// Without Redis the API goes on: sign-up, sign-in, authenticated requests and logout work, rate
// limits still hold (in process), and the degradation shows in /metrics.
func TestServer_WithRedisDownTheAPIGoesOnDegraded(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newSignedEnv(t, dialect, deadRedis(t))
			res := e.post("", signUp, map[string]any{"input": map[string]any{
				"email": "sato@example.com", "password": strongPassword, "name": "佐藤", "organizationName": "A", "organizationKind": "CONSULTANCY",
			}})
			require.Empty(t, res.Errors)
			access := field(res.Data, "signUp", "accessToken").(string)

			res = e.timed(access, "{ viewer { email } }", nil)
			assert.Equal(t, http.StatusOK, res.Status)
			assert.Contains(t, res.ContentType, "json")
			assert.Equal(t, "sato@example.com", field(res.Data, "viewer", "email"))

			res = e.post("", login, map[string]any{"input": map[string]any{"email": "sato@example.com", "password": strongPassword}})
			require.Empty(t, res.Errors)
			for range 5 {
				res = e.post("", login, map[string]any{"input": map[string]any{"email": "sato@example.com", "password": "wrong password 123"}})
			}
			assert.Equal(t, "RATE_LIMITED", res.code(0), "login stays rate-limited, in process")

			require.Empty(t, e.timed(access, "mutation { logout }", nil).Errors)
			res = e.timed(access, "{ viewer { id } }", nil)
			assert.Equal(t, http.StatusUnauthorized, res.Status, "logout holds without Redis")
			assert.Equal(t, "UNAUTHENTICATED", res.code(0))

			assert.Regexp(t, `secretariat_kv_degraded_total\{op="allow"\} [1-9]`, e.metrics())
			assert.Contains(t, e.logs.String(), "shared cache unavailable")
		})
	}
}

// A failure while authenticating is a GraphQL error like any other: JSON with extensions.code,
// never a text/plain page.
func TestServer_AFailedAuthenticationAnswersGraphQLJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	e.failAuthentication = errors.New("database unreachable")
	e.tenant("A", 0)
	res := e.post("A", "{ viewer { id } }", nil)
	assert.Equal(t, http.StatusInternalServerError, res.Status)
	assert.Contains(t, res.ContentType, "application/json")
	require.Len(t, res.Errors, 1)
	assert.Equal(t, "INTERNAL", res.code(0))
	assert.NotContains(t, res.Errors[0].Message, "database unreachable", "details stay in the log")
	assert.Contains(t, e.logs.String(), "database unreachable")
}

// Revocation lives in the database: Redis forgetting everything (a restart without persistence)
// brings no logged-out token back.
func TestAuth_ALoggedOutTokenStaysRefusedWhenRedisForgetsEverything(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			raw := os.Getenv("TEST_REDIS_URL")
			if raw == "" {
				raw = "redis://127.0.0.1:6379/0"
			}
			opts, err := kv.ParseRedisURL(raw)
			require.NoError(t, err)
			prefix := "servertest:" + string(pulid.New("RT")) + ":"
			client := kv.NewRedisClient(opts)
			store := kv.NewRedis(kv.NewRedisClient(opts), prefix)
			t.Cleanup(func() { _ = store.Close(); _ = client.Close() })
			if err := client.Ping(context.Background()).Err(); err != nil {
				testdb.Unavailable(t, "Redis is not reachable: %v", err)
			}
			e := newSignedEnv(t, dialect, store)
			access := e.signUpAs("sato@example.com", "A")["accessToken"].(string)
			require.Empty(t, e.post(access, "mutation { logout }", nil).Errors)
			require.Equal(t, http.StatusUnauthorized, e.post(access, "{ viewer { id } }", nil).Status)

			forgetAll(t, client, prefix)
			res := e.post(access, "{ viewer { id } }", nil)
			assert.Equal(t, http.StatusUnauthorized, res.Status, "still refused after Redis lost its keys")
			assert.Equal(t, "UNAUTHENTICATED", res.code(0))
		})
	}
}

// forgetAll deletes every key of the prefix, as a Redis restart without persistence would.
func forgetAll(t *testing.T, client redis.UniversalClient, prefix string) {
	t.Helper()
	ctx := context.Background()
	var keys []string
	iter := client.Scan(ctx, 0, prefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	require.NoError(t, iter.Err())
	for _, k := range keys {
		require.NoError(t, client.Del(ctx, k).Err())
	}
	n := 0
	iter = client.Scan(ctx, 0, prefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		n++
	}
	require.Zero(t, n, strings.Join(keys, ","))
}

// Persisted queries go on in process without Redis, and a request that tries the dead Redis
// (once its retry interval has passed) answers quickly.
func TestServer_WithRedisDownPersistedQueriesWorkInProcessAndQuickly(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", deadRedis(t), func(c *config.Config) { c.RedisRetryInterval = 100 * time.Millisecond })
	query := "{ __typename apq: __typename }"
	sum := sha256.Sum256([]byte(query))
	ext := url.QueryEscape(fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%s"}}`, hex.EncodeToString(sum[:])))
	for _, path := range []string{"/graphql?extensions=" + ext + "&query=" + url.QueryEscape(query), "/graphql?extensions=" + ext} {
		time.Sleep(150 * time.Millisecond) // past the retry interval: Redis is tried again
		start := time.Now()
		res := e.do(http.MethodGet, path, "", nil)
		assert.Less(t, time.Since(start), 700*time.Millisecond, "a dead Redis holds no request long")
		require.Empty(t, res.Errors)
		assert.Equal(t, "Query", res.Data["apq"])
	}
	assert.Regexp(t, `secretariat_kv_degraded_total\{op="get"\} [1-9]`, e.metrics())
}
