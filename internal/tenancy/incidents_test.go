package tenancy_test

import (
	"context"
	"time"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/finding"
	"secretariat/ent/incident"
	"secretariat/ent/incidentasset"
	"secretariat/ent/incidentdeadline"
	"secretariat/ent/incidentevent"
	"secretariat/ent/incidentrisk"
	"secretariat/ent/task"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

// The incidents' tables in the isolation suite: in every company a personal-data misdelivery
// reported by the owner at the company's site and department, affecting a laptop whose risk it
// updated, with its handler's task, a timeline entry, its two legal deadlines and a finding
// raised from it.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		site, dept := tn.byCompany[i][1], tn.byCompany[i][2]
		laptop := client.Asset.Create().SetOrganizationID(org).SetCompanyID(co).SetName("営業用ノートPC").SetType(asset.TypeHARDWARE).SaveX(ctx)
		r := client.Risk.Create().SetOrganizationID(org).SetCompanyID(co).SetCode("R-901").SetTitle("誤送信").
			SetLikelihood(2).SetImpact(2).SetScore(4).SetLevel("MEDIUM").SaveX(ctx)
		discovered := time.Date(2026, 12, 1, 9, 0, 0, 0, date.Calendar)
		inc := client.Incident.Create().SetOrganizationID(org).SetCompanyID(co).SetNumber(1).SetTitle("見積書の誤送信").
			SetCategory(incident.CategoryMISDELIVERY).SetDiscoveredAt(discovered).SetSiteID(site).SetDepartmentID(dept).
			SetPersonalData(true).SetControls([]string{"5.14"}).SetReporterID(tn.owner.ID).SetRouting(incident.RoutingVIA_SECRETARIAT).
			SetAssigneeID(tn.owner.ID).SaveX(ctx)
		handling := client.Task.Create().SetOrganizationID(org).SetCompanyID(co).SetTitle("インシデント対応 #1").
			SetDueDate(date.New(2026, 12, 1)).SetAssigneeID(tn.owner.ID).SetSource(task.SourceINCIDENT).SetSourceID(inc.ID).SaveX(ctx)
		client.Incident.UpdateOneID(inc.ID).SetTaskID(handling.ID).ExecX(ctx)
		entry := client.IncidentEvent.Create().SetOrganizationID(org).SetCompanyID(co).SetIncidentID(inc.ID).
			SetKind(incidentevent.KindREPORTED).SetActorID(tn.owner.ID).SaveX(ctx)
		affected := client.IncidentAsset.Create().SetOrganizationID(org).SetCompanyID(co).SetIncidentID(inc.ID).SetAssetID(laptop.ID).SaveX(ctx)
		updated := client.IncidentRisk.Create().SetOrganizationID(org).SetCompanyID(co).SetIncidentID(inc.ID).SetRiskID(r.ID).SaveX(ctx)
		preliminary := client.IncidentDeadline.Create().SetOrganizationID(org).SetCompanyID(co).SetIncidentID(inc.ID).
			SetRegime("JP_APPI").SetKind(incidentdeadline.KindPRELIMINARY).SetDueOn(date.New(2026, 12, 6)).SetTaskID(handling.ID).SaveX(ctx)
		final := client.IncidentDeadline.Create().SetOrganizationID(org).SetCompanyID(co).SetIncidentID(inc.ID).
			SetRegime("JP_APPI").SetKind(incidentdeadline.KindFINAL).SetDueOn(date.New(2026, 12, 31)).SaveX(ctx)
		raised := client.Finding.Create().SetOrganizationID(org).SetCompanyID(co).SetIncidentID(inc.ID).
			SetSource(finding.SourceINCIDENT).SetGrade(finding.GradeMINOR).SetStatement("送信前確認が行われていない").SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], laptop.ID, r.ID, inc.ID, handling.ID, entry.ID, affected.ID, updated.ID,
			preliminary.ID, final.ID, raised.ID)
	})

	probes["incidents"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Incident.Query().Where(incident.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryIncidents().Where(incident.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Incident.UpdateOneID(id).SetStatus(incident.StatusREJECTED).SetTitle("乗っ取り").Exec(ctx)
		},
		// A timeline entry hangs on an incident: writing into another tenant's timeline.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.IncidentEvent.Create().SetCompanyID(own.companies[0].ID).SetIncidentID(id).
				SetKind(incidentevent.KindCOMMENT).SetText("植え付け").SetActorID(own.owner.ID).Exec(ctx)
		},
	}
	probes["incident_events"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.IncidentEvent.Query().Where(incidentevent.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Incident.Query().QueryTimeline().Where(incidentevent.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.IncidentEvent.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["incident_assets"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.IncidentAsset.Query().Where(incidentasset.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Incident.Query().QueryAssetLinks().Where(incidentasset.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.IncidentAsset.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["incident_risks"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.IncidentRisk.Query().Where(incidentrisk.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Incident.Query().QueryRiskLinks().Where(incidentrisk.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.IncidentRisk.DeleteOneID(id).Exec(ctx)
		},
	}
	probes["incident_deadlines"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.IncidentDeadline.Query().Where(incidentdeadline.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Incident.Query().QueryDeadlines().Where(incidentdeadline.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.IncidentDeadline.UpdateOneID(id).SetFiledOn(date.New(2026, 12, 2)).Exec(ctx)
		},
	}
}
