package risks

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"secretariat/ent"
	"secretariat/ent/department"
	"secretariat/ent/risk"
	"secretariat/ent/task"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
	"secretariat/internal/tasks"
)

// ExpiryWindow is how many days ahead an acceptance counts as expiring.
const ExpiryWindow = 30

// Monitoring is the secretariat's check that departments act on the risks (リスク対応の進捗確認).
type Monitoring struct {
	CompanyID           pulid.ID
	Today               date.Date
	AcceptanceThreshold int
	// RisksWithoutPlan are open risks (not ACCEPTED, CLOSED or archived) scored above the
	// threshold with no treatment chosen or no open treatment task. A risk to be accepted stays
	// here until acceptRisk records the acceptance.
	RisksWithoutPlan []*ent.Risk
	// OverdueTreatmentTasks are open RISK_TREATMENT tasks past their due date.
	OverdueTreatmentTasks []*ent.Task
	// OverdueByAssignee groups them by the task's assignee (User nil: unassigned).
	OverdueByAssignee []*OverdueGroup
	// OverdueByDepartment groups them by the department of the risk's assets: a task counts once
	// under each department its risk's assets belong to, and under no department (Department nil)
	// when none of them has one. Assets say which department holds what is at risk; the
	// assignee's department is not recorded anywhere.
	OverdueByDepartment []*OverdueGroup
	// ExpiringAcceptances expire from today to ExpiryWindow days ahead; ExpiredAcceptances before
	// today, while the risk is still ACCEPTED.
	ExpiringAcceptances []*ent.Risk
	ExpiredAcceptances  []*ent.Risk
	// ReviewsOverdue are risks (not CLOSED) past their next review date.
	ReviewsOverdue []*ent.Risk
}

// OverdueGroup is the overdue treatment tasks of one assignee or one department.
type OverdueGroup struct {
	UserID       *pulid.ID
	DepartmentID *pulid.ID
	User         *ent.User
	Department   *ent.Department
	Tasks        []*ent.Task
}

// Count is the number of tasks of the group.
func (g *OverdueGroup) Count() int { return len(g.Tasks) }

