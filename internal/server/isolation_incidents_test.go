package server_test

// Incidents in the API isolation suite. Each company holds a personal-data misdelivery reported
// by the owner at the company's site and department, affecting an asset of its own, triaged, with
// a note, a risk linked, its two legal deadlines and a finding raised from it. Timeline entries,
// affected assets and linked risks are plain lists: each is counted through a where filter on its
// incident, and read in full (alias all), which must never hold the target.

func init() {
	incidentList := func(where string, all string) string {
		return `query($id: ID!) { companies(first: 5) { edges { node { incidents(where: ` + where + `) { totalCount } } } }
			all: companies(first: 5) { edges { node { incidents(first: 10) { edges { node { ` + all + ` } } } } } } }`
	}
	addProbes("Incident", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { incidents(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies(where: {hasIncidentsWith: {id: $id}}) { totalCount } }`,
			`query($id: ID!) { companies { edges { node { findings(where: {hasIncidentWith: {id: $id}}) { totalCount edges { node { incident { id } } } } } } } }`,
			`query($id: ID!) { companies { edges { node { incidentDeadlines(where: {hasIncidentWith: {id: $id}}) { totalCount edges { node { incident { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { triageIncident(input: {id: $id, severity: LOW}) { id } }`,
			`mutation($id: ID!) { setIncidentStatus(input: {id: $id, status: CLOSED}) { id } }`,
			`mutation($id: ID!) { rejectIncident(input: {id: $id, reason: "植え付け"}) { id } }`,
			`mutation($id: ID!) { addIncidentNote(input: {id: $id, kind: COMMENT, text: "植え付け"}) { id } }`,
			`mutation($id: ID!) { linkIncident(input: {id: $id, controls: ["5.1"]}) { id } }`,
			`mutation($id: ID!, $company: ID!) { raiseFinding(input: {companyID: $company, incidentID: $id, grade: MINOR, statement: "植え付け"}) { id } }`,
		},
	})
	addProbes("IncidentEvent", isolationProbe{
		lists: []string{incidentList(`{hasTimelineWith: {id: $id}}`, `timeline { id actor { id } }`)},
		// No mutation takes a timeline entry's ID: entries are never changed.
	})
	addProbes("IncidentAsset", isolationProbe{
		lists: []string{incidentList(`{hasAssetLinksWith: {id: $id}}`, `assetLinks { id asset { id } }`)},
		// No mutation takes an affected asset's ID.
	})
	addProbes("IncidentRisk", isolationProbe{
		lists: []string{incidentList(`{hasRiskLinksWith: {id: $id}}`, `riskLinks { id risk { id } }`)},
		// No mutation takes a linked risk's ID: links are never removed.
	})
	addProbes("IncidentDeadline", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { incidentDeadlines(where: {id: $id}) { totalCount edges { node { id overdue } } } } } } }`,
			incidentList(`{hasDeadlinesWith: {id: $id}}`, `deadlines { id }`),
		},
		mutations: []string{
			`mutation($id: ID!) { fileIncidentReport(input: {deadlineID: $id, filedOn: "2026-12-02"}) { id } }`,
		},
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!) { reportIncident(input: {companyID: $id, title: "植え付け", category: OTHER, discoveredAt: "2026-12-01T09:00:00+09:00"}) { id } }`,
		`mutation($id: ID!) { setIncidentRouting(input: {companyID: $id, routing: TO_RISK_OWNER}) { id } }`,
		`query($id: ID!) { incidentStatistics(companyIDs: [$id], from: "2026-01-01", to: "2026-12-31") { total } }`,
	)
	extend("Site",
		`mutation($id: ID!, $company: ID!) { reportIncident(input: {companyID: $company, siteID: $id, title: "植え付け", category: OTHER, discoveredAt: "2026-12-01T09:00:00+09:00"}) { id } }`,
	)
	extend("Department",
		`mutation($id: ID!, $company: ID!) { reportIncident(input: {companyID: $company, departmentID: $id, title: "植え付け", category: OTHER, discoveredAt: "2026-12-01T09:00:00+09:00"}) { id } }`,
	)
	extend("Asset",
		`mutation($id: ID!, $company: ID!) { reportIncident(input: {companyID: $company, assetIDs: [$id], title: "植え付け", category: OTHER, discoveredAt: "2026-12-01T09:00:00+09:00"}) { id } }`,
		`mutation($id: ID!, $incident: ID!) { linkIncident(input: {id: $incident, assetIDs: [$id]}) { id } }`,
	)
	extend("Risk",
		`mutation($id: ID!, $incident: ID!) { linkIncident(input: {id: $incident, riskIDs: [$id]}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $incident: ID!) { triageIncident(input: {id: $incident, severity: LOW, assigneeID: $id}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		for i, c := range o.companies {
			asset := e.ok(o.owner, `mutation($c: ID!) { createAsset(input: {companyID: $c, name: "営業用ノートPC", type: HARDWARE}) { id } }`,
				map[string]any{"c": c}, "createAsset", "id")
			risk := e.ok(o.owner, `mutation($c: ID!) { createRisk(input: {companyID: $c, title: "誤送信", likelihood: 2, impact: 2}) { id } }`,
				map[string]any{"c": c}, "createRisk", "id")
			res := e.post(o.owner, `mutation($in: ReportIncidentInput!) { reportIncident(input: $in) { id timeline { id } assetLinks { id } deadlines { id } } }`,
				map[string]any{"in": map[string]any{
					"companyID": c, "title": "見積書の誤送信", "category": "MISDELIVERY", "discoveredAt": "2026-12-01T09:00:00+09:00",
					"siteID": o.byType[i]["Site"][0], "departmentID": o.byType[i]["Department"][0], "assetIDs": []string{asset}, "personalData": true,
				}})
			if len(res.Errors) > 0 {
				e.t.Fatalf("report incident: %v", res.Errors)
			}
			inc := res.Data["reportIncident"].(map[string]any)
			id := inc["id"].(string)
			// Nobody holds the incident desk yet: the handler named at triage gets the task.
			handling := e.ok(o.owner, `mutation($i: ID!, $u: ID!) { triageIncident(input: {id: $i, severity: MEDIUM, assigneeID: $u}) { task { id } } }`,
				map[string]any{"i": id, "u": o.byType[orgWide]["User"][0]}, "triageIncident", "task", "id")
			note := e.ok(o.owner, `mutation($i: ID!) { addIncidentNote(input: {id: $i, kind: ACTION, text: "送信先へ削除を依頼"}) { id } }`,
				map[string]any{"i": id}, "addIncidentNote", "id")
			res = e.post(o.owner, `mutation($i: ID!, $r: ID!) { linkIncident(input: {id: $i, riskIDs: [$r], controls: ["5.14"]}) { riskLinks { id } } }`,
				map[string]any{"i": id, "r": risk})
			if len(res.Errors) > 0 {
				e.t.Fatalf("link incident: %v", res.Errors)
			}
			finding := e.ok(o.owner, `mutation($c: ID!, $i: ID!) { raiseFinding(input: {companyID: $c, incidentID: $i, grade: MINOR, statement: "送信前確認がない"}) { id } }`,
				map[string]any{"c": c, "i": id}, "raiseFinding", "id")
			o.byType[i]["Asset"] = append(o.byType[i]["Asset"], asset)
			o.byType[i]["Risk"] = append(o.byType[i]["Risk"], risk)
			o.byType[i]["Incident"] = []string{id}
			o.byType[i]["IncidentEvent"] = []string{inc["timeline"].([]any)[0].(map[string]any)["id"].(string), note}
			o.byType[i]["IncidentAsset"] = []string{inc["assetLinks"].([]any)[0].(map[string]any)["id"].(string)}
			o.byType[i]["IncidentRisk"] = []string{field(res.Data, "linkIncident", "riskLinks").([]any)[0].(map[string]any)["id"].(string)}
			for _, d := range inc["deadlines"].([]any) {
				o.byType[i]["IncidentDeadline"] = append(o.byType[i]["IncidentDeadline"], d.(map[string]any)["id"].(string))
			}
			o.byType[i]["Task"] = append(o.byType[i]["Task"], handling)
			o.byType[i]["Finding"] = append(o.byType[i]["Finding"], finding)
			if i == 0 {
				// Reported, not triaged, so that triaging it with a foreign person fails on the
				// person alone.
				o.own["incident"] = e.ok(o.owner, `mutation($c: ID!) { reportIncident(input: {companyID: $c, title: "不審なメール", category: PHISHING, discoveredAt: "2026-12-01T10:00:00+09:00"}) { id } }`,
					map[string]any{"c": c}, "reportIncident", "id")
			}
		}
	})
}
