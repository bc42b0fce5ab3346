package server_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/auth/token"
	"secretariat/internal/testdb"
)

// graphqlWSDir holds the browser-style graphql-ws client (npm ci there: make audit-deps).
const graphqlWSDir = "testdata/graphqlws"

// replica is one `secretariat serve` process.
type replica struct{ url string }

// startReplica runs the binary as a server on a free loopback port with env, and waits until it
// is ready.
func startReplica(t *testing.T, bin string, env ...string) replica {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = append(os.Environ(), append([]string{"ADDR=" + addr, "LOG_LEVEL=warn"}, env...)...)
	var logs testdb.LogBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("replica %s log:\n%s", addr, logs.String())
		}
	})
	r := replica{url: "http://" + addr}
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(r.url + "/readyz")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return r
			}
		}
		require.True(t, time.Now().Before(deadline), "replica %s not ready: %v\n%s", addr, err, logs.String())
		time.Sleep(50 * time.Millisecond)
	}
}

// nodeClient is the graphql-ws client process and the lines it prints.
type nodeClient struct {
	lines chan map[string]any
}

func startNodeClient(t *testing.T, wsURL, access, query string) *nodeClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "node", "client.mjs", wsURL, access, query)
	cmd.Dir = graphqlWSDir
	var stderr testdb.LogBuffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	c := &nodeClient{lines: make(chan map[string]any, 100)}
	go func() {
		defer close(c.lines)
		s := bufio.NewScanner(out)
		for s.Scan() {
			var m map[string]any
			if json.Unmarshal(s.Bytes(), &m) == nil {
				c.lines <- m
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("node client stderr:\n%s", stderr.String())
		}
	})
	return c
}

// next returns the client's next line, or nil when none comes within timeout.
func (c *nodeClient) next(timeout time.Duration) map[string]any {
	select {
	case m := <-c.lines:
		return m
	case <-time.After(timeout):
		return nil
	}
}

func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "secretariat")
	// -trimpath as `make test` compiles (TESTFLAGS), so that the packages it compiled are
	// reused: without it their cache keys hold the clone's folder, and in a fresh clone (CI)
	// this build compiled the whole server again, 230 s of CPU against 11.
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "secretariat/cmd/secretariat")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// The check: two server processes share one PostgreSQL database and one Redis; a
// browser-style graphql-ws client (no headers, the token in connection_init) on one of them
// receives taskChanged when a task is assigned to it through the other, and is cut off (closed
// with 4403) when its membership is removed there.
func TestSubscription_TwoReplicasAndABrowserClient(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("node"); err != nil {
		testdb.Unavailable(t, "node is not installed")
	}
	if _, err := os.Stat(filepath.Join(graphqlWSDir, "node_modules", "graphql-ws")); err != nil {
		testdb.Unavailable(t, "the graphql-ws client is not installed (make audit-deps)")
	}
	redisURL := testdb.RedisURL()
	redisBackend(t) // skips (or fails under CI) without Redis
	databaseURL := testdb.Postgres(t)
	bin := buildServer(t)

	// One signing key for both replicas, as a deployment shares SIGNING_KEY_FILE.
	dataDir := t.TempDir()
	_, err := token.LoadOrGenerate(dataDir)
	require.NoError(t, err)
	shared := []string{"DATABASE_URL=" + databaseURL, "REDIS_URL=" + redisURL, "DATA_DIR=" + dataDir}
	one, other := startReplica(t, bin, shared...), startReplica(t, bin, shared...)

	// Through the other replica: the organization, its company, a MEMBER of it.
	via := &env{t: t, url: other.url}
	a := via.workspace("owner@a.example", "A")
	member := via.join(a, "member@a.example", "MEMBER", a.companies[:1], nil)
	memberID := userID(t, via, member)
	membershipID := onlyNode(t, field(via.post(member, `{ viewer { memberships { edges { node { id } } } } }`, nil).Data, "viewer", "memberships"))["id"]

	client := startNodeClient(t, "ws"+strings.TrimPrefix(one.url, "http")+"/graphql", member, `subscription { taskChanged { id title companyID } }`)
	require.Equal(t, "connected", field(client.next(10*time.Second), "event"), "the token in connection_init is accepted")

	// The subscription starts asynchronously after connected: assign tasks through the other
	// replica until one arrives.
	assigned := map[string]string{}
	var got map[string]any
	deadline := time.Now().Add(15 * time.Second)
	for got == nil {
		require.True(t, time.Now().Before(deadline), "no taskChanged arrived")
		title := fmt.Sprintf("リスク評価 %d", len(assigned))
		assigned[createTask(t, via, a.owner, a.companies[0], title, memberID)] = title
		for got == nil {
			m := client.next(500 * time.Millisecond)
			if m == nil {
				break
			}
			require.Equal(t, "next", m["event"], "%v", m)
			got = field(m, "payload", "data", "taskChanged").(map[string]any)
		}
	}
	require.Contains(t, assigned, got["id"])
	assert.Equal(t, assigned[got["id"].(string)], got["title"])
	assert.Equal(t, a.companies[0], got["companyID"])

	// Once running, every assignment arrives, and only assignments to the member.
	createTask(t, via, a.owner, a.companies[0], "所有者の仕事", userID(t, via, a.owner))
	id := createTask(t, via, a.owner, a.companies[0], "教育の実施", memberID)
	for {
		m := client.next(5 * time.Second)
		require.NotNil(t, m, "the assignment did not arrive")
		require.Equal(t, "next", m["event"], "%v", m)
		task := field(m, "payload", "data", "taskChanged").(map[string]any)
		require.NotEqual(t, "所有者の仕事", task["title"], "a task of another user arrived")
		if task["id"] == id {
			break
		}
	}

	// The membership is removed through the other replica: the client is closed with 4403 at
	// once, and nothing more arrives.
	removed := via.post(a.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": membershipID})
	require.Empty(t, removed.Errors)
	for {
		m := client.next(5 * time.Second)
		require.NotNil(t, m, "the client was not closed")
		if m["event"] == "closed" {
			assert.Equal(t, float64(4403), m["code"], "%v", m)
			break
		}
		// The subscription ends (complete) as its socket closes; a task event committed before
		// the removal may still be on its way.
		require.Contains(t, []any{"next", "complete"}, m["event"], "%v", m)
	}
	createTask(t, via, a.owner, a.companies[0], "削除後の仕事", "")
	_, open := <-client.lines
	assert.False(t, open, "the client process ends with its socket")
}
