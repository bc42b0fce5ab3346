package gqllimit

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vektah/gqlparser/v2/ast"
)

func TestFields_RefusesADocumentPastTheLimitUnlessTheExecutorKeptIt(t *testing.T) {
	ctx := context.Background()
	wide := "{ " + strings.Repeat("a ", 6) + "}"
	narrow := "{ a b }"
	parsed := lru.New[*ast.QueryDocument](10)
	f := Fields{Max: 5, TokenLimit: 1000, Parsed: parsed}

	err := f.MutateOperationParameters(ctx, &graphql.RawParams{Query: wide})
	require.NotNil(t, err, "six fields, the limit is five")
	assert.Contains(t, err.Message, "the document selects 6 fields, the limit is 5")
	assert.Nil(t, f.MutateOperationParameters(ctx, &graphql.RawParams{Query: narrow}))

	// The executor keeps only documents that passed; one it kept is not parsed and counted again.
	// Putting a wide one there shows that the look-up is what answers.
	parsed.Add(ctx, wide, &ast.QueryDocument{})
	assert.Nil(t, f.MutateOperationParameters(ctx, &graphql.RawParams{Query: wide}), "found in the executor's cache")
	other := "{ " + strings.Repeat("b ", 6) + "}"
	assert.NotNil(t, f.MutateOperationParameters(ctx, &graphql.RawParams{Query: other}), "a document the cache does not hold is counted")
	assert.NotNil(t, Fields{Max: 5, TokenLimit: 1000}.MutateOperationParameters(ctx, &graphql.RawParams{Query: wide}), "without a cache, every document is counted")
}
