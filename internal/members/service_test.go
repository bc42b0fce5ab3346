package members_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/committeemember"
	"secretariat/ent/companyaccess"
	"secretariat/ent/invitation"
	"secretariat/ent/membership"
	"secretariat/ent/refreshtoken"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/auth"
	"secretariat/internal/auth/token"
	"secretariat/internal/kv"
	"secretariat/internal/locale"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

func ptr[T any](v T) *T { return &v }

func newService(t *testing.T, f *servicetest.Fixture) *members.Service {
	t.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	issuer := token.NewIssuer(token.NewKeySet(key), "secretariat-test", "secretariat-test", time.Hour)
	authService, err := auth.NewService(f.DB, issuer, kv.NewMemory(), servicetest.Log)
	require.NoError(t, err)
	return members.NewService(f.Client, authService, servicetest.Log)
}

func email(f *servicetest.Fixture, p servicetest.Person) string {
	return f.Client.User.GetX(f.System, p.UserID).Email
}

// Only OWNER and ADMIN invite; only an OWNER invites an owner; what a role may be granted is
// fixed: OWNER and ADMIN no companies, CONSULTANT one or more, the others exactly one; an
// AUDITOR's access ends within a year, and no one else's does.
func TestMembers_InviteRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	inAMonth := ptr(time.Now().Add(30 * 24 * time.Hour))
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   members.InviteMemberInput
		want servicetest.Want
	}{
		{"the owner invites a member of one company", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleMember, CompanyIDs: []pulid.ID{o.A}}, servicetest.OK},
		{"the owner invites an owner", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleOwner}, servicetest.OK},
		{"an admin invites an admin", o.Admin.Ctx, members.InviteMemberInput{Role: viewer.RoleAdmin}, servicetest.OK},
		{"an admin invites a consultant of two companies", o.Admin.Ctx, members.InviteMemberInput{Role: viewer.RoleConsultant, CompanyIDs: []pulid.ID{o.A, o.B}}, servicetest.OK},
		{"an admin invites an auditor for a month", o.Admin.Ctx, members.InviteMemberInput{Role: viewer.RoleAuditor, CompanyIDs: []pulid.ID{o.A}, AccessExpiresAt: inAMonth}, servicetest.OK},
		{"an admin cannot invite an owner", o.Admin.Ctx, members.InviteMemberInput{Role: viewer.RoleOwner}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a consultant invites no one", o.Consultant.Ctx, members.InviteMemberInput{Role: viewer.RoleMember, CompanyIDs: []pulid.ID{o.A}}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the secretariat invites no one", o.Secretariat.Ctx, members.InviteMemberInput{Role: viewer.RoleMember, CompanyIDs: []pulid.ID{o.A}}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member invites no one", o.Member.Ctx, members.InviteMemberInput{Role: viewer.RoleMember, CompanyIDs: []pulid.ID{o.A}}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an admin reaches every company without grants", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleAdmin, CompanyIDs: []pulid.ID{o.A}}, servicetest.Invalid("companyIDs", apperr.ConflictingFields)},
		{"a consultant needs a company", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleConsultant}, servicetest.Invalid("companyIDs", apperr.Required)},
		{"the secretariat works in exactly one company", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleSecretariat, CompanyIDs: []pulid.ID{o.A, o.B}}, servicetest.Invalid("companyIDs", apperr.InvalidValue)},
		{"a member works in exactly one company", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleMember}, servicetest.Invalid("companyIDs", apperr.InvalidValue)},
		{"an unknown role is refused", o.Owner.Ctx, members.InviteMemberInput{Role: "GUEST"}, servicetest.Invalid("role", apperr.InvalidValue)},
		{"an auditor's access must end", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleAuditor, CompanyIDs: []pulid.ID{o.A}}, servicetest.Invalid("accessExpiresAt", apperr.Required)},
		{"an auditor's access ends in the future", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleAuditor, CompanyIDs: []pulid.ID{o.A}, AccessExpiresAt: ptr(time.Now().Add(-time.Hour))}, servicetest.Invalid("accessExpiresAt", apperr.OutOfRange)},
		{"an auditor's access ends within a year", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleAuditor, CompanyIDs: []pulid.ID{o.A}, AccessExpiresAt: ptr(time.Now().Add(367 * 24 * time.Hour))}, servicetest.Invalid("accessExpiresAt", apperr.OutOfRange)},
		{"only an auditor's access expires", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleMember, CompanyIDs: []pulid.ID{o.A}, AccessExpiresAt: inAMonth}, servicetest.Invalid("accessExpiresAt", apperr.ConflictingFields)},
		{"a company of another organization is unknown", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleMember, CompanyIDs: []pulid.ID{f.Other.A}}, servicetest.Invalid("companyIDs", apperr.UnknownID)},
		{"a company is named once", o.Owner.Ctx, members.InviteMemberInput{Role: viewer.RoleConsultant, CompanyIDs: []pulid.ID{o.A, o.A}}, servicetest.Invalid("companyIDs", apperr.InvalidValue)},
		{"the email is required", o.Owner.Ctx, members.InviteMemberInput{Email: " ", Role: viewer.RoleAdmin}, servicetest.Invalid("email", apperr.Required)},
		{"the email is a plain address", o.Owner.Ctx, members.InviteMemberInput{Email: "Taro <taro@example.com>", Role: viewer.RoleAdmin}, servicetest.Invalid("email", apperr.InvalidFormat)},
		{"a member is not invited again", o.Owner.Ctx, members.InviteMemberInput{Email: email(f, o.Member), Role: viewer.RoleAdmin}, servicetest.Conflict(apperr.Duplicate)},
		{"a member of another organization may be invited", o.Owner.Ctx, members.InviteMemberInput{Email: email(f, f.Other.Member), Role: viewer.RoleAdmin}, servicetest.OK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.Email == "" {
				tc.in.Email = " New." + string(pulid.New("x")) + "@Example.com "
			}
			before := f.Snapshot(t)
			got, err := s.InviteMember(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.NotEmpty(t, got.Token, "the token is shown once")
			inv := f.Client.Invitation.GetX(f.System, got.Invitation.ID)
			assert.Equal(t, strings.ToLower(strings.TrimSpace(tc.in.Email)), inv.Email, "the email is normalised")
			assert.Equal(t, tc.in.Role, inv.Role)
			assert.ElementsMatch(t, tc.in.CompanyIDs, inv.CompanyIds)
			assert.WithinDuration(t, time.Now().Add(members.InvitationTTL), inv.ExpiresAt, time.Minute, "an invitation lasts a week")
			assert.NotContains(t, inv.TokenHash, got.Token, "only the token's hash is stored")
		})
	}
}

