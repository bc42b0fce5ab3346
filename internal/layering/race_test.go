package layering

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The Makefile runs the tests of the packages it lists in UNRACED without the race detector,
// except those whose names match CONCURRENT, which it runs with it. That is sound while such a
// package has no concurrent code of its own and only its Concurrent tests start goroutines: the
// tests below keep it so.

// makefileVar returns the value of the Makefile's variable name, set with ":=" on one line.
func makefileVar(t *testing.T, mk []byte, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + name + ` := (.+)$`).FindSubmatch(mk)
	require.NotNil(t, m, "the Makefile sets %s on one line", name)
	return strings.TrimSpace(string(m[1]))
}

// concurrencyIn lists what starts or coordinates goroutines in one file: in a package's own code,
// a go statement, a channel, an import of sync or sync/atomic; in its tests, a go statement or a
// call of a method Go (errgroup.Group.Go, sync.WaitGroup.Go) outside a test function whose name
// matches concurrent.
func concurrencyIn(fset *token.FileSet, f *ast.File, test bool, concurrent *regexp.Regexp) []string {
	var found []string
	at := func(n ast.Node, what string) {
		found = append(found, fset.Position(n.Pos()).String()+": "+what)
	}
	if !test {
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "sync" || path == "sync/atomic" || strings.HasPrefix(path, "golang.org/x/sync/") {
				at(imp, "imports "+path)
			}
		}
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if test && ok && concurrent.MatchString(fn.Name.Name) {
			continue
		}
		name := "package scope"
		if ok {
			name = fn.Name.Name
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				at(n, "go statement in "+name)
			case *ast.CallExpr:
				if sel, isSel := n.Fun.(*ast.SelectorExpr); test && isSel && sel.Sel.Name == "Go" {
					at(n, "starts a goroutine with Go in "+name)
				}
			case *ast.ChanType:
				if !test {
					at(n, "channel in "+name)
				}
			case *ast.SendStmt:
				if !test {
					at(n, "channel send in "+name)
				}
			}
			return true
		})
	}
	return found
}

func TestRace_UnracedPackagesHaveNoConcurrencyOfTheirOwn(t *testing.T) {
	t.Parallel()
	mk, err := os.ReadFile("../../Makefile")
	require.NoError(t, err)
	concurrent, err := regexp.Compile(makefileVar(t, mk, "CONCURRENT"))
	require.NoError(t, err)
	pkgs := strings.Fields(makefileVar(t, mk, "UNRACED"))
	require.NotEmpty(t, pkgs)
	fset := token.NewFileSet()
	for _, pkg := range pkgs {
		files, err := filepath.Glob(filepath.Join("../..", pkg, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "UNRACED names %s, which has no Go file", pkg)
		var found []string
		for _, path := range files {
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			found = append(found, concurrencyIn(fset, f, strings.HasSuffix(path, "_test.go"), concurrent)...)
		}
		assert.Empty(t, found, "%s runs without the race detector (UNRACED in the Makefile): take it out of UNRACED, or start goroutines in tests whose names match %s only", pkg, concurrent)
	}
}

func TestRace_ConcurrencyIsFoundWhereverItIs(t *testing.T) {
	t.Parallel()
	concurrent := regexp.MustCompile(`^Test[A-Za-z0-9_]*Concurrent`)
	for _, c := range []struct {
		name  string
		test  bool
		src   string
		found int
	}{
		{"a go statement", false, `func f() { go g() }`, 1},
		{"a channel and a send on it", false, `func f() { c := make(chan int, 1); c <- 1 }`, 2},
		{"a channel at package scope", false, `var c chan int`, 1},
		{"an import of sync", false, `import "sync"; var mu sync.Mutex`, 1},
		{"an import of sync/atomic", false, `import "sync/atomic"; var n atomic.Int64`, 1},
		{"an errgroup", false, `import "golang.org/x/sync/errgroup"; var g errgroup.Group`, 1},
		{"code without any", false, `func f(xs []int) int { return len(xs) }`, 0},
		{"a go statement in a test not named Concurrent", true, `func TestX(t *testing.T) { go func() {}() }`, 1},
		{"a go statement in a helper", true, `func start() { go func() {}() }`, 1},
		{"errgroup's Go in a test not named Concurrent", true, `func TestX(t *testing.T) { var g errgroup.Group; g.Go(f) }`, 1},
		{"a go statement in a Concurrent test", true, `func TestX_ConcurrentWritesKeepOne(t *testing.T) { go func() {}() }`, 0},
		{"WaitGroup's Go in a Concurrent test", true, `func TestConcurrentX(t *testing.T) { var wg sync.WaitGroup; wg.Go(f) }`, 0},
		{"a test's own channel", true, `func TestX(t *testing.T) { c := make(chan int, 1); c <- 1 }`, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "x.go", "package x\n"+c.src, parser.SkipObjectResolution)
			require.NoError(t, err)
			assert.Len(t, concurrencyIn(fset, f, c.test, concurrent), c.found)
		})
	}
}
