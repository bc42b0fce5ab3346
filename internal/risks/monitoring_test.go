package risks_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"secretariat/ent"
	"secretariat/ent/risk"
	"secretariat/ent/task"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/riskscale"
)

func ptr[T any](v T) *T { return &v }

func codes(rs []*ent.Risk) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestMonitoring_SortsRisksAndTasksIntoBucketsAsOfToday(t *testing.T) {
	today := date.New(2026, 6, 15)
	mitigate := ptr(risk.TreatmentMITIGATE)
	asset := func(dept string) *ent.RiskAsset {
		a := &ent.Asset{}
		if dept != "" {
			a.DepartmentID = ptr(pulid.ID(dept))
		}
		return &ent.RiskAsset{Edges: ent.RiskAssetEdges{Asset: a}}
	}
	rs := []*ent.Risk{
		// Above the threshold (3) with no treatment: no plan.
		{ID: "R1", Code: "R-001", Score: 6, Status: risk.StatusASSESSED},
		// Treated, with an open task that is overdue, on assets of two departments.
		{ID: "R2", Code: "R-002", Score: 9, Treatment: mitigate, Status: risk.StatusTREATING,
			Edges: ent.RiskEdges{AssetLinks: []*ent.RiskAsset{asset("DP-sales"), asset("DP-it"), asset("DP-it")}}},
		// Treated but no open task: no plan.
		{ID: "R3", Code: "R-003", Score: 4, Treatment: mitigate, Status: risk.StatusTREATING},
		// Within the threshold: not in the list, even without a treatment.
		{ID: "R4", Code: "R-004", Score: 3, Status: risk.StatusIDENTIFIED, NextReviewOn: ptr(date.New(2026, 6, 14))},
		// Accepted, the acceptance expiring in 30 days exactly.
		{ID: "R5", Code: "R-005", Score: 9, Status: risk.StatusACCEPTED, AcceptanceExpiresOn: ptr(date.New(2026, 7, 15))},
		// Accepted, expiring in 31 days: not yet.
		{ID: "R6", Code: "R-006", Score: 9, Status: risk.StatusACCEPTED, AcceptanceExpiresOn: ptr(date.New(2026, 7, 16))},
		// Accepted, expired yesterday; its review is due today (not overdue).
		{ID: "R7", Code: "R-007", Score: 9, Status: risk.StatusACCEPTED, AcceptanceExpiresOn: ptr(date.New(2026, 6, 14)), NextReviewOn: ptr(today)},
		// Closed: in no bucket, whatever its dates.
		{ID: "R8", Code: "R-008", Score: 9, Status: risk.StatusCLOSED, AcceptanceExpiresOn: ptr(date.New(2026, 6, 20)), NextReviewOn: ptr(date.New(2025, 1, 1))},
		// With a treatment task on an asset of no department.
		{ID: "R9", Code: "R-009", Score: 9, Treatment: mitigate, Status: risk.StatusTREATING,
			Edges: ent.RiskEdges{AssetLinks: []*ent.RiskAsset{asset("")}}},
	}
	open := []*ent.Task{
		{ID: "T1", SourceID: ptr(pulid.ID("R2")), DueDate: ptr(date.New(2026, 6, 14)), AssigneeID: ptr(pulid.ID("US-a")), Status: task.StatusTODO},
		{ID: "T2", SourceID: ptr(pulid.ID("R2")), DueDate: ptr(today), AssigneeID: ptr(pulid.ID("US-a")), Status: task.StatusTODO},
		{ID: "T3", SourceID: ptr(pulid.ID("R9")), DueDate: ptr(date.New(2026, 5, 1)), Status: task.StatusIN_PROGRESS},
	}
	mon := risks.Assess(today, riskscale.Default(), rs, open)

	assert.Equal(t, []string{"R-001", "R-003"}, codes(mon.RisksWithoutPlan))
	assert.Equal(t, []string{"R-005"}, codes(mon.ExpiringAcceptances))
	assert.Equal(t, []string{"R-007"}, codes(mon.ExpiredAcceptances))
	assert.Equal(t, []string{"R-004"}, codes(mon.ReviewsOverdue))
	var overdue []pulid.ID
	for _, tk := range mon.OverdueTreatmentTasks {
		overdue = append(overdue, tk.ID)
	}
	assert.Equal(t, []pulid.ID{"T1", "T3"}, overdue, "a task due today is not overdue yet")

	if assert.Len(t, mon.OverdueByAssignee, 2) {
		assert.Equal(t, pulid.ID("US-a"), *mon.OverdueByAssignee[0].UserID)
		assert.Equal(t, 1, mon.OverdueByAssignee[0].Count())
		assert.Nil(t, mon.OverdueByAssignee[1].UserID, "the unassigned come last")
	}
	if assert.Len(t, mon.OverdueByDepartment, 3) {
		assert.Equal(t, pulid.ID("DP-it"), *mon.OverdueByDepartment[0].DepartmentID, "a task counts once per department")
		assert.Equal(t, pulid.ID("DP-sales"), *mon.OverdueByDepartment[1].DepartmentID)
		assert.Equal(t, 1, mon.OverdueByDepartment[0].Count())
		assert.Nil(t, mon.OverdueByDepartment[2].DepartmentID)
		assert.Equal(t, pulid.ID("T3"), mon.OverdueByDepartment[2].Tasks[0].ID)
	}
}

func TestNeedsAcceptance_ForAcceptTreatmentOrWhatRemainsAboveTheThreshold(t *testing.T) {
	m := riskscale.Default()
	accept, mitigate := ptr(risk.TreatmentACCEPT), ptr(risk.TreatmentMITIGATE)
	assert.True(t, risks.NeedsAcceptance(m, accept, 1, nil), "treatment ACCEPT")
	assert.True(t, risks.NeedsAcceptance(m, mitigate, 9, nil), "no target: the score stays above 3")
	assert.True(t, risks.NeedsAcceptance(m, mitigate, 9, ptr(4)), "the residual stays above 3")
	assert.False(t, risks.NeedsAcceptance(m, mitigate, 9, ptr(3)), "the residual is within the threshold")
	assert.False(t, risks.NeedsAcceptance(m, nil, 2, nil))
}

func TestControlRefs_AnnexAOnly(t *testing.T) {
	for _, ok := range []string{"5.1", "5.37", "6.8", "7.14", "8.34"} {
		assert.True(t, risks.ValidControlRef(ok), ok)
	}
	for _, bad := range []string{"5.0", "5.38", "6.9", "7.15", "8.35", "4.1", "9.1", "5.01", "A.5.1", "5", "", "x.y"} {
		assert.False(t, risks.ValidControlRef(bad), bad)
	}
}
