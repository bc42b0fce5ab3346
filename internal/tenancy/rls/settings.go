package rls

import (
	"context"
	"strings"

	"secretariat/internal/tenancy"
)

// Settings are what the policies read, set on every transaction of PostgreSQL with
// set_config(…, true) so that they die with it: app.system, app.organization_id, app.user_id and
// app.company_ids ("*" for every company of the organization, else a comma-separated list). A
// transaction without them sees no tenant row.
type Settings struct {
	system    bool
	org, user string
	companies string
}

// SettingsOf returns the settings of the one asking in ctx (tenancy.Who): the system context,
// a viewer, or nobody (no setting, no row).
func SettingsOf(ctx context.Context) Settings {
	who := tenancy.Who(ctx)
	switch {
	case who.System && who.Member != nil:
		// A member's own records: the organization's rows, as for its OWNER.
		return Settings{org: string(who.Member.OrganizationID), user: string(who.Member.UserID), companies: "*"}
	case who.System:
		return Settings{system: true}
	case who.Viewer == nil:
		return Settings{}
	}
	v := who.Viewer
	s := Settings{org: string(v.OrganizationID), user: string(v.UserID)}
	if v.AllCompanies() {
		s.companies = "*"
	} else {
		ids := make([]string, len(v.CompanyIDs))
		for i, id := range v.CompanyIDs {
			ids[i] = string(id)
		}
		s.companies = strings.Join(ids, ",")
	}
	return s
}

// SetStatement sets the settings in the current transaction; its arguments are Args.
const SetStatement = `SELECT set_config('app.system', $1, true), set_config('app.organization_id', $2, true), ` +
	`set_config('app.user_id', $3, true), set_config('app.company_ids', $4, true)`

// Args are the arguments of SetStatement.
func (s Settings) Args() []any {
	system := ""
	if s.system {
		system = "on"
	}
	return []any{system, s.org, s.user, s.companies}
}
