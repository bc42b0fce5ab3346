package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/task"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/audience"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// TestTraining_FromJoiningToTheAuditorsHistory runs training through the API on both databases: a
// NEW_HIRE course assigned when an invitation is accepted, shown in myTraining and myTasks and
// completed; an all-staff course run for a department; a phishing drill imported from the drill
// tool's sheet (a bad row imports nothing) with the click rate by department; a person's history,
// which the certification auditor reads and exports and a member reads only for itself; the
// follow-up per department; a course changed, archived and restored.
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
		// The drill tool's sheet: a row of someone outside the campaign imports nothing; the
		// corrected sheet records all three.
		email := func(token string) string { return e.ok(token, `{ viewer { email } }`, nil, "viewer", "email") }
		sheet := func(rows ...[]any) []byte {
			return workbook(t, append([][]any{{"メールアドレス", "氏名", "結果", "開封日時"}}, rows...))
		}
		importDrill := func(token string, content []byte) response {
			return e.upload(token, `mutation($input: ImportDrillResultsInput!) { importDrillResults(input: $input) { updated unchanged errors { row column reason } } }`,
				map[string]any{"input": map[string]any{"campaignID": campaign["id"], "file": nil}}, "variables.input.file", "drill.xlsx", content)
		}
		before := testdb.Snapshot(t, e.raw)
		res = importDrill(w.secretariat, sheet(
			[]any{email(w.member), "メンバー", "クリック", "2026-12-01 10:02"},
			[]any{email(w.auditor), "監査人", "報告", ""},
		))
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{map[string]any{"row": 3.0, "column": "メールアドレス", "reason": "UNKNOWN_ID"}}, field(res.Data, "importDrillResults", "errors"))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "a bad row imports nothing")
		byMember := importDrill(w.member, sheet([]any{email(w.member), "", "REPORTED", ""}))
		require.NotEmpty(t, byMember.Errors)
		assert.Equal(t, []any{"UNKNOWN_ID", "campaignID"}, []any{byMember.Errors[0].Extensions["reason"], byMember.Errors[0].Extensions["field"]}, "a member reads no campaign")
		res = importDrill(w.secretariat, sheet(
			[]any{email(w.member), "メンバー", "クリック", "2026-12-01 10:02"},
			[]any{email(w.secretariat), "事務局", "REPORTED", ""},
			[]any{email(w.owner), "オーナー", "無視", ""},
		))
		require.Empty(t, res.Errors)
		assert.Equal(t, map[string]any{"updated": 3.0, "unchanged": 0.0, "errors": []any{}}, res.Data["importDrillResults"])
		res = e.post(w.secretariat, `query($id: ID!) { node(id: $id) { ... on TrainingCampaign { progress { assigned clicked reported clickRate reportRate
			departments { department { name } assigned clicked reported clickRate } } } } }`, map[string]any{"id": campaign["id"]})
		require.Empty(t, res.Errors)
		progress := field(res.Data, "node", "progress").(map[string]any)
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

		// The history as a workbook: the auditor exports the member's; the member exports only
		// its own; another tenant finds no company.
		rows := func(token, path string) [][]string {
			t.Helper()
			status, _, body := e.download(token, path)
			require.Equal(t, http.StatusOK, status, path)
			return sheetRows(t, body)
		}
		path := "/exports/companies/" + c + "/training.xlsx"
		members := rows(w.auditor, path+"?locale=en&user="+w.users[w.member])
		require.Len(t, members, 3, "the header, the course and the drill")
		assert.Equal(t, []string{"Name", "Email", "Department", "Course"}, members[0][:4])
		var courses []string
		for _, r := range members[1:] {
			assert.Equal(t, email(w.member), r[1])
			courses = append(courses, r[3])
		}
		assert.ElementsMatch(t, []string{"メールセキュリティ", "標的型メール訓練"}, courses)
		assert.Len(t, rows(w.member, path), 3, "a member exports its own history")
		assert.Len(t, rows(w.secretariat, path), 8, "the secretariat exports everyone's seven assignments")
		other := e.riskTeam("TrainingOther")
		status, _, _ := e.download(other.owner, path)
		assert.Equal(t, http.StatusNotFound, status)

		// The follow-up across campaigns, per department.
		res = e.post(w.secretariat, `query($c: ID!) { trainingFollowUp(companyID: $c) { assigned completed departments { department { name } assigned completed } } }`,
			map[string]any{"c": c})
		require.Empty(t, res.Errors)
		follow := res.Data["trainingFollowUp"].(map[string]any)
		assert.Equal(t, []any{7.0, 4.0}, []any{follow["assigned"], follow["completed"]}, "the newcomer's course, the department's course and the drill's five; the newcomer's and three drill results")
		assert.Contains(t, follow["departments"], map[string]any{"department": map[string]any{"name": "営業部"}, "assigned": 2.0, "completed": 1.0})

		// A course changes, is archived and can no longer be launched.
		e.ok(w.secretariat, `mutation($id: ID!) { updateTrainingCourse(input: {id: $id, validityMonths: 12, passMark: null}) { id } }`, map[string]any{"id": mail["id"]}, "updateTrainingCourse", "id")
		e.ok(w.secretariat, `mutation($id: ID!) { archiveTrainingCourse(input: {id: $id}) { archivedAt } }`, map[string]any{"id": mail["id"]}, "archiveTrainingCourse", "archivedAt")
		res = e.post(w.secretariat, launch, map[string]any{"input": map[string]any{
			"courseID": mail["id"], "title": "再実施", "dueOn": date.Today(time.Now()).AddDays(14).String(), "audience": map[string]any{"everyone": true},
		}})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"ARCHIVED", "courseID"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
		e.ok(w.secretariat, `mutation($id: ID!) { restoreTrainingCourse(input: {id: $id}) { id } }`, map[string]any{"id": mail["id"]}, "restoreTrainingCourse", "id")
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

