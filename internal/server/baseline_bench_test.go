package server_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"secretariat/internal/auth/token"
	"secretariat/internal/config"
	"secretariat/internal/gcpace"
	"secretariat/internal/testdb"
)

var (
	hotReadsTime = flag.Duration("hotreads.time", 6*time.Second,
		"BenchmarkHotReads: the time spent on each read at each concurrency on each database, shared by GraphQL, the hand-written handler and the raw statements")
	hotReadsSlice = flag.Duration("hotreads.slice", 500*time.Millisecond,
		"BenchmarkHotReads: how long one way runs before the next takes over (round robin, so that machine noise hits all three alike)")
	hotReadsCompanies = flag.Int("hotreads.companies", 200, "BenchmarkHotReads: the client companies of the consultancy (seed --demo --companies N)")
)

// hotWay is one of the three ways a read is served in the comparison.
type hotWay int

const (
	wayGraphQL hotWay = iota // POST /graphql to the server
	wayHand                  // POST to the hand-written handler
	wayRaw                   // the hand-written handler's statements and scans, in process
)

// wayNames name the ways in BenchmarkHotRead's sub-benchmarks.
var wayNames = []string{wayGraphQL: "graphql", wayHand: "hand", wayRaw: "raw"}

// hotSample is what one way measured: every request's latency, the time it had, and the
// requests done in that time.
type hotSample struct {
	latencies []time.Duration
	elapsed   time.Duration
	done      float64
}

func (s hotSample) percentile(p float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[min(len(s.latencies)-1, int(p*float64(len(s.latencies))))]
}

func (s hotSample) rate() float64 { return s.done / s.elapsed.Seconds() }

type hotRow struct {
	database    string
	concurrency int
	read        string
	ways        []hotSample // by hotWay
}

// BenchmarkHotReads compares, on a consultancy seeded as `seed --demo --companies 200` (with
// documents in its first client and open tasks of its owner across the clients), the three hot
// reads served by GraphQL, by the hand-written handler that does the same work (baseline_test.go)
// and by the raw statements alone, on PostgreSQL and SQLite, at concurrency 1 and 16. The three
// ways take turns in slices of -hotreads.slice on the same data, and the table gives GraphQL's p50
// latency over the handler's and its request rate over the raw statements'.
//
//	go test ./internal/server -run '^$' -bench HotReads -hotreads.time 6s
func BenchmarkHotReads(b *testing.B) {
	paceAsServe(b)
	var rows []hotRow
	for _, dialectName := range []string{"postgres", "sqlite"} {
		if !slices.Contains(testdb.Dialects, dialectName) {
			continue
		}
		start := time.Now()
		db := testdb.Open(b, dialectName)
		w := newHotWorld(b, db, hotSize{companies: *hotReadsCompanies, documents: 60, tasks: 150})
		fmt.Printf("%s: seeded %d companies, 60 documents, 150 tasks in %s\n", dialectName, *hotReadsCompanies, time.Since(start).Round(time.Millisecond))
		hand := newBaseline(w, slog.New(slog.NewTextHandler(io.Discard, nil)))
		handServer := httptest.NewServer(hand)
		client := &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, DisableCompression: true}}
		claims, err := w.tokens.Verify(w.token)
		if err != nil {
			b.Fatal(err)
		}
		requests := hotRequests(b, w.companies[0])
		ways := make([][]func(context.Context) error, len(requests))
		for i, r := range requests {
			ways[i] = hotWays(b, w, r, client, handServer.URL, hand, claims)
		}
		// Warm up: connections, prepared statements, caches.
		for i := range requests {
			if _, err := interleave(16, 3**hotReadsSlice, *hotReadsSlice, ways[i]); err != nil {
				b.Fatal(err)
			}
		}
		for _, concurrency := range []int{1, 16} {
			for i, r := range requests {
				row := hotRow{database: dialectName, concurrency: concurrency, read: r.name}
				row.ways, err = interleave(concurrency, *hotReadsTime, *hotReadsSlice, ways[i])
				if err != nil {
					b.Fatalf("%s, %s, concurrency %d: %v", dialectName, r.name, concurrency, err)
				}
				rows = append(rows, row)
			}
		}
		handServer.Close()
		client.CloseIdleConnections()
	}
	printHotTable(os.Stdout, rows)
}

