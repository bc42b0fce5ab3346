package testdb

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"entgo.io/ent/dialect"

	"secretariat/internal/database"
	"secretariat/internal/tenancy/rls"
)

// Counter counts the SQL statements a client sends, to prove that a list costs the same
// number of statements for one item or a hundred, and keeps them with their arguments and
// row-level security scope, to look at their plans.
type Counter struct {
	n          atomic.Int64
	mu         sync.Mutex
	statements []Statement
}

// Statement is one statement a client sent.
type Statement struct {
	Query string
	Args  []any
	// Scope is the row-level security scope the statement ran with.
	Scope rls.Settings
}

// Reset sets the count to zero and forgets the statements.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n.Store(0)
	c.statements = nil
}

// Count returns the statements sent since the last Reset.
func (c *Counter) Count() int { return int(c.n.Load()) }

// Statements returns the statements sent since the last Reset, in order.
func (c *Counter) Statements() []Statement {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.statements)
}

func (c *Counter) add(ctx context.Context, query string, args any) {
	c.n.Add(1)
	a, _ := args.([]any)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statements = append(c.statements, Statement{Query: query, Args: slices.Clone(a), Scope: rls.SettingsOf(ctx)})
}

// Counting returns a copy of db whose ent client counts its statements in the returned Counter.
func Counting(db *database.DB) (*database.DB, *Counter) {
	c := &Counter{}
	counted := db.WithDriver(func(d dialect.Driver) dialect.Driver { return &countingDriver{Driver: d, c: c} })
	return counted, c
}

type countingDriver struct {
	dialect.Driver
	c *Counter
}

func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.c.add(ctx, query, args)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.c.add(ctx, query, args)
	return d.Driver.Query(ctx, query, args, v)
}

func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, c: d.c}, nil
}

type countingTx struct {
	dialect.Tx
	c *Counter
}

func (t *countingTx) Exec(ctx context.Context, query string, args, v any) error {
	t.c.add(ctx, query, args)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.c.add(ctx, query, args)
	return t.Tx.Query(ctx, query, args, v)
}
