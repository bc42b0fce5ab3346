package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"secretariat/ent/company"
	"secretariat/internal/database"
	"secretariat/internal/seed"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

var (
	tenantsTime = flag.Duration("tenants.time", 10*time.Second,
		"BenchmarkTenantCount: the time spent on each read at each concurrency on each database, shared by the two datasets")
	tenantsSlice = flag.Duration("tenants.slice", 250*time.Millisecond,
		"BenchmarkTenantCount: how long one dataset is read before the other takes over (so that machine noise hits both alike)")
	tenantsFew  = flag.Int("tenants.few", 10, "BenchmarkTenantCount: the small organizations around the consultancy in the first dataset")
	tenantsMany = flag.Int("tenants.many", 1000, "BenchmarkTenantCount: the small organizations around the consultancy in the second dataset")
)

// tenantsConsultancy is the consultancy of both datasets, the same sizes among few or many
// organizations: seed --scale with smaller sizes than its defaults, so that seeding four
// databases stays within a few minutes.
func tenantsConsultancy(orgs int) seed.ScaleOptions {
	return seed.ScaleOptions{Companies: 50, Sites: 200, Risks: 5000, Tasks: 2000, Documents: 500, Orgs: orgs}
}

// tenantTotals are where each hot read's answer gives its total, in the order of hotReads: the
// reads must find the consultancy's records before they are measured.
var tenantTotals = [][]string{{"companies", "totalCount"}, {"node", "documents", "totalCount"}, {"myTasks", "totalCount"}}

// tenantDataset is one database seeded with the consultancy among orgs small organizations,
// served by the real server, its owner signed in.
type tenantDataset struct {
	orgs    int
	e       *env
	token   string
	company string // the client company whose documents are read
	seeded  time.Duration
	counts  string
}

// newTenantDatasets opens a database of the dialect for each number of organizations, seeds them
// at the same time (seeding waits on the database more than it computes) and serves them.
func newTenantDatasets(b *testing.B, dialect string, orgs ...int) []*tenantDataset {
	b.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	datasets := make([]*tenantDataset, len(orgs))
	dbs := make([]*database.DB, len(orgs))
	results := make([]*seed.ScaleResult, len(orgs))
	errs := make([]error, len(orgs))
	var wg sync.WaitGroup
	for i, n := range orgs {
		dbs[i] = testdb.Open(b, dialect)
		datasets[i] = &tenantDataset{orgs: n}
		wg.Go(func() {
			start := time.Now()
			results[i], errs[i] = seed.Scale(ctx, dbs[i].Client, log, tenantsConsultancy(n))
			datasets[i].seeded = time.Since(start)
		})
	}
	wg.Wait()
	require.NoError(b, errors.Join(errs...))
	for i, d := range datasets {
		db, res := dbs[i], results[i]
		if dialect == "postgres" {
			// As autovacuum would after such inserts, before the reads are planned: otherwise the
			// plans depend on whether it has come by yet.
			_, err := testdb.Raw(b, db).ExecContext(ctx, "ANALYZE")
			require.NoError(b, err)
		}
		d.counts = fmt.Sprintf("%s; others: %s", res.Consultancy, res.Others)
		// The same client in both datasets: the first by name (names are deterministic, IDs
		// are not).
		sys := viewer.System(ctx, log, "tenant count benchmark: the company whose documents are read")
		co, err := db.Client.Company.Query().Where(company.OrganizationID(res.Organization.ID)).Order(company.ByName(), company.ByID()).First(sys)
		require.NoError(b, err)
		d.company = string(co.ID)
		d.e, _ = newMeasuredServer(b, db)
		d.token = signIn(b, d.e, res.Owner.Email, res.OwnerPassword)
	}
	return datasets
}

// tenantRow is one read at one concurrency on one database, as measured on each dataset.
type tenantRow struct {
	database    string
	concurrency int
	read        string
	datasets    []hotSample // few organizations, many
}

