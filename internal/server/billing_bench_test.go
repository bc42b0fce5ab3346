package server_test

import (
	"context"
	"log/slog"
	"testing"

	"secretariat/internal/billing/plan"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// BenchmarkBillingOverhead measures what billing adds to a mutation: the read-only check on
// every mutation (updateCompany) and, for a change of billed units, the account lock and the
// unit counts (createSite). Compare billing=on with billing=off of the same run; report ratios.
func BenchmarkBillingOverhead(b *testing.B) {
	billingOn := withBilling(b)
	for _, dialect := range testdb.Dialects {
		for _, mode := range []string{"off", "on"} {
			var e *env
			if mode == "on" {
				e = newEnv(b, dialect, kv.NewMemory(), billingOn)
			} else {
				e = newEnv(b, dialect, kv.NewMemory())
			}
			token, companies := e.tenant("bench", 1)
			if mode == "on" { // a running CONSULTANCY subscription: no limits, sites not billed
				ctx := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "benchmark fixture")
				e.db.Client.BillingAccount.Create().SetOrganizationID(e.viewers[token].OrganizationID).
					SetPlan(plan.Consultancy).SetStatus(plan.Active).SetQuantity(1).SetStripeCustomerID("cus_bench").
					SetStripeSubscriptionID("sub_bench").SetStripeSubscriptionItemID("si_bench").SaveX(ctx)
			}
			vars := map[string]any{"id": companies[0]}
			b.Run(dialect+"/updateCompany/billing="+mode, func(b *testing.B) {
				for b.Loop() {
					if res := e.post(token, `mutation($id: ID!) { updateCompany(input: {id: $id, industry: "製造業"}) { id } }`, vars); len(res.Errors) > 0 {
						b.Fatalf("errors: %v", res.Errors)
					}
				}
			})
			b.Run(dialect+"/createSite/billing="+mode, func(b *testing.B) {
				for b.Loop() {
					if res := e.post(token, `mutation($id: ID!) { createSite(input: {companyID: $id, name: "拠点"}) { id } }`, vars); len(res.Errors) > 0 {
						b.Fatalf("errors: %v", res.Errors)
					}
				}
			})
		}
	}
}
