package auditlog_test

import (
	"context"
	"testing"

	"secretariat/internal/auditlog"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// BenchmarkUpdate measures what the trail costs one update, as a mutation makes it: in the
// operation's transaction, the record loaded and then changed. Compare with-trail and
// without-trail of one run (the ratio, not the absolute figures); stmts/op counts the SQL
// statements sent.
func BenchmarkUpdate(b *testing.B) {
	for _, dialect := range testdb.Dialects {
		db, counter := testdb.Counting(testdb.Open(b, dialect))
		tn := newTenant(b, db, "bench")
		for _, c := range []struct {
			name string
			ctx  context.Context
		}{
			{"without-trail", auditlog.WithoutTrail(tn.as(viewer.RoleOwner))},
			{"with-trail", tn.as(viewer.RoleOwner)},
		} {
			b.Run(dialect+"/"+c.name, func(b *testing.B) {
				n := 0
				counter.Reset()
				for b.Loop() {
					n++
					err := operation(b, db, c.ctx, func(ctx context.Context) error {
						site, err := db.Client.Site.Get(ctx, tn.sites[0].ID)
						if err != nil {
							return err
						}
						return site.Update().SetHeadcount(n).Exec(ctx)
					})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(counter.Count())/float64(n), "stmts/op")
			})
		}
	}
}
