package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"secretariat/internal/database/commit"
	"secretariat/internal/tenancy/rls"
)

// Layer 3 of tenant isolation, the Go side: on PostgreSQL every statement runs inside a
// transaction whose settings (internal/tenancy/rls) tell the row-level security policies who is
// asking.
// The settings come from the context of the statement — the viewer, or the system context — and
// are set with set_config(…, true), so they die with the transaction whatever happens to the
// request. A connection without them sees no tenant row.
//
// A GraphQL operation opens one transaction for all its statements (BeginOperation); a statement
// outside an operation (authentication, background work) gets a transaction of its own.
//
// On SQLite, which has no row-level security, the same driver gives a mutation operation one
// transaction (taking the write lock up front), so that everything a mutation writes — its rows
// and their audit events — commits or rolls back as a unit; queries and statements outside an
// operation run as they are, reads on the read-only connections and writes on the writing one.

// scopedDriver routes a statement to the operation's transaction when the context carries one.
// On PostgreSQL (rls) it otherwise wraps the statement in a transaction of its own that carries
// the scope; on SQLite it runs it as it is.
type scopedDriver struct {
	*entsql.Driver
	// readers, on SQLite, runs the reads outside a transaction (the embedded Driver, the one
	// writing connection, runs everything else).
	readers *entsql.Driver
	rls     bool
	begun   atomic.Int64 // transactions begun
}

func (d *scopedDriver) Exec(ctx context.Context, query string, args, v any) error {
	if op := operationOf(ctx); op != nil {
		return op.Exec(ctx, query, args, v)
	}
	if !d.rls {
		return d.Driver.Exec(ctx, query, args, v)
	}
	t, err := d.begin(ctx, nil)
	if err != nil {
		return err
	}
	if err := t.Exec(ctx, query, args, v); err != nil {
		return errors.Join(err, t.Rollback())
	}
	return t.Commit()
}

func (d *scopedDriver) Query(ctx context.Context, query string, args, v any) error {
	if op := operationOf(ctx); op != nil {
		return op.Query(ctx, query, args, v)
	}
	if !d.rls {
		if d.readers != nil && strings.HasPrefix(query, "SELECT ") {
			return d.readers.Query(ctx, query, args, v)
		}
		return d.Driver.Query(ctx, query, args, v)
	}
	t, err := d.begin(ctx, nil)
	if err != nil {
		return err
	}
	if err := t.Query(ctx, query, args, v); err != nil {
		return errors.Join(err, t.Rollback())
	}
	// The transaction ends when the rows are read to the end (so that a failed commit shows in
	// rows.Err, which ent checks) or closed, whichever comes first.
	rows := v.(*entsql.Rows)
	rows.ColumnScanner = &endingRows{ColumnScanner: rows.ColumnScanner, end: t.Commit}
	return nil
}

// Tx opens a transaction; inside an operation it is a savepoint of the operation's transaction.
func (d *scopedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	if op := operationOf(ctx); op != nil {
		return op.savepoint(ctx)
	}
	if !d.rls {
		return d.Driver.Tx(ctx)
	}
	return d.begin(ctx, nil)
}

func (d *scopedDriver) begin(ctx context.Context, opts *sql.TxOptions) (*scopedTx, error) {
	d.begun.Add(1)
	tx, err := d.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &scopedTx{tx: tx, rls: d.rls}, nil
}

// scopedTx is a transaction that sets the scope of each statement's context before running it,
// and runs one statement at a time: a PostgreSQL connection cannot start a statement while the
// rows of another are open. The lock is held from a statement's start until its rows are closed.
// (The API resolves the fields of an operation in order, graph/generated/inorder.go; the lock
// keeps the transaction safe for any caller that does not.)
type scopedTx struct {
	tx      dialect.Tx
	rls     bool // set the scope (PostgreSQL), or only serialize the statements (SQLite)
	mu      sync.Mutex
	current rls.Settings
	set     bool
	points  atomic.Int64

	// afterMu guards after: the functions to run once the transaction has committed
	// (AfterCommit). A savepoint remembers how many there were when it opened, and rolling it
	// back forgets those added since, so that a step undone announces nothing.
	afterMu sync.Mutex
	after   []func()
}

