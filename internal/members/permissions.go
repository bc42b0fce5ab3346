package members

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/ent/document"
	"secretariat/ent/invitation"
	"secretariat/ent/organization"
	"secretariat/ent/site"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// Permissions are what the viewer may do in its organization, for a UI to show the screens and
// buttons that will work. Each is the answer of the privacy policy that refuses the write, asked
// about a write of that kind without making it: the same rule, not a copy of it.
type Permissions struct {
	Role viewer.Role
	// AddCompanies: create client companies (company policy, create).
	AddCompanies bool
	// EditStructure: create and change sites and departments (site policy, create).
	EditStructure bool
	// EditRecords: create and change the ISMS records of the companies it reaches: documents,
	// risks, tasks, meetings (document policy, create; the records share the editors' rule).
	EditRecords bool
	// ManageMembers: invite, change and remove members (invitation policy, create).
	ManageMembers bool
	// EditOrganization: rename the organization, change its default language (organization
	// policy, update).
	EditOrganization bool
}

// Permissions answers for the viewer of ctx in the organization, which must be the viewer's
// active one (no other is ever reached; asked about another, it answers NOT_FOUND).
func (s *Service) Permissions(ctx context.Context, organizationID pulid.ID) (Permissions, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return Permissions{}, fmt.Errorf("permissions: %w", tenancy.ErrNoViewer)
	}
	if organizationID != v.OrganizationID {
		return Permissions{}, fmt.Errorf("permissions: %w", apperr.NotFound("organization", "組織"))
	}
	p := Permissions{Role: v.Role}
	for _, q := range []struct {
		allowed *bool
		policy  ent.Policy
		write   ent.Mutation
	}{
		{&p.AddCompanies, company.Policy, s.db.Company.Create().Mutation()},
		{&p.EditStructure, site.Policy, s.db.Site.Create().Mutation()},
		{&p.EditRecords, document.Policy, s.db.Document.Create().Mutation()},
		{&p.ManageMembers, invitation.Policy, s.db.Invitation.Create().Mutation()},
		{&p.EditOrganization, organization.Policy, s.db.Organization.UpdateOneID(organizationID).Mutation()},
	} {
		err := authz.Check(ctx, q.policy, q.write)
		switch {
		case err == nil:
			*q.allowed = true
		case apperr.KindOf(err) != apperr.KindForbidden:
			return Permissions{}, fmt.Errorf("permissions: %w", err)
		}
	}
	return p, nil
}
