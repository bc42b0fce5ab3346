package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"secretariat/ent"
	"secretariat/ent/membership"
	"secretariat/ent/refreshtoken"
	"secretariat/internal/apperr"
	"secretariat/internal/auth/token"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/secret"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// Refresh exchanges a refresh token for a new pair of the same session. A token is single use:
// presenting a used one again revokes the whole session, unless it comes within ReuseGrace (a
// client that lost the response). A member removed or expired meanwhile gets no new tokens.
func (s *Service) Refresh(ctx context.Context, in RefreshTokenInput) (*Payload, error) {
	sys := viewer.System(ctx, s.log, "refresh token")
	rt, err := s.db.RefreshToken.Query().Where(refreshtoken.TokenHash(secret.Hash(in.RefreshToken))).Only(sys)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("refresh: %w", errBadRefresh)
	}
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	now := s.now()
	if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
		return nil, fmt.Errorf("refresh: %w", errBadRefresh)
	}
	// Mark it used only if nobody did: of two concurrent refreshes one wins, the other is a reuse.
	won, err := s.db.RefreshToken.Update().
		Where(refreshtoken.ID(rt.ID), refreshtoken.UsedAtIsNil()).
		SetUsedAt(now).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	if won == 0 {
		if rt.UsedAt == nil {
			rt, err = s.db.RefreshToken.Get(sys, rt.ID)
			if err != nil {
				return nil, fmt.Errorf("refresh: %w", err)
			}
		}
		if rt.UsedAt == nil || now.Sub(*rt.UsedAt) > ReuseGrace {
			s.log.WarnContext(ctx, "refresh token reused: session revoked", "user", rt.UserID, "session", rt.Family)
			if err := s.revokeSession(sys, rt.Family); err != nil {
				return nil, fmt.Errorf("refresh: %w", err)
			}
			return nil, database.KeepWrites(fmt.Errorf("refresh: %w", errBadRefresh))
		}
	}
	orgID := rt.OrganizationID
	m, err := s.activeMembership(sys, rt.UserID, &orgID)
	if err != nil {
		_ = s.revokeSession(sys, rt.Family)
		return nil, database.KeepWrites(fmt.Errorf("refresh: %w", errBadRefresh))
	}
	u, err := s.db.User.Get(sys, rt.UserID)
	if err != nil || u.DisabledAt != nil {
		return nil, fmt.Errorf("refresh: %w", errBadRefresh)
	}
	p, err := s.issue(sys, s.db, u, m.Edges.Organization, m, rt.Family)
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	return p, nil
}

func (s *Service) revokeSession(ctx context.Context, session string) error {
	return s.db.RefreshToken.Update().
		Where(refreshtoken.Family(session), refreshtoken.RevokedAtIsNil()).
		SetRevokedAt(s.now()).
		Exec(ctx)
}

// Logout ends the viewer's session: its refresh tokens are revoked, and so every access token
// issued in it, because Authenticate refuses an access token whose session has no live refresh
// token. The revocation lives in the database, so no cache outage or restart brings it back.
func (s *Service) Logout(ctx context.Context) error {
	v := viewer.FromContext(ctx)
	if v == nil || v.Credential == nil {
		return tenancy.ErrNoViewer
	}
	sys := viewer.System(ctx, s.log, "logout")
	if err := s.revokeSession(sys, v.Credential.Session); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// SwitchOrganization issues tokens for another organization the viewer belongs to, in a new
// session.
func (s *Service) SwitchOrganization(ctx context.Context, orgID pulid.ID) (*Payload, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, tenancy.ErrNoViewer
	}
	sys := viewer.System(ctx, s.log, "switch organization")
	m, err := s.activeMembership(sys, v.UserID, &orgID)
	if err != nil {
		return nil, fmt.Errorf("switch organization: %w", err)
	}
	u, err := s.db.User.Get(sys, v.UserID)
	if err != nil {
		return nil, fmt.Errorf("switch organization: %w", err)
	}
	p, err := s.issue(sys, s.db, u, m.Edges.Organization, m, newSession())
	if err != nil {
		return nil, fmt.Errorf("switch organization: %w", err)
	}
	return p, nil
}

