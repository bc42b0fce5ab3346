package server_test

// Tasks in the API isolation suite. Each company holds a task made by hand, assigned to the
// owner, and a meeting's action item assigned to the consultant granted both companies (see
// isolation_meetings_test.go), both overdue: so the controls (the owner, that consultant) find
// them through myTasks and overdueTasks as well as through company.tasks.

func init() {
	addProbes("Task", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { tasks(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { myTasks(filter: ALL, where: {id: $id}) { totalCount edges { node { id } } } }`,
			`query($id: ID!) { overdueTasks(where: {id: $id}) { totalCount edges { node { id } } } }`,
			`query($id: ID!) { companies(where: {hasTasksWith: {id: $id}}) { totalCount } }`,
			`query($id: ID!) { companies { edges { node { meetings { edges { node { actionItems(where: {id: $id}) { totalCount } } } } } } } }`,
			`query($id: ID!) { companies { edges { node { meetings(where: {hasAgendaItemsWith: {hasFollowUpTaskWith: {id: $id}}}) { totalCount
				edges { node { agendaItems { followUpTask { id } } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateTask(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!, $user: ID!) { updateTask(input: {id: $id, assigneeID: $user}) { id } }`,
			`mutation($id: ID!) { setTaskStatus(input: {id: $id, status: IN_PROGRESS}) { id } }`,
			`mutation($id: ID!) { completeTask(input: {id: $id, note: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveTask(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreTask(input: {id: $id}) { id } }`,
		},
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!) { createTask(input: {companyID: $id, title: "植え付け", dueDate: "2026-01-10"}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $company: ID!) { createTask(input: {companyID: $company, title: "植え付け", dueDate: "2026-01-10", assigneeID: $id}) { id } }`,
		`mutation($id: ID!, $task: ID!) { updateTask(input: {id: $task, assigneeID: $id}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		owner := o.byType[orgWide]["User"][0]
		o.own["user"] = owner
		for i, c := range o.companies {
			id := e.ok(o.owner, createTaskMutation, map[string]any{"input": map[string]any{
				"companyID": c, "title": "リスク台帳の更新", "dueDate": "2024-06-30", "assigneeID": owner, "recurrence": "YEARLY",
			}}, "createTask", "id")
			o.byType[i]["Task"] = append(o.byType[i]["Task"], id)
			if i == 0 {
				o.own["task"] = id
			}
		}
	})
}