// Only an OWNER makes or unmakes owners, and the last OWNER stays one.
func TestMembers_RoleChanges(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		target servicetest.Person
		role   viewer.Role
		want   servicetest.Want
	}{
		{"an admin makes a member an admin", o.Admin.Ctx, o.Member, viewer.RoleAdmin, servicetest.OK},
		{"the owner makes a member an owner", o.Owner.Ctx, o.Member, viewer.RoleOwner, servicetest.OK},
		{"an admin cannot make an owner", o.Admin.Ctx, o.Member, viewer.RoleOwner, servicetest.Forbidden(apperr.RoleRequired)},
		{"an admin cannot demote the owner", o.Admin.Ctx, o.Owner, viewer.RoleAdmin, servicetest.Forbidden(apperr.RoleRequired)},
		{"the last owner cannot step down", o.Owner.Ctx, o.Owner, viewer.RoleAdmin, servicetest.Conflict(apperr.StaleState)},
		{"a consultant changes no role", o.Consultant.Ctx, o.Member, viewer.RoleSecretariat, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member changes no role, not even its own", o.Member.Ctx, o.Member, viewer.RoleAdmin, servicetest.Forbidden(apperr.RoleRequired)},
		{"an unknown role is refused", o.Owner.Ctx, o.Member, "GUEST", servicetest.Invalid("role", apperr.InvalidValue)},
		{"nobody becomes an auditor without an end of access", o.Owner.Ctx, o.Member, viewer.RoleAuditor, servicetest.Invalid("role", apperr.InvalidValue)},
		{"an auditor does not become staff", o.Owner.Ctx, o.Auditor, viewer.RoleMember, servicetest.Invalid("role", apperr.InvalidValue)},
		{"a membership of another organization is not found", o.Owner.Ctx, f.Other.Member, viewer.RoleAdmin, servicetest.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			got, err := s.UpdateMembership(tc.ctx, members.UpdateMembershipInput{ID: tc.target.MembershipID, Role: tc.role})
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.Equal(t, tc.role, got.Role)
			assert.Equal(t, tc.role, f.Client.Membership.GetX(f.System, tc.target.MembershipID).Role)
			f.Client.Membership.UpdateOneID(tc.target.MembershipID).SetRole(tc.target.Role).ExecX(f.System) // back for the next case
		})
	}

	t.Run("with two owners, one may step down", func(t *testing.T) {
		second, err := f.AddPerson(o.ID, viewer.RoleOwner, "共同オーナー", nil)
		require.NoError(t, err)
		got, err := s.UpdateMembership(o.Owner.Ctx, members.UpdateMembershipInput{ID: second.MembershipID, Role: viewer.RoleAdmin})
		require.NoError(t, err)
		assert.Equal(t, viewer.RoleAdmin, got.Role)
		before := f.Snapshot(t)
		_, err = s.UpdateMembership(o.Owner.Ctx, members.UpdateMembershipInput{ID: o.Owner.MembershipID, Role: viewer.RoleAdmin})
		servicetest.Check(t, servicetest.Conflict(apperr.StaleState), err)
		f.Unchanged(t, before)
	})
}

