package training

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"secretariat/ent"
	"secretariat/ent/department"
	"secretariat/ent/predicate"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcampaign"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Tally counts the assignments of a campaign, or of one department in it: assigned, completed,
// overdue (open past their day), and for a phishing drill what people did. Rates are shares of
// the assignments, to a tenth of a percent.
type Tally struct {
	Assigned, Completed, Overdue, Clicked, Reported, Ignored int
}

// Rate is part of whole, in percent to a tenth; 0 for none of nothing.
func rate(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(int(float64(part)*1000/float64(whole)+0.5)) / 10
}

// CompletionRate is the share of the assignments completed, in percent.
func (t Tally) CompletionRate() float64 { return rate(t.Completed, t.Assigned) }

// ClickRate is the share of the people who clicked in a phishing drill, in percent.
func (t Tally) ClickRate() float64 { return rate(t.Clicked, t.Assigned) }

// ReportRate is the share of the people who reported the mail in a phishing drill, in percent.
func (t Tally) ReportRate() float64 { return rate(t.Reported, t.Assigned) }

// DepartmentTally is the tally of one department; Department is nil for the people with no
// department recorded.
type DepartmentTally struct {
	Department *ent.Department
	Tally
}

// Progress is a campaign's follow-up: its tally and each department's, by department name (the
// people with no department last).
type Progress struct {
	Tally
	Departments []DepartmentTally
}

// Progress tallies a campaign the viewer reads, as of today, in two statements whatever its size.
func (s *Service) Progress(ctx context.Context, campaignID pulid.ID) (*Progress, error) {
	c, err := s.db.TrainingCampaign.Query().
		Where(trainingcampaign.ID(campaignID)).
		WithAssignments(func(q *ent.TrainingAssignmentQuery) { q.WithDepartment() }).
		Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("training progress: %w", err)
	}
	return tally(c.Edges.Assignments, s.Today().String()), nil
}

// tally counts the assignments, as of the day today (YYYY-MM-DD).
func tally(as []*ent.TrainingAssignment, today string) *Progress {
	p := &Progress{}
	byDept := map[pulid.ID]*DepartmentTally{}
	for _, a := range as {
		var key pulid.ID
		if a.DepartmentID != nil {
			key = *a.DepartmentID
		}
		d := byDept[key]
		if d == nil {
			d = &DepartmentTally{Department: a.Edges.Department}
			byDept[key] = d
		}
		for _, t := range []*Tally{&p.Tally, &d.Tally} {
			t.Assigned++
			switch {
			case a.CompletedAt != nil:
				t.Completed++
			case a.DueOn.String() < today:
				t.Overdue++
			}
			if a.DrillResult != nil {
				switch *a.DrillResult {
				case trainingassignment.DrillResultCLICKED:
					t.Clicked++
				case trainingassignment.DrillResultREPORTED:
					t.Reported++
				case trainingassignment.DrillResultIGNORED:
					t.Ignored++
				}
			}
		}
	}
	for _, d := range byDept {
		p.Departments = append(p.Departments, *d)
	}
	sortDepartments(p.Departments)
	return p
}

// sortDepartments orders the tallies by department name, the people with no department last (a
// department out of the viewer's reach, which a foreign row cannot name, sorts with them).
func sortDepartments(ds []DepartmentTally) {
	slices.SortFunc(ds, func(a, b DepartmentTally) int {
		switch {
		case a.Department == nil && b.Department == nil:
			return 0
		case a.Department == nil:
			return 1
		case b.Department == nil:
			return -1
		}
		return strings.Compare(a.Department.Name, b.Department.Name)
	})
}

// FollowUpInput asks for the follow-up of a company's training: every assignment of its courses
// due from DueFrom to DueTo (both included; open-ended when nil).
type FollowUpInput struct {
	CompanyID pulid.ID   `json:"companyID"`
	DueFrom   *date.Date `json:"dueFrom"`
	DueTo     *date.Date `json:"dueTo"`
}

