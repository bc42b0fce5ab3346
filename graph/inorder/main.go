// Command inorder rewrites gqlgen's output in graph/generated to resolve fields and list
// elements in order on the caller's goroutine (graph/generated/inorder.go says why). It runs
// after gqlgen in `go generate ./graph` and fails when gqlgen's output no longer has the shape it
// rewrites, so that a gqlgen upgrade cannot silently bring the goroutines back.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// rewrites are the calls gqlgen writes and what they become. Each must be found in the output.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "marshalSliceInOrder("},
	{"out.ResolveConcurrently(ec.OperationContext, &deferred, i,", "resolveInOrder(ctx, ec.OperationContext, out, i,"},
	{"out.ResolveRootConcurrently(innerCtx, ec.OperationContext, i,", "resolveRootInOrder(innerCtx, ec.OperationContext, out, i,"},
	{"deferred := graphql.NewDeferredGroup(ctx)", "var deferred graphql.DeferredGroup // never filled: no @defer (inorder.go)"},
}

// left are calls that must not remain after the rewrite.
var left = []string{"MarshalSliceConcurrently(", "ResolveConcurrently(", "ResolveRootConcurrently(", "NewDeferredGroup("}

func main() {
	if err := run("graph/generated"); err != nil {
		fmt.Fprintln(os.Stderr, "inorder:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.generated.go"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no generated files in %s", dir)
	}
	found := make([]int, len(rewrites))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		out := src
		for i, r := range rewrites {
			found[i] += bytes.Count(out, []byte(r.from)) + bytes.Count(out, []byte(r.to)) // run twice, it changes nothing
			out = bytes.ReplaceAll(out, []byte(r.from), []byte(r.to))
		}
		for _, call := range left {
			if bytes.Contains(out, []byte(call)) {
				return fmt.Errorf("%s: %s is left after the rewrite: gqlgen's output changed shape", name, call)
			}
		}
		if !bytes.Equal(out, src) {
			if err := os.WriteFile(name, out, 0o644); err != nil {
				return err
			}
		}
	}
	for i, r := range rewrites {
		if found[i] == 0 {
			return fmt.Errorf("%q is not in gqlgen's output: it changed shape", r.from)
		}
	}
	return nil
}