// A removed owner is no owner: the last active OWNER still cannot step down or leave.
func TestMembers_RemovedOwnersDoNotCount(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	second, err := f.AddPerson(o.ID, viewer.RoleOwner, "元オーナー", nil)
	require.NoError(t, err)
	_, err = s.RemoveMember(o.Owner.Ctx, members.RemoveMemberInput{ID: second.MembershipID})
	require.NoError(t, err)
	before := f.Snapshot(t)
	_, err = s.UpdateMembership(o.Owner.Ctx, members.UpdateMembershipInput{ID: o.Owner.MembershipID, Role: viewer.RoleAdmin})
	servicetest.Check(t, servicetest.Conflict(apperr.StaleState), err)
	_, err = s.RemoveMember(o.Owner.Ctx, members.RemoveMemberInput{ID: o.Owner.MembershipID})
	servicetest.Check(t, servicetest.Conflict(apperr.StaleState), err)
	f.Unchanged(t, before)
}

// Removing a member ends its grants, seats and sessions in the organization; its account and
// membership row stay, so the records it made still name it. Only an OWNER removes owners, and
// the last OWNER stays.
func TestMembers_Removal(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		target func(t *testing.T) servicetest.Person
		want   servicetest.Want
	}{
		{"an admin removes a member", o.Admin.Ctx, func(t *testing.T) servicetest.Person { return newMember(t, f) }, servicetest.OK},
		{"an admin cannot remove the owner", o.Admin.Ctx, func(*testing.T) servicetest.Person { return o.Owner }, servicetest.Forbidden(apperr.RoleRequired)},
		{"the last owner cannot leave", o.Owner.Ctx, func(*testing.T) servicetest.Person { return o.Owner }, servicetest.Conflict(apperr.StaleState)},
		{"the secretariat removes no one", o.Secretariat.Ctx, func(t *testing.T) servicetest.Person { return newMember(t, f) }, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member of another organization is not found", o.Owner.Ctx, func(*testing.T) servicetest.Person { return f.Other.Member }, servicetest.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := tc.target(t)
			before := f.Snapshot(t)
			_, err := s.RemoveMember(tc.ctx, members.RemoveMemberInput{ID: target.MembershipID})
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			m := f.Client.Membership.GetX(f.System, target.MembershipID)
			assert.NotNil(t, m.RemovedAt, "the membership stays, removed")
			assert.True(t, f.Client.User.Query().Where(user.ID(m.UserID)).ExistX(f.System), "the account stays")
			assert.False(t, f.Client.CompanyAccess.Query().Where(companyaccess.MembershipID(m.ID)).ExistX(f.System), "its grants go")
			assert.False(t, f.Client.CommitteeMember.Query().Where(committeemember.UserID(m.UserID)).ExistX(f.System), "its seats go")
			assert.False(t, f.Client.RefreshToken.Query().Where(refreshtoken.UserID(m.UserID), refreshtoken.RevokedAtIsNil()).ExistX(f.System), "its sessions end")
		})
	}
}

