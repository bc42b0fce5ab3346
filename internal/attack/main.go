// Command attack replays the costly requests of a hostile client against a real server and
// checks that each is refused within a second. It starts the built binary (bin/secretariat) on a
// free loopback port with a temporary DATA_DIR (SQLite, in-process cache), signs up one tenant,
// runs every case, prints the time each took and the server's resident memory (VmRSS) before
// and after, stops the server and exits non-zero when a case was answered instead of refused or
// took too long. It only ever talks to 127.0.0.1. Run it with `make attack`.
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/xuri/excelize/v2"
)

func main() {
	bin := flag.String("bin", "bin/secretariat", "the server binary")
	limit := flag.Duration("limit", time.Second, "longest time a refusal may take")
	flag.Parse()
	if err := run(*bin, *limit); err != nil {
		fmt.Fprintln(os.Stderr, "attack:", err)
		os.Exit(1)
	}
}

// outcome is what a case saw: refused or not, and how.
type outcome struct {
	refused bool
	how     string
}

type attackCase struct {
	name string
	run  func(s *target) outcome
}

func run(bin string, limit time.Duration) error {
	s, err := start(bin)
	if err != nil {
		return err
	}
	defer s.stop()
	if err := s.signUp(); err != nil {
		return err
	}
	before := s.rss()
	fmt.Printf("server pid %d on %s, DATA_DIR %s\n", s.cmd.Process.Pid, s.base, s.dataDir)
	fmt.Printf("VmRSS before: %s\n\n", before)
	fmt.Printf("%-52s %10s  %-6s %s\n", "case", "elapsed", "result", "answer")

	failed := 0
	for _, c := range cases() {
		t0 := time.Now()
		o := c.run(s)
		took := time.Since(t0)
		verdict := "ok"
		if !o.refused || took > limit {
			verdict = "FAIL"
			failed++
		}
		fmt.Printf("%-52s %10s  %-6s %s\n", c.name, took.Round(time.Millisecond), verdict, o.how)
	}
	fmt.Printf("\nVmRSS after:  %s\n", s.rss())
	if !s.alive() {
		return errors.New("the server died during the attack")
	}
	if failed > 0 {
		return fmt.Errorf("%d case(s) were not refused within %s", failed, limit)
	}
	fmt.Printf("every case refused within %s\n", limit)
	return nil
}

