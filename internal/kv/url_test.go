package kv_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
)

func TestParseRedisURL(t *testing.T) {
	tests := []struct {
		name       string
		url        string
		addrs      []string
		db         int
		master     string
		cluster    bool
		tls        bool
		user, pass string
		sentinel   string
		dial       time.Duration
	}{
		{name: "SingleNode", url: "redis://127.0.0.1:6379/0",
			addrs: []string{"127.0.0.1:6379"}},
		{name: "SingleNodeWithDatabaseAndCredentials", url: "redis://app:s3cret@cache.internal:6380/3",
			addrs: []string{"cache.internal:6380"}, db: 3, user: "app", pass: "s3cret"},
		{name: "SingleNodeDefaultsPort", url: "redis://cache.internal",
			addrs: []string{"cache.internal:6379"}},
		{name: "SingleNodeOverTLSKeepsQueryOptions", url: "rediss://cache.internal:6380?dial_timeout=3s",
			addrs: []string{"cache.internal:6380"}, tls: true, dial: 3 * time.Second},
		{name: "ClusterWithSeveralAddrs", url: "redis://n1:7000?addr=n2:7001&addr=n3:7002&dial_timeout=2",
			addrs: []string{"n1:7000", "n2:7001", "n3:7002"}, cluster: true, dial: 2 * time.Second},
		{name: "SentinelWithMasterName", url: "redis://watch:pw@s1:26379/2?master_name=mymaster&addr=s2:26379&dial_timeout=1s",
			addrs: []string{"s1:26379", "s2:26379"}, db: 2, master: "mymaster", sentinel: "watch", dial: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := kv.ParseRedisURL(tt.url)
			require.NoError(t, err)
			assert.Equal(t, tt.addrs, opts.Addrs)
			assert.Equal(t, tt.db, opts.DB)
			assert.Equal(t, tt.master, opts.MasterName)
			assert.Equal(t, tt.cluster, opts.IsClusterMode)
			assert.Equal(t, tt.tls, opts.TLSConfig != nil)
			assert.Equal(t, tt.dial, opts.DialTimeout)
			// Sentinel URLs carry the sentinels' credentials, not the master's.
			assert.Equal(t, tt.user, opts.Username)
			assert.Equal(t, tt.pass, opts.Password)
			assert.Equal(t, tt.sentinel, opts.SentinelUsername)
		})
	}
}

func TestParseRedisURL_PicksTheClientForTheTopology(t *testing.T) {
	tests := []struct {
		url  string
		want any
	}{
		{"redis://127.0.0.1:6379", &redis.Client{}},
		{"redis://n1:7000?addr=n2:7001", &redis.ClusterClient{}},
		// A single addr repeating the host is still a cluster seed.
		{"redis://n1:7000?addr=n1:7000", &redis.ClusterClient{}},
		{"redis://s1:26379?master_name=mymaster", &redis.Client{}},
	}
	for _, tt := range tests {
		opts, err := kv.ParseRedisURL(tt.url)
		require.NoError(t, err, tt.url)
		client := kv.NewRedisClient(opts)
		assert.IsType(t, tt.want, client, tt.url)
		assert.NoError(t, client.Close())
	}
}

func TestParseRedisURL_RejectsBadURLs(t *testing.T) {
	tests := []struct {
		name, url, wantErr string
	}{
		{"Empty", "", "empty URL"},
		{"BadScheme", "http://127.0.0.1:6379", `scheme "http" is not redis or rediss`},
		{"UnixSocket", "unix:///tmp/redis.sock", `scheme "unix"`},
		{"MissingScheme", "127.0.0.1:6379", "parse redis URL"},
		{"Garbage", "::not a url::", "missing protocol scheme"},
		{"NoSlashes", "redis:127.0.0.1", `missing "//"`},
		{"BadPort", "redis://127.0.0.1:port", "invalid port"},
		{"BadDatabase", "redis://127.0.0.1:6379/abc", "invalid database number"},
		{"UnknownOption", "redis://127.0.0.1:6379?colour=blue", "unexpected option: colour"},
		{"BadDuration", "redis://127.0.0.1:6379?dial_timeout=soon", "invalid dial_timeout duration"},
		{"BadClusterAddr", "redis://n1:7000?addr=n2", "unable to parse addr param"},
		{"ClusterWithDatabase", "redis://n1:7000/1?addr=n2:7001", "cluster has only database 0"},
		{"EmptyMasterName", "redis://s1:26379?master_name=", "master_name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := kv.ParseRedisURL(tt.url)
			assert.Nil(t, opts)
			require.Error(t, err)
			assert.ErrorContains(t, err, tt.wantErr)
			assert.ErrorContains(t, err, "parse redis URL")
		})
	}
}

func TestParseRedisURL_ErrorsDoNotLeakThePassword(t *testing.T) {
	for _, raw := range []string{
		"redis://app:s3cret@127.0.0.1:port",
		"redis://app:s3cret@127.0.0.1:6379?colour=blue",
		"http://app:s3cret@127.0.0.1:6379",
	} {
		_, err := kv.ParseRedisURL(raw)
		require.Error(t, err, raw)
		assert.NotContains(t, err.Error(), "s3cret")
	}
}

func TestNewRedisClient_NilOptionsMeanDefaults(t *testing.T) {
	client := kv.NewRedisClient(nil)
	assert.IsType(t, &redis.Client{}, client)
	assert.NoError(t, client.Close())
}