// newMember adds a member of company A who sits on its committee and holds a session.
func newMember(t *testing.T, f *servicetest.Fixture) servicetest.Person {
	t.Helper()
	p, err := f.AddPerson(f.Org.ID, viewer.RoleMember, "委員", nil, f.Org.A)
	require.NoError(t, err)
	f.Client.CommitteeMember.Create().SetOrganizationID(f.Org.ID).SetCompanyID(f.Org.A).SetUserID(p.UserID).SetRole(committeemember.RoleMEMBER).ExecX(f.System)
	f.Client.RefreshToken.Create().SetOrganizationID(f.Org.ID).SetUserID(p.UserID).
		SetTokenHash(string(pulid.New("rt"))).SetFamily(string(pulid.New("fa"))).SetExpiresAt(time.Now().Add(time.Hour)).ExecX(f.System)
	return p
}

// Administrators grant and revoke companies; granting twice and revoking what was not granted
// change nothing; a company of another organization is bad input.
func TestMembers_CompanyAccess(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	grants := func() int {
		return f.Client.CompanyAccess.Query().Where(companyaccess.MembershipID(o.Member.MembershipID)).CountX(f.System)
	}
	for _, tc := range []struct {
		name   string
		do     func() error
		want   servicetest.Want
		grants int
	}{
		{"an admin grants a company", func() error {
			_, err := s.GrantCompanyAccess(o.Admin.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: o.B})
			return err
		}, servicetest.OK, 2},
		{"granting twice changes nothing", func() error {
			_, err := s.GrantCompanyAccess(o.Admin.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: o.B})
			return err
		}, servicetest.OK, 2},
		{"a consultant grants nothing, even what is granted", func() error {
			_, err := s.GrantCompanyAccess(o.Consultant.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: o.B})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired), 2},
		{"a company of another organization cannot be granted", func() error {
			_, err := s.GrantCompanyAccess(o.Owner.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: f.Other.A})
			return err
		}, servicetest.Invalid("companyID", apperr.UnknownID), 2},
		{"an admin revokes a company", func() error {
			_, err := s.RevokeCompanyAccess(o.Admin.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: o.B})
			return err
		}, servicetest.OK, 1},
		{"revoking what was not granted changes nothing", func() error {
			_, err := s.RevokeCompanyAccess(o.Admin.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: o.B})
			return err
		}, servicetest.OK, 1},
		{"the secretariat revokes nothing", func() error {
			_, err := s.RevokeCompanyAccess(o.Secretariat.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: o.A})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired), 1},
		{"a company of another organization cannot be revoked", func() error {
			_, err := s.RevokeCompanyAccess(o.Owner.Ctx, members.CompanyAccessInput{MembershipID: o.Member.MembershipID, CompanyID: f.Other.A})
			return err
		}, servicetest.Invalid("companyID", apperr.UnknownID), 1},
		{"a membership of another organization is not found", func() error {
			_, err := s.GrantCompanyAccess(o.Owner.Ctx, members.CompanyAccessInput{MembershipID: f.Other.Member.MembershipID, CompanyID: o.A})
			return err
		}, servicetest.NotFound, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			err := tc.do()
			servicetest.Check(t, tc.want, err)
			if tc.want.Fails() {
				f.Unchanged(t, before)
			}
			assert.Equal(t, tc.grants, grants())
		})
	}
}

