package excel

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/correctiveaction"
	"secretariat/ent/finding"
	"secretariat/internal/pulid"
)

// findingRows are the rows of the findings register: every finding of the company that is not
// archived, oldest first, numbered from 1, with the audit's title, the departments' names (one a
// line, in order of name) and each corrective action's task as "title (STATUS)", one a line, in
// the order they were planned. What the viewer may not read (a task) is left out, as in the API.
// The statements are the same for one finding or many (eager loading).
func (s *Service) findingRows(ctx context.Context, companyID pulid.ID) ([][]any, error) {
	fs, err := s.db.Finding.Query().
		Where(finding.CompanyID(companyID), finding.ArchivedAtIsNil()).
		WithAudit().
		WithDepartments(func(q *ent.FindingDepartmentQuery) { q.WithDepartment() }).
		WithCorrectiveActions(func(q *ent.CorrectiveActionQuery) {
			q.WithTask().Order(correctiveaction.ByCreatedAt(), correctiveaction.ByID())
		}).
		Order(finding.ByCreatedAt(), finding.ByID()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(fs))
	for i, f := range fs {
		var audit, effectiveness any
		if f.Edges.Audit != nil {
			audit = f.Edges.Audit.Title
		}
		if f.Effectiveness != nil {
			effectiveness = string(*f.Effectiveness)
		}
		var depts, actions []string
		for _, d := range f.Edges.Departments {
			if d.Edges.Department != nil {
				depts = append(depts, d.Edges.Department.Name)
			}
		}
		slices.Sort(depts)
		for _, a := range f.Edges.CorrectiveActions {
			if t := a.Edges.Task; t != nil {
				actions = append(actions, fmt.Sprintf("%s (%s)", t.Title, t.Status))
			}
		}
		rows = append(rows, []any{i + 1, string(f.ID), string(f.Source), audit, string(f.Grade),
			optTextOf(f.Clause), optTextOf(f.Control), optText(f.Statement), optTextOf(f.Evidence),
			optText(strings.Join(depts, "\n")), optDate(f.ResponseDue), optTextOf(f.Correction), optTextOf(f.RootCause),
			optText(strings.Join(actions, "\n")), effectiveness, string(f.Status)})
	}
	return rows, nil
}
