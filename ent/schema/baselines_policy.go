package schema

import (
	"entgo.io/ent"

	"secretariat/ent/privacy"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// The baselines module's records. The head office (OWNER, ADMIN, CONSULTANT) publishes baselines;
// everyone of the organization but an AUDITOR reads them, since every site runs by them, and the
// adoptions and overlays of the companies it reaches. A company's editors adopt a version and
// keep their overlay; whether an override is approved is the head office's to decide (the
// baselines service checks the role).

// baselineReaders read baselines, adoptions and overlays: everyone of the organization but an
// AUDITOR.
var baselineReaders = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat, viewer.RoleMember}

// Policy of the Baseline.
func (Baseline) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(baselineReaders...)),
		Mutation: authz.Writes("baselines", authz.AllowRoles(authz.Create|authz.Update, libraryKeepers...)),
	}
}

// Policy of the BaselineVersion: published, never changed.
func (BaselineVersion) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(baselineReaders...)),
		Mutation: authz.Writes("baseline versions", authz.AllowRoles(authz.Create, libraryKeepers...)),
	}
}

// Policy of the BaselineAdoption.
func (BaselineAdoption) Policy() ent.Policy {
	return privacy.Policy{Query: authz.Reads(authz.OnlyRolesRead(baselineReaders...)), Mutation: editorsWrite("baseline adoptions", authz.Create|authz.Update)}
}

// Policy of the BaselineOverlay.
func (BaselineOverlay) Policy() ent.Policy {
	return privacy.Policy{Query: authz.Reads(authz.OnlyRolesRead(baselineReaders...)), Mutation: editorsWrite("baseline overlays", authz.Create|authz.Update)}
}