// An invitation is accepted once, before it expires: a new account with a name and a password,
// or an existing one signed in as itself, joins with the invitation's role and companies.
func TestMembers_AcceptInvitation(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	invite := func(t *testing.T, addr string, in members.InviteMemberInput) string {
		t.Helper()
		in.Email = addr
		got, err := s.InviteMember(o.Owner.Ctx, in)
		require.NoError(t, err)
		return got.Token
	}
	pw := ptr("correct horse battery staple")
	sys := context.Background()
	n := 0
	for _, tc := range []struct {
		name   string
		email  func() string
		ctx    func() context.Context
		accept func(tok string) members.AcceptInvitationInput
		want   servicetest.Want
	}{
		{"a new account joins with its name and password", func() string { return "" }, func() context.Context { return sys },
			func(tok string) members.AcceptInvitationInput {
				return members.AcceptInvitationInput{Token: tok, Name: ptr("新人"), Password: pw}
			}, servicetest.OK},
		{"a new account needs a name", func() string { return "" }, func() context.Context { return sys },
			func(tok string) members.AcceptInvitationInput {
				return members.AcceptInvitationInput{Token: tok, Password: pw}
			},
			servicetest.Invalid("name", apperr.Required)},
		{"a new account needs a good password", func() string { return "" }, func() context.Context { return sys },
			func(tok string) members.AcceptInvitationInput {
				return members.AcceptInvitationInput{Token: tok, Name: ptr("新人"), Password: ptr("short")}
			}, servicetest.Invalid("password", apperr.InvalidValue)},
		{"an existing account signed in as itself joins", func() string { return email(f, f.Other.Member) }, func() context.Context { return f.Other.Member.Ctx },
			func(tok string) members.AcceptInvitationInput { return members.AcceptInvitationInput{Token: tok} }, servicetest.OK},
		{"an existing account gives no password when signed in", func() string { return email(f, f.Other.Admin) }, func() context.Context { return f.Other.Admin.Ctx },
			func(tok string) members.AcceptInvitationInput {
				return members.AcceptInvitationInput{Token: tok, Password: pw}
			},
			servicetest.Invalid("password", apperr.InvalidValue)},
		{"an existing account must sign in to accept", func() string { return email(f, f.Other.Consultant) }, func() context.Context { return sys },
			func(tok string) members.AcceptInvitationInput {
				return members.AcceptInvitationInput{Token: tok, Password: pw}
			},
			servicetest.Want{Kind: apperr.KindUnauthenticated, Reason: apperr.CredentialRefused}},
		{"another account cannot accept", func() string { return email(f, f.Other.Secretariat) }, func() context.Context { return f.Other.Owner.Ctx },
			func(tok string) members.AcceptInvitationInput { return members.AcceptInvitationInput{Token: tok} },
			servicetest.Forbidden(apperr.CredentialRefused)},
		{"an unknown token is not found", func() string { return "" }, func() context.Context { return sys },
			func(string) members.AcceptInvitationInput {
				return members.AcceptInvitationInput{Token: "not-a-token", Name: ptr("新人"), Password: pw}
			}, servicetest.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n++
			addr := tc.email()
			if addr == "" {
				addr = strings.ToLower("invitee." + string(pulid.New("x")) + "@example.com")
			}
			tok := invite(t, addr, members.InviteMemberInput{Role: viewer.RoleConsultant, CompanyIDs: []pulid.ID{o.A, o.B}})
			before := f.Snapshot(t)
			got, err := s.AcceptInvitation(tc.ctx(), tc.accept(tok), "192.0.2."+string(rune('0'+n)))
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.NotEmpty(t, got.AccessToken, "the invitee is signed in")
			m := f.Client.Membership.Query().Where(membership.OrganizationID(o.ID), membership.UserID(got.User.ID)).OnlyX(f.System)
			assert.Equal(t, viewer.RoleConsultant, m.Role)
			assert.Equal(t, 2, f.Client.CompanyAccess.Query().Where(companyaccess.MembershipID(m.ID)).CountX(f.System), "the companies are granted")
			assert.NotNil(t, f.Client.Invitation.Query().Where(invitation.EmailEQ(addr)).OnlyX(f.System).AcceptedAt)

			before = f.Snapshot(t)
			_, err = s.AcceptInvitation(tc.ctx(), tc.accept(tok), "198.51.100.1")
			servicetest.Check(t, servicetest.NotFound, err)
			f.Unchanged(t, before)
		})
	}

	t.Run("an expired invitation is not found", func(t *testing.T) {
		tok := invite(t, "late@example.com", members.InviteMemberInput{Role: viewer.RoleAdmin})
		f.Client.Invitation.Update().Where(invitation.EmailEQ("late@example.com")).SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(f.System)
		before := f.Snapshot(t)
		_, err := s.AcceptInvitation(sys, members.AcceptInvitationInput{Token: tok, Name: ptr("遅刻"), Password: pw}, "203.0.113.1")
		servicetest.Check(t, servicetest.NotFound, err)
		f.Unchanged(t, before)
	})
}

