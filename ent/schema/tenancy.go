package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "secretariat/ent"
	"secretariat/ent/company"
	"secretariat/ent/hook"
	"secretariat/ent/intercept"
	"secretariat/ent/membership"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// The interceptors and hooks below attach layer 1 of tenant isolation (package tenancy) to the
// mixins, so that every tenant-owned entity gets it by construction.

// restrictQuery filters every query and traversal of the entity with restrict, and every edge
// predicate that reaches the entity's table (tenancy.GuardEdge).
func restrictQuery(restrict func(context.Context, tenancy.Filterable) error) ent.Interceptor {
	return guard(func(ctx context.Context, f tenancy.Filterable) error {
		if !layer1 {
			return nil
		}
		return restrict(ctx, f)
	})
}

// restrictWrites filters every update and delete of the entity with restrict, so a write by ID
// cannot reach another tenant's row either.
func restrictWrites(restrict func(context.Context, tenancy.Filterable) error) ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			f, ok := m.(tenancy.Filterable)
			if !ok {
				return nil, fmt.Errorf("tenancy: %s mutation cannot be filtered", m.Type())
			}
			if !layer1 {
				return next.Mutate(ctx, m)
			}
			if err := restrict(ctx, f); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne)
}

// guard is an interceptor that filters the queries and traversals of an entity and, as a
// tenancy.EdgeGuard, the sub-queries of edge predicates that reach its table.
type guard func(ctx context.Context, f tenancy.Filterable) error

// Intercept leaves the query as it is: a guard works as a Traverser.
func (g guard) Intercept(next ent.Querier) ent.Querier { return next }

// Traverse filters a query or a traversal of the entity.
func (g guard) Traverse(ctx context.Context, q ent.Query) error {
	f, err := intercept.NewQuery(q)
	if err != nil {
		return fmt.Errorf("tenancy: %w", err)
	}
	return g(ctx, f)
}

// FilterEdge filters the sub-query of an edge predicate on the entity's table.
func (g guard) FilterEdge(ctx context.Context, f tenancy.Filterable) error { return g(ctx, f) }

func byOrganization(column string) func(context.Context, tenancy.Filterable) error {
	return func(ctx context.Context, f tenancy.Filterable) error {
		return tenancy.RestrictToOrganization(ctx, f, column)
	}
}

func byCompanies(column string) func(context.Context, tenancy.Filterable) error {
	return func(ctx context.Context, f tenancy.Filterable) error {
		return tenancy.RestrictToCompanies(ctx, f, column)
	}
}

// stampOrganization sets the organization of every new row from the viewer.
func stampOrganization() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if err := tenancy.StampOrganization(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate)
}

// companyOwned is the part of every company-owned mutation the company check needs.
type companyOwned interface {
	ent.Mutation
	Client() *gen.Client
	CompanyID() (pulid.ID, bool)
	OrganizationID() (pulid.ID, bool)
}

// checkCompany refuses a new row whose company the viewer does not reach or that belongs to
// another organization than the row. It runs after stampOrganization.
func checkCompany() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			cm, ok := m.(companyOwned)
			if !ok {
				return nil, fmt.Errorf("tenancy: %s mutation has no company", m.Type())
			}
			companyID, _ := cm.CompanyID()
			orgID, _ := cm.OrganizationID()
			if err := tenancy.CheckCompanyAccess(ctx, companyID); err != nil {
				return nil, err
			}
			exists, err := cm.Client().Company.Query().
				Where(company.ID(companyID), company.OrganizationID(orgID)).
				Exist(ctx)
			if err != nil {
				return nil, fmt.Errorf("check company of new %s: %w", m.Type(), err)
			}
			if !exists {
				return nil, apperr.NotFound("company", "会社")
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate)
}

// Interceptors of the TenantMixin.
func (TenantMixin) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{restrictQuery(byOrganization(tenancy.OrganizationColumn))}
}

// Hooks of the TenantMixin.
func (TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{stampOrganization(), restrictWrites(byOrganization(tenancy.OrganizationColumn)), checkEdges(), auditTrail()}
}

// Interceptors of the CompanyMixin.
func (CompanyMixin) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{restrictQuery(byCompanies(tenancy.CompanyColumn))}
}

// Hooks of the CompanyMixin.
func (CompanyMixin) Hooks() []ent.Hook {
	return []ent.Hook{checkCompany(), restrictWrites(byCompanies(tenancy.CompanyColumn))}
}

// Interceptors of the Organization: a viewer sees only the organization of its token.
func (Organization) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{restrictQuery(byOrganization("id"))}
}

// Hooks of the Organization: a viewer changes only the organization of its token. Who may create
// or change one is its privacy policy (policy.go).
func (Organization) Hooks() []ent.Hook {
	return []ent.Hook{restrictWrites(byOrganization("id")), checkEdges(), auditTrail()}
}

// Interceptors of the Company: company-scoped roles see only the companies they were granted.
func (Company) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{restrictQuery(byCompanies("id"))}
}

// Hooks of the Company.
func (Company) Hooks() []ent.Hook {
	return []ent.Hook{restrictWrites(byCompanies("id"))}
}

// Interceptors of the User: users are global, but a viewer sees only itself and the members of
// its organization.
func (User) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{restrictQuery(colleagues)}
}

// Hooks of the User: a viewer changes only the users it can see.
func (User) Hooks() []ent.Hook {
	return []ent.Hook{restrictWrites(colleagues), checkEdges(), auditTrail()}
}

// colleagues limits f to the viewer and the users with a membership in its organization.
// Interceptors of the Membership: removed members are hidden from every viewer; only the system
// context (sign-in, token checks, re-invitation) sees them.
func (Membership) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{guard(func(ctx context.Context, f tenancy.Filterable) error {
		if !viewer.IsSystem(ctx) {
			f.WhereP(sql.FieldIsNull(membership.FieldRemovedAt))
		}
		return nil
	})}
}

func colleagues(ctx context.Context, f tenancy.Filterable) error {
	if viewer.IsSystem(ctx) {
		return nil
	}
	v := viewer.FromContext(ctx)
	if v == nil {
		return tenancy.ErrNoViewer
	}
	f.WhereP(func(s *sql.Selector) {
		m := sql.Table(membership.Table)
		members := sql.Select(m.C(membership.FieldUserID)).
			From(m).
			Where(sql.EQ(m.C(membership.FieldOrganizationID), v.OrganizationID))
		s.Where(sql.Or(
			sql.EQ(s.C(user.FieldID), v.UserID),
			sql.In(s.C(user.FieldID), members),
		))
	})
	return nil
}

// Hooks of the ArchiveMixin: records of an ISMS are archived, never deleted, so a delete is
// refused whoever asks.
func (ArchiveMixin) Hooks() []ent.Hook {
	return []ent.Hook{
		hook.On(func(ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(_ context.Context, m ent.Mutation) (ent.Value, error) {
				return nil, apperr.Forbidden(apperr.Immutable, m.Type()+" records are archived, not deleted", m.Type()+"のレコードは削除できません。アーカイブしてください")
			})
		}, ent.OpDelete|ent.OpDeleteOne),
	}
}
