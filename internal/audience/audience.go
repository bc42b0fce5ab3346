// Package audience describes who a training campaign is for, as it is stored with the campaign:
// everyone of a company, or the people of sites, departments and roles, and people by name. The
// training service resolves it to people; this package only holds the shape.
package audience

import "secretariat/internal/pulid"

// Audience is who a campaign is for. Everyone takes every member who works in the company; the
// other lists add up (a person in any of them is in the audience).
type Audience struct {
	Everyone      bool       `json:"everyone"`
	SiteIDs       []pulid.ID `json:"siteIDs,omitempty"`
	DepartmentIDs []pulid.ID `json:"departmentIDs,omitempty"`
	Roles         []string   `json:"roles,omitempty"`
	UserIDs       []pulid.ID `json:"userIDs,omitempty"`
}

// Empty reports whether the audience names nobody.
func (a Audience) Empty() bool {
	return !a.Everyone && len(a.SiteIDs) == 0 && len(a.DepartmentIDs) == 0 && len(a.Roles) == 0 && len(a.UserIDs) == 0
}