// TestExcel_OnlyTheCompanysPeopleReachItsDrills uploads a drill sheet against a campaign of another
// tenant, of a company of the same organization the secretariat is not granted, and an ID that
// never existed: the answers are the same (bad input in campaignID, UNKNOWN_ID) and nothing
// changes; the training history of a company out of reach is 404 like one that never existed.
func TestExcel_OnlyTheCompanysPeopleReachItsDrills(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("DrillReach")
		other := e.riskTeam("DrillReachOther")
		drill := func(company string) string {
			course := e.create(w.owner, `mutation($input: CreateTrainingCourseInput!) { createTrainingCourse(input: $input) { id } }`, "createTrainingCourse",
				map[string]any{"companyID": company, "title": "標的型メール訓練", "kind": "DRILL", "drill": "PHISHING"})
			return e.create(w.owner, `mutation($input: LaunchTrainingCampaignInput!) { launchTrainingCampaign(input: $input) { id } }`, "launchTrainingCampaign",
				map[string]any{"courseID": course["id"], "title": "訓練", "dueOn": date.Today(time.Now()).AddDays(7).String(), "audience": map[string]any{"everyone": true}})["id"].(string)
		}
		mine, companyOne := drill(w.companies[0]), drill(w.companies[1])
		owner := e.ok(w.owner, `{ viewer { email } }`, nil, "viewer", "email")
		sheet := workbook(t, [][]any{{"Email", "Result"}, {owner, "CLICKED"}})
		importDrill := func(token, campaign string) response {
			return e.upload(token, `mutation($input: ImportDrillResultsInput!) { importDrillResults(input: $input) { updated errors { row } } }`,
				map[string]any{"input": map[string]any{"campaignID": campaign, "file": nil}}, "variables.input.file", "drill.xlsx", sheet)
		}
		never := string(pulid.New("TP"))
		before := testdb.Snapshot(t, e.raw)
		want := answer(importDrill(other.owner, never), never)
		for name, c := range map[string][]string{"another tenant": {other.owner, mine}, "an ungranted company": {w.secretariat, companyOne}} {
			res := importDrill(c[0], c[1])
			require.NotEmpty(t, res.Errors, name)
			assert.Equal(t, []any{"BAD_USER_INPUT", "UNKNOWN_ID", "campaignID"},
				[]any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]}, name)
			assert.Equal(t, want, answer(res, c[1]), name)
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
		res := importDrill(w.secretariat, mine)
		require.Empty(t, res.Errors)
		assert.Equal(t, 1.0, field(res.Data, "importDrillResults", "updated"))

		for name, c := range map[string][]string{"another tenant": {other.owner, w.companies[0]}, "an ungranted company": {w.secretariat, w.companies[1]}} {
			status, _, _ := e.download(c[0], "/exports/companies/"+c[1]+"/training.xlsx")
			assert.Equal(t, http.StatusNotFound, status, name)
		}
		status, _, _ := e.download(w.owner, "/exports/companies/"+w.companies[0]+"/training.xlsx?user=not-an-id")
		assert.Equal(t, http.StatusNotFound, status)
	})
}

