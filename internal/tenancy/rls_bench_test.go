package tenancy_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"secretariat/ent"
	"secretariat/internal/testdb"
)

// BenchmarkRowLevelSecurity prices layer 3 on one read (companies with their sites and
// departments, three statements): through a superuser connection that row-level security does
// not bind (the baseline), through the application role in one operation transaction (as the
// server runs a GraphQL operation), and with each statement in a transaction of its own.
// Compare the figures of one run as ratios.
func BenchmarkRowLevelSecurity(b *testing.B) {
	db := testdb.Open(b, "postgres")
	a := newTenant(b, db.Client, "alpha")
	newTenant(b, db.Client, "bravo")
	ctx := as(ownerOf(a))
	read := func(b *testing.B, c *ent.Client, ctx context.Context) {
		cs, err := c.Company.Query().WithSites().WithDepartments().All(ctx)
		if err != nil || len(cs) != 2 {
			b.Fatalf("read: %d companies, %v", len(cs), err)
		}
	}
	b.Run("baseline-no-rls", func(b *testing.B) {
		c := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.Postgres, testdb.Raw(b, db))))
		for b.Loop() {
			read(b, c, ctx)
		}
	})
	b.Run("rls-operation-tx", func(b *testing.B) {
		for b.Loop() {
			opCtx, op, err := db.BeginOperation(ctx, true)
			if err != nil {
				b.Fatal(err)
			}
			read(b, db.Client, opCtx)
			if err := op.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rls-tx-per-statement", func(b *testing.B) {
		for b.Loop() {
			read(b, db.Client, ctx)
		}
	})
}
