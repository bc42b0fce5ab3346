package server_test

// Training in the API isolation suite. Each company holds a course teaching from the company's
// approved policy version, and a campaign of it for the company's department, where the
// company's consultant works (setMemberDepartment): the consultant's assignment and its task.
// Materials are a plain list, counted through a where filter on their course and read in full
// (alias all), which must never hold the target.

func init() {
	companyList := func(conn, where string) string {
		return `query($id: ID!) { companies { edges { node { ` + conn + `(where: ` + where + `) { totalCount edges { node { id } } } } } } }`
	}
	addProbes("TrainingCourse", isolationProbe{
		lists: []string{
			companyList("trainingCourses", `{id: $id}`),
			`query($id: ID!) { companies(where: {hasTrainingCoursesWith: {id: $id}}) { totalCount } }`,
			companyList("trainingCampaigns", `{hasCourseWith: {id: $id}}`),
			companyList("trainingAssignments", `{hasCourseWith: {id: $id}}`),
		},
		mutations: []string{
			`mutation($id: ID!) { launchTrainingCampaign(input: {courseID: $id, title: "植え付け", dueOn: "2099-01-01", audience: {everyone: true}}) { id } }`,
			`mutation($id: ID!) { updateTrainingCourse(input: {id: $id, title: "植え付け"}) { id } }`,
			`mutation($id: ID!) { archiveTrainingCourse(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreTrainingCourse(input: {id: $id}) { id } }`,
		},
	})
	addProbes("TrainingMaterial", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { trainingCourses(where: {hasMaterialsWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { trainingCourses { edges { node { materials { id documentVersion { id } } } } } } } } }`,
		},
		// No mutation takes a material's ID: the course names its versions.
	})
	addProbes("TrainingCampaign", isolationProbe{
		lists: []string{
			companyList("trainingCampaigns", `{id: $id}`),
			companyList("trainingAssignments", `{hasCampaignWith: {id: $id}}`),
			`query($id: ID!) { companies { edges { node { trainingCourses(where: {hasCampaignsWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!, $user: ID!) { recordDrillResults(input: {campaignID: $id, results: [{userID: $user, done: true}]}) { id } }`,
		},
	})
	addProbes("TrainingAssignment", isolationProbe{
		lists: []string{
			companyList("trainingAssignments", `{id: $id}`),
			companyList("trainingCampaigns", `{hasAssignmentsWith: {id: $id}}`),
			`query($id: ID!) { companies { edges { node { trainingAssignments(where: {id: $id}) { totalCount edges { node { task { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { completeTraining(input: {id: $id, score: 90, attested: true}) { id } }`,
		},
	})

	queriesNotAimedAtRecords = append(queriesNotAimedAtRecords, "myTraining") // the viewer's own assignments, no ID taken

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!) { createTrainingCourse(input: {companyID: $id, title: "植え付け", kind: ALL_STAFF}) { id } }`,
		`mutation($id: ID!, $membership: ID!) { setMemberDepartment(input: {membershipID: $membership, companyID: $id}) { id } }`,
		`query($id: ID!) { trainingFollowUp(companyID: $id) { assigned } }`,
	)
	extend("DocumentVersion",
		`mutation($id: ID!, $company: ID!) { createTrainingCourse(input: {companyID: $company, title: "植え付け", kind: ALL_STAFF, materialVersionIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $trainingCourse: ID!) { updateTrainingCourse(input: {id: $trainingCourse, materialVersionIDs: [$id]}) { id } }`,
	)
	extend("Site",
		`mutation($id: ID!, $trainingCourse: ID!) { launchTrainingCampaign(input: {courseID: $trainingCourse, title: "植え付け", dueOn: "2099-01-01", audience: {siteIDs: [$id]}}) { id } }`,
	)
	extend("Department",
		`mutation($id: ID!, $trainingCourse: ID!) { launchTrainingCampaign(input: {courseID: $trainingCourse, title: "植え付け", dueOn: "2099-01-01", audience: {departmentIDs: [$id]}}) { id } }`,
		`mutation($id: ID!, $membership: ID!, $company: ID!) { setMemberDepartment(input: {membershipID: $membership, companyID: $company, departmentID: $id}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $trainingCourse: ID!) { launchTrainingCampaign(input: {courseID: $trainingCourse, title: "植え付け", dueOn: "2099-01-01", audience: {userIDs: [$id]}}) { id } }`,
	)
	extend("Membership",
		`mutation($id: ID!, $company: ID!) { setMemberDepartment(input: {membershipID: $id, companyID: $company}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		for i, c := range o.companies {
			dept := o.byType[i]["Department"][0]
			e.ok(o.owner, `mutation($m: ID!, $c: ID!, $d: ID!) { setMemberDepartment(input: {membershipID: $m, companyID: $c, departmentID: $d}) { id } }`,
				map[string]any{"m": o.byType[orgWide]["Membership"][i], "c": c, "d": dept}, "setMemberDepartment", "id")
			course := e.post(o.owner, `mutation($c: ID!, $v: ID!) { createTrainingCourse(input: {companyID: $c, title: "情報セキュリティ研修", kind: ALL_STAFF, passMark: 80, materialVersionIDs: [$v]}) { id materials { id } } }`,
				map[string]any{"c": c, "v": o.byType[i]["DocumentVersion"][0]})
			if len(course.Errors) > 0 {
				e.t.Fatalf("training course: %v", course.Errors)
			}
			courseID := field(course.Data, "createTrainingCourse", "id").(string)
			campaign := e.post(o.owner, `mutation($t: ID!, $d: ID!) { launchTrainingCampaign(input: {courseID: $t, title: "2026年度 研修", dueOn: "2099-01-01", audience: {departmentIDs: [$d]}}) {
				id assignments(first: 5) { edges { node { id task { id } } } } } }`, map[string]any{"t": courseID, "d": dept})
			if len(campaign.Errors) > 0 {
				e.t.Fatalf("training campaign: %v", campaign.Errors)
			}
			assignment := onlyNode(e.t, field(campaign.Data, "launchTrainingCampaign", "assignments"))
			o.byType[i]["TrainingCourse"] = []string{courseID}
			o.byType[i]["TrainingMaterial"] = []string{field(course.Data, "createTrainingCourse", "materials").([]any)[0].(map[string]any)["id"].(string)}
			o.byType[i]["TrainingCampaign"] = []string{field(campaign.Data, "launchTrainingCampaign", "id").(string)}
			o.byType[i]["TrainingAssignment"] = []string{assignment["id"].(string)}
			o.byType[i]["Task"] = append(o.byType[i]["Task"], field(assignment, "task", "id").(string))
			if i == 0 {
				o.own["trainingCourse"] = courseID
			}
		}
	})
}
