package members

import (
	"time"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// InviteMemberInput invites someone by email with a role and, for company-scoped roles, the
// companies they will reach. An AUDITOR's access must end: accessExpiresAt is required.
type InviteMemberInput struct {
	Email           string      `json:"email"`
	Role            viewer.Role `json:"role"`
	CompanyIDs      []pulid.ID  `json:"companyIDs"`
	AccessExpiresAt *time.Time  `json:"accessExpiresAt"`
}

// maxAuditorAccess bounds a certification auditor's access: an audit cycle, not forever.
const maxAuditorAccess = 366 * 24 * time.Hour

// Validate reports every problem at once; now is the current time.
func (in *InviteMemberInput) Validate(now time.Time) error {
	var errs []error
	switch {
	case in.Role == viewer.RoleOwner || in.Role == viewer.RoleAdmin:
		if len(in.CompanyIDs) > 0 {
			errs = append(errs, apperr.Invalid("companyIDs", apperr.ConflictingFields, "OWNER and ADMIN reach every company; give no companies",
				"OWNERとADMINはすべての会社を担当するため、会社は指定しないでください"))
		}
	case in.Role == viewer.RoleConsultant:
		if len(in.CompanyIDs) == 0 {
			errs = append(errs, apperr.Invalid("companyIDs", apperr.Required, "a CONSULTANT needs at least one company", "CONSULTANTには会社を1社以上指定してください"))
		}
	case in.Role == viewer.RoleSecretariat || in.Role == viewer.RoleMember || in.Role == viewer.RoleAuditor:
		if len(in.CompanyIDs) != 1 {
			errs = append(errs, apperr.Invalid("companyIDs", apperr.InvalidValue, "this role works in exactly one company", "このロールには会社を1社だけ指定してください"))
		}
	default:
		errs = append(errs, errUnknownRole)
	}
	if in.Role == viewer.RoleAuditor {
		errs = append(errs, auditorEnd("accessExpiresAt", in.AccessExpiresAt, now))
	} else if in.AccessExpiresAt != nil {
		errs = append(errs, onlyAuditorsExpire("accessExpiresAt"))
	}
	return apperr.Join(errs...)
}

// InvitationPayload is a new invitation and its single-use token, shown this once.
type InvitationPayload struct {
	Invitation *ent.Invitation
	Token      string
}

// AcceptInvitationInput joins the invitation's organization: an existing account proves itself
// with its password; a new one is created with the name and password.
type AcceptInvitationInput struct {
	Token    string  `json:"token"`
	Name     *string `json:"name"`
	Password *string `json:"password"`
}

// UpdateMembershipInput changes a member's role.
type UpdateMembershipInput struct {
	ID   pulid.ID    `json:"id"`
	Role viewer.Role `json:"role"`
}

// RemoveMemberInput removes a member from the organization.
type RemoveMemberInput struct {
	ID pulid.ID `json:"id"`
}

// CompanyAccessInput grants or revokes one company to a membership. ExpiresAt, when the company
// is granted to an AUDITOR, is when that company's access ends (required for an AUDITOR, refused
// for the other roles and when revoking).
type CompanyAccessInput struct {
	MembershipID pulid.ID   `json:"membershipID"`
	CompanyID    pulid.ID   `json:"companyID"`
	ExpiresAt    *time.Time `json:"expiresAt"`
}

// auditorEnd checks the end of an AUDITOR's access on field: required, after now and within a
// year.
func auditorEnd(field string, end *time.Time, now time.Time) error {
	const en, ja = "an AUDITOR needs an end of access within a year", "AUDITORにはアクセス終了日時を1年以内で指定してください"
	switch {
	case end == nil:
		return apperr.Invalid(field, apperr.Required, en, ja)
	case !end.After(now) || end.After(now.Add(maxAuditorAccess)):
		return apperr.Invalid(field, apperr.OutOfRange, en, ja)
	}
	return nil
}

// onlyAuditorsExpire refuses an end of access for a role other than AUDITOR.
func onlyAuditorsExpire(field string) error {
	return apperr.Invalid(field, apperr.ConflictingFields, "only AUDITOR access expires", "アクセス終了日時を指定できるのはAUDITORのみです")
}

// SetMemberDepartmentInput records the department a member works in, in one company it is
// granted; null clears it.
type SetMemberDepartmentInput struct {
	MembershipID pulid.ID  `json:"membershipID"`
	CompanyID    pulid.ID  `json:"companyID"`
	DepartmentID *pulid.ID `json:"departmentID"`
}

// IssuePasswordResetInput issues a password reset token for a member.
type IssuePasswordResetInput struct {
	MembershipID pulid.ID `json:"membershipID"`
}

// PasswordResetPayload is a new reset token, shown this once, and when it stops working.
type PasswordResetPayload struct {
	Token     string
	ExpiresAt time.Time
}
