package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"secretariat/ent"
	"secretariat/internal/controls"
)

// soaSelection tells the SoA what the client selected under its rows' implementation and risks,
// so that they load with the rows (entgql field collection) instead of one query per row.
func soaSelection(ctx context.Context) controls.Selection {
	var sel controls.Selection
	if sub, ok := childField(ctx, "StatementOfApplicabilityRow", "implementation"); ok {
		sel.Implementation = func(q *ent.ControlImplementationQuery) (*ent.ControlImplementationQuery, error) {
			return q.CollectFields(sub)
		}
	}
	if sub, ok := childField(ctx, "StatementOfApplicabilityRow", "risks"); ok {
		sel.Risks = func(q *ent.RiskQuery) (*ent.RiskQuery, error) { return q.CollectFields(sub) }
	}
	return sel
}

// childField returns ctx as if resolving the field name of the objects of type object that the
// current field lists, so that entgql collects the client's selection under it; false when the
// client does not select it.
func childField(ctx context.Context, object, name string) (context.Context, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return ctx, false
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, []string{object}) {
		if f.Name == name {
			return graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: object, Field: f}), true
		}
	}
	return ctx, false
}
