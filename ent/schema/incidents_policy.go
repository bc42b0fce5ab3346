package schema

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	gen "secretariat/ent"
	"secretariat/ent/incident"
	"secretariat/ent/privacy"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// The incidents module's records. Every member of a company reports incidents, MEMBER included;
// a MEMBER reads only the incidents it reported (and their timelines, assets, risks and
// deadlines), the others of the company read them all. Editors triage and handle them. The one
// write a MEMBER makes besides its report is what the report brings with it, in its name: the
// first timeline entry, the assets affected, the reporting deadlines and the handler's tasks.

// membersOwnIncidents limits a MEMBER to the rows whose column names an incident it reported
// (column "id" for the incidents themselves).
func membersOwnIncidents(column string) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || v.Role != viewer.RoleMember {
			return privacy.Skip
		}
		user := v.UserID
		return authz.OnlyRowsRead(func(s *sql.Selector) {
			if column == "id" {
				s.Where(sql.EQ(s.C("reporter_id"), user))
				return
			}
			s.Where(sql.In(s.C(column), sql.Select("id").From(sql.Table("incidents")).Where(sql.EQ("reporter_id", user))))
		}, viewer.RoleMember).EvalQuery(ctx, q)
	})
}

// reported reports whether the incident id is one the viewer reported.
func reported(ctx context.Context, m ent.Mutation, id pulid.ID, user pulid.ID) (bool, error) {
	cm, ok := m.(interface{ Client() *gen.Client })
	if !ok || id == "" {
		return false, nil
	}
	return cm.Client().Incident.Query().Where(incident.ID(id), incident.ReporterID(user)).Exist(ctx)
}

// reportersRows allows a viewer that is not an editor to create, in its own name (the column
// named by self, when not empty), a row that belongs to an incident it reported (named by the
// column incidentColumn). It is what a report brings with it.
func reportersRows(incidentColumn, self string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		if self != "" {
			if value, _ := m.Field(self); value != v.UserID {
				return privacy.Skip
			}
		}
		value, _ := m.Field(incidentColumn)
		id, _ := value.(pulid.ID)
		mine, err := reported(ctx, m, id, v.UserID)
		if err != nil {
			return fmt.Errorf("%s of a reported incident: %w", m.Type(), err)
		}
		if mine {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// reportersIncident allows a viewer to report an incident in its own name, and then to record,
// once, the handler's task on it: nothing else of an incident is the reporter's to change.
func reportersIncident() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil {
			return privacy.Skip
		}
		switch {
		case m.Op().Is(ent.OpCreate):
			if value, _ := m.Field("reporter_id"); value == v.UserID {
				return privacy.Allow
			}
		case m.Op().Is(ent.OpUpdateOne):
			for _, f := range append(m.Fields(), m.ClearedFields()...) {
				if !slices.Contains([]string{"task_id", "updated_at"}, f) {
					return privacy.Skip
				}
			}
			row, ok := m.(interface{ ID() (pulid.ID, bool) })
			if !ok {
				return privacy.Skip
			}
			id, _ := row.ID()
			task, err := m.OldField(ctx, "task_id")
			if err != nil {
				return fmt.Errorf("incident: %w", err)
			}
			if t, _ := task.(*pulid.ID); t != nil {
				return privacy.Skip
			}
			mine, err := reported(ctx, m, id, v.UserID)
			if err != nil {
				return fmt.Errorf("incident: %w", err)
			}
			if mine {
				return privacy.Allow
			}
		}
		return privacy.Skip
	})
}

// Policy of the Incident: everyone of the company reports; editors triage and handle; a MEMBER
// reads only its own reports.
func (Incident) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(membersOwnIncidents("id")),
		Mutation: editorsWrite("incidents", authz.Create|authz.Update, reportersIncident()),
	}
}

// Policy of the IncidentEvent: the timeline is appended to, never changed; the reporter writes
// its report's first entry and its comments.
func (IncidentEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(membersOwnIncidents("incident_id")),
		Mutation: editorsWrite("incident timelines", authz.Create, reportersRows("incident_id", "actor_id")),
	}
}

// Policy of the IncidentAsset: the reporter names the assets affected; editors add more.
func (IncidentAsset) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(membersOwnIncidents("incident_id")),
		Mutation: editorsWrite("incident assets", authz.Create, reportersRows("incident_id", "")),
	}
}

// Policy of the IncidentRisk: editors link the risks an incident raised or updated.
func (IncidentRisk) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(membersOwnIncidents("incident_id")),
		Mutation: editorsWrite("incident risks", authz.Create),
	}
}

// Policy of the IncidentDeadline: set when personal data is reported (by the reporter's report
// too); editors record the reports filed.
func (IncidentDeadline) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(membersOwnIncidents("incident_id")),
		Mutation: editorsWrite("incident deadlines", authz.Create|authz.Update, reportersRows("incident_id", "")),
	}
}

// reportersTasks allows a viewer to create the tasks its report brings: source INCIDENT, naming
// an incident it reported.
func reportersTasks() privacy.MutationRule {
	rows := reportersRows("source_id", "")
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if source, _ := m.Field("source"); fmt.Sprint(source) != "INCIDENT" {
			return privacy.Skip
		}
		return rows.EvalMutation(ctx, m)
	})
}
