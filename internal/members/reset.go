package members

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent/membership"
	"secretariat/ent/passwordreset"
	"secretariat/internal/apperr"
	"secretariat/internal/secret"
	"secretariat/internal/viewer"
)

// PasswordResetTTL is how long a password reset token can be redeemed.
const PasswordResetTTL = 24 * time.Hour

// IssuePasswordReset gives an OWNER or ADMIN a single-use token that sets a new password for a
// member of the organization (there is no mail yet: the administrator hands it over, as with
// invitations). An account is global, so a member who also works in another organization is
// refused: its password guards that organization too, which this one's administrators do not
// run. Only an OWNER resets an owner. A new token replaces the member's earlier ones.
func (s *Service) IssuePasswordReset(ctx context.Context, in IssuePasswordResetInput) (*PasswordResetPayload, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("issue password reset: %w", err)
	}
	if v.Role != viewer.RoleOwner && v.Role != viewer.RoleAdmin {
		return nil, fmt.Errorf("issue password reset: %w", apperr.Forbidden(apperr.RoleRequired,
			fmt.Sprintf("the %s role cannot create password resets", v.Role),
			fmt.Sprintf("%sロールではパスワード再設定を発行できません", v.Role)))
	}
	m, err := s.db.Membership.Get(ctx, in.MembershipID)
	if err == nil && m.RemovedAt != nil {
		err = apperr.NotFound("membership", "メンバー")
	}
	if err != nil {
		return nil, fmt.Errorf("issue password reset: %w", err)
	}
	if err := onlyOwnerTouchesOwners(v, m.Role); err != nil {
		return nil, fmt.Errorf("issue password reset: %w", err)
	}
	sys := viewer.System(ctx, s.log, "issue password reset")
	now := s.now()
	elsewhere, err := s.db.Membership.Query().
		Where(membership.UserID(m.UserID), membership.OrganizationIDNEQ(m.OrganizationID), membership.RemovedAtIsNil(),
			membership.Or(membership.ExpiresAtIsNil(), membership.ExpiresAtGT(now))).
		Exist(sys)
	if err != nil {
		return nil, fmt.Errorf("issue password reset: %w", err)
	}
	if elsewhere {
		return nil, fmt.Errorf("issue password reset: %w",
			apperr.Forbidden(apperr.StaleState, "this member also works in another organization: they change their password while signed in",
				"このメンバーは他の組織にも所属しているため、ログインした状態で本人がパスワードを変更してください"))
	}
	tok, err := secret.New()
	if err != nil {
		return nil, fmt.Errorf("issue password reset: %w", err)
	}
	expires := now.Add(PasswordResetTTL)
	err = s.db.PasswordReset.Update().
		Where(passwordreset.UserID(m.UserID), passwordreset.UsedAtIsNil()).
		SetUsedAt(now).
		Exec(sys)
	if err == nil {
		err = s.db.PasswordReset.Create().
			SetOrganizationID(m.OrganizationID).
			SetUserID(m.UserID).
			SetIssuedByID(v.UserID).
			SetTokenHash(secret.Hash(tok)).
			SetExpiresAt(expires).
			Exec(sys)
	}
	if err != nil {
		return nil, fmt.Errorf("issue password reset: %w", err)
	}
	s.log.InfoContext(ctx, "password reset issued", "user", m.UserID, "organization", m.OrganizationID, "issued_by", v.UserID)
	return &PasswordResetPayload{Token: tok, ExpiresAt: expires}, nil
}
