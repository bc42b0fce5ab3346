package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
)

func dialGraphQLWS(t *testing.T, e *env, origin string) (*websocket.Conn, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	opts := &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}}
	if origin != "" {
		opts.HTTPHeader = map[string][]string{"Origin": {origin}}
	}
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(e.url, "http")+"/graphql", opts)
	if err == nil {
		t.Cleanup(func() { _ = c.CloseNow() })
	}
	return c, err
}

func TestServer_WebSocketAnswersOperations(t *testing.T) {
	e := newEnv(t, "sqlite", kv.NewMemory())
	c, err := dialGraphQLWS(t, e, "")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	send := func(msg string) { require.NoError(t, c.Write(ctx, websocket.MessageText, []byte(msg))) }
	read := func() map[string]any {
		_, b, err := c.Read(ctx)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		return m
	}
	send(`{"type":"connection_init"}`)
	assert.Equal(t, "connection_ack", read()["type"])
	send(`{"id":"1","type":"subscribe","payload":{"query":"{ __typename }"}}`)
	next := read()
	assert.Equal(t, "next", next["type"])
	assert.Equal(t, map[string]any{"data": map[string]any{"__typename": "Query"}}, next["payload"])
	assert.Equal(t, "complete", read()["type"])
}

func TestServer_WebSocketsFromForeignOriginsAreRefused(t *testing.T) {
	e := newEnv(t, "sqlite", kv.NewMemory(), func(c *config.Config) { c.CORSOrigins = []string{"https://app.example.com"} })
	_, err := dialGraphQLWS(t, e, "https://evil.example.com")
	assert.Error(t, err, "a browser page of another origin cannot open a socket")
	_, err = dialGraphQLWS(t, e, "https://app.example.com")
	assert.NoError(t, err, "the configured SPA can")
}
