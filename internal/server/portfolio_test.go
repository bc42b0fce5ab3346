package server_test

import (
	"bufio"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/auth/token"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const portfolioRows = `query($where: [PortfolioFilter!], $order: PortfolioOrder) {
	portfolio(where: $where, orderBy: $order, first: 60) { totalCount
		edges { node { company { id name } overdueTasks uncoveredResponsibilities soaProgress nextCertificationAuditOn } } } }`

// overdueByName reads the portfolio and returns each row's company name and overdue tasks, in
// the portfolio's order.
func overdueByName(t *testing.T, e *env, token string, vars map[string]any) []string {
	t.Helper()
	res := e.post(token, portfolioRows, vars)
	require.Empty(t, res.Errors, "%v", res.Errors)
	var out []string
	for _, edge := range field(res.Data, "portfolio", "edges").([]any) {
		n := edge.(map[string]any)["node"].(map[string]any)
		out = append(out, fmt.Sprintf("%s %v", field(n, "company", "name"), n["overdueTasks"]))
	}
	return out
}

// Over the API, on both databases: a consultancy's five clients in one request, each with its
// figures; a write in one client shows in its row at once; filters and order; another
// organization's portfolio holds its own client alone, a client's SECRETARIAT sees that client
// alone and a MEMBER is FORBIDDEN; and a portfolio of 50 clients costs the statements of one of 2,
// read or cached.
func TestPortfolio_FiveClientsOneRequest(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := serve(t, db, kv.NewMemory(), false, nil)
			w := e.workspaceOf("owner@portfolio.example", "東京コンサルティング", "A商事", "B製作所", "C物流", "D銀行", "E病院")
			other := e.workspaceOf("owner@other.example", "他社", "他社の顧客")
			createTask(t, e, w.owner, w.companies[0], "リスク評価", "")

			assert.Equal(t, []string{"A商事 1", "B製作所 0", "C物流 0", "D銀行 0", "E病院 0"}, overdueByName(t, e, w.owner, nil))
			createTask(t, e, w.owner, w.companies[3], "文書見直し", "")
			createTask(t, e, w.owner, w.companies[3], "教育記録", "")
			assert.Equal(t, []string{"A商事 1", "B製作所 0", "C物流 0", "D銀行 2", "E病院 0"}, overdueByName(t, e, w.owner, nil), "the write shows at once")

			res := e.post(w.owner, portfolioRows, nil)
			first := field(res.Data, "portfolio", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)
			assert.Equal(t, float64(7), first["uncoveredResponsibilities"])
			assert.Nil(t, first["soaProgress"])
			assert.Equal(t, []string{"D銀行 2", "A商事 1"}, overdueByName(t, e, w.owner, map[string]any{
				"where": []any{map[string]any{"figure": "OVERDUE_TASKS", "atLeast": 1}},
				"order": map[string]any{"figure": "OVERDUE_TASKS", "direction": "DESC"},
			}))
			res = e.post(w.owner, portfolioRows, map[string]any{"where": []any{map[string]any{"figure": "OVERDUE_TASKS", "from": "2026-01-01"}}})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, []any{"BAD_USER_INPUT", "CONFLICTING_FIELDS", "where.0"}, []any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})

			assert.Equal(t, []string{"他社の顧客 0"}, overdueByName(t, e, other.owner, nil), "another organization reads its own client alone")
			secretariat := e.join(w, "secretariat@portfolio.example", "SECRETARIAT", w.companies[1:2], nil)
			assert.Equal(t, []string{"B製作所 0"}, overdueByName(t, e, secretariat, nil), "a client's secretariat reads that client alone")
			member := e.join(w, "member@portfolio.example", "MEMBER", w.companies[:1], nil)
			res = e.post(member, portfolioRows, nil)
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "FORBIDDEN", res.code(0))

			// Statements: one per kind of record, for 2 clients as for 50; cached, one.
			statements := func(token string, clients int) int {
				counter.Reset()
				res := e.post(token, portfolioRows, nil)
				require.Empty(t, res.Errors)
				require.Equal(t, float64(clients), field(res.Data, "portfolio", "totalCount"))
				return counter.Count()
			}
			clients := func(email string, n int) string {
				names := make([]string, n)
				for i := range names {
					names[i] = fmt.Sprintf("顧客 %02d", i)
				}
				w := e.workspaceOf(email, email, names...)
				for _, id := range w.companies {
					createTask(t, e, w.owner, id, "期限切れ", "")
				}
				return w.owner
			}
			few, many := clients("few@portfolio.example", 2), clients("many@portfolio.example", 50)
			readFew, readMany := statements(few, 2), statements(many, 50)
			cachedFew, cachedMany := statements(few, 2), statements(many, 50)
			t.Logf("%s: %d statements for 2 clients, %d for 50; cached %d and %d", dialect, readFew, readMany, cachedFew, cachedMany)
			assert.Equal(t, readFew, readMany, "no N+1: the statements do not grow with the clients")
			assert.Equal(t, cachedFew, cachedMany)
			assert.Less(t, cachedMany, readMany, "cached figures are not read again")
		})
	}
}

// metric reads a counter of the process's /metrics.
func metric(t *testing.T, url, name string) float64 {
	t.Helper()
	res, err := http.Get(url + "/metrics")
	require.NoError(t, err)
	defer res.Body.Close()
	s := bufio.NewScanner(res.Body)
	for s.Scan() {
		if value, ok := strings.CutPrefix(s.Text(), name+" "); ok {
			v, err := strconv.ParseFloat(value, 64)
			require.NoError(t, err)
			return v
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// The check across processes: two server processes share PostgreSQL and Redis; a write
// through one changes that client's portfolio row read through the other at once, the other
// clients' figures stay cached, and the cache one process filled serves the other.
func TestPortfolio_TwoProcessesShareTheCacheAndNeverServeStaleFigures(t *testing.T) {
	t.Parallel()
	redisURL := testdb.RedisURL()
	redisBackend(t) // skips (or fails under CI) without Redis
	databaseURL := testdb.Postgres(t)
	bin := buildServer(t)
	dataDir := t.TempDir()
	_, err := token.LoadOrGenerate(dataDir)
	require.NoError(t, err)
	shared := []string{"DATABASE_URL=" + databaseURL, "REDIS_URL=" + redisURL, "DATA_DIR=" + dataDir}
	one, other := startReplica(t, bin, shared...), startReplica(t, bin, shared...)
	viaOne, viaOther := &env{t: t, url: one.url}, &env{t: t, url: other.url}
	w := viaOther.workspaceOf("owner@replicas.example", "大阪コンサルティング", "A商事", "B製作所", "C物流")
	stats := func(r replica) [2]float64 {
		return [2]float64{metric(t, r.url, "secretariat_portfolio_cache_hits_total"), metric(t, r.url, "secretariat_portfolio_cache_misses_total")}
	}

	assert.Equal(t, []string{"A商事 0", "B製作所 0", "C物流 0"}, overdueByName(t, viaOne, w.owner, nil))
	assert.Equal(t, [2]float64{0, 3}, stats(one), "read, then cached in Redis")
	assert.Equal(t, []string{"A商事 0", "B製作所 0", "C物流 0"}, overdueByName(t, viaOther, w.owner, nil))
	assert.Equal(t, [2]float64{3, 0}, stats(other), "the other process finds what the first cached")

	createTask(t, viaOther, w.owner, w.companies[1], "リスク評価", "")
	assert.Equal(t, []string{"A商事 0", "B製作所 1", "C物流 0"}, overdueByName(t, viaOne, w.owner, nil), "the write through the other process shows at once")
	assert.Equal(t, [2]float64{2, 4}, stats(one), "only the client written to is read again")
}
