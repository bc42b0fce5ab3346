package server_test

// The secretariat's types in the API isolation suite. The committee, assignments and
// representatives are plain lists on Company (no connection, so no totalCount): each list probe
// counts through a where filter on companies, which the control sees, and reads the lists and
// company.secretariat of every company the attacker reaches (alias all), which must never hold
// the target.

func init() {
	addProbes("CommitteeMember", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(where: {hasCommitteeMembersWith: {id: $id}}) { totalCount }
				all: companies { edges { node { committeeMembers { id } secretariat { committee { id } chair { id } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateCommitteeMember(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { updateCommitteeMember(input: {id: $id, role: MEMBER, replaceChair: true}) { id } }`,
			`mutation($id: ID!) { removeCommitteeMember(input: {id: $id}) { removedID } }`,
		},
	})
	addProbes("SecretariatAssignment", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(where: {hasSecretariatAssignmentsWith: {id: $id}}) { totalCount }
				all: companies { edges { node { secretariatAssignments { id }
					secretariat { assignments { id } byResponsibility { primary { id } backups { id } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateSecretariatAssignment(input: {id: $id, position: BACKUP}) { id } }`,
			`mutation($id: ID!) { unassignSecretariatResponsibility(input: {id: $id}) { removedID } }`,
		},
	})
	addProbes("DepartmentRepresentative", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(where: {hasDepartmentRepresentativesWith: {id: $id}}) { totalCount }
				all: companies { edges { node { departmentRepresentatives { id } secretariat { representatives { id } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { removeDepartmentRepresentative(input: {id: $id}) { removedID } }`,
		},
	})

	// The records the secretariat's mutations name next to an ID of another type: a company, a
	// department and a person, each the attacker's own ($company, $department, $user).
	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!, $user: ID!) { addCommitteeMember(input: {companyID: $id, userID: $user}) { id } }`,
		`mutation($id: ID!, $user: ID!) { assignSecretariatResponsibility(input: {companyID: $id, userID: $user, responsibility: TRAINING}) { id } }`,
		`mutation($id: ID!, $department: ID!, $user: ID!) { addDepartmentRepresentative(input: {companyID: $id, departmentID: $department, userID: $user}) { id } }`,
	)
	extend("Department",
		`mutation($id: ID!, $company: ID!, $user: ID!) { addDepartmentRepresentative(input: {companyID: $company, departmentID: $id, userID: $user}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $company: ID!) { addCommitteeMember(input: {companyID: $company, userID: $id}) { id } }`,
		`mutation($id: ID!, $company: ID!) { assignSecretariatResponsibility(input: {companyID: $company, userID: $id, responsibility: TRAINING}) { id } }`,
		`mutation($id: ID!, $company: ID!, $department: ID!) { addDepartmentRepresentative(input: {companyID: $company, departmentID: $department, userID: $id}) { id } }`,
	)
	// Another organization's people and departments must also stay out of the overview of the
	// attacker's own companies.
	extendLists := func(typ string, lists ...string) {
		p := isolationProbes[typ]
		p.lists = append(p.lists, lists...)
		isolationProbes[typ] = p
	}
	extendLists("Department",
		`query($id: ID!) { companies(where: {hasDepartmentsWith: {id: $id}}) { totalCount }
			all: companies { edges { node { secretariat { departmentsWithoutRepresentative { id } representatives { department { id } } } } } } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		owner := o.byType[orgWide]["User"][0]
		o.own["user"] = owner
		for i, c := range o.companies {
			o.byType[i]["CommitteeMember"] = []string{e.ok(o.owner, addCommitteeMember,
				map[string]any{"input": map[string]any{"companyID": c, "userID": owner, "role": "CHAIR", "title": "代表取締役"}},
				"addCommitteeMember", "id")}
			o.byType[i]["SecretariatAssignment"] = []string{e.ok(o.owner, assignSecretariat,
				map[string]any{"input": map[string]any{"companyID": c, "userID": owner, "responsibility": "LEADER"}},
				"assignSecretariatResponsibility", "id")}
			o.byType[i]["DepartmentRepresentative"] = []string{e.ok(o.owner, addRepresentative,
				map[string]any{"input": map[string]any{"companyID": c, "departmentID": o.byType[i]["Department"][0], "userID": owner}},
				"addDepartmentRepresentative", "id")}
		}
	})
}