func cases() []attackCase {
	return []attackCase{
		{"fragment bomb, 30 fragments x2 (anonymous)", func(s *target) outcome {
			return s.graphql("", fragmentBomb(30), nil, "QUERY_TOO_COMPLEX")
		}},
		{"nested pages companies(100)->CI->company->CI->company", func(s *target) outcome {
			return s.graphql(s.token, "{ "+nestedPages(2)+" }", nil, "QUERY_TOO_COMPLEX")
		}},
		{"nested pages inside a mutation", func(s *target) outcome {
			return s.graphql(s.token, `mutation { createCompany(input: {name: "x"}) { organization { `+nestedPages(2)+` } } }`, nil, "QUERY_TOO_COMPLEX")
		}},
		{"1,000 overlapping fields (anonymous)", func(s *target) outcome {
			return s.graphql("", overlapping(1000), nil, "QUERY_TOO_COMPLEX")
		}},
		{"POST JSON body of 20 MB", func(s *target) outcome {
			body := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 20<<20) + `"}}`
			return s.status(s.request(http.MethodPost, "/graphql", strings.NewReader(body), "application/json"), 413)
		}},
		{"GET query string of 2 MB", func(s *target) outcome {
			path := "/graphql?query=" + url.QueryEscape("{ __typename }") + "&pad=" + strings.Repeat("x", 2<<20)
			return s.status(s.request(http.MethodGet, path, nil, ""), 413, 414, 431)
		}},
		{"GET query string of 900 KB (under the body limit)", func(s *target) outcome {
			path := "/graphql?query=" + url.QueryEscape("{ "+strings.Repeat("__typename ", 80_000)+"}")
			return s.code(s.request(http.MethodGet, path, nil, ""), "GRAPHQL_PARSE_FAILED")
		}},
		{"multipart operations field of 20 MB", func(s *target) outcome {
			ops := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", 20<<20) + `"}}`
			body, ct := multipartBody(ops, `{}`, nil)
			return s.status(s.request(http.MethodPost, "/graphql", body, ct), 413)
		}},
		{"multipart file of 30 MB", func(s *target) outcome {
			ops := `{"query":"mutation($f: Upload!, $c: ID!) { importAssets(input: {companyID: $c, file: $f}) { imported } }","variables":{"f":null,"c":"` + s.company + `"}}`
			body, ct := multipartBody(ops, `{"0":["variables.f"]}`, bytes.Repeat([]byte("x"), 30<<20))
			return s.status(s.request(http.MethodPost, "/graphql", body, ct, "Authorization", "Bearer "+s.token), 413)
		}},
		{"WebSocket message of 2 MB", func(s *target) outcome { return s.websocket(2 << 20) }},
		{"APQ: store 1 MB of garbage under its hash", func(s *target) outcome { return s.apq() }},
		{"xlsx with 1,000,000 shared strings", func(s *target) outcome {
			ops := `{"query":"mutation($f: Upload!, $c: ID!) { importAssets(input: {companyID: $c, file: $f}) { imported } }","variables":{"f":null,"c":"` + s.company + `"}}`
			body, ct := multipartBody(ops, `{"0":["variables.f"]}`, stringsBomb())
			return s.code(s.request(http.MethodPost, "/graphql", body, ct, "Authorization", "Bearer "+s.token), "BAD_USER_INPUT")
		}},
	}
}

// target is the running server.
type target struct {
	cmd     *exec.Cmd
	base    string
	dataDir string
	token   string
	company string
	log     *os.File
}

func start(bin string) (*target, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("no server binary (run make build): %w", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	_ = l.Close()
	dataDir, err := os.MkdirTemp("", "secretariat-attack-")
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(filepath.Join(dataDir, "server.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "ADDR="+addr, "DATA_DIR="+dataDir, "DATABASE_URL=", "REDIS_URL=",
		"STRIPE_SECRET_KEY=", "LOG_LEVEL=warn")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &target{cmd: cmd, base: "http://" + addr, dataDir: dataDir, log: logFile}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			_ = res.Body.Close()
			return s, nil
		}
	}
	s.stop()
	return nil, errors.New("the server did not answer /healthz within 30s; see its log in " + dataDir)
}

func (s *target) stop() {
	if s.cmd.Process != nil && s.alive() {
		_ = s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = s.cmd.Process.Kill()
		}
	}
	_ = s.log.Close()
	_ = os.RemoveAll(s.dataDir)
}

func (s *target) alive() bool {
	_, err := os.Stat(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	return err == nil && s.cmd.ProcessState == nil
}

// rss is the server's resident memory, from /proc/<pid>/status.
func (s *target) rss() string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// signUp creates the tenant whose token the authenticated cases use, with a few companies.
func (s *target) signUp() error {
	email := fmt.Sprintf("attack-%d@example.com", time.Now().UnixNano())
	res, err := s.post("", `mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }`, map[string]any{"i": map[string]any{
		"email": email, "password": "correct horse battery staple", "name": "Attacker",
		"organizationName": "Attack Consulting", "organizationKind": "CONSULTANCY",
	}})
	if err != nil {
		return fmt.Errorf("sign up: %w", err)
	}
	token, _ := dig(res, "data", "signUp", "accessToken").(string)
	if token == "" {
		return fmt.Errorf("sign up: %v", res)
	}
	s.token = token
	for i := range 3 {
		res, err := s.post(token, `mutation($n: String!) { createCompany(input: {name: $n}) { id } }`, map[string]any{"n": fmt.Sprintf("client %d", i)})
		if err != nil {
			return err
		}
		if id, _ := dig(res, "data", "createCompany", "id").(string); id != "" {
			s.company = id
		} else {
			return fmt.Errorf("create company: %v", res)
		}
	}
	return nil
}

type answer struct {
	status int
	body   map[string]any
	err    error
}

func (s *target) request(method, path string, body io.Reader, contentType string, headers ...string) answer {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return answer{err: err}
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	a := answer{status: res.StatusCode}
	_ = json.Unmarshal(raw, &a.body)
	return a
}

func (s *target) post(token, query string, vars map[string]any) (map[string]any, error) {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	var headers []string
	if token != "" {
		headers = []string{"Authorization", "Bearer " + token}
	}
	a := s.request(http.MethodPost, "/graphql", bytes.NewReader(b), "application/json", headers...)
	return a.body, a.err
}

// graphql sends a query and expects it refused with the code.
func (s *target) graphql(token, query string, vars map[string]any, code string) outcome {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	var headers []string
	if token != "" {
		headers = []string{"Authorization", "Bearer " + token}
	}
	return s.code(s.request(http.MethodPost, "/graphql", bytes.NewReader(b), "application/json", headers...), code)
}

// code expects a GraphQL answer without data whose first error has the code.
func (s *target) code(a answer, code string) outcome {
	if a.err != nil {
		return outcome{how: a.err.Error()}
	}
	got, _ := dig(a.body, "errors", 0, "extensions", "code").(string)
	data := dig(a.body, "data")
	how := fmt.Sprintf("HTTP %d, %s", a.status, got)
	if msg, _ := dig(a.body, "errors", 0, "message").(string); msg != "" {
		how += ": " + clip(msg, 70)
	}
	if errs, _ := a.body["errors"].([]any); len(errs) > 1 {
		how += fmt.Sprintf(" (+%d errors)", len(errs)-1)
	}
	return outcome{refused: got == code && data == nil, how: how}
}

// status expects one of the HTTP statuses.
func (s *target) status(a answer, want ...int) outcome {
	if a.err != nil {
		return outcome{how: a.err.Error()}
	}
	how := fmt.Sprintf("HTTP %d", a.status)
	if msg, _ := dig(a.body, "errors", 0, "message").(string); msg != "" {
		how += ": " + clip(msg, 70)
	}
	for _, w := range want {
		if a.status == w {
			return outcome{refused: true, how: how}
		}
	}
	return outcome{how: how}
}

// websocket sends one graphql-transport-ws message of n bytes and expects the socket closed.
func (s *target) websocket(n int) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.base, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return outcome{how: "dial: " + err.Error()}
	}
	defer func() { _ = c.CloseNow() }()
	c.SetReadLimit(1 << 20)
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"type":"connection_init"}`)); err != nil {
		return outcome{how: err.Error()}
	}
	if _, _, err := c.Read(ctx); err != nil {
		return outcome{how: "no ack: " + err.Error()}
	}
	msg := `{"id":"1","type":"subscribe","payload":{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", n) + `"}}}`
	_ = c.Write(ctx, websocket.MessageText, []byte(msg))
	_, b, err := c.Read(ctx)
	if err == nil {
		return outcome{how: "answered: " + clip(string(b), 60)}
	}
	status := websocket.CloseStatus(err)
	return outcome{refused: status == websocket.StatusMessageTooBig, how: fmt.Sprintf("socket closed, status %d", status)}
}

