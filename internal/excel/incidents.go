package excel

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/incident"
	"secretariat/ent/incidentdeadline"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

// incidentRows are the rows of the incident register: every incident of the company the viewer
// reads (a MEMBER, the ones it reported), by number, with the site, department, reporter and
// handler by name, the affected assets one a line in order of name, the controls, and each legal
// report as "REGIME KIND due YYYY-MM-DD" and, once filed, "filed YYYY-MM-DD", one a line. The
// statements are the same for one incident or many (eager loading).
func (s *Service) incidentRows(ctx context.Context, companyID pulid.ID) ([][]any, error) {
	incs, err := s.db.Incident.Query().
		Where(incident.CompanyID(companyID)).
		WithSite().WithDepartment().WithReporter().WithAssignee().
		WithAssetLinks(func(q *ent.IncidentAssetQuery) { q.WithAsset() }).
		WithDeadlines(func(q *ent.IncidentDeadlineQuery) {
			q.Order(incidentdeadline.ByDueOn(), incidentdeadline.ByID())
		}).
		Order(incident.ByNumber()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(incs))
	for _, in := range incs {
		var site, dept, reporter, assignee, severity any
		if e := in.Edges.Site; e != nil {
			site = e.Name
		}
		if e := in.Edges.Department; e != nil {
			dept = e.Name
		}
		if e := in.Edges.Reporter; e != nil {
			reporter = e.Name
		}
		if e := in.Edges.Assignee; e != nil {
			assignee = e.Name
		}
		if in.Severity != nil {
			severity = string(*in.Severity)
		}
		var assets, reports []string
		for _, l := range in.Edges.AssetLinks {
			if l.Edges.Asset != nil {
				assets = append(assets, l.Edges.Asset.Name)
			}
		}
		slices.Sort(assets)
		for _, d := range in.Edges.Deadlines {
			line := fmt.Sprintf("%s %s due %s", d.Regime, d.Kind, d.DueOn)
			if d.FiledOn != nil {
				line += ", filed " + d.FiledOn.String()
			}
			reports = append(reports, line)
		}
		personal := "NO"
		if in.PersonalData {
			personal = "YES"
		}
		rows = append(rows, []any{in.Number, string(in.ID), clock(&in.DiscoveredAt), clock(in.OccurredAt), string(in.Category),
			optText(in.Title), optTextOf(in.Description), site, dept, reporter, assignee, severity, string(in.Status), personal,
			optText(strings.Join(assets, "\n")), optText(strings.Join(in.Controls, ", ")), optText(strings.Join(reports, "\n")),
			clock(in.ClosedAt), optTextOf(in.RejectionReason)})
	}
	return rows, nil
}

// clock writes a time in Japan as YYYY-MM-DD hh:mm; nil is an empty cell.
func clock(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.In(date.Calendar).Format("2006-01-02 15:04")
}
