package training

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"

	"secretariat/ent"
	"secretariat/ent/department"
	"secretariat/ent/trainingassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
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

// Progress tallies each campaign the viewer reads, as of today, in two statements whatever the
// number of campaigns and of their assignments: the counts per campaign and department in SQL,
// then the departments. A campaign the viewer cannot read, or with no assignment, has an empty
// progress.
func (s *Service) Progress(ctx context.Context, campaignIDs []pulid.ID) (map[pulid.ID]*Progress, error) {
	out := make(map[pulid.ID]*Progress, len(campaignIDs))
	for _, id := range campaignIDs {
		out[id] = &Progress{}
	}
	if len(campaignIDs) == 0 {
		return out, nil
	}
	q := s.db.TrainingAssignment.Query().Where(trainingassignment.CampaignIDIn(campaignIDs...))
	if err := s.tally(ctx, q, true, func(campaign string) *Progress { return out[pulid.ID(campaign)] }); err != nil {
		return nil, fmt.Errorf("training progress: %w", err)
	}
	return out, nil
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
	q := s.db.TrainingAssignment.Query().Where(trainingassignment.CompanyID(in.CompanyID))
	if in.DueFrom != nil {
		q.Where(trainingassignment.DueOnGTE(*in.DueFrom))
	}
	if in.DueTo != nil {
		q.Where(trainingassignment.DueOnLTE(*in.DueTo))
	}
	p := &Progress{}
	if err := s.tally(ctx, q, false, func(string) *Progress { return p }); err != nil {
		return nil, fmt.Errorf("training follow-up: %w", err)
	}
	return p, nil
}

// group is the count of one group of assignments, as the database adds it up.
type group struct {
	CampaignID   *string `json:"campaign_id"`
	DepartmentID *string `json:"department_id"`
	Count        int     `json:"count"`
	Completed    int     `json:"completed"`
	Overdue      int     `json:"overdue"`
	Clicked      int     `json:"clicked"`
	Reported     int     `json:"reported"`
	Ignored      int     `json:"ignored"`
}

// tally counts the assignments q selects, as of today, per department (and per campaign when
// byCampaign), into the progress that into names for a campaign ("" when not by campaign), its
// departments by name: two statements.
func (s *Service) tally(ctx context.Context, q *ent.TrainingAssignmentQuery, byCampaign bool, into func(campaign string) *Progress) error {
	today := s.Today().String() // YYYY-MM-DD, written by the date package: safe in SQL
	when := database.CountWhere
	result := func(v trainingassignment.DrillResult) func(*sql.Selector) string {
		return func(sel *sql.Selector) string {
			return fmt.Sprintf("%s = '%s'", sel.C(trainingassignment.FieldDrillResult), v)
		}
	}
	by := []string{trainingassignment.FieldDepartmentID}
	if byCampaign {
		by = append(by, trainingassignment.FieldCampaignID)
	}
	var groups []group
	err := q.GroupBy(by[0], by[1:]...).
		Aggregate(ent.Count(),
			when("completed", func(sel *sql.Selector) string { return sel.C(trainingassignment.FieldCompletedAt) + " IS NOT NULL" }),
			when("overdue", func(sel *sql.Selector) string {
				return fmt.Sprintf("%s IS NULL AND %s < '%s'", sel.C(trainingassignment.FieldCompletedAt), sel.C(trainingassignment.FieldDueOn), today)
			}),
			when("clicked", result(trainingassignment.DrillResultCLICKED)),
			when("reported", result(trainingassignment.DrillResultREPORTED)),
			when("ignored", result(trainingassignment.DrillResultIGNORED))).
		Scan(ctx, &groups)
	if err != nil {
		return err
	}
	var deptIDs []pulid.ID
	for _, g := range groups {
		if g.DepartmentID != nil && !slices.Contains(deptIDs, pulid.ID(*g.DepartmentID)) {
			deptIDs = append(deptIDs, pulid.ID(*g.DepartmentID))
		}
	}
	depts := map[pulid.ID]*ent.Department{}
	if len(deptIDs) > 0 {
		ds, err := s.db.Department.Query().Where(department.IDIn(deptIDs...)).All(ctx)
		if err != nil {
			return err
		}
		for _, d := range ds {
			depts[d.ID] = d
		}
	}
	touched := map[*Progress]bool{}
	for _, g := range groups {
		p := into(deref(g.CampaignID))
		if p == nil {
			continue
		}
		t := Tally{Assigned: g.Count, Completed: g.Completed, Overdue: g.Overdue, Clicked: g.Clicked, Reported: g.Reported, Ignored: g.Ignored}
		d := DepartmentTally{Tally: t}
		if g.DepartmentID != nil {
			d.Department = depts[pulid.ID(*g.DepartmentID)]
		}
		p.add(t)
		p.Departments = append(p.Departments, d)
		touched[p] = true
	}
	for p := range touched {
		sortDepartments(p.Departments)
	}
	return nil
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
