package schema

import (
	"entgo.io/ent"

	"secretariat/ent/privacy"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// The templates module's records. An organization's template library is its own know-how: its
// OWNER, ADMIN and CONSULTANT keep it and read it, and nobody of a client company (SECRETARIAT,
// MEMBER, AUDITOR) reads it. A version is never changed once published. A company's record of
// the versions applied to it is read by the company's editors.

// libraryKeepers keep and read the organization's template sets.
var libraryKeepers = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant}

// Policy of the TemplateSet.
func (TemplateSet) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(libraryKeepers...)),
		Mutation: authz.Writes("template sets", authz.AllowRoles(authz.Create|authz.Update, libraryKeepers...)),
	}
}

// Policy of the TemplateSetVersion: published, never changed.
func (TemplateSetVersion) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(libraryKeepers...)),
		Mutation: authz.Writes("template set versions", authz.AllowRoles(authz.Create, libraryKeepers...)),
	}
}

// Policy of the TemplateApplication: written when a version is applied, never changed.
func (TemplateApplication) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(ismsEditors...)),
		Mutation: authz.Writes("template applications", authz.AllowRoles(authz.Create, ismsEditors...)),
	}
}
