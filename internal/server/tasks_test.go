package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const taskFields = `id title description companyID dueDate status priority recurrence completionNote completedAt
	source sourceID sourceRecord { id } assigneeID isOverdue archivedAt previous { id } next { id dueDate status recurrence assigneeID previousID }`

const createTaskMutation = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ` + taskFields + ` } }`

const setTaskStatusMutation = `mutation($input: SetTaskStatusInput!) { setTaskStatus(input: $input) { ` + taskFields + ` } }`

const completeTaskMutation = `mutation($input: CompleteTaskInput!) { completeTask(input: $input) { ` + taskFields + ` } }`

const updateTaskMutation = `mutation($input: UpdateTaskInput!) { updateTask(input: $input) { ` + taskFields + ` } }`

// taskTeam is an organization signed up through the API, with a third client company and the
// people who work in its first company.
type taskTeam struct {
	workspace
	third       string
	secretariat string // SECRETARIAT of company 0
	member      string // MEMBER of company 0
	auditor     string // AUDITOR of company 0
	consultant  string // CONSULTANT of companies 0 and 1
	users       map[string]string
}

func (e *env) taskTeam(name string) *taskTeam {
	e.t.Helper()
	domain := strings.ToLower(name) + ".example"
	w := &taskTeam{workspace: e.workspace("owner@"+domain, name), users: map[string]string{}}
	w.third = e.ok(w.owner, `mutation { createCompany(input: {name: "第三の顧客"}) { id } }`, nil, "createCompany", "id")
	w.secretariat = e.join(w.workspace, "secretariat@"+domain, "SECRETARIAT", w.companies[:1], nil)
	w.member = e.join(w.workspace, "member@"+domain, "MEMBER", w.companies[:1], nil)
	w.auditor = e.join(w.workspace, "auditor@"+domain, "AUDITOR", w.companies[:1],
		map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})
	w.consultant = e.join(w.workspace, "consultant@"+domain, "CONSULTANT", w.companies, nil)
	for _, token := range []string{w.owner, w.secretariat, w.member, w.auditor, w.consultant} {
		w.users[token] = e.ok(token, `{ viewer { id } }`, nil, "viewer", "id")
	}
	return w
}

// task creates a task as token and returns it.
func (e *env) task(token string, input map[string]any) map[string]any {
	e.t.Helper()
	res := e.post(token, createTaskMutation, map[string]any{"input": input})
	require.Empty(e.t, res.Errors)
	return res.Data["createTask"].(map[string]any)
}

func TestTasks_LifecycleOfARecurringTask(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		created := e.task(w.owner, map[string]any{
			"companyID": w.companies[0], "title": "  アクセス権の棚卸し ", "description": "全システムの権限を確認する",
			"dueDate": "2026-01-31", "assigneeID": w.users[w.secretariat], "priority": "HIGH", "recurrence": "MONTHLY",
		})
		assert.Regexp(t, `^TA[0-9A-Z]{26}$`, created["id"])
		assert.Equal(t, "アクセス権の棚卸し", created["title"], "titles are trimmed")
		assert.Equal(t, w.companies[0], created["companyID"])
		assert.Equal(t, "2026-01-31", created["dueDate"])
		assert.Equal(t, "TODO", created["status"])
		assert.Equal(t, "HIGH", created["priority"])
		assert.Equal(t, "MANUAL", created["source"])
		assert.Nil(t, created["sourceID"])
		assert.Nil(t, created["sourceRecord"])
		id := created["id"]

		step := func(status string, note any) response {
			return e.post(w.secretariat, setTaskStatusMutation, map[string]any{"input": map[string]any{"id": id, "status": status, "note": note}})
		}
		res := step("IN_PROGRESS", nil)
		require.Empty(t, res.Errors)
		res = step("BLOCKED", nil)
		require.Empty(t, res.Errors)
		res = step("DONE", nil)
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "a blocked task is unblocked before it is done")
		assert.Equal(t, "status", res.Errors[0].Extensions["field"])
		res = step("IN_PROGRESS", nil)
		require.Empty(t, res.Errors)

		res = e.post(w.secretariat, completeTaskMutation, map[string]any{"input": map[string]any{"id": id, "note": "3名の不要アカウントを削除"}})
		require.Empty(t, res.Errors)
		done := res.Data["completeTask"].(map[string]any)
		assert.Equal(t, "DONE", done["status"])
		assert.Equal(t, "3名の不要アカウントを削除", done["completionNote"])
		assert.NotNil(t, done["completedAt"])
		next := done["next"].(map[string]any)
		assert.Equal(t, "2026-02-28", next["dueDate"], "Jan 31 + 1 month is the end of February")
		assert.Equal(t, "TODO", next["status"])
		assert.Equal(t, "MONTHLY", next["recurrence"])
		assert.Equal(t, w.users[w.secretariat], next["assigneeID"], "the assignee keeps the duty")
		assert.Equal(t, id, next["previousID"])

		res = step("IN_PROGRESS", nil)
		assert.Equal(t, "status", res.Errors[0].Extensions["field"], "DONE is final but for reopening")
		res = step("TODO", nil)
		require.Empty(t, res.Errors)
		reopened := res.Data["setTaskStatus"].(map[string]any)
		assert.Nil(t, reopened["completedAt"])
		assert.Empty(t, reopened["completionNote"])
		res = step("DONE", "再確認済み")
		require.Empty(t, res.Errors)
		assert.Equal(t, next["id"], field(res.Data, "setTaskStatus", "next", "id"), "completing again does not add a second occurrence")
		assert.Equal(t, 2, e.count("tasks"))

		// The next occurrence goes on: Feb 28 is a month end, so March 31 follows.
		res = e.post(w.secretariat, completeTaskMutation, map[string]any{"input": map[string]any{"id": next["id"]}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "2026-03-31", field(res.Data, "completeTask", "next", "dueDate"))

		res = e.post(w.owner, `mutation($id: ID!) { archiveTask(input: {id: $id}) { archivedAt } }`, map[string]any{"id": id})
		require.Empty(t, res.Errors)
		assert.NotNil(t, field(res.Data, "archiveTask", "archivedAt"))
		res = step("TODO", nil)
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "an archived task takes no changes")
		res = e.post(w.owner, `mutation($id: ID!) { restoreTask(input: {id: $id}) { archivedAt } }`, map[string]any{"id": id})
		require.Empty(t, res.Errors)
		assert.Nil(t, field(res.Data, "restoreTask", "archivedAt"))

		res = e.post(w.owner, updateTaskMutation, map[string]any{"input": map[string]any{"id": id, "title": "権限棚卸し", "dueDate": "2026-02-02", "assigneeID": nil, "recurrence": "NONE"}})
		require.Empty(t, res.Errors)
		updated := res.Data["updateTask"].(map[string]any)
		assert.Equal(t, "権限棚卸し", updated["title"])
		assert.Equal(t, "2026-02-02", updated["dueDate"])
		assert.Nil(t, updated["assigneeID"])
		assert.Equal(t, "NONE", updated["recurrence"])

		res = e.post(w.owner, `query($id: ID!) { node(id: $id) { ... on Company { tasks(where: {status: TODO}) { totalCount } } } }`, map[string]any{"id": w.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, float64(1), field(res.Data, "node", "tasks", "totalCount"), "the March occurrence is the only open one")
	})
}

func TestTasks_MyTasksListsTheViewersTasksAcrossItsCompanies(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		me := w.users[w.consultant]
		grant := `mutation($m: ID!, $c: ID!) { grantCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`
		res := e.post(w.consultant, `{ viewer { memberships { edges { node { id } } } } }`, nil)
		membershipID := onlyNode(t, field(res.Data, "viewer", "memberships"))["id"]
		res = e.post(w.owner, grant, map[string]any{"m": membershipID, "c": w.third})
		require.Empty(t, res.Errors)

		past := time.Now().AddDate(0, 0, -3).Format(time.DateOnly)
		overdue := e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "リスク評価の見直し", "dueDate": past, "assigneeID": me})
		soon := e.task(w.owner, map[string]any{"companyID": w.companies[1], "title": "内部監査の計画", "dueDate": "2099-01-10", "assigneeID": me})
		later := e.task(w.owner, map[string]any{"companyID": w.companies[1], "title": "教育記録の整理", "dueDate": "2099-06-30", "assigneeID": me})
		done := e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "完了済み", "dueDate": "2025-01-10", "assigneeID": me})
		res = e.post(w.owner, completeTaskMutation, map[string]any{"input": map[string]any{"id": done["id"]}})
		require.Empty(t, res.Errors)
		e.task(w.owner, map[string]any{"companyID": w.third, "title": "アクセスを失う会社", "dueDate": past, "assigneeID": me})
		e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "他人のタスク", "dueDate": past, "assigneeID": w.users[w.secretariat]})
		res = e.post(w.owner, `mutation($m: ID!, $c: ID!) { revokeCompanyAccess(input: {membershipID: $m, companyID: $c}) { id } }`,
			map[string]any{"m": membershipID, "c": w.third})
		require.Empty(t, res.Errors)

		list := func(filter string, extra string) []string {
			t.Helper()
			res := e.post(w.consultant, fmt.Sprintf(`{ myTasks(filter: %s %s) { totalCount edges { node { id title company { name } isOverdue } } } }`, filter, extra), nil)
			require.Empty(t, res.Errors)
			var ids []string
			for _, edge := range field(res.Data, "myTasks", "edges").([]any) {
				ids = append(ids, field(edge.(map[string]any), "node", "id").(string))
			}
			assert.Equal(t, float64(len(ids)), field(res.Data, "myTasks", "totalCount"))
			return ids
		}
		assert.Equal(t, []string{overdue["id"].(string), soon["id"].(string), later["id"].(string)}, list("OPEN", ""),
			"the open tasks of both granted companies, earliest due first, without the company it lost")
		assert.Equal(t, []string{overdue["id"].(string)}, list("OVERDUE", ""))
		assert.Equal(t, []string{done["id"].(string), overdue["id"].(string), soon["id"].(string), later["id"].(string)}, list("ALL", ""))
		assert.Equal(t, []string{later["id"].(string), soon["id"].(string), overdue["id"].(string)}, list("OPEN", ", orderBy: {field: DUE_DATE, direction: DESC}"))
		assert.Equal(t, []string{soon["id"].(string)}, list("OPEN", ", where: {titleContains: \"監査\"}"))

		// The owner has no tasks of its own; the secretariat sees only its own one.
		res = e.post(w.owner, `{ myTasks { totalCount } }`, nil)
		assert.Equal(t, float64(0), field(res.Data, "myTasks", "totalCount"))
		res = e.post(w.secretariat, `{ myTasks { totalCount edges { node { title isOverdue } } } }`, nil)
		assert.Equal(t, "他人のタスク", onlyNode(t, field(res.Data, "myTasks"))["title"])
		assert.Equal(t, true, onlyNode(t, field(res.Data, "myTasks"))["isOverdue"])
	})
}

func TestTasks_MyTasksPagesOnByDueDate(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		var ids []any
		for _, due := range []string{"2026-03-01", "2026-01-01", "2026-02-01"} {
			ids = append(ids, e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": due, "dueDate": due, "assigneeID": w.users[w.consultant]})["id"])
		}
		res := e.post(w.consultant, `{ myTasks(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, true, field(res.Data, "myTasks", "pageInfo", "hasNextPage"))
		res = e.post(w.consultant, `query($after: Cursor) { myTasks(first: 2, after: $after) { edges { node { id } } } }`,
			map[string]any{"after": field(res.Data, "myTasks", "pageInfo", "endCursor")})
		require.Empty(t, res.Errors, "the cursor of a page ordered by due date carries the date")
		assert.Equal(t, ids[0], onlyNode(t, field(res.Data, "myTasks"))["id"], "the latest due date comes on the second page")
	})
}