// Monitor returns the company's monitoring as of today (date.Calendar). The risks come with
// their owners, asset links and assets, the tasks with their assignees, so that a dashboard
// asking for them costs no query per row.
func (s *Service) Monitor(ctx context.Context, companyID pulid.ID) (*Monitoring, error) {
	if _, err := s.db.Company.Get(ctx, companyID); err != nil {
		return nil, fmt.Errorf("risk monitoring: %w", notFound(err, "company", "会社"))
	}
	m, _, err := s.method(ctx, s.db, companyID)
	if err != nil {
		return nil, fmt.Errorf("risk monitoring: %w", err)
	}
	rs, err := s.db.Risk.Query().
		Where(risk.CompanyID(companyID), risk.ArchivedAtIsNil()).
		WithAssetLinks(func(q *ent.RiskAssetQuery) { q.WithAsset() }).
		WithOwner().
		Order(ent.Asc(risk.FieldCode)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("risk monitoring: %w", err)
	}
	ts, err := s.db.Task.Query().
		Where(task.CompanyID(companyID), task.SourceEQ(task.SourceRISK_TREATMENT), task.ArchivedAtIsNil(), task.StatusIn(tasks.OpenStatuses...)).
		WithAssignee().
		Order(ent.Asc(task.FieldDueDate), ent.Asc(task.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("risk monitoring: %w", err)
	}
	mon := Assess(s.Today(), m, rs, ts)
	mon.CompanyID = companyID
	if err := s.fillGroups(ctx, mon); err != nil {
		return nil, fmt.Errorf("risk monitoring: %w", err)
	}
	return mon, nil
}

// Assess sorts a company's risks (their asset links and assets loaded) and its open treatment
// tasks into the monitoring buckets as of today.
func Assess(today date.Date, m riskscale.Method, rs []*ent.Risk, open []*ent.Task) *Monitoring {
	mon := &Monitoring{Today: today, AcceptanceThreshold: m.AcceptanceThreshold}
	withTask := map[pulid.ID]bool{}
	for _, t := range open {
		if t.SourceID != nil {
			withTask[*t.SourceID] = true
		}
	}
	byID := map[pulid.ID]*ent.Risk{}
	horizon := today.AddDays(ExpiryWindow)
	for _, r := range rs {
		byID[r.ID] = r
		if r.ArchivedAt != nil {
			continue
		}
		settled := r.Status == risk.StatusACCEPTED || r.Status == risk.StatusCLOSED
		if !settled && m.AboveThreshold(r.Score) && (r.Treatment == nil || !withTask[r.ID]) {
			mon.RisksWithoutPlan = append(mon.RisksWithoutPlan, r)
		}
		if e := r.AcceptanceExpiresOn; e != nil && r.Status != risk.StatusCLOSED {
			switch {
			case e.Before(today) && r.Status == risk.StatusACCEPTED:
				mon.ExpiredAcceptances = append(mon.ExpiredAcceptances, r)
			case !e.Before(today) && !e.After(horizon):
				mon.ExpiringAcceptances = append(mon.ExpiringAcceptances, r)
			}
		}
		if r.NextReviewOn != nil && r.NextReviewOn.Before(today) && r.Status != risk.StatusCLOSED {
			mon.ReviewsOverdue = append(mon.ReviewsOverdue, r)
		}
	}
	byAssignee, byDepartment := groups{}, groups{}
	for _, t := range open {
		if t.DueDate == nil || !t.DueDate.Before(today) {
			continue
		}
		mon.OverdueTreatmentTasks = append(mon.OverdueTreatmentTasks, t)
		byAssignee.add(t.AssigneeID, t)
		var depts []pulid.ID
		if t.SourceID != nil && byID[*t.SourceID] != nil {
			for _, l := range byID[*t.SourceID].Edges.AssetLinks {
				if a := l.Edges.Asset; a != nil && a.DepartmentID != nil && !slices.Contains(depts, *a.DepartmentID) {
					depts = append(depts, *a.DepartmentID)
				}
			}
		}
		if len(depts) == 0 {
			byDepartment.add(nil, t)
		}
		for _, d := range depts {
			byDepartment.add(&d, t)
		}
	}
	for _, g := range byAssignee.sorted() {
		mon.OverdueByAssignee = append(mon.OverdueByAssignee, &OverdueGroup{UserID: g.id, Tasks: g.tasks})
	}
	for _, g := range byDepartment.sorted() {
		mon.OverdueByDepartment = append(mon.OverdueByDepartment, &OverdueGroup{DepartmentID: g.id, Tasks: g.tasks})
	}
	return mon
}

type group struct {
	id    *pulid.ID
	tasks []*ent.Task
}

type groups map[pulid.ID]*group

func (gs groups) add(id *pulid.ID, t *ent.Task) {
	key := pulid.ID("")
	if id != nil {
		key = *id
	}
	g, ok := gs[key]
	if !ok {
		g = &group{id: id}
		gs[key] = g
	}
	g.tasks = append(g.tasks, t)
}

// sorted lists the groups with the most overdue tasks first; the group of no one last.
func (gs groups) sorted() []*group {
	out := make([]*group, 0, len(gs))
	for _, g := range gs {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.id == nil) != (b.id == nil) {
			return b.id == nil
		}
		if len(a.tasks) != len(b.tasks) {
			return len(a.tasks) > len(b.tasks)
		}
		return a.id != nil && *a.id < *b.id
	})
	return out
}

// fillGroups names the groups: assignees from the tasks' loaded edges, departments in one query.
func (s *Service) fillGroups(ctx context.Context, mon *Monitoring) error {
	for _, g := range mon.OverdueByAssignee {
		if g.UserID != nil && len(g.Tasks) > 0 {
			g.User = g.Tasks[0].Edges.Assignee
		}
	}
	var deptIDs []pulid.ID
	for _, g := range mon.OverdueByDepartment {
		if g.DepartmentID != nil {
			deptIDs = append(deptIDs, *g.DepartmentID)
		}
	}
	if len(deptIDs) == 0 {
		return nil
	}
	depts, err := s.db.Department.Query().Where(department.IDIn(deptIDs...)).All(ctx)
	if err != nil {
		return err
	}
	byID := map[pulid.ID]*ent.Department{}
	for _, d := range depts {
		byID[d.ID] = d
	}
	for _, g := range mon.OverdueByDepartment {
		if g.DepartmentID != nil {
			g.Department = byID[*g.DepartmentID]
		}
	}
	return nil
}
