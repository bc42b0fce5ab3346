package schema_test

import (
	"testing"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Layer 2 is written once per entity: an entity without a privacy policy would allow every read
// and write to every role.
func TestEveryEntityHasAPrivacyPolicy(t *testing.T) {
	// LoadGraph builds a program that imports the schema, and with it the ent client. Built with
	// -trimpath, as make test builds, it reuses the packages already compiled; without, a fresh
	// clone compiled them all again (two minutes of CPU).
	graph, err := entc.LoadGraph(".", &gen.Config{BuildFlags: []string{"-trimpath"}})
	require.NoError(t, err)
	require.NotEmpty(t, graph.Nodes)
	for _, n := range graph.Nodes {
		assert.Positive(t, n.NumPolicy(), "%s has no Policy() in ent/schema/policy.go", n.Name)
	}
}
