package schema

import (
	"entgo.io/ent"

	"secretariat/ent/privacy"
	"secretariat/internal/authz"
	"secretariat/internal/viewer"
)

// The privacy policies below are layer 2 of tenant isolation: the viewer's role decides each read
// and write, with the rules of package authz. Every policy allows the system context, denies a
// request without a viewer and denies every write of the AUDITOR; what a policy does not allow
// is denied. Reads are otherwise allowed: layer 1 (tenancy.go) has already limited them to the
// viewer's organization and companies.

// Roles that shape the organization (members, invitations, company access, the organization
// itself) and that add client companies: a company-scoped role would not reach a company it made.
var administrators = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin}

// Roles that shape a workspace: the company record, its sites and departments.
var structureEditors = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat}

// Policy of the Organization: organizations are created only by signing up (a system context)
// and changed by their administrators.
func (Organization) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("organizations", authz.AllowRoles(authz.Update, administrators...)),
	}
}

// Policy of the User: a user changes only its own account; accounts are created by signing up
// and by accepting an invitation, both system contexts.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("users", authz.AllowOwnRows(authz.RowID)),
	}
}

// Policy of the Membership: administrators manage members; an OWNER alone manages owners and
// the last OWNER stays, which the members service decides.
func (Membership) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("memberships", authz.AllowRoles(authz.AnyWrite, administrators...)),
	}
}

// Policy of the Company: administrators add client companies; structure editors change them,
// archiving and restoring included. Records are archived, never deleted.
func (Company) Policy() ent.Policy {
	return privacy.Policy{
		Query: authz.Reads(),
		Mutation: authz.Writes("companies",
			authz.AllowRoles(authz.Create, administrators...),
			authz.AllowRoles(authz.Update, structureEditors...),
		),
	}
}

// Policy of the Site.
func (Site) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("sites", authz.AllowRoles(authz.Create|authz.Update, structureEditors...)),
	}
}

// Policy of the Department.
func (Department) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("departments", authz.AllowRoles(authz.Create|authz.Update, structureEditors...)),
	}
}

// Policy of the CompanyAccess: administrators grant and revoke companies.
func (CompanyAccess) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(),
		Mutation: authz.Writes("company access grants", authz.AllowRoles(authz.AnyWrite, administrators...)),
	}
}

// Policy of the Invitation: only administrators see and make invitations; to anyone else they do
// not exist. Accepting one is a system context (the invitee has no viewer yet).
func (Invitation) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(administrators...)),
		Mutation: authz.Writes("invitations", authz.AllowRoles(authz.AnyWrite, administrators...)),
	}
}

// Policy of the RefreshToken: sessions are kept by the system context alone (sign-in, refresh,
// logout, removal); no viewer reads or writes them.
func (RefreshToken) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.DenyReads("refresh tokens")),
		Mutation: authz.Writes("refresh tokens"),
	}
}