// enter locks the transaction for a statement with the scope of ctx.
func (t *scopedTx) enter(ctx context.Context) error {
	t.mu.Lock()
	if !t.rls {
		return nil
	}
	s := rls.SettingsOf(ctx)
	if t.set && s == t.current {
		return nil
	}
	var rows entsql.Rows
	if err := t.tx.Query(ctx, rls.SetStatement, s.Args(), &rows); err != nil {
		t.mu.Unlock()
		return fmt.Errorf("set scope: %w", err)
	}
	if err := rows.Close(); err != nil {
		t.mu.Unlock()
		return fmt.Errorf("set scope: %w", err)
	}
	t.current, t.set = s, true
	return nil
}

func (t *scopedTx) Exec(ctx context.Context, query string, args, v any) error {
	if err := t.enter(ctx); err != nil {
		return err
	}
	defer t.mu.Unlock()
	return t.tx.Exec(ctx, query, args, v)
}

func (t *scopedTx) Query(ctx context.Context, query string, args, v any) error {
	if err := t.enter(ctx); err != nil {
		return err
	}
	if err := t.tx.Query(ctx, query, args, v); err != nil {
		t.mu.Unlock()
		return err
	}
	rows := v.(*entsql.Rows)
	var once sync.Once
	rows.ColumnScanner = &endingRows{ColumnScanner: rows.ColumnScanner, end: func() error {
		once.Do(t.mu.Unlock)
		return nil
	}}
	return nil
}

func (t *scopedTx) Commit() error {
	if err := t.tx.Commit(); err != nil {
		t.forget(0)
		return err
	}
	t.afterMu.Lock()
	after := t.after
	t.after = nil
	t.afterMu.Unlock()
	for _, fn := range after {
		fn()
	}
	return nil
}

func (t *scopedTx) Rollback() error {
	t.forget(0)
	return t.tx.Rollback()
}

// mark is how many after-commit functions are waiting; forget drops those past n.
func (t *scopedTx) mark() int {
	t.afterMu.Lock()
	defer t.afterMu.Unlock()
	return len(t.after)
}

func (t *scopedTx) forget(n int) {
	t.afterMu.Lock()
	defer t.afterMu.Unlock()
	if n < len(t.after) {
		clear(t.after[n:])
		t.after = t.after[:n]
	}
}

// savepoint opens a nested transaction, so that a service's own transaction inside an operation
// still commits or rolls back as a unit.
func (t *scopedTx) savepoint(ctx context.Context) (dialect.Tx, error) {
	name := "sp" + strconv.FormatInt(t.points.Add(1), 10)
	if err := t.Exec(ctx, "SAVEPOINT "+name, []any{}, nil); err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	return &savepointTx{scopedTx: t, ctx: ctx, name: name, mark: t.mark()}, nil
}

type savepointTx struct {
	*scopedTx
	ctx  context.Context
	name string
	// mark is the number of after-commit functions when the savepoint opened.
	mark int
}

func (s *savepointTx) Commit() error {
	return s.scopedTx.Exec(s.ctx, "RELEASE SAVEPOINT "+s.name, []any{}, nil)
}

func (s *savepointTx) Rollback() error {
	s.forget(s.mark)
	return s.scopedTx.Exec(s.ctx, "ROLLBACK TO SAVEPOINT "+s.name, []any{}, nil)
}

// endingRows runs end once, when the rows are read to the end or closed.
type endingRows struct {
	entsql.ColumnScanner
	end  func() error
	done bool
	err  error
}

func (r *endingRows) finish() error {
	if !r.done {
		r.done = true
		r.err = r.end()
	}
	return r.err
}

func (r *endingRows) Next() bool {
	if r.ColumnScanner.Next() {
		return true
	}
	if err := r.ColumnScanner.Err(); err == nil {
		closeErr := r.ColumnScanner.Close()
		if err := errors.Join(closeErr, r.finish()); err != nil {
			r.err = err
		}
	}
	return false
}

func (r *endingRows) Err() error {
	if err := r.ColumnScanner.Err(); err != nil {
		return err
	}
	return r.err
}

func (r *endingRows) Close() error {
	return errors.Join(r.ColumnScanner.Close(), r.finish())
}

// Operation is the transaction of one GraphQL operation.
type Operation struct {
	tx *scopedTx
}