func TestTasks_OverdueTasksOfACompanyOrOfEveryCompany(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		yesterday := time.Now().In(date.Calendar).AddDate(0, 0, -1).Format(time.DateOnly)
		today := time.Now().In(date.Calendar).Format(time.DateOnly)
		late0 := e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "遅延0", "dueDate": yesterday})
		late1 := e.task(w.owner, map[string]any{"companyID": w.companies[1], "title": "遅延1", "dueDate": "2025-12-01"})
		dueToday := e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "本日期限", "dueDate": today})
		closedLate := e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "中止", "dueDate": "2025-11-01"})
		res := e.post(w.owner, setTaskStatusMutation, map[string]any{"input": map[string]any{"id": closedLate["id"], "status": "CANCELED", "note": "不要になった"}})
		require.Empty(t, res.Errors)
		assert.Equal(t, false, field(res.Data, "setTaskStatus", "isOverdue"), "a canceled task is not overdue")
		assert.Equal(t, true, late0["isOverdue"])
		assert.Equal(t, false, dueToday["isOverdue"], "a task due today is not late yet")

		overdue := func(token string, vars map[string]any) []any {
			t.Helper()
			res := e.post(token, `query($c: ID) { overdueTasks(companyID: $c) { totalCount edges { node { id } } } }`, vars)
			require.Empty(t, res.Errors)
			var ids []any
			for _, edge := range field(res.Data, "overdueTasks", "edges").([]any) {
				ids = append(ids, field(edge.(map[string]any), "node", "id"))
			}
			return ids
		}
		assert.Equal(t, []any{late0["id"]}, overdue(w.owner, map[string]any{"c": w.companies[0]}))
		assert.Equal(t, []any{late1["id"], late0["id"]}, overdue(w.owner, nil), "every company, earliest due first")
		assert.Equal(t, []any{late0["id"]}, overdue(w.secretariat, nil), "a scoped viewer sees its company's only")
		res = e.post(w.secretariat, `query($c: ID) { overdueTasks(companyID: $c) { totalCount } }`, map[string]any{"c": w.companies[1]})
		assert.Equal(t, "NOT_FOUND", res.code(0))
	})
}

