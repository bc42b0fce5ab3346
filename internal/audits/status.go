package audits

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/correctiveaction"
	"secretariat/ent/department"
	"secretariat/ent/finding"
	"secretariat/ent/task"
	"secretariat/internal/pulid"
)

// FindingsStatus is what the secretariat checks before an auditor arrives: the company's
// findings by state and grade, those whose effectiveness review failed or whose response is
// overdue, and the open corrective actions of each department with the overdue ones among them.
// The findings and tasks themselves are listed by the company's findings and tasks connections
// with the same filters.
type FindingsStatus struct {
	CompanyID pulid.ID
	// Open and Closed count the findings that are not archived.
	Open, Closed int
	// OpenByGrade counts the open findings of each grade, MAJOR first; a grade without one is 0.
	OpenByGrade []GradeCount
	// NotEffective counts the open findings whose effectiveness review found the actions
	// NOT_EFFECTIVE.
	NotEffective int
	// ResponseOverdue counts the open findings past their response deadline.
	ResponseOverdue int
	// Departments lists, for each department with an open corrective action (and once for the
	// actions of no department, with a nil Department), how many are open and overdue.
	Departments []DepartmentActions
}

// GradeCount is a number of findings of one grade.
type GradeCount struct {
	Grade finding.Grade
	Count int
}

// DepartmentActions counts the open and overdue corrective actions of a department.
type DepartmentActions struct {
	Department    *ent.Department
	Open, Overdue int
}

// FindingsStatus returns the status of a company the viewer reaches, from a fixed number of
// statements whatever the number of findings.
func (s *Service) FindingsStatus(ctx context.Context, companyID pulid.ID) (*FindingsStatus, error) {
	c, err := s.db.Company.Get(ctx, companyID)
	if err != nil {
		return nil, fmt.Errorf("findings status: %w", err)
	}
	today := s.Today()
	st := &FindingsStatus{CompanyID: c.ID}
	findings, err := s.db.Finding.Query().
		Where(finding.CompanyID(c.ID), finding.ArchivedAtIsNil()).
		Select(finding.FieldStatus, finding.FieldGrade, finding.FieldEffectiveness, finding.FieldResponseDue).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("findings status: %w", err)
	}
	byGrade := map[finding.Grade]int{}
	for _, f := range findings {
		if f.Status == finding.StatusCLOSED {
			st.Closed++
			continue
		}
		st.Open++
		byGrade[f.Grade]++
		if f.Effectiveness != nil && *f.Effectiveness == finding.EffectivenessNOT_EFFECTIVE {
			st.NotEffective++
		}
		if f.ResponseDue != nil && f.ResponseDue.Before(today) {
			st.ResponseOverdue++
		}
	}
	for _, g := range []finding.Grade{finding.GradeMAJOR, finding.GradeMINOR, finding.GradeOBSERVATION, finding.GradeOPPORTUNITY} {
		st.OpenByGrade = append(st.OpenByGrade, GradeCount{Grade: g, Count: byGrade[g]})
	}
	actions, err := s.db.CorrectiveAction.Query().
		Where(
			correctiveaction.CompanyID(c.ID),
			correctiveaction.HasFindingWith(finding.ArchivedAtIsNil()),
			correctiveaction.HasTaskWith(task.StatusNotIn(task.StatusDONE, task.StatusCANCELED)),
		).
		WithTask(func(q *ent.TaskQuery) { q.Select(task.FieldDueDate) }).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("findings status: %w", err)
	}
	counts := map[pulid.ID]*DepartmentActions{}
	var order []pulid.ID
	for _, a := range actions {
		var key pulid.ID
		if a.DepartmentID != nil {
			key = *a.DepartmentID
		}
		d := counts[key]
		if d == nil {
			d = &DepartmentActions{}
			counts[key] = d
			order = append(order, key)
		}
		d.Open++
		if t := a.Edges.Task; t != nil && t.DueDate != nil && t.DueDate.Before(today) {
			d.Overdue++
		}
	}
	if len(order) > 0 {
		depts, err := s.db.Department.Query().Where(department.IDIn(order...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("findings status: %w", err)
		}
		for _, d := range depts {
			counts[d.ID].Department = d
		}
	}
	// By department name; the actions of no department last.
	slices.SortFunc(order, func(a, b pulid.ID) int {
		da, db := counts[a].Department, counts[b].Department
		if da == nil || db == nil {
			return cmp.Compare(boolRank(da == nil), boolRank(db == nil))
		}
		return strings.Compare(da.Name, db.Name)
	})
	for _, k := range order {
		st.Departments = append(st.Departments, *counts[k])
	}
	return st, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
