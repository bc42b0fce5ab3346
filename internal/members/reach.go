package members

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/membership"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// RoleIn returns the role with which a user works in a company of the viewer's organization:
// OWNER and ADMIN reach every company, a company-scoped role only a company it was granted. ok is
// false when the user does not reach the company: not a member, not granted, or past the end of
// its access (the membership's, or an AUDITOR's grant of that company). Services use it to check people named in input (an assignee, a committee member);
// the company itself must already be one the viewer reaches.
func RoleIn(ctx context.Context, db *ent.Client, userID, companyID pulid.ID) (role viewer.Role, ok bool, err error) {
	m, err := db.Membership.Query().Where(membership.UserID(userID)).Only(ctx)
	if ent.IsNotFound(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("membership of %s: %w", userID, err)
	}
	if m.ExpiresAt != nil && !m.ExpiresAt.After(time.Now()) {
		return "", false, nil
	}
	if m.Role == viewer.RoleOwner || m.Role == viewer.RoleAdmin {
		return m.Role, true, nil
	}
	granted, err := db.CompanyAccess.Query().
		Where(companyaccess.MembershipID(m.ID), companyaccess.CompanyID(companyID),
			companyaccess.Or(companyaccess.ExpiresAtIsNil(), companyaccess.ExpiresAtGT(time.Now()))).
		Exist(ctx)
	if err != nil {
		return "", false, fmt.Errorf("company access of %s: %w", userID, err)
	}
	return m.Role, granted, nil
}
