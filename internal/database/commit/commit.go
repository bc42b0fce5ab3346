// Package commit lets code below the database package (ent hooks, which package database
// imports through the generated runtime) run something once the transaction of the context has
// committed. Package database puts the hooks of each operation in its context.
package commit

import "context"

// Hooks take functions to run after a commit.
type Hooks interface {
	// AfterCommit runs fn once the transaction has committed; never when it rolls back.
	AfterCommit(fn func())
}

type key struct{}

// NewContext returns ctx whose writes commit through h.
func NewContext(ctx context.Context, h Hooks) context.Context {
	return context.WithValue(ctx, key{}, h)
}

// After arranges for fn to run once the transaction of ctx has committed, and reports whether
// ctx has one; without, it does nothing.
func After(ctx context.Context, fn func()) bool {
	h, _ := ctx.Value(key{}).(Hooks)
	if h == nil {
		return false
	}
	h.AfterCommit(fn)
	return true
}
