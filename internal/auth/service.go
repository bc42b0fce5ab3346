package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/membership"
	"secretariat/ent/refreshtoken"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/auth/password"
	"secretariat/internal/auth/token"
	"secretariat/internal/database"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/secret"
	"secretariat/internal/viewer"
)

// Settings of the token lifecycle.
const (
	RefreshTTL = 30 * 24 * time.Hour
	// ReuseGrace lets a client that lost the response to a refresh present the same token
	// again, briefly, without revoking its session.
	ReuseGrace = 30 * time.Second
)

// Service signs people up and in and resolves their tokens.
type Service struct {
	db *ent.Client
	// members is the statement that reads a member on every request (member.go).
	members memberStatements
	log     *slog.Logger
	tokens  *token.Issuer
	kv      *kv.Backend
	limits  Limits
	now     func() time.Time
}

// NewService returns the service.
func NewService(db *database.DB, tokens *token.Issuer, store *kv.Backend, log *slog.Logger) (*Service, error) {
	members, err := newMemberStatements(db)
	if err != nil {
		return nil, fmt.Errorf("auth service: %w", err)
	}
	return &Service{db: db.Client, members: members, log: log, tokens: tokens, kv: store, limits: DefaultLimits, now: time.Now}, nil
}

// errBadLogin is the one answer to a wrong email or a wrong password.
var errBadLogin = apperr.Unauthenticated("invalid email or password", "メールアドレスまたはパスワードが正しくありません")

// errBadRefresh is the one answer to any refresh token that cannot be used.
var errBadRefresh = apperr.Unauthenticated("invalid or expired refresh token", "リフレッシュトークンが無効か、有効期限が切れています")

// errSignUpRefused answers a sign-up with an email that has an account. It names no account:
// without mail to the address, success itself still tells that there was none, so the rate
// limit per address is what bounds that probing.
var errSignUpRefused = apperr.Invalid("email", apperr.InvalidValue, "cannot sign up with this email", "このメールアドレスでは登録できません")

