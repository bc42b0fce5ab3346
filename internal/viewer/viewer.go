// Package viewer carries who is asking through the context: the user, the active organization,
// the role there and the companies the role reaches. It enters the context once, in HTTP
// middleware from a verified token; everything below reads it from here. A context without a
// viewer is denied by the data layer, except for the one logged system context.
package viewer

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"time"

	"secretariat/internal/enum"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
)

// Role is a member's role in an organization.
type Role string

// The roles. OWNER and ADMIN reach every company of the organization; the others reach only the
// companies they were granted.
const (
	RoleOwner       Role = "OWNER"
	RoleAdmin       Role = "ADMIN"
	RoleConsultant  Role = "CONSULTANT"
	RoleSecretariat Role = "SECRETARIAT"
	RoleMember      Role = "MEMBER"
	RoleAuditor     Role = "AUDITOR"
)

// Viewer is an authenticated user acting in one organization.
type Viewer struct {
	UserID         pulid.ID
	OrganizationID pulid.ID
	Role           Role
	// CompanyIDs lists the companies the viewer was granted; ignored when AllCompanies is set.
	CompanyIDs []pulid.ID
	// Credential is the access token the viewer presented, when it came with one.
	Credential *Credential
	// Locale is the language the viewer chose, else its organization's default; empty when
	// authentication did not read them (package language then reads them itself).
	Locale locale.Locale
}

// Credential names the access token of a request: its id (jti), expiry and session (the
// refresh-token family it belongs to), so that logging out can revoke exactly it.
type Credential struct {
	TokenID   string
	ExpiresAt time.Time
	Session   string
}

// AllCompanies reports whether the viewer reaches every company of the organization.
func (v *Viewer) AllCompanies() bool { return v.Role == RoleOwner || v.Role == RoleAdmin }

// CanSeeCompany reports whether the viewer reaches the company. It does not check that the
// company belongs to the viewer's organization: the data layer does.
func (v *Viewer) CanSeeCompany(id pulid.ID) bool {
	return v.AllCompanies() || slices.Contains(v.CompanyIDs, id)
}

type viewerKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer in ctx, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

type systemKey struct{}

// System returns a context that passes every tenant filter, for work that belongs to no single
// viewer (seeding, sign-up and sign-in before a viewer exists, resolving a token's viewer,
// background jobs). It is the only bypass of tenant isolation in the code base; every use names
// its reason and is logged (at debug level: authentication uses it on every request).
func System(ctx context.Context, log *slog.Logger, reason string) context.Context {
	log.DebugContext(ctx, "system context", "reason", reason)
	return context.WithValue(ctx, systemKey{}, reason)
}

// IsSystem reports whether ctx is a system context.
func IsSystem(ctx context.Context) bool {
	_, ok := ctx.Value(systemKey{}).(string)
	return ok
}

type memberKey struct{}

// Member is the organization and user a system context is narrowed to (SystemOfMember).
type Member struct {
	OrganizationID, UserID pulid.ID
}

// SystemOfMember is System for reading one member's own records (a verified token's membership,
// user, organization, company accesses and session): the data layer's filters and privacy rules
// let it pass as System does, while PostgreSQL's row-level security shows it only the rows of
// that organization, as it would the member.
func SystemOfMember(ctx context.Context, log *slog.Logger, reason string, m Member) context.Context {
	return context.WithValue(System(ctx, log, reason), memberKey{}, m)
}

// MemberOf returns the member a system context is narrowed to, if it is.
func MemberOf(ctx context.Context) (Member, bool) {
	m, ok := ctx.Value(memberKey{}).(Member)
	return m, ok
}

// Values lists the roles; ent uses it for the membership role column.
func (Role) Values() []string {
	return []string{
		string(RoleOwner), string(RoleAdmin), string(RoleConsultant),
		string(RoleSecretariat), string(RoleMember), string(RoleAuditor),
	}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Role) UnmarshalGQL(v any) (err error) {
	*r, err = enum.Unmarshal[Role](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (r Role) MarshalGQL(w io.Writer) { enum.Marshal(w, r) }
