package members

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/membership"
	"secretariat/internal/apperr"
	"secretariat/internal/secret"
	"secretariat/internal/viewer"
)

// CalendarFeed is a member's new calendar feed: its secret token, shown this once, and the path
// a calendar application subscribes to (/calendar/{token}.ics).
type CalendarFeed struct {
	Token      string
	Path       string
	Membership *ent.Membership
}

// FeedPath is the path of the calendar feed of a token.
func FeedPath(token string) string { return "/calendar/" + token + ".ics" }

// CreateCalendarFeed gives the viewer a calendar feed in its organization: an address with a
// secret token that a calendar application (Google Calendar, Outlook) reads without signing in,
// read-only, showing what the member's calendar shows. A new feed replaces the member's previous
// one, whose address stops working. An AUDITOR, who writes nothing, has none.
func (s *Service) CreateCalendarFeed(ctx context.Context) (*CalendarFeed, error) {
	m, err := s.own(ctx)
	if err != nil {
		return nil, fmt.Errorf("create calendar feed: %w", err)
	}
	tok, err := secret.New()
	if err != nil {
		return nil, fmt.Errorf("create calendar feed: %w", err)
	}
	if m, err = m.Update().SetCalendarFeedHash(secret.Hash(tok)).SetCalendarFeedCreatedAt(s.now()).Save(ctx); err != nil {
		return nil, fmt.Errorf("create calendar feed: %w", err)
	}
	return &CalendarFeed{Token: tok, Path: FeedPath(tok), Membership: m}, nil
}

// RevokeCalendarFeed takes the viewer's calendar feed away: its address stops working at once.
// Revoking without a feed changes nothing.
func (s *Service) RevokeCalendarFeed(ctx context.Context) (*ent.Membership, error) {
	m, err := s.own(ctx)
	if err != nil {
		return nil, fmt.Errorf("revoke calendar feed: %w", err)
	}
	if m.CalendarFeedHash == nil {
		return m, nil
	}
	if m, err = m.Update().ClearCalendarFeedHash().ClearCalendarFeedCreatedAt().Save(ctx); err != nil {
		return nil, fmt.Errorf("revoke calendar feed: %w", err)
	}
	return m, nil
}

// own is the viewer's membership in its organization.
func (s *Service) own(ctx context.Context) (*ent.Membership, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, apperr.Unauthenticated("sign in first", "ログインしてください")
	}
	return s.db.Membership.Query().Where(membership.UserID(v.UserID), membership.OrganizationID(v.OrganizationID)).Only(ctx)
}
