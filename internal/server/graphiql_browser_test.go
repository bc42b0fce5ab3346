package server_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

// GraphiQL works in a real browser with no network but loopback: Debian's headless Chromium
// loads the page, a token is pasted into the headers editor as a user would, the query runs and
// its answer shows. Every request the page makes goes to this server. The screenshot is kept in
// the test's artifacts (go test -artifacts).
func TestGraphiQL_RunsAQueryWithAPastedTokenInAHeadlessBrowser(t *testing.T) {
	t.Parallel()
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		testdb.Unavailable(t, "chromium is not installed (apt-get install chromium)")
	}
	e := newSignedEnv(t, "sqlite", kv.NewMemory())
	token := e.signUpAs("browser@example.com", "ブラウザ株式会社")["accessToken"].(string)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900),
		// No network but loopback: other hosts do not resolve and would go to a dead proxy.
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	var mu sync.Mutex
	var requested []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		var url string
		switch r := ev.(type) {
		case *network.EventRequestWillBeSent:
			url = r.Request.URL
		case network.EventRequestWillBeSent:
			url = r.Request.URL
		default:
			return
		}
		mu.Lock()
		requested = append(requested, url)
		mu.Unlock()
	}))
	_, err = chromedp.Call(ctx, network.Enable, network.EnableParams{})
	require.NoError(t, err)

	headers, err := json.Marshal(map[string]string{"Authorization": "Bearer " + token})
	require.NoError(t, err)
	// The visible editors of GraphiQL 3 are CodeMirror 5 instances, reachable from their node.
	const editor = `(selector) => [...document.querySelectorAll(selector)].map(n => n.querySelector('.CodeMirror')).find(n => n && n.offsetParent !== null).CodeMirror`
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(e.url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`.graphiql-query-editor .CodeMirror`)),
		chromedp.WaitVisible(chromedp.CSS(`.graphiql-editor-tool .CodeMirror`)),
	), "GraphiQL did not render")
	// Typing, as a user pastes: the query, then the token into the headers editor.
	for _, js := range []string{
		`(` + editor + `)('.graphiql-query-editor').setValue('{ viewer { email } }'); true`,
		`(` + editor + `)('.graphiql-editor-tool .graphiql-editor:not(.hidden)').setValue(` + jsString(string(headers)) + `); true`,
	} {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		require.NoError(t, err, js)
	}
	// GraphiQL takes in an edit after a short debounce: a click before it would run the previous
	// text (the two-operation welcome document, which asks which one to run). A user clicks again;
	// so does the test, a few times at most.
	var answer string
	for attempt := 1; attempt <= 5 && answer == ""; attempt++ {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('.graphiql-execute-button').click(); true`))
		require.NoError(t, err)
		answer, err = chromedp.Run(ctx, chromedp.Poll[string](
			`(() => { const v = (`+editor+`)('.graphiql-response').getValue(); return v.includes('browser@example.com') ? v : null })()`,
			chromedp.WithPollingTimeout(3*time.Second)))
		if err != nil {
			t.Logf("click %d: no answer yet (%v)", attempt, err)
			answer = ""
		}
	}
	require.NotEmpty(t, answer, "GraphiQL did not show the answer")
	assert.Contains(t, answer, `"email": "browser@example.com"`)
	screenshot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)

	path := filepath.Join(t.ArtifactDir(), "graphiql.png")
	require.NoError(t, os.WriteFile(path, screenshot, 0o644))
	t.Logf("screenshot (%d bytes): %s", len(screenshot), path)

	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, requested)
	for _, u := range requested {
		assert.True(t, strings.HasPrefix(u, e.url+"/") || strings.HasPrefix(u, "data:"), "the page asked %s", u)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