// An OWNER or ADMIN issues a member's password reset; only an OWNER resets an owner, and a
// member who also works elsewhere changes its password itself.
func TestMembers_PasswordReset(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	both, err := f.AddPerson(o.ID, viewer.RoleMember, "兼務者", nil, o.A)
	require.NoError(t, err)
	f.Client.Membership.Create().SetOrganizationID(f.Other.ID).SetUserID(both.UserID).SetRole(viewer.RoleAdmin).ExecX(f.System)
	removed, err := f.AddPerson(o.ID, viewer.RoleMember, "退職者", nil, o.A)
	require.NoError(t, err)
	f.Client.Membership.UpdateOneID(removed.MembershipID).SetRemovedAt(time.Now()).ExecX(f.System)
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		target servicetest.Person
		want   servicetest.Want
	}{
		{"an admin resets a member", o.Admin.Ctx, o.Member, servicetest.OK},
		{"the owner resets an admin", o.Owner.Ctx, o.Admin, servicetest.OK},
		{"an admin cannot reset the owner", o.Admin.Ctx, o.Owner, servicetest.Forbidden(apperr.RoleRequired)},
		{"the secretariat resets no one", o.Secretariat.Ctx, o.Member, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member of another organization too changes its password itself", o.Owner.Ctx, both, servicetest.Forbidden(apperr.StaleState)},
		{"a removed member is not found", o.Owner.Ctx, removed, servicetest.NotFound},
		{"a member of another organization is not found", o.Owner.Ctx, f.Other.Member, servicetest.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			got, err := s.IssuePasswordReset(tc.ctx, members.IssuePasswordResetInput{MembershipID: tc.target.MembershipID})
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.NotEmpty(t, got.Token)
			assert.WithinDuration(t, time.Now().Add(members.PasswordResetTTL), got.ExpiresAt, time.Minute)
		})
	}
}

