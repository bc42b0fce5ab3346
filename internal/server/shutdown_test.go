package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/auth/token"
	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/server"
	"secretariat/internal/testdb"
)

func TestServer_ShutdownDrainsInFlightRequestsAndClosesSockets(t *testing.T) {
	cfg := config.Default()
	cfg.ShutdownTimeout = 10 * time.Second
	keys, err := token.LoadKeySet("", nil, t.TempDir())
	require.NoError(t, err)
	srv, err := server.New(server.Deps{Config: cfg, DB: testdb.Open(t, "sqlite"), KV: kv.NewMemory(), Log: slog.New(slog.DiscardHandler), Keys: keys})
	require.NoError(t, err)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + l.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, l) }()

	// A WebSocket client, acknowledged by the server.
	ws, _, err := websocket.Dial(context.Background(), "ws://"+l.Addr().String()+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	require.NoError(t, err)
	require.NoError(t, ws.Write(context.Background(), websocket.MessageText, []byte(`{"type":"connection_init"}`)))
	_, ack, err := ws.Read(context.Background())
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"connection_ack"}`, string(ack))

	// A request whose body is still arriving when the shutdown starts.
	body, writer := io.Pipe()
	done := make(chan *http.Response, 1)
	go func() {
		res, err := http.Post(base+"/graphql", "application/json", body)
		if err != nil {
			t.Errorf("in-flight request failed: %v", err)
		}
		done <- res
	}()
	_, err = writer.Write([]byte(`{"query": "{ __type`))
	require.NoError(t, err)
	time.Sleep(200 * time.Millisecond) // let the server start reading the body

	stop()
	time.Sleep(200 * time.Millisecond) // the shutdown is under way and must wait for the request
	_, err = writer.Write([]byte(`name }"}`))
	require.NoError(t, err)
	require.NoError(t, writer.Close())

	res := <-done
	require.NotNil(t, res)
	defer res.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	assert.Equal(t, map[string]any{"__typename": "Query"}, out["data"], "the in-flight request was answered")

	_, _, err = ws.Read(context.Background())
	var closeErr websocket.CloseError
	require.True(t, errors.As(err, &closeErr), "the socket is closed by the server: %v", err)
	assert.Equal(t, websocket.StatusNormalClosure, closeErr.Code)

	select {
	case err := <-served:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after the shutdown")
	}
	_, err = http.Get(base + "/healthz")
	assert.Error(t, err, "no longer listening")
}
