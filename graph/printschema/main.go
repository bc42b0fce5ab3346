// Command printschema writes the public GraphQL schema to graph/schema.graphql (run by go generate
// in graph/, from the repository root), or, with -breaking, compares it with an earlier print and
// fails on a breaking change that the API changelog does not announce.
package main

import (
	"flag"
	"fmt"
	"os"

	"secretariat/graph"
	"secretariat/internal/schemadiff"
)

func main() {
	out := flag.String("out", "graph/schema.graphql", "where to write the schema")
	previous := flag.String("breaking", "", "an earlier schema.graphql: report the breaking changes from it instead of writing")
	changelog := flag.String("changelog", "graph/CHANGELOG.md", "the API changelog that announces breaking changes")
	flag.Parse()
	if err := run(*out, *previous, *changelog); err != nil {
		fmt.Fprintln(os.Stderr, "printschema:", err)
		os.Exit(1)
	}
}

func run(out, previous, changelog string) error {
	if previous == "" {
		return os.WriteFile(out, []byte(graph.SDL()), 0o644)
	}
	old, err := os.ReadFile(previous)
	if err != nil {
		return err
	}
	log, err := os.ReadFile(changelog)
	if err != nil {
		return err
	}
	changes, err := schemadiff.Breaking(string(old), graph.SDL())
	if err != nil {
		return err
	}
	unannounced := schemadiff.Unannounced(changes, string(log))
	for _, c := range changes {
		mark := "announced  "
		if schemadiff.Contains(unannounced, c) {
			mark = "UNANNOUNCED"
		}
		fmt.Printf("%s %s: %s\n", mark, c.Coordinate, c.What)
	}
	if len(unannounced) > 0 {
		return fmt.Errorf("%d breaking change(s) not announced in %s: add a line \"- BREAKING: `Coordinate` …\" under its Unreleased section", len(unannounced), changelog)
	}
	fmt.Printf("%d breaking change(s), all announced\n", len(changes))
	return nil
}
