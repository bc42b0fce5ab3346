//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"secretariat/internal/testdb"
)

// memoryClients is how many clients ask at once in BenchmarkServeMemory.
const memoryClients = 200

// memoryPortfolio is the consultant's dashboard: every client with its sites and departments.
const memoryPortfolio = `{ companies(first: 100) { totalCount nodes { id name organization { name }
	sites { totalCount nodes { name departments { nodes { name head { name } } } } } departments { totalCount } } } }`

// BenchmarkServeMemory runs the server binary as it is deployed, on a consultancy of 200 client
// companies (seed --demo --companies 200), and sends b.N portfolio queries from 200 clients at
// once. It reports the server process's peak resident memory (peak-RSS-MB), sampled from
// /proc while the clients ask, on the embedded SQLite and on PostgreSQL.
func BenchmarkServeMemory(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "secretariat")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".") // as `make build` does
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatalf("build: %v", err)
	}
	for _, dialect := range testdb.Dialects {
		b.Run(dialect, func(b *testing.B) {
			// 200 clients at once queue on a small machine: the deadline is raised so that the
			// measure is of memory, not of patience.
			env := []string{"DATA_DIR=" + b.TempDir(), "LOG_LEVEL=warn", "QUERY_TIMEOUT=60s"}
			if dialect == "postgres" {
				env = append(env, "DATABASE_URL="+testdb.Postgres(b))
			}
			email, password := seedDemo(b, bin, env)
			// The token is asked of another process: a login's password check holds 64 MiB
			// (argon2id) that the Go runtime gives back to the system only minutes later, and
			// the measure is of the dashboards. Both share DATA_DIR and so the signing key.
			signIn, signInSrv := startServer(b, bin, env)
			token := login(b, signIn, email, password)
			stop(signInSrv)
			// A replica reads its binary from disk as it runs: the page cache holds the pages
			// it has touched and what read-ahead brought around them. A binary the linker has
			// just written is cached whole instead, and each page fault then maps the 64 kB
			// around the page (fault-around): 20 to 30 MB more resident pages than the same
			// binary read from disk, measured on this machine. Evicting it measures what a replica
			// holds, as when it starts on a node that has just pulled its image.
			evict(b, bin)
			url, srv := startServer(b, bin, env)

			var atPeak resident
			peakRSS := testdb.Peak(20*time.Millisecond, func() int64 {
				r := residentOf(srv.Process.Pid)
				if r.rss > atPeak.rss { // only the sampling goroutine writes it
					atPeak = r
				}
				return r.rss
			})
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: memoryClients}}
			body, _ := json.Marshal(map[string]any{"query": memoryPortfolio})
			var left atomic.Int64
			left.Store(int64(b.N))
			var failed atomic.Int64
			var firstFailure atomic.Value
			var wg sync.WaitGroup
			b.ResetTimer()
			for range memoryClients {
				wg.Go(func() {
					for left.Add(-1) >= 0 {
						if why := ask(client, url, token, body); why != "" {
							failed.Add(1)
							firstFailure.CompareAndSwap(nil, why)
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			peak := peakRSS()
			if failed.Load() > 0 {
				b.Fatalf("%d of %d requests failed, the first: %v", failed.Load(), b.N, firstFailure.Load())
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
			// The peak's two parts: the process's own memory (the Go heap and stacks, SQLite's
			// caches) and the pages of the binary it has touched, which the kernel maps in
			// chunks and which vary from run to run with the page cache.
			b.ReportMetric(float64(atPeak.anon)/1024, "anon-MB")
			b.ReportMetric(float64(atPeak.file)/1024, "file-MB")
		})
	}
}

func seedDemo(b *testing.B, bin string, env []string) (email, password string) {
	b.Helper()
	cmd := exec.Command(bin, "seed", "--demo", "--companies", "200")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("seed: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`owner (\S+) \(\S+\) signs in with the password (\S+) `).FindSubmatch(out)
	if m == nil {
		b.Fatalf("seed printed no owner:\n%s", out)
	}
	return string(m[1]), string(m[2])
}

// startServer starts the server binary and returns its GraphQL URL once it is ready.
func startServer(b *testing.B, bin string, env []string) (string, *exec.Cmd) {
	b.Helper()
	addr := freeAddr(b)
	srv := exec.Command(bin, "serve")
	srv.Env = append(os.Environ(), append(env, "ADDR="+addr)...)
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { stop(srv) })
	waitReady(b, "http://"+addr+"/readyz")
	return "http://" + addr + "/graphql", srv
}

// stop kills a server started by startServer and waits for it to exit; a second call does
// nothing.
func stop(srv *exec.Cmd) {
	if srv.ProcessState == nil {
		_ = srv.Process.Kill()
		_ = srv.Wait()
	}
}

// evict drops a file's pages from the page cache and fails when more than a twentieth of them
// stay (a process still mapping them keeps them).
func evict(b *testing.B, path string) {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	// Pages not yet written back cannot be dropped.
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		b.Fatalf("evict %s: %v", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Munmap(m)
	pages := make([]byte, (len(m)+os.Getpagesize()-1)/os.Getpagesize())
	if _, _, errno := unix.Syscall(unix.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&pages[0]))); errno != 0 {
		b.Fatalf("mincore %s: %v", path, errno)
	}
	cached := 0
	for _, p := range pages {
		cached += int(p & 1)
	}
	if cached > len(pages)/20 {
		b.Fatalf("evict %s: %d of its %d pages are still in the page cache", path, cached, len(pages))
	}
}

func freeAddr(b *testing.B) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitReady(b *testing.B, url string) {
	b.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
	}
	b.Fatalf("%s did not become ready", url)
}

func login(b *testing.B, url, email, password string) string {
	b.Helper()
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`,
		"variables": map[string]any{"i": map[string]any{"email": email, "password": password}},
	})
	res, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data struct{ Login struct{ AccessToken string } }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Data.Login.AccessToken == "" {
		b.Fatalf("login: %v %+v", err, out)
	}
	return out.Data.Login.AccessToken
}

// ask sends one query and returns why it failed, "" when it was answered without errors.
func ask(client *http.Client, url, token string, body []byte) string {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return err.Error()
	}
	defer res.Body.Close()
	var out struct{ Errors []any }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		return fmt.Sprintf("%s: %v %v", res.Status, err, out.Errors)
	}
	return ""
}

// resident is a process's resident memory in kB: all of it (VmRSS), its anonymous memory
// (RssAnon) and the pages of files it maps (RssFile, its binary).
type resident struct{ rss, anon, file int64 }

// residentOf reads a process's resident memory from /proc, zeros when it cannot be read.
func residentOf(pid int) resident {
	var r resident
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return r
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		name, v, ok := strings.Cut(s.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch name {
		case "VmRSS":
			r.rss = n
		case "RssAnon":
			r.anon = n
		case "RssFile":
			r.file = n
		}
	}
	return r
}
