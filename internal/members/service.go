// Package members manages who works in an organization: invitations, roles, removal, and the
// companies a company-scoped role reaches. The last OWNER can be neither demoted nor removed, and
// only an OWNER manages owners. That only OWNER and ADMIN manage members at all is the privacy
// policy of the ent schema (package authz), which refuses the write of any other role.
package members

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/ent/invitation"
	"secretariat/ent/membership"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/auth"
	"secretariat/internal/auth/password"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/secret"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// InvitationTTL is how long an invitation can be accepted.
const InvitationTTL = 7 * 24 * time.Hour

// Service manages memberships.
type Service struct {
	db   *ent.Client
	log  *slog.Logger
	auth *auth.Service
	now  func() time.Time
	join JoinHook
}

// JoinHook is told, in the transaction that grants them, the companies a membership joins: the
// training module assigns its new-joiner courses with it.
type JoinHook func(ctx context.Context, tx *ent.Client, m *ent.Membership, companies []pulid.ID) error

// Option sets an optional part of the service.
type Option func(*Service)

// WithJoinHook calls h whenever a membership joins companies: an invitation accepted, a company
// granted.
func WithJoinHook(h JoinHook) Option { return func(s *Service) { s.join = h } }

// NewService returns the service.
func NewService(db *ent.Client, authService *auth.Service, log *slog.Logger, opts ...Option) *Service {
	s := &Service{db: db, log: log, auth: authService, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// joined tells the join hook, when there is one, that m joined the companies.
func (s *Service) joined(ctx context.Context, tx *ent.Client, m *ent.Membership, companies []pulid.ID) error {
	if s.join == nil || len(companies) == 0 {
		return nil
	}
	return s.join(ctx, tx, m, companies)
}

// viewerOf returns the viewer, whom the business rules below need (only an OWNER manages
// owners). Whether its role may manage members at all is the privacy policy's decision, at the
// write.
func viewerOf(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, tenancy.ErrNoViewer
	}
	return v, nil
}

// onlyOwnerTouchesOwners refuses an ADMIN that would create, change or remove an OWNER.
func onlyOwnerTouchesOwners(v *viewer.Viewer, roles ...viewer.Role) error {
	if v.Role != viewer.RoleOwner && slices.Contains(roles, viewer.RoleOwner) {
		return apperr.Forbidden(apperr.RoleRequired, "only an OWNER manages owners", "OWNERを管理できるのはOWNERのみです")
	}
	return nil
}

// InviteMember creates an invitation and returns its token, shown this once.
func (s *Service) InviteMember(ctx context.Context, in InviteMemberInput) (*InvitationPayload, error) {
	v, err := viewerOf(ctx)
	if err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	email, emailErr := password.NormalizeEmail(in.Email)
	if err := apperr.Join(emailErr, in.Validate(s.now())); err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	if err := onlyOwnerTouchesOwners(v, in.Role); err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	if err := s.checkCompanies(ctx, in.CompanyIDs); err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	member, err := s.db.Membership.Query().
		Where(membership.HasUserWith(user.Email(email))).
		Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	if member {
		return nil, fmt.Errorf("invite member: %w", apperr.Conflict(apperr.Duplicate, "this person is already a member", "この方はすでにメンバーです"))
	}
	tok, err := secret.New()
	if err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	inv, err := s.db.Invitation.Create().
		SetEmail(email).
		SetRole(in.Role).
		SetCompanyIds(in.CompanyIDs).
		SetNillableAccessExpiresAt(in.AccessExpiresAt).
		SetTokenHash(secret.Hash(tok)).
		SetExpiresAt(s.now().Add(InvitationTTL)).
		SetInvitedByID(v.UserID).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("invite member: %w", err)
	}
	return &InvitationPayload{Invitation: inv, Token: tok}, nil
}

// checkCompanies refuses company ids that are not companies of the viewer's organization.
func (s *Service) checkCompanies(ctx context.Context, ids []pulid.ID) error {
	if len(ids) == 0 {
		return nil
	}
	unique := slices.Compact(slices.Sorted(slices.Values(ids)))
	n, err := s.db.Company.Query().Where(company.IDIn(unique...)).Count(ctx)
	if err != nil {
		return err
	}
	const en, ja = "must be distinct companies of the organization", "組織の会社を重複なく指定してください"
	if n != len(unique) {
		return apperr.Invalid("companyIDs", apperr.UnknownID, en, ja)
	}
	if len(unique) != len(ids) {
		return apperr.Invalid("companyIDs", apperr.InvalidValue, en, ja)
	}
	return nil
}

// errSignInToAccept answers an invitation for an existing account that is not accepted while
// signed in as that account. A password is never checked here: accepting an invitation must not
// become a way to guess one.
var errSignInToAccept = apperr.Unauthenticated("sign in as the invited account to accept this invitation", "招待を承諾するには、招待されたアカウントでログインしてください")

