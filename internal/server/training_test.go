package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/date"
)

// TestTraining_FromJoiningToTheAuditorsHistory runs training through the API on both databases: a
// NEW_HIRE course assigned when an invitation is accepted, shown in myTraining and myTasks and
// completed; an all-staff course run for a department; a phishing drill recorded (a bad row
// records nothing) with the click rate by department; a person's history, which the
// certification auditor reads and a member reads only for itself.
func TestTraining_FromJoiningToTheAuditorsHistory(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Training")
		c := w.companies[0]
		sales := e.ok(w.owner, `mutation($c: ID!) { createDepartment(input: {companyID: $c, name: "営業部"}) { id } }`, map[string]any{"c": c}, "createDepartment", "id")
		policy := e.post(w.secretariat, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "情報セキュリティ基本方針", kind: POLICY, body: "方針"}) { openVersion { id } } }`, map[string]any{"c": c})
		require.Empty(t, policy.Errors)
		version := field(policy.Data, "createDocument", "openVersion", "id").(string)
		e.ok(w.secretariat, `mutation($v: ID!) { submitDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": version}, "submitDocumentVersion", "id")
		e.ok(w.owner, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": version}, "approveDocumentVersion", "id")
		course := `mutation($input: CreateTrainingCourseInput!) { createTrainingCourse(input: $input) { id kind materials { documentVersion { id } } } }`
		hire := e.create(w.secretariat, course, "createTrainingCourse", map[string]any{
			"companyID": c, "title": "新入社員 情報セキュリティ研修", "kind": "NEW_HIRE", "dueDays": 10, "materialVersionIDs": []any{version},
		})
		assert.Equal(t, version, field(hire["materials"].([]any)[0].(map[string]any), "documentVersion", "id"))

		// A person joins: the new-joiner course is theirs, in myTraining and in myTasks.
		newcomer := e.join(w.workspace, "newcomer@training.example", "MEMBER", []string{c}, nil)
		res := e.post(newcomer, `{ myTraining { id dueOn completedAt course { title } } myTasks { edges { node { title source } } } }`, nil)
		require.Empty(t, res.Errors)
		mine := res.Data["myTraining"].([]any)
		require.Len(t, mine, 1)
		assert.Equal(t, "新入社員 情報セキュリティ研修", field(mine[0].(map[string]any), "course", "title"))
		assert.Equal(t, date.Today(time.Now()).AddDays(10).String(), mine[0].(map[string]any)["dueOn"])
		assert.Equal(t, []any{map[string]any{"node": map[string]any{"title": "教育: 新入社員 情報セキュリティ研修", "source": "TRAINING"}}}, field(res.Data, "myTasks", "edges"))
		res = e.post(newcomer, `mutation($id: ID!) { completeTraining(input: {id: $id}) { id } }`, map[string]any{"id": mine[0].(map[string]any)["id"]})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"REQUIRED", "attested"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
		done := e.create(newcomer, `mutation($input: CompleteTrainingInput!) { completeTraining(input: $input) { attested completedAt task { status } } }`, "completeTraining",
			map[string]any{"id": mine[0].(map[string]any)["id"], "attested": true})
		assert.Equal(t, []any{true, "DONE"}, []any{done["attested"], field(done, "task", "status")})
		assert.NotNil(t, done["completedAt"])

		// The member works in 営業部: an all-staff course for the department reaches the member.
		membership := func(token string) string {
			res := e.post(token, `{ viewer { memberships { edges { node { id } } } } }`, nil)
			require.Empty(t, res.Errors)
			return onlyNode(t, field(res.Data, "viewer", "memberships"))["id"].(string)
		}
		e.ok(w.owner, `mutation($m: ID!, $c: ID!, $d: ID!) { setMemberDepartment(input: {membershipID: $m, companyID: $c, departmentID: $d}) { department { name } } }`,
			map[string]any{"m": membership(w.member), "c": c, "d": sales}, "setMemberDepartment", "department", "name")
		e.ok(w.owner, `mutation($m: ID!, $c: ID!, $d: ID!) { setMemberDepartment(input: {membershipID: $m, companyID: $c, departmentID: $d}) { id } }`,
			map[string]any{"m": membership(w.secretariat), "c": c, "d": w.departments[0]}, "setMemberDepartment", "id")
		mail := e.create(w.secretariat, course, "createTrainingCourse", map[string]any{"companyID": c, "title": "メールセキュリティ", "kind": "ALL_STAFF", "passMark": 80})
		launch := `mutation($input: LaunchTrainingCampaignInput!) { launchTrainingCampaign(input: $input) { id audience { departmentIDs everyone }
			assignments(first: 20) { totalCount edges { node { user { id } department { name } task { id } } } } } }`
		bySales := e.create(w.secretariat, launch, "launchTrainingCampaign", map[string]any{
			"courseID": mail["id"], "title": "営業部 メール研修", "dueOn": date.Today(time.Now()).AddDays(14).String(), "audience": map[string]any{"departmentIDs": []any{sales}},
		})
		assert.Equal(t, 1.0, field(bySales, "assignments", "totalCount"))
		only := onlyNode(t, bySales["assignments"])
		assert.Equal(t, []any{w.users[w.member], "営業部"}, []any{field(only, "user", "id"), field(only, "department", "name")})
		assert.NotNil(t, only["task"])

		// A phishing drill for everyone: a bad row records nothing; then the results and the
		// click rate by department.
		drill := e.create(w.secretariat, course, "createTrainingCourse", map[string]any{"companyID": c, "title": "標的型メール訓練", "kind": "DRILL", "drill": "PHISHING"})
		campaign := e.create(w.secretariat, launch, "launchTrainingCampaign", map[string]any{
			"courseID": drill["id"], "title": "2026年12月 訓練", "dueOn": date.Today(time.Now()).String(), "audience": map[string]any{"everyone": true},
		})
		assert.Nil(t, onlyTask(campaign), "a drill is not announced")
		record := `mutation($input: RecordDrillResultsInput!) { recordDrillResults(input: $input) { progress { assigned clicked reported clickRate reportRate
			departments { department { name } assigned clicked reported clickRate } } } }`
		res = e.post(w.secretariat, record, map[string]any{"input": map[string]any{"campaignID": campaign["id"], "results": []any{
			map[string]any{"userID": w.users[w.member], "result": "CLICKED"},
			map[string]any{"userID": w.users[w.auditor], "result": "REPORTED"},
		}}})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"UNKNOWN_ID", "results.1.userID"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]}, "the auditor takes no training")
		recorded := e.create(w.secretariat, record, "recordDrillResults", map[string]any{"campaignID": campaign["id"], "results": []any{
			map[string]any{"userID": w.users[w.member], "result": "CLICKED"},
			map[string]any{"userID": w.users[w.secretariat], "result": "REPORTED"},
			map[string]any{"userID": w.users[w.owner], "result": "IGNORED"},
		}})
		progress := recorded["progress"].(map[string]any)
		assert.Equal(t, []any{1.0, 1.0}, []any{progress["clicked"], progress["reported"]})
		assigned := progress["assigned"].(float64)
		assert.Equal(t, 5.0, assigned, "owner, secretariat, member, consultant and the newcomer")
		assert.Equal(t, map[string]any{"department": map[string]any{"name": "営業部"}, "assigned": 1.0, "clicked": 1.0, "reported": 0.0, "clickRate": 100.0},
			progress["departments"].([]any)[0])

		// A person's history: the auditor reads it; the member reads only its own.
		history := `query($c: ID!, $u: ID!) { node(id: $c) { ... on Company { trainingAssignments(where: {hasUserWith: {id: $u}}, orderBy: {field: DUE_ON}) {
			totalCount nodes { course { title } completedAt drillResult } } } } }`
		res = e.post(w.auditor, history, map[string]any{"c": c, "u": w.users[w.member]})
		require.Empty(t, res.Errors)
		assert.Equal(t, 2.0, field(res.Data, "node", "trainingAssignments", "totalCount"), "the member's course and drill, to the auditor")
		res = e.post(newcomer, history, map[string]any{"c": c, "u": w.users[w.member]})
		require.Empty(t, res.Errors)
		assert.Zero(t, field(res.Data, "node", "trainingAssignments", "totalCount"), "another member's history")
		res = e.post(w.member, `{ trainingCampaigns: companies { edges { node { trainingCampaigns { totalCount } } } } }`, nil)
		require.Empty(t, res.Errors)
		assert.Zero(t, field(onlyNode(t, res.Data["trainingCampaigns"]), "trainingCampaigns", "totalCount"), "a member reads no campaign")
	})
}

// onlyTask is the task of a campaign's only or first assignment, nil when it has none.
func onlyTask(campaign map[string]any) any {
	edges := field(campaign, "assignments", "edges").([]any)
	if len(edges) == 0 {
		return nil
	}
	return edges[0].(map[string]any)["node"].(map[string]any)["task"]
}