// TestTraining_AListCostsTheSameStatementsForOneOrMany reads a company's campaigns, each with its
// course and materials, audience, progress per department and assignments with person,
// department and task, and the training history workbook, for one
// campaign of one person and for forty campaigns of three: the same number of statements.
func TestTraining_AListCostsTheSameStatementsForOneOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			write := func(token, company string, campaigns int, people ...pulid.ID) {
				ctx := viewer.NewContext(context.Background(), e.viewers[token])
				c := pulid.ID(company)
				dept := db.Client.Department.Create().SetCompanyID(c).SetName("営業部").SaveX(ctx)
				course := db.Client.TrainingCourse.Create().SetCompanyID(c).SetTitle("方針研修").SetKind(trainingcourse.KindALL_STAFF).SaveX(ctx)
				for i := range campaigns {
					p := db.Client.TrainingCampaign.Create().SetCompanyID(c).SetCourseID(course.ID).SetTitle(fmt.Sprint(i)).
						SetDueOn(date.Today(time.Now())).SetAudience(audience.Audience{Everyone: true}).SaveX(ctx)
					for j, u := range people {
						tk := db.Client.Task.Create().SetCompanyID(c).SetTitle("教育").SetAssigneeID(u).SetSource(task.SourceTRAINING).SaveX(ctx)
						a := db.Client.TrainingAssignment.Create().SetCompanyID(c).SetCourseID(course.ID).SetCampaignID(p.ID).SetUserID(u).
							SetDueOn(date.Today(time.Now()).AddDays(-j)).SetTaskID(tk.ID)
						if j == 0 {
							a.SetDepartmentID(dept.ID).SetCompletedAt(time.Now())
						}
						a.ExecX(ctx)
					}
				}
			}
			one, oneCompanies := e.tenant("one", 1)
			many, manyCompanies := e.tenant("many", 1)
			write(one, oneCompanies[0], 1, e.viewers[one].UserID)
			manyPeople := []pulid.ID{e.viewers[many].UserID}
			sys := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
			for _, name := range []string{"second", "third"} {
				u := db.Client.User.Create().SetEmail(name + "@many.example").SetName(name).SaveX(sys)
				db.Client.Membership.Create().SetOrganizationID(e.viewers[many].OrganizationID).SetUserID(u.ID).SetRole(viewer.RoleAdmin).ExecX(sys)
				manyPeople = append(manyPeople, u.ID)
			}
			write(many, manyCompanies[0], 40, manyPeople...)

			const list = `{ companies(first: 1) { edges { node { trainingCampaigns(first: 50) { edges { node { title course { title materials { id } }
				audience { everyone } progress { assigned completed overdue completionRate departments { department { name } assigned } }
				assignments(first: 5) { totalCount edges { node { user { name } department { name } task { status } } } } } } } } } } }`
			statements := func(token string, campaigns int) int {
				counter.Reset()
				res := e.post(token, list, nil)
				require.Empty(t, res.Errors)
				company := edgeNodes(res.Data["companies"].(map[string]any))[0].(map[string]any)
				got := edgeNodes(company["trainingCampaigns"].(map[string]any))
				require.Len(t, got, campaigns)
				progress := got[0].(map[string]any)["progress"].(map[string]any)
				assert.Equal(t, 1.0, progress["completed"])
				return counter.Count()
			}
			forOne, forMany := statements(one, 1), statements(many, 40)
			t.Logf("%s: %d statements for 1 campaign, %d for 40", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
			history := func(token, company string, rows int) int {
				counter.Reset()
				status, _, body := e.download(token, "/exports/companies/"+company+"/training.xlsx")
				require.Equal(t, http.StatusOK, status)
				require.Len(t, sheetRows(t, body), rows+1)
				return counter.Count()
			}
			forOne, forMany = history(one, oneCompanies[0], 1), history(many, manyCompanies[0], 120)
			t.Logf("%s: the history costs %d statements for 1 assignment, %d for 120", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1 in the training history")
		})
	}
}
