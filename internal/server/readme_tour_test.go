package server_test

import (
	"context"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/seed"
)

// TestReadme_TheTourRunsOnTheDemo signs in as the owner of a seeded demo the way the README's
// tour says, and runs every query of the tour: each answers without an error and finds the
// living company's records.
func TestReadme_TheTourRunsOnTheDemo(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	readme := string(raw)
	start := strings.Index(readme, "### A tour of the demo")
	require.GreaterOrEqual(t, start, 0, "the README has its tour")
	end := strings.Index(readme[start:], "\n## ")
	require.Positive(t, end)
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)\n```").FindAllStringSubmatch(readme[start:start+end], -1)
	require.Len(t, blocks, 6, "the login and five queries")

	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	res, err := seed.Demo(context.Background(), e.db.Client, slog.New(slog.DiscardHandler), seed.Options{Companies: 3, DataDir: t.TempDir()})
	require.NoError(t, err)
	login := strings.NewReplacer("<the printed e-mail>", res.Owner.Email, "<the printed password>", res.OwnerPassword).Replace(blocks[0][1])
	token := e.ok("", login, nil, "login", "accessToken")

	companies := e.post(token, blocks[1][1], nil)
	require.Empty(t, companies.Errors)
	nodes := companies.Data["companies"].(map[string]any)["nodes"].([]any)
	require.Len(t, nodes, 3)
	first := nodes[0].(map[string]any)["id"]
	answers := []string{string(companies.Raw["data"])}
	for _, b := range blocks[2:] {
		r := e.post(token, b[1], map[string]any{"c": first})
		require.Empty(t, r.Errors, b[1])
		answers = append(answers, string(r.Raw["data"]))
	}
	all := strings.Join(answers, "\n")
	for _, want := range []string{"情報セキュリティ基本方針", "APPROVED", "IN_REVIEW", "DRAFT", `"controls":93`, "内部監査の指摘事項への回答", "MONTHLY", "リスク対応計画の進捗", "HELD"} {
		assert.Contains(t, all, want, "the tour shows the living company")
	}
}
