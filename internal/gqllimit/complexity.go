package gqllimit

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Complexity is gqlgen's fixed complexity limit answering with this package's Code, so a client
// sees one code for every "query too expensive" refusal.
type Complexity struct {
	*extension.ComplexityLimit
}

// NewComplexity limits operations to the given complexity.
func NewComplexity(limit int) Complexity {
	return Complexity{extension.FixedComplexityLimit(limit)}
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (c Complexity) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	err := c.ComplexityLimit.MutateOperationContext(ctx, oc)
	if err != nil {
		err.Extensions = map[string]any{"code": Code}
	}
	return err
}
