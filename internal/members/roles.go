package members

import (
	"context"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"fmt"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/committeemember"
	"secretariat/ent/companyaccess"
	"secretariat/ent/department"
	"secretariat/ent/departmentrepresentative"
	"secretariat/ent/membership"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// UpdateMembership changes a member's role. Only an OWNER makes or unmakes owners, and the last
// OWNER stays one. No role changes to or from AUDITOR, whose access comes with an end.
func (s *Service) UpdateMembership(ctx context.Context, in UpdateMembershipInput) (*ent.Membership, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("update membership: %w", err)
	}
	if !validRole(in.Role) {
		return nil, fmt.Errorf("update membership: %w", errUnknownRole)
	}
	var out *ent.Membership
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		m, err := tx.Membership.Get(ctx, in.ID)
		if err != nil {
			return err
		}
		if err := onlyOwnerTouchesOwners(v, m.Role, in.Role); err != nil {
			return err
		}
		if (m.Role == viewer.RoleAuditor) != (in.Role == viewer.RoleAuditor) && m.Role != in.Role {
			// An AUDITOR is a certification body's, time-boxed company by company: nobody becomes
			// one, or stops being one, by a role change that would carry no end of access.
			return apperr.Invalid("role", apperr.InvalidValue, "an AUDITOR comes by invitation with an end of access, and leaves by removal; its role does not change",
				"AUDITORは終了日時付きの招待で追加し、削除で外してください。ロールの変更はできません")
		}
		if m.Role == viewer.RoleOwner && in.Role != viewer.RoleOwner {
			if err := keepAnOwner(ctx, tx); err != nil {
				return err
			}
		}
		out, err = m.Update().SetRole(in.Role).Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update membership: %w", err)
	}
	return out, nil
}

// RemoveMember removes a member, its company grants and its sessions in the organization. The
// person's account and the records they made stay.
func (s *Service) RemoveMember(ctx context.Context, in RemoveMemberInput) (*ent.Membership, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("remove member: %w", err)
	}
	var removed *ent.Membership
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		m, err := tx.Membership.Get(ctx, in.ID)
		if err != nil {
			return err
		}
		if err := onlyOwnerTouchesOwners(v, m.Role); err != nil {
			return err
		}
		if m.Role == viewer.RoleOwner {
			if err := keepAnOwner(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := tx.CompanyAccess.Delete().Where(companyaccess.MembershipID(m.ID)).Exec(ctx); err != nil {
			return err
		}
		// The seats and responsibilities go with the member; what it made stays, under its name.
		if _, err := tx.CommitteeMember.Delete().Where(committeemember.UserID(m.UserID)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.SecretariatAssignment.Delete().Where(secretariatassignment.UserID(m.UserID)).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.DepartmentRepresentative.Delete().Where(departmentrepresentative.UserID(m.UserID)).Exec(ctx); err != nil {
			return err
		}
		removed = m
		return tx.Membership.UpdateOne(m).SetRemovedAt(s.now()).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("remove member: %w", err)
	}
	if err := s.auth.RevokeSessions(ctx, removed.UserID, removed.OrganizationID); err != nil {
		return nil, fmt.Errorf("remove member: %w", err)
	}
	return removed, nil
}

// keepAnOwner refuses to take away the last OWNER of the organization. On PostgreSQL it locks
// the owners' memberships (FOR UPDATE) until the transaction ends, so that two owners stepping
// down or removing each other at the same moment are decided one after the other: the second
// reads the first's change and is refused. SQLite serializes its writers anyway.
func keepAnOwner(ctx context.Context, tx *ent.Client) error {
	owners, err := tx.Membership.Query().Where(membership.RoleEQ(viewer.RoleOwner)).
		Modify(func(s *entsql.Selector) {
			if s.Dialect() == dialect.Postgres {
				s.ForUpdate()
			}
		}).
		IDs(ctx)
	if err != nil {
		return err
	}
	if len(owners) <= 1 {
		return apperr.Conflict(apperr.StaleState, "the organization must keep at least one OWNER", "組織には少なくとも1人のOWNERが必要です")
	}
	return nil
}

var errUnknownRole = apperr.Invalid("role", apperr.InvalidValue, "unknown role", "指定できないロールです")

func validRole(r viewer.Role) bool { return slices.Contains(r.Values(), string(r)) }

// GrantCompanyAccess lets a membership reach one more company. An AUDITOR is granted each
// company it audits until a day of its own (ExpiresAt, within a year): granting a granted company
// again moves that day, and the membership lasts until the latest of its grants ends. Granting
// twice otherwise changes nothing.
func (s *Service) GrantCompanyAccess(ctx context.Context, in CompanyAccessInput) (*ent.Membership, error) {
	m, err := s.db.Membership.Get(ctx, in.MembershipID)
	if err != nil {
		return nil, fmt.Errorf("grant company access: %w", err)
	}
	if m.Role == viewer.RoleAuditor {
		err = auditorEnd("expiresAt", in.ExpiresAt, s.now())
	} else if in.ExpiresAt != nil {
		err = onlyAuditorsExpire("expiresAt")
	}
	if err != nil {
		return nil, fmt.Errorf("grant company access: %w", err)
	}
	granted, err := s.db.CompanyAccess.Query().
		Where(companyaccess.MembershipID(m.ID), companyaccess.CompanyID(in.CompanyID)).
		Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("grant company access: %w", err)
	}
	if granted != nil && sameTime(granted.ExpiresAt, in.ExpiresAt) {
		// Nothing to write, but only a role that may grant is told so: the policy decides, as it
		// would the write.
		grant := s.db.CompanyAccess.Create().SetMembershipID(m.ID).SetCompanyID(in.CompanyID)
		if err := authz.Check(ctx, companyaccess.Policy, grant.Mutation()); err != nil {
			return nil, fmt.Errorf("grant company access: %w", err)
		}
		return m, nil
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if granted != nil {
			if err := tx.CompanyAccess.UpdateOne(granted).SetNillableExpiresAt(in.ExpiresAt).Exec(ctx); err != nil {
				return err
			}
		} else {
			// The tenancy hook refuses a company of another organization as not found: bad
			// input in companyID.
			create := tx.CompanyAccess.Create().SetMembershipID(m.ID).SetCompanyID(in.CompanyID).SetNillableExpiresAt(in.ExpiresAt)
			if err := validate.Reference("companyID", create.Exec(ctx)); err != nil {
				return err
			}
		}
		if m.Role == viewer.RoleAuditor {
			if err := s.lastsAsItsGrants(ctx, tx, m); err != nil {
				return err
			}
		}
		if granted != nil {
			return nil
		}
		return s.joined(ctx, tx, m, []pulid.ID{in.CompanyID})
	})
	if err != nil {
		return nil, fmt.Errorf("grant company access: %w", err)
	}
	return s.db.Membership.Get(ctx, m.ID)
}