func TestTasks_BadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		other := e.workspace("owner@bravo.example", "Bravo")
		otherUser := e.ok(other.owner, `{ viewer { id } }`, nil, "viewer", "id")
		existing := e.task(w.owner, map[string]any{"companyID": w.companies[0], "title": "既存", "dueDate": "2026-05-01", "assigneeID": w.users[w.member]})
		before := testdb.Snapshot(t, e.raw)

		valid := func(extra map[string]any) map[string]any {
			in := map[string]any{"companyID": w.companies[0], "title": "正しいタスク", "dueDate": "2026-05-01"}
			for k, v := range extra {
				in[k] = v
			}
			return in
		}
		for _, tc := range []struct {
			name  string
			input map[string]any
			code  string
			field string
		}{
			{"an empty title", valid(map[string]any{"title": "  "}), "BAD_USER_INPUT", "title"},
			{"an impossible date", valid(map[string]any{"dueDate": "2026-02-30"}), "BAD_USER_INPUT", "dueDate"},
			{"a date in another format", valid(map[string]any{"dueDate": "2026/05/01"}), "BAD_USER_INPUT", "dueDate"},
			{"a typing mistake for a year", valid(map[string]any{"dueDate": "0226-05-01"}), "BAD_USER_INPUT", "dueDate"},
			{"an assignee of another organization", valid(map[string]any{"assigneeID": otherUser}), "BAD_USER_INPUT", "assigneeID"},
			{"an assignee without access to the company", valid(map[string]any{"companyID": w.companies[1], "assigneeID": w.users[w.member]}), "BAD_USER_INPUT", "assigneeID"},
			{"an auditor as assignee", valid(map[string]any{"assigneeID": w.users[w.auditor]}), "BAD_USER_INPUT", "assigneeID"},
			{"a company of another organization", valid(map[string]any{"companyID": other.companies[0]}), "BAD_USER_INPUT", "companyID"},
		} {
			res := e.post(w.owner, createTaskMutation, map[string]any{"input": tc.input})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), tc.name)
			if tc.field != "" {
				assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
			}
		}
		for _, tc := range []struct {
			name, query string
			input       map[string]any
			field       string
		}{
			{"an empty title", updateTaskMutation, map[string]any{"id": existing["id"], "title": ""}, "title"},
			{"an assignee without access", updateTaskMutation, map[string]any{"id": existing["id"], "assigneeID": otherUser}, "assigneeID"},
			{"a null title", updateTaskMutation, map[string]any{"id": existing["id"], "title": nil}, "title"},
			{"a step out of order", setTaskStatusMutation, map[string]any{"id": existing["id"], "status": "TODO"}, "status"},
			{"a note on an open task", setTaskStatusMutation, map[string]any{"id": existing["id"], "status": "IN_PROGRESS", "note": "x"}, "note"},
		} {
			res := e.post(w.owner, tc.query, map[string]any{"input": tc.input})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), tc.name)
			assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
		}
		res := e.post(w.auditor, createTaskMutation, map[string]any{"input": valid(nil)})
		assert.Equal(t, "FORBIDDEN", res.code(0), "the auditor writes nothing")
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")
	})
}