func TestMembers_UpdateOrganization(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   members.UpdateOrganizationInput
		want servicetest.Want
	}{
		{"an admin renames the organization", o.Admin.Ctx, members.UpdateOrganizationInput{Name: ptr(" さくらコンサル ")}, servicetest.OK},
		{"the owner changes the default language", o.Owner.Ctx, members.UpdateOrganizationInput{DefaultLocale: ptr(locale.English)}, servicetest.OK},
		{"a consultant changes nothing", o.Consultant.Ctx, members.UpdateOrganizationInput{Name: ptr("x")}, servicetest.Forbidden(apperr.RoleRequired)},
		{"the name is required", o.Owner.Ctx, members.UpdateOrganizationInput{Name: ptr(" ")}, servicetest.Invalid("name", apperr.Required)},
		{"the name has at most 200 characters", o.Owner.Ctx, members.UpdateOrganizationInput{Name: ptr(strings.Repeat("組", 201))}, servicetest.Invalid("name", apperr.TooLong)},
		{"the language is ja or en", o.Owner.Ctx, members.UpdateOrganizationInput{DefaultLocale: ptr(locale.Locale("fr"))}, servicetest.Invalid("defaultLocale", apperr.InvalidValue)},
		{"the name cannot be null", o.Owner.Ctx, members.UpdateOrganizationInput{Null: []string{"name"}}, servicetest.Invalid("name", apperr.Required)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			got, err := s.UpdateOrganization(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Organization.GetX(f.System, o.ID)
			assert.Equal(t, got.Name, stored.Name)
			if tc.in.Name != nil {
				assert.Equal(t, strings.TrimSpace(*tc.in.Name), stored.Name)
			}
			if tc.in.DefaultLocale != nil {
				assert.Equal(t, *tc.in.DefaultLocale, stored.DefaultLocale)
			}
		})
	}
}

// The permissions a UI shows are the policies' answers for each role.
func TestMembers_PermissionsFollowTheRole(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		who  servicetest.Person
		want members.Permissions
	}{
		{o.Owner, members.Permissions{Role: viewer.RoleOwner, AddCompanies: true, EditStructure: true, EditRecords: true, ManageMembers: true, EditOrganization: true}},
		{o.Admin, members.Permissions{Role: viewer.RoleAdmin, AddCompanies: true, EditStructure: true, EditRecords: true, ManageMembers: true, EditOrganization: true}},
		{o.Consultant, members.Permissions{Role: viewer.RoleConsultant, EditStructure: true, EditRecords: true}},
		{o.Secretariat, members.Permissions{Role: viewer.RoleSecretariat, EditStructure: true, EditRecords: true}},
		{o.Member, members.Permissions{Role: viewer.RoleMember}},
		{o.Auditor, members.Permissions{Role: viewer.RoleAuditor}},
	} {
		t.Run(string(tc.who.Role), func(t *testing.T) {
			got, err := s.Permissions(tc.who.Ctx, o.ID)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	t.Run("another organization is not found", func(t *testing.T) {
		_, err := s.Permissions(o.Owner.Ctx, f.Other.ID)
		servicetest.Check(t, servicetest.NotFound, err)
	})
}

// The last OWNER stays even when two owners step down at the same moment: on PostgreSQL the
// check locks the owners' memberships (keepAnOwner), SQLite serializes its writers.
func TestMembers_ConcurrentStepDownsKeepAnOwner(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			f := servicetest.New(t, testdb.Open(t, dialect))
			s := newService(t, f)
			for round := range 5 {
				f.Client.Membership.Update().Where(membership.RoleEQ(viewer.RoleOwner)).SetRole(viewer.RoleAdmin).ExecX(f.System)
				var owners []servicetest.Person
				for range 2 {
					p, err := f.AddPerson(f.Org.ID, viewer.RoleOwner, "共同オーナー", nil)
					require.NoError(t, err)
					owners = append(owners, p)
				}
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i, p := range owners {
					wg.Go(func() {
						_, errs[i] = s.UpdateMembership(p.Ctx, members.UpdateMembershipInput{ID: p.MembershipID, Role: viewer.RoleAdmin})
					})
				}
				wg.Wait()
				n := f.Client.Membership.Query().Where(membership.OrganizationID(f.Org.ID), membership.RoleEQ(viewer.RoleOwner)).CountX(f.System)
				require.Equal(t, 1, n, "round %d: one owner stays (errors: %v)", round, errs)
			}
		})
	}
}