// FollowUp tallies, as of today, the assignments of a company the viewer reads that are due in
// the period, across every campaign and new joiner's course, per department: what the committee
// follows up (overdue per department). It counts in the database, in three statements whatever
// the number of assignments.
func (s *Service) FollowUp(ctx context.Context, in FollowUpInput) (*Progress, error) {
	if in.DueFrom != nil && in.DueTo != nil && in.DueTo.Before(*in.DueFrom) {
		return nil, fmt.Errorf("training follow-up: %w", apperr.Invalid("dueTo", apperr.OutOfRange, "must not be before dueFrom", "dueFrom 以降の日付を指定してください"))
	}
	if _, err := s.db.Company.Get(ctx, in.CompanyID); err != nil {
		return nil, fmt.Errorf("training follow-up: %w", validate.Reference("companyID", err))
	}
	due := []predicate.TrainingAssignment{trainingassignment.CompanyID(in.CompanyID)}
	if in.DueFrom != nil {
		due = append(due, trainingassignment.DueOnGTE(*in.DueFrom))
	}
	if in.DueTo != nil {
		due = append(due, trainingassignment.DueOnLTE(*in.DueTo))
	}
	var counts []struct {
		DepartmentID *string `json:"department_id"`
		Count        int     `json:"count"`
		Completed    int     `json:"completed"`
		Clicked      int     `json:"clicked"`
		Reported     int     `json:"reported"`
		Ignored      int     `json:"ignored"`
	}
	when := func(alias string, cond func(*sql.Selector) string) ent.AggregateFunc {
		return func(sel *sql.Selector) string {
			return sql.As(fmt.Sprintf("SUM(CASE WHEN %s THEN 1 ELSE 0 END)", cond(sel)), alias)
		}
	}
	result := func(v trainingassignment.DrillResult) func(*sql.Selector) string {
		return func(sel *sql.Selector) string { return fmt.Sprintf("%s = '%s'", sel.C(trainingassignment.FieldDrillResult), v) }
	}
	err := s.db.TrainingAssignment.Query().Where(due...).
		GroupBy(trainingassignment.FieldDepartmentID).
		Aggregate(ent.Count(),
			when("completed", func(sel *sql.Selector) string { return sel.C(trainingassignment.FieldCompletedAt) + " IS NOT NULL" }),
			when("clicked", result(trainingassignment.DrillResultCLICKED)),
			when("reported", result(trainingassignment.DrillResultREPORTED)),
			when("ignored", result(trainingassignment.DrillResultIGNORED))).
		Scan(ctx, &counts)
	if err != nil {
		return nil, fmt.Errorf("training follow-up: %w", err)
	}
	var overdue []struct {
		DepartmentID *string `json:"department_id"`
		Count        int     `json:"count"`
	}
	err = s.db.TrainingAssignment.Query().
		Where(append(due, trainingassignment.CompletedAtIsNil(), trainingassignment.DueOnLT(s.Today()))...).
		GroupBy(trainingassignment.FieldDepartmentID).
		Aggregate(ent.Count()).
		Scan(ctx, &overdue)
	if err != nil {
		return nil, fmt.Errorf("training follow-up: %w", err)
	}
	var deptIDs []pulid.ID
	for _, c := range counts {
		if c.DepartmentID != nil {
			deptIDs = append(deptIDs, pulid.ID(*c.DepartmentID))
		}
	}
	depts := map[pulid.ID]*ent.Department{}
	if len(deptIDs) > 0 {
		ds, err := s.db.Department.Query().Where(department.IDIn(deptIDs...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("training follow-up: %w", err)
		}
		for _, d := range ds {
			depts[d.ID] = d
		}
	}
	late := map[string]int{}
	for _, o := range overdue {
		late[deref(o.DepartmentID)] = o.Count
	}
	p := &Progress{}
	for _, c := range counts {
		t := Tally{Assigned: c.Count, Completed: c.Completed, Overdue: late[deref(c.DepartmentID)], Clicked: c.Clicked, Reported: c.Reported, Ignored: c.Ignored}
		d := DepartmentTally{Tally: t}
		if c.DepartmentID != nil {
			d.Department = depts[pulid.ID(*c.DepartmentID)]
		}
		p.add(t)
		p.Departments = append(p.Departments, d)
	}
	sortDepartments(p.Departments)
	return p, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// add counts t into the progress's own tally.
func (p *Progress) add(t Tally) {
	p.Assigned += t.Assigned
	p.Completed += t.Completed
	p.Overdue += t.Overdue
	p.Clicked += t.Clicked
	p.Reported += t.Reported
	p.Ignored += t.Ignored
}
