package kv_test

import (
	"context"
	"crypto/rand"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

func TestMemory(t *testing.T) {
	runSuite(t, func(t *testing.T) *kv.Backend {
		b := kv.NewMemory()
		t.Cleanup(func() { assert.NoError(t, b.Close()) })
		return b
	})
}

func TestRedis(t *testing.T) {
	opts := requireRedis(t)
	runSuite(t, func(t *testing.T) *kv.Backend {
		prefix := uniquePrefix(t)
		b := kv.NewRedis(kv.NewRedisClient(opts), prefix)
		t.Cleanup(func() {
			// Close first: it may be closed already, and it ends the
			// subscriptions; the keys are removed with a client of their own.
			assert.NoError(t, b.Close())
			deleteKeys(t, opts, prefix)
		})
		return b
	})
}

func TestRedis_PingFailsWhenServerIsUnreachable(t *testing.T) {
	// Port 1 on loopback refuses connections at once on every CI machine.
	b := kv.NewRedis(kv.NewRedisClient(&redis.UniversalOptions{
		Addrs:       []string{"127.0.0.1:1"},
		DialTimeout: 200 * time.Millisecond,
		MaxRetries:  -1,
	}), "unreachable:")
	t.Cleanup(func() { _ = b.Close() })

	err := b.Ping(t.Context())
	assert.ErrorContains(t, err, "kv ping")
}

// requireRedis returns options for the Redis at TEST_REDIS_URL (default
// redis://127.0.0.1:6379/0). An unreachable Redis skips the test locally but
// fails it when CI is set, so that CI can never go green without having run
// the Redis half of the suite.
func requireRedis(t *testing.T) *redis.UniversalOptions {
	t.Helper()
	raw := os.Getenv("TEST_REDIS_URL")
	if raw == "" {
		raw = "redis://127.0.0.1:6379/0"
	}
	opts, err := kv.ParseRedisURL(raw)
	require.NoError(t, err, "TEST_REDIS_URL")

	client := kv.NewRedisClient(opts)
	defer func() { _ = client.Close() }()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		testdb.Unavailable(t, "Redis at %v is unreachable (set TEST_REDIS_URL to point elsewhere): %v", opts.Addrs, err)
	}
	return opts
}

var unsafeInPattern = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// uniquePrefix isolates one test's keys: readable from the test name, unique
// from the random suffix, and free of characters that SCAN treats as glob
// syntax.
func uniquePrefix(t *testing.T) string {
	return "kvtest:" + unsafeInPattern.ReplaceAllString(t.Name(), "_") + ":" + rand.Text()[:10] + ":"
}

// deleteKeys removes every key under prefix, on every master when opts
// describe a cluster.
func deleteKeys(t *testing.T, opts *redis.UniversalOptions, prefix string) {
	t.Helper()
	client := kv.NewRedisClient(opts)
	defer func() { _ = client.Close() }()
	ctx := context.Background()

	scanAndDelete := func(ctx context.Context, node redis.UniversalClient) error {
		iter := node.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			if err := node.Del(ctx, iter.Val()).Err(); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	var err error
	if cluster, ok := client.(*redis.ClusterClient); ok {
		err = cluster.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
			return scanAndDelete(ctx, node)
		})
	} else {
		err = scanAndDelete(ctx, client)
	}
	assert.NoError(t, err, "removing keys under %q", prefix)
}
