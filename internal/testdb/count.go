package testdb

import (
	"context"
	"sync/atomic"

	"entgo.io/ent/dialect"

	"secretariat/internal/database"
)

// Counter counts the SQL statements a client sends, to prove that a list costs the same
// number of statements for one item or a hundred.
type Counter struct{ n atomic.Int64 }

// Reset sets the count to zero.
func (c *Counter) Reset() { c.n.Store(0) }

// Count returns the statements sent since the last Reset.
func (c *Counter) Count() int { return int(c.n.Load()) }

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
	d.c.n.Add(1)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.c.n.Add(1)
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
	t.c.n.Add(1)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countingTx) Query(ctx context.Context, query string, args, v any) error {
	t.c.n.Add(1)
	return t.Tx.Query(ctx, query, args, v)
}