// lastsAsItsGrants makes an AUDITOR's membership last until the latest of its grants ends, so
// that it signs in while any company is still granted; each company drops out of its reach on
// its own day (auth.Service.Authenticate reads the grants).
func (s *Service) lastsAsItsGrants(ctx context.Context, tx *ent.Client, m *ent.Membership) error {
	grants, err := tx.CompanyAccess.Query().Where(companyaccess.MembershipID(m.ID), companyaccess.ExpiresAtNotNil()).All(ctx)
	if err != nil || len(grants) == 0 {
		return err
	}
	last := *grants[0].ExpiresAt
	for _, g := range grants[1:] {
		if g.ExpiresAt.After(last) {
			last = *g.ExpiresAt
		}
	}
	return tx.Membership.UpdateOne(m).SetExpiresAt(last).Exec(ctx)
}

// sameTime reports whether two optional times are the same instant.
func sameTime(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}

// SetMemberDepartment records the department a member works in, in a company it is granted (an
// active department of that company); trainings go to departments by it. A company the member is
// not granted is BAD_USER_INPUT on companyID.
func (s *Service) SetMemberDepartment(ctx context.Context, in SetMemberDepartmentInput) (*ent.CompanyAccess, error) {
	grant, err := s.db.CompanyAccess.Query().
		Where(companyaccess.MembershipID(in.MembershipID), companyaccess.CompanyID(in.CompanyID)).
		Only(ctx)
	if ent.IsNotFound(err) {
		err = apperr.Invalid("companyID", apperr.UnknownID, "the member is not granted this company", "メンバーはこの会社へのアクセス権を持っていません")
	}
	if err != nil {
		return nil, fmt.Errorf("set member department: %w", err)
	}
	u := grant.Update().ClearDepartmentID()
	if in.DepartmentID != nil {
		ok, err := s.db.Department.Query().Where(department.ID(*in.DepartmentID), department.CompanyID(in.CompanyID), department.ArchivedAtIsNil()).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("set member department: %w", err)
		}
		if !ok {
			return nil, fmt.Errorf("set member department: %w", apperr.Invalid("departmentID", apperr.UnknownID, "names no active department of the company", "会社の有効な部署を指定してください"))
		}
		u.SetDepartmentID(*in.DepartmentID)
	}
	if grant, err = u.Save(ctx); err != nil {
		return nil, fmt.Errorf("set member department: %w", err)
	}
	return grant, nil
}

// RevokeCompanyAccess takes a company away from a membership. Revoking what was not granted
// changes nothing; a company the viewer cannot reach is bad input in companyID (UNKNOWN_ID).
func (s *Service) RevokeCompanyAccess(ctx context.Context, in CompanyAccessInput) (*ent.Membership, error) {
	if in.ExpiresAt != nil {
		return nil, fmt.Errorf("revoke company access: %w", apperr.Invalid("expiresAt", apperr.ConflictingFields, "revoking takes no end of access", "アクセスの取り消しに終了日時は指定できません"))
	}
	m, err := s.db.Membership.Get(ctx, in.MembershipID)
	if err != nil {
		return nil, fmt.Errorf("revoke company access: %w", err)
	}
	if _, err := s.db.Company.Get(ctx, in.CompanyID); err != nil {
		return nil, fmt.Errorf("revoke company access: %w", validate.Reference("companyID", err))
	}
	if _, err := s.db.CompanyAccess.Delete().
		Where(companyaccess.MembershipID(m.ID), companyaccess.CompanyID(in.CompanyID)).
		Exec(ctx); err != nil {
		return nil, fmt.Errorf("revoke company access: %w", err)
	}
	return m, nil
}