// An AUDITOR is granted each company it audits until a day of its own, within a year; granting
// again moves the day; the membership lasts until the latest; past its day a company is out of
// its reach while the others stay. Other roles take no end of access, and revoking takes none.
func TestMembers_AnAuditorIsGrantedEachCompanyUntilItsOwnDay(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	soon, later := time.Now().Add(10*24*time.Hour).Truncate(time.Second), time.Now().Add(90*24*time.Hour).Truncate(time.Second)
	grant := func(ctx context.Context, m pulid.ID, company pulid.ID, until *time.Time) error {
		_, err := s.GrantCompanyAccess(ctx, members.CompanyAccessInput{MembershipID: m, CompanyID: company, ExpiresAt: until})
		return err
	}
	for _, tc := range []struct {
		name string
		err  error
		want servicetest.Want
	}{
		{"an auditor's grant needs its end", grant(o.Admin.Ctx, o.Auditor.MembershipID, o.B, nil), servicetest.Invalid("expiresAt", apperr.Required)},
		{"within a year", grant(o.Admin.Ctx, o.Auditor.MembershipID, o.B, ptr(time.Now().Add(400*24*time.Hour))), servicetest.Invalid("expiresAt", apperr.OutOfRange)},
		{"not in the past", grant(o.Admin.Ctx, o.Auditor.MembershipID, o.B, ptr(time.Now().Add(-time.Hour))), servicetest.Invalid("expiresAt", apperr.OutOfRange)},
		{"a member's grant has none", grant(o.Admin.Ctx, o.Member.MembershipID, o.B, &soon), servicetest.Invalid("expiresAt", apperr.ConflictingFields)},
		{"revoking takes none", func() error {
			_, err := s.RevokeCompanyAccess(o.Admin.Ctx, members.CompanyAccessInput{MembershipID: o.Auditor.MembershipID, CompanyID: o.A, ExpiresAt: &soon})
			return err
		}(), servicetest.Invalid("expiresAt", apperr.ConflictingFields)},
	} {
		t.Run(tc.name, func(t *testing.T) { servicetest.Check(t, tc.want, tc.err) })
	}
	require.Equal(t, 1, f.Client.CompanyAccess.Query().Where(companyaccess.MembershipID(o.Auditor.MembershipID)).CountX(f.System), "nothing was granted")

	require.NoError(t, grant(o.Admin.Ctx, o.Auditor.MembershipID, o.B, &later))
	grantOf := func(company pulid.ID) *ent.CompanyAccess {
		return f.Client.CompanyAccess.Query().Where(companyaccess.MembershipID(o.Auditor.MembershipID), companyaccess.CompanyID(company)).OnlyX(f.System)
	}
	assert.True(t, grantOf(o.B).ExpiresAt.Equal(later))
	m := f.Client.Membership.GetX(f.System, o.Auditor.MembershipID)
	assert.True(t, m.ExpiresAt.Equal(later), "the membership lasts until the latest grant")
	require.NoError(t, grant(o.Admin.Ctx, o.Auditor.MembershipID, o.B, &soon))
	assert.True(t, grantOf(o.B).ExpiresAt.Equal(soon), "granting again moves the day")

	role, ok, err := members.RoleIn(f.System, f.Client, o.Auditor.UserID, o.B)
	require.NoError(t, err)
	assert.Equal(t, []any{viewer.RoleAuditor, true}, []any{role, ok})
	f.Client.CompanyAccess.UpdateOne(grantOf(o.B)).SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(f.System)
	_, ok, err = members.RoleIn(f.System, f.Client, o.Auditor.UserID, o.B)
	require.NoError(t, err)
	assert.False(t, ok, "past its day the company is out of reach")
	_, ok, err = members.RoleIn(f.System, f.Client, o.Auditor.UserID, o.A)
	require.NoError(t, err)
	assert.True(t, ok, "the other company stays")
}
