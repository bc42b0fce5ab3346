// Package gqllimit refuses GraphQL operations that are too large, too deep, use too many aliases,
// would cost too much to answer or carry argument values out of bounds (Inputs), before anything
// is resolved; and it bounds an operation while it runs (a deadline, a response size). Every count
// here is linear in the document: a fragment is measured once, however often it is spread.
// Introspection queries (__schema, __type) are not counted: their depth is fixed by the schema,
// and introspection has its own switch.
package gqllimit

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Code is the extensions.code of a refused operation.
const Code = "QUERY_TOO_COMPLEX"

// Limits is a gqlgen extension bounding depth and aliases.
type Limits struct {
	MaxDepth   int
	MaxAliases int
}

var (
	_ graphql.HandlerExtension        = Limits{}
	_ graphql.OperationContextMutator = Limits{}
)

// ExtensionName implements graphql.HandlerExtension.
func (Limits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension.
func (l Limits) Validate(graphql.ExecutableSchema) error {
	if l.MaxDepth <= 0 || l.MaxAliases <= 0 {
		return fmt.Errorf("query limits must be positive: depth %d, aliases %d", l.MaxDepth, l.MaxAliases)
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator; it runs after validation,
// so fragments exist and do not form cycles.
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{fragments: oc.Doc.Fragments, memo: map[string]measurement{}}
	m := w.measure(oc.Operation.SelectionSet)
	if m.depth > l.MaxDepth {
		return refuse(fmt.Sprintf("query depth %d exceeds the limit of %d", m.depth, l.MaxDepth))
	}
	if m.aliases > l.MaxAliases {
		return refuse(fmt.Sprintf("query uses %d aliases, the limit is %d", m.aliases, l.MaxAliases))
	}
	return nil
}

func refuse(message string) *gqlerror.Error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": Code}}
}

type measurement struct{ depth, aliases int }

// walker measures selection sets. Each fragment is measured once and remembered, so fragments
// that spread each other many times cannot make the walk exponential.
type walker struct {
	fragments ast.FragmentDefinitionList
	memo      map[string]measurement
}

// measure returns the depth of the selection set (one per level of fields) and its alias count
// (each aliased field counted every time it is reached).
func (w walker) measure(set ast.SelectionSet) measurement {
	var m measurement
	for _, sel := range set {
		var child measurement
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				continue
			}
			child = w.measure(s.SelectionSet)
			child.depth++
			if s.Alias != "" && s.Alias != s.Name {
				child.aliases++
			}
		case *ast.InlineFragment:
			child = w.measure(s.SelectionSet)
		case *ast.FragmentSpread:
			child = w.fragment(s.Name)
		}
		m.depth = max(m.depth, child.depth)
		// Saturate: fragments spread many times can multiply the count past any int.
		m.aliases = min(m.aliases+child.aliases, 1<<30)
	}
	return m
}

func (w walker) fragment(name string) measurement {
	if m, ok := w.memo[name]; ok {
		return m
	}
	var m measurement
	if def := w.fragments.ForName(name); def != nil {
		m = w.measure(def.SelectionSet)
	}
	w.memo[name] = m
	return m
}
