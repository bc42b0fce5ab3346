package server_test

// Baselines in the API isolation suite. Each organization publishes a baseline (one LOCKED and
// one OVERRIDABLE control); each of its companies adopts it and overrides the overridable
// control, which waits for the head office.

func init() {
	addProbes("Baseline", isolationProbe{
		lists: []string{
			`query($id: ID!) { organization { baselines(where: {id: $id}, includeArchived: true) { totalCount edges { node { id latestVersion } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { publishBaselineVersion(input: {baselineID: $id, content: {controls: [{ref: "5.1", applicable: true, justification: "植え付け", rule: LOCKED}]}}) { id } }`,
			`mutation($id: ID!) { archiveBaseline(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreBaseline(input: {id: $id}) { id } }`,
		},
	})
	addProbes("BaselineVersion", isolationProbe{
		lists: []string{
			`query($id: ID!) { organization { baselines { edges { node { versions(where: {id: $id}) { totalCount edges { node { id content { controls { ref } } } } } } } } } }`,
			`query($id: ID!) { organization { baselines(where: {hasVersionsWith: {id: $id}}) { totalCount } } }`,
		},
		mutations: []string{
			`mutation($id: ID!, $company: ID!) { adoptBaseline(input: {baselineVersionID: $id, companyID: $company}) { id } }`,
		},
	})
	addProbes("BaselineAdoption", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { baselineAdoptions(where: {id: $id}) { totalCount edges { node { id drift { status } effective { controls { ref } } } } } } } } }`,
			`query($id: ID!) { companies(where: {hasBaselineAdoptionsWith: {id: $id}}) { totalCount } }`,
			`query($id: ID!) { organization { baselines { edges { node { adoptions(where: {id: $id}) { totalCount } } } } } }`,
			`query($id: ID!) { organization { baselines(where: {hasAdoptionsWith: {id: $id}}) { totalCount } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { addBaselineOverlay(input: {adoptionID: $id, kind: CONTROL, target: "5.9", applicable: true, justification: "植え付け", reason: "植え付け"}) { id } }`,
			`mutation($id: ID!) { upgradeBaselineAdoption(adoptionID: $id) { id } }`,
		},
	})
	addProbes("BaselineOverlay", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { baselineAdoptions { edges { node { overlay(where: {id: $id}) { totalCount } drift { local { id } } } } } } } } }`,
			`query($id: ID!) { companies { edges { node { baselineAdoptions(where: {hasOverlayWith: {id: $id}}) { totalCount } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { decideBaselineOverride(input: {id: $id, approve: true}) { id } }`,
			`mutation($id: ID!) { withdrawBaselineOverlay(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { promoteBaselineOverlay(input: {overlayID: $id, rule: LOCKED}) { id } }`,
		},
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!, $baselineVersion: ID!) { adoptBaseline(input: {baselineVersionID: $baselineVersion, companyID: $id}) { id } }`,
	)
	extend("Site",
		`mutation($id: ID!, $baselineVersion: ID!, $company: ID!) { adoptBaseline(input: {baselineVersionID: $baselineVersion, companyID: $company, siteID: $id}) { id } }`,
	)
	extend("Document",
		`mutation($id: ID!, $baselineAdoption: ID!) { addBaselineOverlay(input: {adoptionID: $baselineAdoption, kind: DOCUMENT, target: "planted", documentID: $id, reason: "植え付け"}) { id } }`,
	)
	extend("DocumentVersion",
		`mutation($id: ID!) { createBaseline(input: {name: "植え付け", content: {documents: [{key: "planted", documentVersionID: $id, rule: LOCKED}]}}) { id } }`,
		`mutation($id: ID!, $baseline: ID!) { publishBaselineVersion(input: {baselineID: $baseline, content: {documents: [{key: "planted", documentVersionID: $id, rule: LOCKED}]}}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		res := e.post(o.owner, `mutation { createBaseline(input: {name: "全社ISMSベースライン", content: {controls: [
				{ref: "5.1", applicable: true, justification: "全社方針", rule: LOCKED},
				{ref: "7.4", applicable: true, justification: "全拠点で監視", rule: OVERRIDABLE}]}}) { id versions { edges { node { id } } } } }`, nil)
		if len(res.Errors) > 0 {
			e.t.Fatalf("baseline: %v", res.Errors)
		}
		b := field(res.Data, "createBaseline", "id").(string)
		version := onlyNode(e.t, field(res.Data, "createBaseline", "versions"))["id"].(string)
		o.byType[orgWide]["Baseline"] = []string{b}
		o.byType[orgWide]["BaselineVersion"] = []string{version}
		o.own["baseline"], o.own["baselineVersion"] = b, version
		for i, c := range o.companies {
			adoption := e.ok(o.owner, `mutation($v: ID!, $c: ID!) { adoptBaseline(input: {baselineVersionID: $v, companyID: $c}) { id } }`,
				map[string]any{"v": version, "c": c}, "adoptBaseline", "id")
			overlay := e.ok(o.owner, `mutation($a: ID!) { addBaselineOverlay(input: {adoptionID: $a, kind: CONTROL, target: "7.4", applicable: false, justification: "委託先が監視", reason: "ビル管理会社"}) { id } }`,
				map[string]any{"a": adoption}, "addBaselineOverlay", "id")
			o.byType[i]["BaselineAdoption"] = []string{adoption}
			o.byType[i]["BaselineOverlay"] = []string{overlay}
			if i == 0 {
				o.own["baselineAdoption"] = adoption
			}
		}
	})
}
