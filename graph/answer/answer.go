// Package answer is what resolving an answer shares with the guard that bounds its size
// (internal/server/gqllimit.Guard): the operation's budget of bytes, and how a resolved value is
// counted against it. The guard counts the fields that go through gqlgen's field middleware;
// graph/generated counts the fields it reads straight from a loaded record (inorder.go) the same
// way, here.
package answer

import (
	"context"
	"reflect"
	"sync/atomic"
)

// Budget is the size an operation's answer may still grow by.
type Budget struct {
	max      int64
	used     atomic.Int64
	exceeded func()
}

// NewBudget is a budget of max bytes; exceeded is called when the answer passes it (it may be
// called more than once: make it idempotent, as a context's cancel is).
func NewBudget(max int64, exceeded func()) *Budget { return &Budget{max: max, exceeded: exceeded} }

// Max is the size the answer may reach.
func (b *Budget) Max() int64 { return b.max }

// Used is how many bytes the answer was counted at so far.
func (b *Budget) Used() int64 { return b.used.Load() }

// Spend counts n more bytes of answer.
func (b *Budget) Spend(n int64) {
	if b.used.Add(n) > b.max {
		b.exceeded()
	}
}

// SpendField counts a resolved field: its name, its punctuation and its value.
func (b *Budget) SpendField(alias string, v any) { b.Spend(int64(len(alias)) + 4 + Estimate(v)) }

type key struct{}

// WithBudget returns ctx carrying b.
func WithBudget(ctx context.Context, b *Budget) context.Context {
	return context.WithValue(ctx, key{}, b)
}

// BudgetOf is the budget ctx carries.
func BudgetOf(ctx context.Context) (*Budget, bool) {
	b, ok := ctx.Value(key{}).(*Budget)
	return b, ok
}

// SpendLoaded counts a scalar read straight from a loaded record (graph/generated's fast path),
// as the guard counts a resolved one: its name, its punctuation and its value.
func (b *Budget) SpendLoaded(alias string, v any) { b.Spend(int64(len(alias)) + 4 + scalarSize(v)) }

// Estimate is roughly how many bytes of JSON a resolved value adds on its own: its text for
// strings, a few bytes for other scalars and for the brackets of objects and lists (their
// fields and items are counted as they are resolved).
func Estimate(v any) int64 {
	switch x := v.(type) {
	case []string:
		n := int64(2)
		for _, s := range x {
			n += int64(len(s)) + 3
		}
		return n
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
		return 2 + int64(rv.Len())
	}
	return scalarSize(v)
}

// scalarSize is Estimate of a value that is not a list. It does not reflect, so that a value
// passed to SpendLoaded stays on its caller's stack.
func scalarSize(v any) int64 {
	switch x := v.(type) {
	case nil:
		return 4
	case string:
		return int64(len(x)) + 2
	case *string:
		if x == nil {
			return 4
		}
		return int64(len(*x)) + 2
	}
	return 8
}
