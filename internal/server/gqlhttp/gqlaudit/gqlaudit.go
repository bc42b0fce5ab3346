// Package gqlaudit runs the public GraphQL-over-HTTP audit suite of the npm package graphql-http
// (pinned in ../testdata/audit) against a running endpoint, from a Go test. It is test support:
// only tests import it.
package gqlaudit

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
)

// Install is the command that installs the audit suite.
const Install = "npm ci --prefix internal/server/gqlhttp/testdata/audit"

// result is one line printed by audit.mjs.
type result struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"` // ok, notice, warn or error
	Reason string `json:"reason"`
}

// Run audits the GraphQL endpoint at url and fails the test on every result that is not "ok",
// warnings and notices included. Missing Node.js or audit packages fail the test: it is never
// skipped.
func Run(t testing.TB, url string) {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("find the module's root: %v", err)
	}
	dir := filepath.Join(root, "internal", "server", "gqlhttp", "testdata", "audit")
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node not found on PATH: %v; install Node.js 20+ and run `%s`", err, Install)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-http")); err != nil {
		t.Fatalf("audit dependencies missing: run `%s` (or make audit-deps)", Install)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "audit.mjs", url)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	counts := map[string]int{}
	scanner := bufio.NewScanner(&stdout)
	for scanner.Scan() {
		var r result
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

// moduleRoot is the directory of go.mod above the working directory (a test runs in its
// package's directory), found without the source file's path, which -trimpath removes.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
