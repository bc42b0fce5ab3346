package schema

import (
	"context"

	"entgo.io/ent"

	gen "secretariat/ent"
	"secretariat/internal/auditlog"
	"secretariat/internal/tenancy"
)

// The audit trail (package auditlog) attached to the schema: every write of a tenant's record
// appends an event, in the write's transaction. The hook sits in the TenantMixin's hooks (and in
// the Organization's and the User's), so an entity added later is recorded by construction.

// notAudited are the tenant-owned entities whose writes are no tenant's business: the events
// themselves, and sessions (refresh tokens), which change on every sign-in and refresh.
var notAudited = map[string]bool{
	gen.TypeAuditEvent:   true,
	gen.TypeRefreshToken: true,
	// Billing bookkeeping: the account's precedence clocks and leases, the outbox, the events.
	gen.TypeBillingAccount:        true,
	gen.TypeBillingQuantityChange: true,
	gen.TypeBillingEvent:          true,
}

// auditTrail records every create, update, archive, restore and delete. It runs after the
// tenancy stamps and checks of its mixin, and around the hooks after it, so a write they refuse
// records nothing.
func auditTrail() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if notAudited[m.Type()] {
				return next.Mutate(ctx, m)
			}
			return auditlog.Record(ctx, m, next)
		})
	}
}

// Interceptors of the AuditEvent: its company is optional, so the CompanyMixin's filter is added
// here. A company-scoped viewer sees the events of the companies it reaches and never an event
// without a company (RestrictToCompanies matches no NULL).
func (AuditEvent) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{restrictQuery(byCompanies(tenancy.CompanyColumn))}
}
