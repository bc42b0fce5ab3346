package graph

import (
	"slices"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"secretariat/graph/generated"
)

// hiddenDirectives are declared by the schema files or gqlgen but are not part of the API:
// goModel and goField bind types to Go and mean nothing to a client; defer is declared by gqlgen,
// but the server's transports do not deliver incremental results, so it is not advertised (and a
// document that uses it fails validation instead of silently answering in one piece).
var hiddenDirectives = []string{"goModel", "goField", "defer"}

// PublicSchema is the schema as clients see it, in introspection and in graph/schema.graphql:
// the generated schema without the hidden directives, definitions and uses alike. The hidden
// directives are taken out of the generated schema itself, once: the parsed schema is the largest
// thing the process holds (about 8 MB), and a second copy of it only doubled that; nothing reads
// the hidden directives once the code is generated. The server validates and introspects
// against it.
var PublicSchema = sync.OnceValue(func() *ast.Schema {
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	hidden := func(d *ast.Directive) bool { return slices.Contains(hiddenDirectives, d.Name) }
	for _, name := range hiddenDirectives {
		delete(s.Directives, name)
	}
	for _, def := range s.Types {
		def.Directives = slices.DeleteFunc(def.Directives, hidden)
		for _, f := range def.Fields {
			f.Directives = slices.DeleteFunc(f.Directives, hidden)
			for _, a := range f.Arguments {
				a.Directives = slices.DeleteFunc(a.Directives, hidden)
			}
		}
		for _, v := range def.EnumValues {
			v.Directives = slices.DeleteFunc(v.Directives, hidden)
		}
	}
	return s
})

// SDL prints the public schema: the contract published in graph/schema.graphql.
func SDL() string {
	var b strings.Builder
	b.WriteString("# The GraphQL schema of Secretariat as clients see it, printed from graph/*.graphqls by\n")
	b.WriteString("# `make generate` (go run ./graph/printschema). Do not edit: CI fails when it is stale, and on a\n")
	b.WriteString("# breaking change that graph/CHANGELOG.md does not announce.\n\n")
	var body strings.Builder
	formatter.NewFormatter(&body, formatter.WithIndent("  ")).FormatSchema(PublicSchema())
	// One blank line after each definition, for the reader (the formatter writes none).
	for _, line := range strings.SplitAfter(body.String(), "\n") {
		b.WriteString(line)
		if line == "}\n" || strings.HasPrefix(line, "scalar ") || strings.HasPrefix(line, "union ") || strings.HasPrefix(line, "directive ") {
			b.WriteString("\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}