func TestTasks_AMemberCompletesItsOwnTasksOnly(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		mine := e.task(w.secretariat, map[string]any{"companyID": w.companies[0], "title": "パスワード変更", "dueDate": "2026-03-31",
			"assigneeID": w.users[w.member], "recurrence": "QUARTERLY"})
		theirs := e.task(w.secretariat, map[string]any{"companyID": w.companies[0], "title": "事務局の仕事", "dueDate": "2026-03-31",
			"assigneeID": w.users[w.secretariat]})

		res := e.post(w.member, setTaskStatusMutation, map[string]any{"input": map[string]any{"id": mine["id"], "status": "IN_PROGRESS"}})
		require.Empty(t, res.Errors)
		res = e.post(w.member, completeTaskMutation, map[string]any{"input": map[string]any{"id": mine["id"], "note": "変更済み"}})
		require.Empty(t, res.Errors)
		assert.Equal(t, "DONE", field(res.Data, "completeTask", "status"))
		assert.Equal(t, "2026-06-30", field(res.Data, "completeTask", "next", "dueDate"), "the member's next occurrence is created too")

		before := testdb.Snapshot(t, e.raw)
		for _, attempt := range []struct {
			query string
			input map[string]any
		}{
			{completeTaskMutation, map[string]any{"id": theirs["id"]}},
			{setTaskStatusMutation, map[string]any{"id": theirs["id"], "status": "IN_PROGRESS"}},
			{updateTaskMutation, map[string]any{"id": theirs["id"], "title": "乗っ取り"}},
			{updateTaskMutation, map[string]any{"id": mine["id"], "assigneeID": w.users[w.secretariat]}},
			{updateTaskMutation, map[string]any{"id": mine["id"], "dueDate": "2026-12-31"}},
			{`mutation($input: ArchiveInput!) { archiveTask(input: $input) { id } }`, map[string]any{"id": mine["id"]}},
			{createTaskMutation, map[string]any{"companyID": w.companies[0], "title": "他人に", "dueDate": "2026-04-01", "assigneeID": w.users[w.secretariat]}},
		} {
			res := e.post(w.member, attempt.query, map[string]any{"input": attempt.input})
			assert.Equal(t, "FORBIDDEN", res.code(0), "a member works on its own tasks but does not reassign, postpone or archive them: %v", attempt.input)
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")

		res = e.post(w.member, createTaskMutation, map[string]any{"input": map[string]any{"companyID": w.companies[0], "title": "自分用メモ", "dueDate": "2026-04-01", "assigneeID": w.users[w.member]}})
		assert.Empty(t, res.Errors, "a member keeps its own to-do items")
	})
}

func TestTasks_MyTasksCostsTheSameStatementsForOneTaskOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := serve(t, db, kv.NewMemory(), false, nil)
			w := e.taskTeam("Alpha")
			add := func(assignee string, n int) {
				for i := range n {
					e.task(w.owner, map[string]any{"companyID": w.companies[i%2], "title": fmt.Sprintf("タスク%d", i),
						"dueDate": fmt.Sprintf("2026-%02d-10", i%12+1), "assigneeID": w.users[assignee], "recurrence": "MONTHLY"})
				}
			}
			add(w.secretariat, 1)
			add(w.consultant, 30)
			query := `{ myTasks(first: 100) { totalCount edges { node { id title dueDate isOverdue
				company { name } assignee { name } meeting { title } previous { id } next { id } } } } }`
			statements := func(token string, want int) int {
				counter.Reset()
				res := e.post(token, query, nil)
				require.Empty(t, res.Errors)
				require.Len(t, field(res.Data, "myTasks", "edges"), want)
				return counter.Count()
			}
			forOne, forMany := statements(w.secretariat, 1), statements(w.consultant, 30)
			t.Logf("%s: %d statements for 1 task, %d for 30", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}