// hotWays are the three ways of serving r, by hotWay, once GraphQL and the hand-written handler
// were seen to answer it alike.
func hotWays(b *testing.B, w *hotWorld, r hotRequest, client *http.Client, handURL string, hand *baseline, claims *token.Claims) []func(context.Context) error {
	b.Helper()
	gqlBody, err := fetch(client, w.e.url+"/graphql", r.body, w.token)
	if err != nil {
		b.Fatal(err)
	}
	handBody, err := fetch(client, handURL+r.path, r.body, w.token)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(gqlBody, handBody) {
		b.Fatalf("%s: the hand-written handler answers otherwise than GraphQL:\n%s\n%s", r.name, gqlBody, handBody)
	}
	return []func(context.Context) error{
		wayGraphQL: httpWay(client, w.e.url+"/graphql", r.body, w.token, len(gqlBody)),
		wayHand:    httpWay(client, handURL+r.path, r.body, w.token, len(handBody)),
		wayRaw:     rawWay(hand, r.read, claims, w.companies[0]),
	}
}

// fetch posts body as a client would and returns the answer.
func fetch(client *http.Client, url string, body []byte, token string) ([]byte, error) {
	res, err := client.Do(newHotHTTPRequest(context.Background(), url, body, token))
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: %s: %s", url, res.Status, out)
	}
	return out, err
}

// httpWay is a request over HTTP whose answer must be size bytes long, as the one checked.
func httpWay(client *http.Client, url string, body []byte, token string, size int) func(context.Context) error {
	return func(ctx context.Context) error {
		res, err := client.Do(newHotHTTPRequest(ctx, url, body, token))
		if err != nil {
			return err
		}
		n, err := io.Copy(io.Discard, res.Body)
		_ = res.Body.Close()
		if err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK || n != int64(size) {
			return fmt.Errorf("%s: %s, %d bytes instead of %d", url, res.Status, n, size)
		}
		return nil
	}
}

// rawWay runs the read's statements as the handler does, for a token verified beforehand.
func rawWay(hand *baseline, read handRead, claims *token.Claims, companyID string) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := hand.load(ctx, read, claims, companyID)
		return err
	}
}

// interleave runs the ways in turns of one slice of time each, in a rotating order, so that
// machine noise hits all alike, until each way had its share of total (a third of it for three
// ways), and returns what each measured, in the order of ways. In a turn, concurrency clients
// send requests without pause until the slice ends, and the turn ends when their last requests
// have been answered, before the next way begins.
//
// A way's rate is the work done within its slices over their time: the requests answered before
// a slice ended, and of those still running then the part already done (a request that had run
// two thirds of its time counts two thirds). The last requests' remaining time, when fewer than
// concurrency requests run, is counted for neither, so a slice shorter than a request costs the
// slow way no rate.
func interleave(concurrency int, total, slice time.Duration, ways []func(context.Context) error) ([]hotSample, error) {
	samples := make([]hotSample, len(ways))
	share := total / time.Duration(len(ways))
	for round := 0; samples[0].elapsed < share; round++ {
		for k := range ways {
			way := (round + k) % len(ways)
			s, err := turn(concurrency, slice, ways[way])
			if err != nil {
				return samples, err
			}
			samples[way].latencies = append(samples[way].latencies, s.latencies...)
			samples[way].elapsed += s.elapsed
			samples[way].done += s.done
		}
	}
	for way := range samples {
		slices.Sort(samples[way].latencies)
	}
	return samples, nil
}