// AcceptInvitation joins the invitation's organization and signs in there. An existing account
// accepts only while signed in as itself (its bearer token, of any organization) and gives no
// password, unless it belongs to no organization any more (formerMember); a new account is created with the name and password given. Attempts count in the
// buckets of login, per invited email and per client address.
func (s *Service) AcceptInvitation(ctx context.Context, in AcceptInvitationInput, clientAddr string) (*auth.Payload, error) {
	sys := viewer.System(ctx, s.log, "accept invitation")
	inv, err := s.db.Invitation.Query().Where(invitation.TokenHash(secret.Hash(in.Token))).Only(sys)
	if ent.IsNotFound(err) || (err == nil && (inv.AcceptedAt != nil || !s.now().Before(inv.ExpiresAt))) {
		// Unknown tokens still count against the address.
		if err := s.auth.LimitGuess(ctx, "", clientAddr); err != nil {
			return nil, fmt.Errorf("accept invitation: %w", err)
		}
		return nil, fmt.Errorf("accept invitation: %w", apperr.NotFound("invitation", "招待"))
	}
	if err != nil {
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	// Signed in, nothing is guessed: only the address counts.
	v := viewer.FromContext(ctx)
	guessed := inv.Email
	if v != nil {
		guessed = ""
	}
	if err := s.auth.LimitGuess(ctx, guessed, clientAddr); err != nil {
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	u, err := s.account(sys, inv.Email, v, in)
	if err != nil {
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	var m *ent.Membership
	err = database.WithTx(sys, s.db, func(tx *ent.Client) error {
		taken, err := tx.Invitation.Update().
			Where(invitation.ID(inv.ID), invitation.AcceptedAtIsNil()).
			SetAcceptedAt(s.now()).
			Save(sys)
		if err != nil {
			return err
		}
		if taken == 0 {
			return apperr.NotFound("invitation", "招待")
		}
		m, err = tx.Membership.Query().
			Where(membership.OrganizationID(inv.OrganizationID), membership.UserID(u.ID)).
			Only(sys)
		switch {
		case ent.IsNotFound(err):
			m, err = tx.Membership.Create().
				SetOrganizationID(inv.OrganizationID).
				SetUserID(u.ID).
				SetRole(inv.Role).
				SetNillableExpiresAt(inv.AccessExpiresAt).
				Save(sys)
		case err == nil && m.RemovedAt != nil:
			// A former member comes back: the same membership, with the invitation's role.
			update := m.Update().SetRole(inv.Role).ClearRemovedAt().ClearExpiresAt()
			if inv.AccessExpiresAt != nil {
				update.SetExpiresAt(*inv.AccessExpiresAt)
			}
			m, err = update.Save(sys)
		case err == nil:
			return apperr.Conflict(apperr.Duplicate, "you are already a member of this organization", "すでにこの組織のメンバーです")
		}
		if ent.IsConstraintError(err) {
			return apperr.Conflict(apperr.Duplicate, "you are already a member of this organization", "すでにこの組織のメンバーです")
		}
		if err != nil {
			return err
		}
		for _, cid := range inv.CompanyIds {
			// An AUDITOR's grant ends with the invitation's end of access.
			if err := tx.CompanyAccess.Create().SetOrganizationID(inv.OrganizationID).SetCompanyID(cid).SetMembershipID(m.ID).
				SetNillableExpiresAt(inv.AccessExpiresAt).Exec(sys); err != nil {
				return err
			}
		}
		return s.joined(sys, tx, m, inv.CompanyIds)
	})
	if err != nil {
		return nil, fmt.Errorf("accept invitation: %w", err)
	}
	return s.auth.SignIn(ctx, u, m)
}

// account returns the invitee's account: the signed-in viewer's own, if its email is the
// invitation's, or a new one with the name and password given.
func (s *Service) account(sys context.Context, email string, v *viewer.Viewer, in AcceptInvitationInput) (*ent.User, error) {
	u, err := s.db.User.Query().Where(user.Email(email)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	if v != nil {
		if u == nil || u.ID != v.UserID {
			return nil, apperr.Forbidden(apperr.CredentialRefused, "this invitation is for another account", "この招待は別のアカウント宛てです")
		}
		if in.Password != nil {
			return nil, apperr.Invalid("password", apperr.InvalidValue, "an existing account accepts signed in, without a password",
				"既存のアカウントはログインした状態で、パスワードを指定せずに承諾してください")
		}
		return u, nil
	}
	if u != nil {
		return s.formerMember(sys, u, in.Password)
	}
	name := ""
	if in.Name != nil {
		name = *in.Name
	}
	var nameErr error
	switch {
	case name == "":
		nameErr = apperr.Invalid("name", apperr.Required, "must be 1 to 200 characters for a new account", "新しいアカウントの氏名を入力してください")
	case len([]rune(name)) > 200:
		nameErr = apperr.Invalid("name", apperr.TooLong, "must be 1 to 200 characters for a new account", "氏名は200文字以内で入力してください")
	}
	pw := ""
	if in.Password != nil {
		pw = *in.Password
	}
	if err := apperr.Join(nameErr, password.Validate(pw)); err != nil {
		return nil, err
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, err
	}
	return s.db.User.Create().SetEmail(email).SetName(name).SetPasswordHash(hash).Save(sys)
}

// formerMember lets an account that belongs to no organization any more, and so cannot sign in
// to accept, prove itself with its password (under the limits of login, counted by the caller,
// like login itself). Any other existing account gets errSignInToAccept, whatever the password:
// for it a password here is never an oracle.
func (s *Service) formerMember(sys context.Context, u *ent.User, pw *string) (*ent.User, error) {
	if pw == nil {
		return nil, errSignInToAccept
	}
	ok, _, err := password.Verify(u.PasswordHash, *pw)
	if err != nil || !ok || u.DisabledAt != nil {
		return nil, errSignInToAccept
	}
	active, err := s.db.Membership.Query().
		Where(membership.UserID(u.ID), membership.RemovedAtIsNil(), membership.Or(membership.ExpiresAtIsNil(), membership.ExpiresAtGT(s.now()))).
		Exist(sys)
	if err != nil {
		return nil, err
	}
	if active {
		return nil, errSignInToAccept
	}
	return u, nil
}
