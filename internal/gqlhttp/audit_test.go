package gqlhttp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/testserver"
)

const auditDir = "testdata/audit"

// auditResult is one line printed by testdata/audit/audit.mjs.
type auditResult struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"` // ok, notice, warn or error
	Reason string `json:"reason"`
}

// TestAudit_GraphQLOverHTTP runs the graphql-http audit suite (pinned in
// testdata/audit/package.json) against the transports and fails on every
// result that is not "ok", warnings and notices included.
func TestAudit_GraphQLOverHTTP(t *testing.T) {
	const install = "run `npm ci --prefix internal/gqlhttp/testdata/audit` (needs Node.js 20+)"
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found on PATH: %v; install Node.js and %s", err, install)
	}
	if _, err := os.Stat(filepath.Join(auditDir, "node_modules", "graphql-http")); err != nil {
		t.Fatalf("audit dependencies missing: %s", install)
	}

	endpoint := newServer(t, testserver.New(), POST{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "audit.mjs", endpoint)
	cmd.Dir = auditDir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	counts := map[string]int{}
	scanner := bufio.NewScanner(&stdout)
	for scanner.Scan() {
		var r auditResult
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			t.Fatalf("unexpected audit output line %q: %v", scanner.Text(), err)
		}
		counts[r.Status]++
		if r.Status != "ok" {
			t.Errorf("audit %s %s: %s: %s", r.ID, r.Status, r.Name, r.Reason)
		}
	}
	t.Logf("audit results: %d ok, %d notice, %d warn, %d error",
		counts["ok"], counts["notice"], counts["warn"], counts["error"])

	if counts["ok"] == 0 {
		t.Fatalf("audit reported no results (%v); stderr:\n%s", runErr, stderr.String())
	}
	if runErr != nil && !t.Failed() {
		// audit.mjs exits non-zero only alongside results reported above.
		t.Fatalf("audit.mjs failed: %v; stderr:\n%s", runErr, stderr.String())
	}
}