// errBadToken answers every unusable access token alike.
var errBadToken = apperr.Unauthenticated("invalid or expired access token", "アクセストークンが無効か、有効期限が切れています")

// ErrAccessEnded marks, inside the same UNAUTHENTICATED answer, a valid token whose membership
// was removed or expired or whose account was disabled, so that a WebSocket can be closed as
// forbidden (4403) rather than unauthenticated (4401). Clients over HTTP see errBadToken alone.
var ErrAccessEnded = errors.New("membership ended or account disabled")

func accessEnded() error { return fmt.Errorf("%w: %w", errBadToken, ErrAccessEnded) }

// Authenticate turns the request's bearer token into its viewer: nil for a request without
// credentials, an error for a bad one. It is Verify, then Resolve.
func (s *Service) Authenticate(r *http.Request) (*viewer.Viewer, error) {
	b, err := s.Verify(r)
	if err != nil || b == nil {
		return nil, err
	}
	return s.Resolve(r.Context(), b)
}

// Bearer is an access token whose signature and claims are good: Verify's answer, which Resolve
// turns into a viewer.
type Bearer struct {
	claims *token.Claims
}

// Verify checks the request's bearer token without reading the database: nil for a request
// without credentials, errBadToken for a token that is malformed, forged, expired or of no
// session. The server verifies a GraphQL request's token before anything else, and resolves it
// inside the operation's transaction.
func (s *Service) Verify(r *http.Request) (*Bearer, error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return nil, nil
	}
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return nil, errBadToken
	}
	claims, err := s.tokens.Verify(raw)
	if err != nil {
		return nil, err
	}
	if claims.Session == "" {
		return nil, errBadToken
	}
	return &Bearer{claims: claims}, nil
}

// Resolve reads the member of a verified token, in one statement (member). The membership is
// read on every request, so a removed, expired or re-roled member's live token changes effect at
// once; the token's own role is not trusted. A session lives while one of its refresh tokens
// does: logout, a reused refresh token, a password change or reset and a removal revoke them, and
// with them every access token of the session. Deleted rows fail closed too.
func (s *Service) Resolve(ctx context.Context, b *Bearer) (*viewer.Viewer, error) {
	// Its row-level security scope is the token's organization and user, every company: the
	// scope of an OWNER or ADMIN, so that for them the operation's statements that follow in the
	// same transaction need no other.
	user := pulid.ID(b.claims.Subject)
	sys := viewer.SystemOfMember(ctx, s.log, "authenticate", viewer.Member{OrganizationID: b.claims.Org, UserID: user})
	v, err := s.member(sys, b.claims.Org, user, b.claims.Session)
	if err != nil {
		return nil, err
	}
	v.Credential = &viewer.Credential{TokenID: b.claims.ID, ExpiresAt: b.claims.ExpiresAt.Time, Session: b.claims.Session}
	return v, nil
}

// FeedViewer is the viewer of the member whose calendar feed token this is (members.Service
// makes and takes away feeds): the member as it is now, read like a bearer token's, with no
// credential. A token of no feed, or of a member whose access ended, is NOT_FOUND alike, so that
// the feed's address tells nothing.
func (s *Service) FeedViewer(ctx context.Context, token string) (*viewer.Viewer, error) {
	sys := viewer.System(ctx, s.log, "calendar feed: find the member of a feed token")
	m, err := s.db.Membership.Query().Where(membership.CalendarFeedHash(secret.Hash(token))).Only(sys)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFound("calendar feed", "カレンダー配信")
	}
	if err != nil {
		return nil, fmt.Errorf("calendar feed: %w", err)
	}
	v, err := s.member(sys, m.OrganizationID, m.UserID, "")
	if errors.Is(err, ErrAccessEnded) {
		return nil, apperr.NotFound("calendar feed", "カレンダー配信")
	}
	return v, err
}
