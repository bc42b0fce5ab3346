// Package tenancy is the one home of tenant isolation. A tenant is an organization; inside it, a
// company-scoped viewer (CONSULTANT, SECRETARIAT, AUDITOR of some client companies) reaches only
// its companies. Three layers keep tenants apart, each written once and applied to every entity
// by construction, each enough on its own:
//
//	layer                        code                                       proven alone by
//	1 data-layer filters         tenancy.go, edge.go (this package),        TestIsolation_* of this package on SQLite,
//	  and stamps                 attached by ent/schema/tenancy.go          which has no row-level security; the
//	                             (mixins, interceptors, hooks; switched     edge-predicate suite
//	                             off only by ent/schema/layer1_rlsalone.go) (TestIsolation_NoOtherTenantThroughEdgePredicates)
//	2 privacy rules by role      authz/ (package authz), composed into      authz/authz_test.go (each rule on its own),
//	                             each schema's Policy in ent/schema/        ent/schema TestEveryEntityHasAPrivacyPolicy
//	                             policy.go
//	3 PostgreSQL row-level       rls/policy.go (one policy per table,       the rlsalone build (layer 1 off):
//	  security                   applied by `migrate`), rls/settings.go     TestRowLevelSecurity_AloneKeepsTenantsApart,
//	                             (the per-transaction settings that         TestIsolation_Randomized here and
//	                             internal/database sets on every            internal/server TestIsolation_NoOther…
//	                             statement)                                 through the whole API
//
// Who is asking is worked out once, by Who: the system context (sign-up, login, token checks,
// seeding, background work; viewer.System logs each with its reason), a viewer, or nobody. The
// filters of layer 1, the rules of layer 2 and the settings of layer 3 all read it from there;
// nobody is refused by every layer (the data layer fails closed).
//
// The one bypass is the system context, created only by viewer.System with a reason that is
// logged. viewer.SystemOfMember is one too, narrowed for layer 3 to one organization: the read of
// a verified token's member, which row-level security shows that organization's rows only.
package tenancy