// SignUp creates the user, the organization and the OWNER membership in one transaction.
// Sign-ups are rate-limited per client address, counted before anything else so that probing
// for accounts is bounded as much as creating them.
func (s *Service) SignUp(ctx context.Context, in SignUpInput, clientAddr string) (*Payload, error) {
	if err := s.limit(ctx, check{"signup:addr:" + clientAddr, s.limits.SignUpPerAddress}); err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	hash, err := password.Hash(in.Password)
	if err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	sys := viewer.System(ctx, s.log, "sign-up")
	var p *Payload
	err = database.WithTx(sys, s.db, func(tx *ent.Client) error {
		taken, err := tx.User.Query().Where(user.Email(in.Email)).Exist(sys)
		if err != nil {
			return err
		}
		if taken {
			return errSignUpRefused
		}
		org, err := tx.Organization.Create().SetName(in.OrganizationName).SetKind(in.OrganizationKind).Save(sys)
		if err != nil {
			return err
		}
		u, err := tx.User.Create().SetEmail(in.Email).SetName(in.Name).SetPasswordHash(hash).Save(sys)
		if err != nil {
			return err
		}
		m, err := tx.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(viewer.RoleOwner).Save(sys)
		if err != nil {
			return err
		}
		p, err = s.issue(sys, tx, u, org, m, newSession())
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, fmt.Errorf("sign up: %w", errSignUpRefused)
	}
	if err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	return p, nil
}

// Login checks the password and signs the user into an organization. An unknown email and a
// wrong password get the same answer after the same work; attempts are rate-limited per email
// and per client address.
func (s *Service) Login(ctx context.Context, in LoginInput, clientAddr string) (*Payload, error) {
	email, err := password.NormalizeEmail(in.Email)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	if err := s.LimitGuess(ctx, email, clientAddr); err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	sys := viewer.System(ctx, s.log, "login")
	u, err := s.db.User.Query().Where(user.Email(email)).Only(sys)
	if ent.IsNotFound(err) {
		password.VerifyNothing(in.Password)
		return nil, fmt.Errorf("login: %w", errBadLogin)
	}
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	ok, rehash, err := password.Verify(u.PasswordHash, in.Password)
	if err != nil && !errors.Is(err, password.ErrInvalidHash) {
		return nil, fmt.Errorf("login: %w", err)
	}
	if !ok || u.DisabledAt != nil {
		return nil, fmt.Errorf("login: %w", errBadLogin)
	}
	if rehash {
		if h, err := password.Hash(in.Password); err == nil {
			if err := s.db.User.UpdateOne(u).SetPasswordHash(h).Exec(sys); err != nil {
				s.log.WarnContext(ctx, "rehash password", "user", u.ID, "error", err)
			}
		}
	}
	m, err := s.activeMembership(sys, u.ID, in.OrganizationID)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	p, err := s.issue(sys, s.db, u, m.Edges.Organization, m, newSession())
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	return p, nil
}

// Limits bound guessing and account creation. Every attempt at a password (login, accepting an
// invitation, changing a password) shares the login buckets, so no path adds to the budget.
type Limits struct {
	// LoginPerEmail is tight: it is the budget of guesses at one account.
	LoginPerEmail kv.Limit
	// LoginPerAddress is generous: offices share one address.
	LoginPerAddress  kv.Limit
	SignUpPerAddress kv.Limit
}

// DefaultLimits are the limits of a server configured with nothing.
var DefaultLimits = Limits{
	LoginPerEmail:    kv.Limit{Rate: 5, Period: time.Minute, Burst: 5},
	LoginPerAddress:  kv.Limit{Rate: 30, Period: time.Minute, Burst: 30},
	SignUpPerAddress: kv.Limit{Rate: 20, Period: time.Hour, Burst: 20},
}

// SetLimits replaces DefaultLimits.
func (s *Service) SetLimits(l Limits) { s.limits = l }

// check is one rate-limited key.
type check struct {
	key   string
	limit kv.Limit
}

// LimitGuess counts one attempt at the password of the account of email from the address, in
// the buckets of login; with no email, only the address's.
func (s *Service) LimitGuess(ctx context.Context, email, clientAddr string) error {
	checks := []check{{"login:addr:" + clientAddr, s.limits.LoginPerAddress}}
	if email != "" {
		checks = append([]check{{"login:email:" + email, s.limits.LoginPerEmail}}, checks...)
	}
	return s.limit(ctx, checks...)
}

func (s *Service) limit(ctx context.Context, checks ...check) error {
	for _, c := range checks {
		res, err := s.kv.Allow(ctx, c.key, c.limit)
		if err != nil {
			return err
		}
		if !res.Allowed {
			return apperr.RateLimited(res.RetryAfter)
		}
	}
	return nil
}

// activeMembership returns the user's membership in the organization (or the oldest one), with
// the organization, refusing an expired one.
func (s *Service) activeMembership(ctx context.Context, userID pulid.ID, orgID *pulid.ID) (*ent.Membership, error) {
	q := s.db.Membership.Query().
		Where(membership.UserID(userID), membership.RemovedAtIsNil(), membership.Or(membership.ExpiresAtIsNil(), membership.ExpiresAtGT(s.now()))).
		WithOrganization().
		Order(membership.ByCreatedAt(), membership.ByID())
	if orgID != nil {
		q = q.Where(membership.OrganizationID(*orgID))
	}
	m, err := q.First(ctx)
	if ent.IsNotFound(err) {
		if orgID != nil {
			return nil, apperr.NotFound("organization", "組織")
		}
		return nil, apperr.Forbidden(apperr.RoleRequired, "you are not a member of any organization", "どの組織のメンバーでもありません")
	}
	return m, err
}

// SignIn issues a new session for the user in the membership's organization; the caller has
// established who the user is (an accepted invitation).
func (s *Service) SignIn(ctx context.Context, u *ent.User, m *ent.Membership) (*Payload, error) {
	sys := viewer.System(ctx, s.log, "sign in after invitation")
	org, err := s.db.Organization.Get(sys, m.OrganizationID)
	if err != nil {
		return nil, err
	}
	return s.issue(sys, s.db, u, org, m, newSession())
}

// RevokeSessions ends every session of the user in the organization (a removed member).
func (s *Service) RevokeSessions(ctx context.Context, userID, orgID pulid.ID) error {
	sys := viewer.System(ctx, s.log, "revoke sessions of a removed member")
	return s.db.RefreshToken.Update().
		Where(refreshtoken.UserID(userID), refreshtoken.OrganizationID(orgID), refreshtoken.RevokedAtIsNil()).
		SetRevokedAt(s.now()).
		Exec(sys)
}

// revokeUserSessions ends every session of the user in every organization, but the one named
// keep ("" for none).
func (s *Service) revokeUserSessions(sys context.Context, db *ent.Client, userID pulid.ID, keep string) error {
	q := db.RefreshToken.Update().Where(refreshtoken.UserID(userID), refreshtoken.RevokedAtIsNil())
	if keep != "" {
		q = q.Where(refreshtoken.FamilyNEQ(keep))
	}
	return q.SetRevokedAt(s.now()).Exec(sys)
}

// issue makes an access token and a refresh token of the session.
func (s *Service) issue(ctx context.Context, db *ent.Client, u *ent.User, org *ent.Organization, m *ent.Membership, session string) (*Payload, error) {
	access, claims, err := s.tokens.Issue(u.ID, org.ID, string(m.Role), session)
	if err != nil {
		return nil, err
	}
	refresh, err := secret.New()
	if err != nil {
		return nil, err
	}
	err = db.RefreshToken.Create().
		SetOrganizationID(org.ID).
		SetUserID(u.ID).
		SetFamily(session).
		SetTokenHash(secret.Hash(refresh)).
		SetExpiresAt(s.now().Add(RefreshTTL)).
		Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("store refresh token: %w", err)
	}
	return &Payload{AccessToken: access, RefreshToken: refresh, ExpiresAt: claims.ExpiresAt.Time, User: u, Organization: org}, nil
}

func newSession() string { return string(pulid.New("SE")) }
