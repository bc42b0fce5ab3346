package server

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"

	"secretariat/graph"
	"secretariat/graph/generated"
)

func TestPublicSchema_IsTheGeneratedSchemaWithoutTheHiddenDirectives(t *testing.T) {
	hiddenDirectives := []string{"goModel", "goField", "defer"}
	s := graph.PublicSchema()
	assert.Same(t, generated.NewExecutableSchema(generated.Config{}).Schema(), s,
		"the process holds one parsed schema, not a copy for clients")
	assert.Same(t, s, graph.PublicSchema(), "made once")

	for _, name := range hiddenDirectives {
		assert.NotContains(t, s.Directives, name)
	}
	hidden := func(where string, list ast.DirectiveList) {
		for _, d := range list {
			assert.False(t, slices.Contains(hiddenDirectives, d.Name), "@%s on %s", d.Name, where)
		}
	}
	fields := 0
	for _, def := range s.Types {
		hidden(def.Name, def.Directives)
		for _, f := range def.Fields {
			hidden(def.Name+"."+f.Name, f.Directives)
			fields++
			for _, a := range f.Arguments {
				hidden(def.Name+"."+f.Name+"("+a.Name+")", a.Directives)
			}
		}
		for _, v := range def.EnumValues {
			hidden(def.Name+"."+v.Name, v.Directives)
		}
	}
	assert.Greater(t, fields, 1000, "the whole schema was walked")

	// What was taken out was there: the schema files bind types and fields with @goModel and
	// @goField.
	files, err := filepath.Glob("../../graph/*.graphqls")
	require.NoError(t, err)
	var declared int
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		declared += strings.Count(string(b), "@goField") + strings.Count(string(b), "@goModel")
	}
	assert.Positive(t, declared)
}
