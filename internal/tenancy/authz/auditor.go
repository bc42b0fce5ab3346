package authz

import (
	"context"
	"errors"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"secretariat/ent/privacy"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
)

// ReadOnlyRoleRows narrows what a read-only role (AUDITOR) reads of an entity to the rows rows
// selects for its user, within what layer 1 lets it read: a certification auditor reads the
// records of the audits it works on, and the rest of them read as if they did not exist. Other
// viewers are not touched.
func ReadOnlyRoleRows(rows func(s *sql.Selector, user pulid.ID)) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || !slices.Contains(readOnlyRoles, v.Role) {
			return privacy.Skip
		}
		user := v.UserID
		return where(q, func(s *sql.Selector) { rows(s, user) })
	})
}

// WritesWithReadOnlyRole is Writes for the rare record a read-only role writes too (a
// certification auditor's own requests): the role's writes are decided by its rules alone, and
// what they do not allow is refused; the other roles' writes by rules, as in Writes.
func WritesWithReadOnlyRole(what string, readOnly []privacy.MutationRule, rules ...privacy.MutationRule) privacy.MutationPolicy {
	p := privacy.MutationPolicy{AllowSystem(), DenyIfNoViewer()}
	p = append(p, privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || !slices.Contains(readOnlyRoles, v.Role) {
			return privacy.Skip
		}
		for _, r := range readOnly {
			if err := r.EvalMutation(ctx, m); !errors.Is(err, privacy.Skip) {
				return err // allowed (nil or Allow) or denied
			}
		}
		return forbidden(v, m, what)
	}))
	p = append(p, rules...)
	return append(p, DenyWrites(what))
}