// BenchmarkTenantCount measures what the number of tenants in the database costs the hot reads
// (hotReads: the portfolio, a company's documents, myTasks) of one consultancy: two databases
// hold the same consultancy (seed.Scale: 50 client companies, 200 sites, 5,000 risks, 2,000
// tasks, 500 documents), one among -tenants.few small organizations and the other among
// -tenants.many, each served by the real server with the consultancy's owner signed in. The reads
// go through GraphQL over HTTP, the two databases taking turns in slices of -tenants.slice, at
// concurrency 1 and 16, on PostgreSQL and SQLite; the table gives the p99 and p50 latencies on
// both and their ratio (many ÷ few). The answers are checked first: the same on both databases
// but for IDs and timestamps, and not empty.
//
//	go test ./internal/server -run '^$' -bench TenantCount -tenants.time 10s
func BenchmarkTenantCount(b *testing.B) {
	var rows []tenantRow
	for _, dialectName := range []string{"postgres", "sqlite"} {
		if !slices.Contains(testdb.Dialects, dialectName) {
			continue
		}
		start := time.Now()
		datasets := newTenantDatasets(b, dialectName, *tenantsFew, *tenantsMany)
		fmt.Printf("%s: both databases seeded side by side in %s\n", dialectName, time.Since(start).Round(time.Millisecond))
		for _, d := range datasets {
			fmt.Printf("%s, %d organizations: seeded in %s (consultancy: %s)\n", dialectName, d.orgs, d.seeded.Round(time.Millisecond), d.counts)
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, DisableCompression: true}}
		ways := make([][]func(context.Context) error, len(hotReads))
		for _, d := range datasets {
			for i, r := range hotRequests(b, d.company) {
				answer, err := fetch(client, d.e.url+"/graphql", r.body, d.token)
				require.NoError(b, err)
				ways[i] = append(ways[i], httpWay(client, d.e.url+"/graphql", r.body, d.token, len(answer)))
				if d != datasets[0] {
					continue
				}
				first, total := comparableAnswer(b, answer, tenantTotals[i])
				require.Positive(b, total, "%s: the read finds the consultancy's records", r.name)
				fmt.Printf("%s: %s: %d in total, %d bytes\n", dialectName, hotReadTitles[r.name], int(total), len(answer))
				for _, other := range datasets[1:] {
					otherAnswer, err := fetch(client, other.e.url+"/graphql", hotRequests(b, other.company)[i].body, other.token)
					require.NoError(b, err)
					second, _ := comparableAnswer(b, otherAnswer, tenantTotals[i])
					require.JSONEq(b, first, second, "%s: the same answer with %d and %d organizations, but for IDs and timestamps", r.name, d.orgs, other.orgs)
				}
			}
		}
		// Warm up: connections, prepared statements, caches.
		for i := range hotReads {
			_, err := interleave(16, 4**tenantsSlice, *tenantsSlice, ways[i])
			require.NoError(b, err)
		}
		for _, concurrency := range []int{1, 16} {
			for i, r := range hotReads {
				row := tenantRow{database: dialectName, concurrency: concurrency, read: r.name}
				var err error
				row.datasets, err = interleave(concurrency, *tenantsTime, *tenantsSlice, ways[i])
				require.NoError(b, err, "%s, %s, concurrency %d", dialectName, r.name, concurrency)
				rows = append(rows, row)
			}
		}
		client.CloseIdleConnections()
	}
	printTenantTable(os.Stdout, rows)
}

// comparableAnswer checks that a GraphQL answer has data and no errors, and returns it with
// every ID and timestamp blanked out (they differ between two seeds of the same dataset) and the
// total found at path under data.
func comparableAnswer(t testing.TB, answer []byte, path []string) (string, float64) {
	t.Helper()
	var res struct {
		Data   map[string]any  `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	require.NoError(t, json.Unmarshal(answer, &res))
	require.Empty(t, res.Errors, "%s", answer)
	total, _ := field(res.Data, path...).(float64)
	var blank func(any)
	blank = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "id" || strings.HasSuffix(k, "At") {
					v[k] = "…"
				} else {
					blank(x)
				}
			}
		case []any:
			for _, x := range v {
				blank(x)
			}
		}
	}
	blank(res.Data)
	out, err := json.Marshal(res.Data)
	require.NoError(t, err)
	return string(out), total
}

// printTenantTable prints the p99 and p50 latencies with few and many organizations as a
// Markdown table.
func printTenantTable(out io.Writer, rows []tenantRow) {
	few, many := *tenantsFew, *tenantsMany
	var s strings.Builder
	fmt.Fprintf(&s, "\nTenant count: the same consultancy's hot reads through GraphQL with %d and with %d organizations in the database, interleaved\n\n", few, many)
	fmt.Fprintf(&s, "| database | concurrency | read | p99 ms, %[1]d orgs | p99 ms, %[2]d orgs | p99 ratio | p50 ms, %[1]d orgs | p50 ms, %[2]d orgs | p50 ratio | requests %[1]d / %[2]d |\n", few, many)
	s.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		a, z := r.datasets[0], r.datasets[1]
		fmt.Fprintf(&s, "| %s | %d | %s | %s | %s | %.2f× | %s | %s | %.2f× | %d / %d |\n",
			dialectTitles[r.database], r.concurrency, hotReadTitles[r.read],
			millis(a.percentile(0.99)), millis(z.percentile(0.99)), float64(z.percentile(0.99))/float64(a.percentile(0.99)),
			millis(a.percentile(0.5)), millis(z.percentile(0.5)), float64(z.percentile(0.5))/float64(a.percentile(0.5)),
			len(a.latencies), len(z.latencies))
	}
	s.WriteString("\n")
	_, _ = io.WriteString(out, s.String())
}
