package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"secretariat/ent"
	"secretariat/ent/membership"
	"secretariat/ent/passwordreset"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/auth/password"
	"secretariat/internal/database"
	"secretariat/internal/secret"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// errWrongCurrentPassword answers a password change whose current password is wrong.
var errWrongCurrentPassword = apperr.Invalid("currentPassword", apperr.InvalidValue, "is not the current password", "現在のパスワードが正しくありません")

// errBadReset is the one answer to a reset token that cannot be used: unknown, used, expired,
// or of a member who left or joined another organization meanwhile.
var errBadReset = apperr.NotFound("password reset", "パスワード再設定")

// ChangePassword checks the viewer's current password, with the limits of login (a stolen
// access token must not become a password oracle), sets the new one and ends every other
// session of the user, in every organization.
func (s *Service) ChangePassword(ctx context.Context, in ChangePasswordInput, clientAddr string) error {
	v := viewer.FromContext(ctx)
	if v == nil || v.Credential == nil {
		return fmt.Errorf("change password: %w", tenancy.ErrNoViewer)
	}
	if err := in.Validate(); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	sys := viewer.System(ctx, s.log, "change password")
	u, err := s.db.User.Get(sys, v.UserID)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if err := s.LimitGuess(ctx, u.Email, clientAddr); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	ok, _, err := password.Verify(u.PasswordHash, in.CurrentPassword)
	if err != nil && !errors.Is(err, password.ErrInvalidHash) {
		return fmt.Errorf("change password: %w", err)
	}
	if !ok {
		return fmt.Errorf("change password: %w", errWrongCurrentPassword)
	}
	if err := s.setPassword(sys, u, in.NewPassword, v.Credential.Session); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	return nil
}

// ResetPassword redeems a reset token: once, before it expires, and only while the user is still
// a member of the organization that issued it and of no other. Every session of the user ends.
func (s *Service) ResetPassword(ctx context.Context, in ResetPasswordInput) error {
	if err := in.Validate(); err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	sys := viewer.System(ctx, s.log, "reset password")
	pr, err := s.db.PasswordReset.Query().Where(passwordreset.TokenHash(secret.Hash(in.Token))).Only(sys)
	if ent.IsNotFound(err) {
		return fmt.Errorf("reset password: %w", errBadReset)
	}
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	now := s.now()
	if pr.UsedAt != nil || !now.Before(pr.ExpiresAt) {
		return fmt.Errorf("reset password: %w", errBadReset)
	}
	orgs, err := s.db.Membership.Query().
		Where(membership.UserID(pr.UserID), membership.RemovedAtIsNil(), membership.Or(membership.ExpiresAtIsNil(), membership.ExpiresAtGT(now))).
		Select(membership.FieldOrganizationID).
		Strings(sys)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if len(orgs) != 1 || orgs[0] != string(pr.OrganizationID) {
		return fmt.Errorf("reset password: %w", errBadReset)
	}
	// Mark it used only if nobody did: of two concurrent redemptions one wins.
	won, err := s.db.PasswordReset.Update().
		Where(passwordreset.ID(pr.ID), passwordreset.UsedAtIsNil()).
		SetUsedAt(now).
		Save(sys)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if won == 0 {
		return fmt.Errorf("reset password: %w", errBadReset)
	}
	u, err := s.db.User.Query().Where(user.ID(pr.UserID)).Only(sys)
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	if err := s.setPassword(sys, u, in.NewPassword, ""); err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	return nil
}

// setPassword stores the new password's hash and ends the user's sessions but keep.
func (s *Service) setPassword(sys context.Context, u *ent.User, newPassword, keep string) error {
	hash, err := password.Hash(newPassword)
	if err != nil {
		return err
	}
	return database.WithTx(sys, s.db, func(tx *ent.Client) error {
		if err := tx.User.UpdateOne(u).SetPasswordHash(hash).Exec(sys); err != nil {
			return err
		}
		return s.revokeUserSessions(sys, tx, u.ID, keep)
	})
}

// UpdateProfile sets the viewer's own name and language (the User policy lets a user write its
// own row only).
func (s *Service) UpdateProfile(ctx context.Context, in UpdateProfileInput) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("update profile: %w", tenancy.ErrNoViewer)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update profile: %w", err)
	}
	u := s.db.User.UpdateOneID(v.UserID)
	if in.Name != nil {
		u.SetName(*in.Name)
	}
	if in.Locale != nil {
		u.SetLocale(*in.Locale)
	} else if slices.Contains(in.Null, "locale") {
		u.ClearLocale()
	}
	user, err := u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update profile: %w", err)
	}
	return user, nil
}
