package server_test

// Template sets in the API isolation suite. Each organization keeps a template set whose version
// holds a document template and its checklist template, and pushes the version to each of its
// companies: the company's record of it (TemplateApplication) and a draft document.

func init() {
	addProbes("TemplateSet", isolationProbe{
		lists: []string{
			`query($id: ID!) { organization { templateSets(where: {id: $id}, includeArchived: true) { totalCount edges { node { id latestVersion } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateTemplateSet(input: {id: $id, name: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveTemplateSet(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreTemplateSet(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { publishTemplateSetVersion(input: {templateSetID: $id, content: {tasks: [{title: "植え付け", dueInDays: 1}]}}) { id } }`,
		},
	})
	addProbes("TemplateSetVersion", isolationProbe{
		lists: []string{
			`query($id: ID!) { organization { templateSets { edges { node { versions(where: {id: $id}) { totalCount edges { node { id content { documents { key body } } } } } } } } } }`,
			`query($id: ID!) { organization { templateSets(where: {hasVersionsWith: {id: $id}}) { totalCount } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { createCompanyFromTemplate(input: {templateSetVersionID: $id, company: {name: "植え付け"}}) { id } }`,
			`mutation($id: ID!, $company: ID!) { pushTemplateSetVersion(input: {templateSetVersionID: $id, companyIDs: [$company]}) { id } }`,
		},
	})
	companyList := func(conn, where string) string {
		return `query($id: ID!) { companies { edges { node { ` + conn + `(where: ` + where + `) { totalCount edges { node { id documents { key documentID } } } } } } } }`
	}
	addProbes("TemplateApplication", isolationProbe{
		lists: []string{
			companyList("templateApplications", `{id: $id}`),
			`query($id: ID!) { companies(where: {hasTemplateApplicationsWith: {id: $id}}) { totalCount } }`,
		},
		// No mutation takes a record's ID: it is written when a version is applied.
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!, $templateSetVersion: ID!) { pushTemplateSetVersion(input: {templateSetVersionID: $templateSetVersion, companyIDs: [$id]}) { id } }`,
	)
	extend("ChecklistTemplate",
		`mutation($id: ID!) { createTemplateSet(input: {name: "植え付け", content: {checklistTemplateIDs: [$id]}}) { id } }`,
		`mutation($id: ID!, $templateSet: ID!) { publishTemplateSetVersion(input: {templateSetID: $templateSet, content: {checklistTemplateIDs: [$id]}}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		res := e.post(o.owner, `mutation($t: ID!) { createTemplateSet(input: {name: "標準ISMS立上げキット", content: {
				documents: [{key: "policy", title: "{{company.name}} 情報セキュリティ基本方針", kind: POLICY, body: "# 基本方針"}],
				checklistTemplateIDs: [$t]}}) { id versions { edges { node { id } } } } }`,
			map[string]any{"t": o.own["template"]})
		if len(res.Errors) > 0 {
			e.t.Fatalf("template set: %v", res.Errors)
		}
		set := field(res.Data, "createTemplateSet", "id").(string)
		version := onlyNode(e.t, field(res.Data, "createTemplateSet", "versions"))["id"].(string)
		o.byType[orgWide]["TemplateSet"] = []string{set}
		o.byType[orgWide]["TemplateSetVersion"] = []string{version}
		o.own["templateSet"] = set
		o.own["templateSetVersion"] = version
		pushed := e.post(o.owner, `mutation($v: ID!, $c: [ID!]!) { pushTemplateSetVersion(input: {templateSetVersionID: $v, companyIDs: $c}) { id companyID } }`,
			map[string]any{"v": version, "c": o.companies})
		if len(pushed.Errors) > 0 {
			e.t.Fatalf("push template set version: %v", pushed.Errors)
		}
		for i, app := range field(pushed.Data, "pushTemplateSetVersion").([]any) {
			o.byType[i]["TemplateApplication"] = []string{app.(map[string]any)["id"].(string)}
		}
	})
}