// turn runs do from concurrency clients for d.
func turn(concurrency int, d time.Duration, do func(context.Context) error) (hotSample, error) {
	ctx := context.Background()
	start := time.Now()
	deadline := start.Add(d)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		out  = hotSample{elapsed: d}
		errs []error
	)
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var latencies []time.Duration
			var done float64
			var err error
			for err == nil && time.Now().Before(deadline) {
				begun := time.Now()
				err = do(ctx)
				ended := time.Now()
				latencies = append(latencies, ended.Sub(begun))
				if ended.After(deadline) {
					done += float64(deadline.Sub(begun)) / float64(ended.Sub(begun))
				} else {
					done++
				}
			}
			mu.Lock()
			defer mu.Unlock()
			out.latencies = append(out.latencies, latencies...)
			out.done += done
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// printHotTable prints the comparison as a Markdown table: the ratios first, then the figures
// they come from.
func printHotTable(out io.Writer, rows []hotRow) {
	ms := millis
	names, short := dialectTitles, hotReadTitles
	var s strings.Builder
	s.WriteString("\nHot reads: GraphQL, the hand-written handler (hand) and its raw statements (raw), interleaved on the same data\n\n")
	s.WriteString("| database | concurrency | read | GraphQL ÷ hand-written, p50 latency | GraphQL ÷ raw statements, requests/s | p50 ms GraphQL / hand / raw | p99 ms GraphQL / hand / raw | requests/s GraphQL / hand / raw | requests GraphQL / hand / raw |\n")
	s.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		g, h, raw := r.ways[wayGraphQL], r.ways[wayHand], r.ways[wayRaw]
		fmt.Fprintf(&s, "| %s | %d | %s | %.2f× | %.2f | %s / %s / %s | %s / %s / %s | %.0f / %.0f / %.0f | %d / %d / %d |\n",
			names[r.database], r.concurrency, short[r.read],
			float64(g.percentile(0.5))/float64(h.percentile(0.5)), g.rate()/raw.rate(),
			ms(g.percentile(0.5)), ms(h.percentile(0.5)), ms(raw.percentile(0.5)),
			ms(g.percentile(0.99)), ms(h.percentile(0.99)), ms(raw.percentile(0.99)),
			g.rate(), h.rate(), raw.rate(),
			len(g.latencies), len(h.latencies), len(raw.latencies))
	}
	s.WriteString("\n")
	_, _ = io.WriteString(out, s.String())
}

// paceAsServe paces the garbage collector as `secretariat serve` does (GC_HEAP_TARGET's
// default, or GOGC when it is set) until the benchmark ends. The server, the hand-written handler
// and the raw statements share the process, so they run under the same collector.
func paceAsServe(b *testing.B) {
	b.Cleanup(gcpace.FromConfig(config.Default().GCHeapTarget, os.Getenv, slog.New(slog.DiscardHandler)))
}

// millis is a duration in milliseconds with two decimals, as the tables give it.
func millis(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// dialectTitles name the databases in the tables.
var dialectTitles = map[string]string{"postgres": "PostgreSQL", "sqlite": "SQLite"}

// hotReadTitles name the hot reads in the tables.
var hotReadTitles = map[string]string{hotReads[0].name: "portfolio", hotReads[1].name: "company documents", hotReads[2].name: "myTasks"}

// BenchmarkHotRead serves each hot read one way at a time from one client, b.N times, on a
// smaller consultancy (-hotreads.companies) than BenchmarkHotReads needs: it is the one to
// profile, one way against another.
//
//	go test ./internal/server -run '^$' -bench 'HotRead/postgres/documents/graphql' -cpuprofile cpu.out
func BenchmarkHotRead(b *testing.B) {
	paceAsServe(b)
	for _, dialectName := range testdb.Dialects {
		b.Run(dialectName, func(b *testing.B) {
			db := testdb.Open(b, dialectName)
			w := newHotWorld(b, db, hotSize{companies: *hotReadsCompanies, documents: 60, tasks: 150})
			hand := newBaseline(w, slog.New(slog.NewTextHandler(io.Discard, nil)))
			handServer := httptest.NewServer(hand)
			b.Cleanup(handServer.Close)
			client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
			b.Cleanup(client.CloseIdleConnections)
			claims, err := w.tokens.Verify(w.token)
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range hotRequests(b, w.companies[0]) {
				for way, do := range hotWays(b, w, r, client, handServer.URL, hand, claims) {
					b.Run(hotReadTitles[r.name]+"/"+wayNames[way], func(b *testing.B) {
						b.ReportAllocs()
						for b.Loop() {
							if err := do(context.Background()); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			}
		})
	}
}