// apq offers 1 MB of garbage with its hash, then asks for the hash alone: it must not be found.
func (s *target) apq() outcome {
	garbage := strings.Repeat("garbage ", 125_000)
	sum := sha256.Sum256([]byte(garbage))
	hash := hex.EncodeToString(sum[:])
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	b, _ := json.Marshal(map[string]any{"query": garbage, "extensions": ext})
	first := s.code(s.request(http.MethodPost, "/graphql", bytes.NewReader(b), "application/json"), "GRAPHQL_PARSE_FAILED")
	b, _ = json.Marshal(map[string]any{"extensions": ext})
	second := s.code(s.request(http.MethodPost, "/graphql", bytes.NewReader(b), "application/json"), "PERSISTED_QUERY_NOT_FOUND")
	return outcome{refused: first.refused && second.refused, how: "sent: " + clip(first.how, 40) + "; hash alone: " + clip(second.how, 40)}
}

func fragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", n)
	return b.String()
}

func nestedPages(levels int) string {
	return "companies(first: 100) { edges { node { " +
		strings.Repeat("controlImplementations { company { ", levels) + "id " +
		strings.Repeat("} } ", levels) + "} } }"
}

func overlapping(n int) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		if i%2 == 0 {
			b.WriteString("a: __typename ")
		} else {
			b.WriteString("a: organization { id } ")
		}
	}
	return b.String() + "}"
}

func multipartBody(operations, mapping string, file []byte) (*bytes.Buffer, string) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("operations", operations)
	_ = w.WriteField("map", mapping)
	if file != nil {
		part, _ := w.CreateFormFile("0", "assets.xlsx")
		_, _ = part.Write(file)
	}
	_ = w.Close()
	return &body, w.FormDataContentType()
}

// stringsBomb is a small workbook whose shared strings part holds a million entries.
func stringsBomb() []byte {
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Name"})
	var book bytes.Buffer
	_ = f.Write(&book)
	_ = f.Close()
	zr, _ := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, file := range zr.File {
		if file.Name == "xl/sharedStrings.xml" {
			continue
		}
		w, _ := zw.Create(file.Name)
		r, _ := file.Open()
		_, _ = io.Copy(w, r)
		_ = r.Close()
	}
	w, _ := zw.Create("xl/sharedStrings.xml")
	_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	entries := strings.Repeat("<si><t>x</t></si>", 1000)
	for range 1000 {
		_, _ = io.WriteString(w, entries)
	}
	_, _ = io.WriteString(w, "</sst>")
	_ = zw.Close()
	return out.Bytes()
}

// dig walks decoded JSON by keys and indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
