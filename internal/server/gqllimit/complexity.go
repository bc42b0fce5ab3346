package gqllimit

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Complexity bounds what an operation may cost to answer, counted over the validated document
// before anything is resolved. It replaces gqlgen's complexity extension, which walks a fragment
// again at every spread (a chain of fragments that each spread the next twice costs 2^n steps
// there) and counts a page of a hundred items like one item.
//
// The cost model: every field costs 1 plus what it selects. A list multiplies the cost of one
// item by the number of items it may hold: for the edges and nodes of a connection the page
// asked for (first or last, DefaultPageSize when neither is given, at most MaxPageSize), for
// nodes(ids:) the number of ids, and for any other list ListSize. Nested pages therefore
// multiply, as their answers do. Each fragment is counted once per page size and remembered, so
// the count is linear in the document.
type Complexity struct {
	Limit           int
	DefaultPageSize int
	MaxPageSize     int
	// ListSize is the length assumed for a list that has no pagination arguments.
	ListSize int
}

var (
	_ graphql.HandlerExtension        = Complexity{}
	_ graphql.OperationContextMutator = Complexity{}
)

// ExtensionName implements graphql.HandlerExtension.
func (Complexity) ExtensionName() string { return "QueryComplexity" }

// Validate implements graphql.HandlerExtension.
func (c Complexity) Validate(graphql.ExecutableSchema) error {
	if c.Limit <= 0 || c.DefaultPageSize <= 0 || c.MaxPageSize < c.DefaultPageSize || c.ListSize <= 0 {
		return fmt.Errorf("complexity settings must be positive: limit %d, page %d of at most %d, list %d",
			c.Limit, c.DefaultPageSize, c.MaxPageSize, c.ListSize)
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (c Complexity) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if n := c.Measure(oc.Operation, oc.Doc.Fragments, oc.Variables); n > c.Limit {
		err := refuse(fmt.Sprintf("operation has complexity %d, which exceeds the limit of %d", n, c.Limit))
		err.Extensions["complexity"] = n
		err.Extensions["limit"] = c.Limit
		return err
	}
	return nil
}

// Measure returns the cost of a validated operation, saturated at math.MaxInt32.
func (c Complexity) Measure(op *ast.OperationDefinition, fragments ast.FragmentDefinitionList, vars map[string]any) int {
	w := costWalker{c: c, vars: vars, fragments: fragments, memo: map[fragmentPage]int{}}
	return w.set(op.SelectionSet, notAPage)
}

// notAPage marks a selection set that is not the inside of a connection.
const notAPage = -1

type fragmentPage struct {
	name string
	page int
}

type costWalker struct {
	c         Complexity
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	memo      map[fragmentPage]int
}

// set returns the cost of a selection set; page is the page size when the set selects from a
// connection (its edges and nodes hold that many items), notAPage otherwise.
func (w *costWalker) set(set ast.SelectionSet, page int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total = add(total, w.field(s, page))
		case *ast.InlineFragment:
			total = add(total, w.set(s.SelectionSet, page))
		case *ast.FragmentSpread:
			total = add(total, w.fragment(s.Name, page))
		}
	}
	return total
}

func (w *costWalker) fragment(name string, page int) int {
	key := fragmentPage{name, page}
	if n, ok := w.memo[key]; ok {
		return n
	}
	// A cycle cannot pass validation; the zero entry would end one all the same.
	w.memo[key] = 0
	n := 0
	if def := w.fragments.ForName(name); def != nil {
		n = w.set(def.SelectionSet, page)
	}
	w.memo[key] = n
	return n
}

func (w *costWalker) field(f *ast.Field, page int) int {
	if f.Name == "__schema" || f.Name == "__type" {
		return 0 // introspection has its own switch and a depth fixed by the schema
	}
	item := 1
	if len(f.SelectionSet) > 0 {
		inner := notAPage
		if w.isConnection(f) {
			inner = w.pageSize(f)
		}
		item = w.set(f.SelectionSet, inner)
	}
	if f.Definition == nil || f.Definition.Type.Elem == nil {
		if len(f.SelectionSet) == 0 {
			return 1
		}
		return add(1, item)
	}
	n := w.c.ListSize
	switch {
	case page != notAPage && (f.Name == "edges" || f.Name == "nodes"):
		n = page
	case f.Arguments.ForName("ids") != nil:
		if ids, ok := w.arg(f, "ids").([]any); ok {
			n = len(ids)
		}
	}
	return add(1, mul(n, item))
}

// isConnection reports whether the field returns a Relay connection that takes a page size.
func (w *costWalker) isConnection(f *ast.Field) bool {
	d := f.Definition
	return d != nil && d.Type.Elem == nil && strings.HasSuffix(d.Type.Name(), "Connection") &&
		d.Arguments.ForName("first") != nil
}

// pageSize is the page the connection field asks for, as graph.AroundFields will serve it.
func (w *costWalker) pageSize(f *ast.Field) int {
	first, hasFirst := toInt(w.arg(f, "first"))
	last, hasLast := toInt(w.arg(f, "last"))
	if !hasFirst && !hasLast {
		return w.c.DefaultPageSize
	}
	return min(max(first, last, 0), w.c.MaxPageSize)
}

// arg returns the value of an argument of the field, nil when absent or unreadable.
func (w *costWalker) arg(f *ast.Field, name string) any {
	a := f.Arguments.ForName(name)
	if a == nil {
		return nil
	}
	v, err := a.Value.Value(w.vars)
	if err != nil {
		return nil
	}
	return v
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return int(min(max(n, math.MinInt32), math.MaxInt32)), true
	case float64:
		return int(min(max(n, math.MinInt32), math.MaxInt32)), true
	case json.Number:
		i, err := n.Int64()
		return int(min(max(i, math.MinInt32), math.MaxInt32)), err == nil
	}
	return 0, false
}

// add and mul saturate at math.MaxInt32: fragments spread many times can multiply a count past
// any integer, and a wrapped count would let the operation through.
func add(a, b int) int { return min(a+b, math.MaxInt32) }

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt32/b {
		return math.MaxInt32
	}
	return a * b
}