type operationKey struct{}

func operationOf(ctx context.Context) *scopedTx {
	op, _ := ctx.Value(operationKey{}).(*Operation)
	if op == nil {
		return nil
	}
	return op.tx
}

// BeginOperation opens the transaction of one GraphQL operation and returns a context that routes
// every statement to it. On PostgreSQL queries get a read-only transaction on one snapshot. On
// SQLite only a mutation gets a transaction; for a query it returns ctx and a nil Operation,
// whose methods do nothing.
func (db *DB) BeginOperation(ctx context.Context, readOnly bool) (context.Context, *Operation, error) {
	if db.scoped == nil || (readOnly && !db.scoped.rls) {
		return ctx, nil, nil
	}
	opts := &sql.TxOptions{}
	if readOnly {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	t, err := db.scoped.begin(ctx, opts)
	if err != nil {
		return ctx, nil, err
	}
	op := &Operation{tx: t}
	return op.Attach(ctx), op, nil
}

// AfterCommit runs fn once the operation has committed (commit.After finds it in the
// operation's context). fn never runs when the operation rolls back, nor when the step
// (savepoint) that was current when it was added is rolled back; it runs on the goroutine that
// commits, so it must not block for long.
func (op *Operation) AfterCommit(fn func()) {
	op.tx.afterMu.Lock()
	defer op.tx.afterMu.Unlock()
	op.tx.after = append(op.tx.after, fn)
}

// AfterCommit is commit.After: fn runs once the operation in ctx has committed; false when
// there is none.
func AfterCommit(ctx context.Context, fn func()) bool { return commit.After(ctx, fn) }

// Attach returns ctx routing its statements to the operation op: the transaction of a
// subscription's event, opened on another goroutine, reaches the resolvers of the event's fields.
// A nil Operation (a read on SQLite) returns ctx unchanged.
func (op *Operation) Attach(ctx context.Context) context.Context {
	if op == nil {
		return ctx
	}
	return commit.NewContext(context.WithValue(ctx, operationKey{}, op), op)
}

// Commit ends the operation, keeping what it wrote.
func (op *Operation) Commit() error {
	if op == nil {
		return nil
	}
	return op.tx.Commit()
}

// Rollback ends the operation, undoing what it wrote.
func (op *Operation) Rollback() error {
	if op == nil {
		return nil
	}
	return op.tx.Rollback()
}

// Step runs fn as one step of the operation in ctx, in a savepoint: when fn fails, what it wrote
// is undone and the rest of the operation stands. Outside an operation it only runs fn.
func Step(ctx context.Context, fn func() error) error {
	op := operationOf(ctx)
	if op == nil {
		return fn()
	}
	sp, err := op.savepoint(ctx)
	if err != nil {
		return err
	}
	ended := false
	defer func() {
		if !ended { // fn panicked: undo its writes before the panic goes on
			_ = sp.Rollback()
		}
	}()
	err = fn()
	ended = true
	var kept keptError
	if err != nil && !errors.As(err, &kept) {
		return errors.Join(err, sp.Rollback())
	}
	if cerr := sp.Commit(); cerr != nil {
		return errors.Join(err, cerr)
	}
	return err
}

// Atomic runs fn all or nothing: as a step of the operation in ctx when there is one (a GraphQL
// mutation), else in a write operation of its own. A service that composes the writes of
// several others (each committing its own transaction when called alone) runs them through it.
func (db *DB) Atomic(ctx context.Context, fn func(ctx context.Context) error) error {
	if operationOf(ctx) != nil {
		return Step(ctx, func() error { return fn(ctx) })
	}
	return db.Run(ctx, fn)
}

// KeepWrites marks the error of a step whose writes must stand although it fails: a reused
// refresh token is refused, and the revocation of its session must be kept.
func KeepWrites(err error) error { return keptError{err} }

type keptError struct{ error }

func (k keptError) Unwrap() error { return k.error }

// Run runs fn in one write transaction, the operation of work that is not a GraphQL request (a
// Stripe webhook), committed when fn succeeds and rolled back when it fails.
func (db *DB) Run(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, op, err := db.BeginOperation(ctx, false)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(ctx); err != nil {
		return errors.Join(err, op.Rollback())
	}
	if err := op.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
