package tenancy

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
)

// An EdgeGuard is an interceptor that limits the rows of one entity to those the viewer may see
// and can limit the sub-query of an edge predicate on the entity's table in the same way:
// GuardEdge applies it to every sub-query that reaches the table through Has<Edge> or
// Has<Edge>With, so the filter that guards a table guards it wherever SQL touches it.
type EdgeGuard interface {
	ent.Interceptor
	FilterEdge(ctx context.Context, f Filterable) error
}

// An Orderer is an interceptor that only orders rows: an edge predicate, which selects no rows
// to return, may leave it out. Every other interceptor that is not a Guard makes edge predicates
// on its entity fail closed.
type Orderer interface {
	ent.Interceptor
	OrdersOnly()
}

// A table is what the generated package of one entity registers: its interceptors and its
// privacy policy, read when an edge predicate runs (the runtime package fills both after the
// registration, so they are kept by reference).
type table struct {
	interceptors []ent.Interceptor
	policy       func() ent.Policy
}

// tables is written by the init functions of the generated packages and only read afterwards.
var tables = map[string]table{}

// RegisterTable records the interceptors and the privacy policy of the entity stored in name. The
// generated package of every entity calls it (ent/template/edgeguard.tmpl).
func RegisterTable(name string, interceptors []ent.Interceptor, policy func() ent.Policy) {
	tables[name] = table{interceptors: interceptors, policy: policy}
}

// GuardEdge returns the predicate that limits the sub-query of an edge predicate on the table
// name to the rows the viewer of the selector's context may read: the entity's EdgeGuards (layer 1)
// and its privacy policy for queries (layer 2). Whatever cannot be decided (no viewer in the
// context, a table not registered, an interceptor that is neither an EdgeGuard nor an Orderer, a
// policy that denies) matches no row.
func GuardEdge(name string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		if err := guardEdge(s.Context(), name, selectorFilter{s}); err != nil {
			s.Where(sql.False())
		}
	}
}

func guardEdge(ctx context.Context, name string, f selectorFilter) error {
	t, ok := tables[name]
	if !ok {
		return fmt.Errorf("tenancy: table %s is not registered", name)
	}
	for _, i := range t.interceptors {
		switch i := i.(type) {
		case EdgeGuard:
			if err := i.FilterEdge(ctx, f); err != nil {
				return err
			}
		case Orderer:
		default:
			return fmt.Errorf("tenancy: interceptor %T of %s cannot filter an edge", i, name)
		}
	}
	if t.policy == nil {
		return nil
	}
	p := t.policy()
	if p == nil {
		return fmt.Errorf("tenancy: policy of %s is not initialized", name)
	}
	return p.EvalQuery(ctx, f)
}

// selectorFilter applies predicates to the sub-query of an edge predicate at once. It is the
// ent.Query that privacy rules see for such a sub-query.
type selectorFilter struct{ s *sql.Selector }

// WhereP applies ps to the sub-query.
func (f selectorFilter) WhereP(ps ...func(*sql.Selector)) {
	for _, p := range ps {
		p(f.s)
	}
}
