package training

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"secretariat/ent"
	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcampaign"
	"secretariat/internal/pulid"
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
	slices.SortFunc(p.Departments, func(a, b DepartmentTally) int {
		switch {
		case a.Department == nil:
			return 1
		case b.Department == nil:
			return -1
		}
		return strings.Compare(a.Department.Name, b.Department.Name)
	})
	return p
}
