package server_test

// Assets, risk methods and risks in the API isolation suite. Each company holds an asset of its
// department, a risk of the owner linked to that asset and to control 5.1, and a stored method.

func init() {
	addProbes("Asset", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { assets(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies(where: {hasAssetsWith: {id: $id}}) { totalCount } }`,
			`query($id: ID!) { companies { edges { node { risks(where: {hasAssetLinksWith: {hasAssetWith: {id: $id}}}) { totalCount
				edges { node { assetLinks { asset { id } } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateAsset(input: {id: $id, name: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { archiveAsset(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreAsset(input: {id: $id}) { id } }`,
			`mutation($id: ID!, $company: ID!) { createRisk(input: {companyID: $company, title: "植え付け", likelihood: 1, impact: 1, assetIDs: [$id]}) { id } }`,
			`mutation($id: ID!, $risk: ID!) { updateRisk(input: {id: $risk, assetIDs: [$id]}) { id } }`,
		},
	})
	// The stored method is reached by ID (node) and through its company (riskMethod, probed
	// under Company); no connection holds it and no mutation takes its ID.
	addProbes("RiskMethod", isolationProbe{})
	addProbes("Risk", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { risks(where: {id: $id}) { totalCount edges { node { id } } } } } } }`,
			`query($id: ID!) { companies(where: {hasRisksWith: {id: $id}}) { totalCount } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateRisk(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!) { updateRisk(input: {id: $id, likelihood: 3, controlRefs: ["5.2"]}) { id } }`,
			`mutation($id: ID!) { archiveRisk(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { restoreRisk(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { acceptRisk(input: {id: $id, expiresOn: "2099-01-01"}) { id } }`,
			`mutation($id: ID!) { addRiskTreatmentTask(input: {riskID: $id, title: "植え付け", dueDate: "2026-01-10"}) { id } }`,
		},
	})
	addProbes("RiskAsset", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { risks(where: {hasAssetLinksWith: {id: $id}}) { totalCount edges { node { assetLinks { id } } } } } } } }`,
		},
		// Links are set through createRisk and updateRisk (assetIDs), probed under Asset.
	})
	addProbes("RiskControl", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { risks(where: {hasControlLinksWith: {id: $id}}) { totalCount edges { node { controlLinks { id } } } } } } } }`,
		},
		// Links are set through createRisk and updateRisk (controlRefs), which take no link ID.
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!) { createAsset(input: {companyID: $id, name: "植え付け", type: SERVICE}) { id } }`,
		`mutation($id: ID!) { createRisk(input: {companyID: $id, title: "植え付け", likelihood: 1, impact: 1}) { id } }`,
		`mutation($id: ID!) { updateRiskMethod(input: {companyID: $id, rule: SUM, acceptanceThreshold: 3,
			likelihood: [{value: 1, labelJa: "低", labelEn: "Low"}, {value: 2, labelJa: "高", labelEn: "High"}],
			impact: [{value: 1, labelJa: "小", labelEn: "Minor"}, {value: 2, labelJa: "大", labelEn: "Major"}],
			bands: [{minScore: 2, level: "LOW", labelJa: "低", labelEn: "Low"}]}) { isDefault } }`,
		`query($id: ID!) { riskMethod(companyID: $id) { rule } }`,
		`query($id: ID!) { riskMonitoring(companyID: $id) { today } }`,
	)
	extend("Site",
		`mutation($id: ID!, $company: ID!) { createAsset(input: {companyID: $company, name: "植え付け", type: SERVICE, siteID: $id}) { id } }`,
		`mutation($id: ID!, $asset: ID!) { updateAsset(input: {id: $asset, siteID: $id}) { id } }`,
	)
	extend("Department",
		`mutation($id: ID!, $company: ID!) { createAsset(input: {companyID: $company, name: "植え付け", type: SERVICE, departmentID: $id}) { id } }`,
		`mutation($id: ID!, $asset: ID!) { updateAsset(input: {id: $asset, departmentID: $id}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $asset: ID!) { updateAsset(input: {id: $asset, ownerID: $id}) { id } }`,
		`mutation($id: ID!, $company: ID!) { createRisk(input: {companyID: $company, title: "植え付け", likelihood: 1, impact: 1, ownerID: $id}) { id } }`,
		`mutation($id: ID!, $risk: ID!) { updateRisk(input: {id: $risk, ownerID: $id}) { id } }`,
		`mutation($id: ID!, $risk: ID!) { acceptRisk(input: {id: $risk, approverID: $id, expiresOn: "2099-01-01"}) { id } }`,
		`mutation($id: ID!, $risk: ID!) { addRiskTreatmentTask(input: {riskID: $risk, title: "植え付け", dueDate: "2026-01-10", assigneeID: $id}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		owner := o.byType[orgWide]["User"][0]
		for i, c := range o.companies {
			asset := e.ok(o.owner, `mutation($c: ID!, $d: ID!) { createAsset(input: {companyID: $c, name: "顧客DB", type: INFORMATION, departmentID: $d}) { id } }`,
				map[string]any{"c": c, "d": o.byType[i]["Department"][0]}, "createAsset", "id")
			res := e.post(o.owner, `mutation($c: ID!, $a: ID!, $u: ID!) { createRisk(input: {companyID: $c, title: "漏えい", likelihood: 2, impact: 2,
				ownerID: $u, assetIDs: [$a], controlRefs: ["5.1"]}) { id assetLinks { id } controlLinks { id } } }`,
				map[string]any{"c": c, "a": asset, "u": owner})
			if len(res.Errors) > 0 {
				e.t.Fatalf("risk fixture: %v", res.Errors)
			}
			risk := res.Data["createRisk"].(map[string]any)
			method := e.ok(o.owner, `mutation($c: ID!) { updateRiskMethod(input: {companyID: $c, rule: PRODUCT, acceptanceThreshold: 3,
				likelihood: [{value: 1, labelJa: "低", labelEn: "Low"}, {value: 2, labelJa: "中", labelEn: "Medium"}, {value: 3, labelJa: "高", labelEn: "High"}],
				impact: [{value: 1, labelJa: "小", labelEn: "Minor"}, {value: 2, labelJa: "中", labelEn: "Moderate"}, {value: 3, labelJa: "大", labelEn: "Severe"}],
				bands: [{minScore: 1, level: "LOW", labelJa: "低", labelEn: "Low"}, {minScore: 4, level: "HIGH", labelJa: "高", labelEn: "High"}]}) { riskMethod { id } } }`,
				map[string]any{"c": c}, "updateRiskMethod", "riskMethod", "id")
			o.byType[i]["Asset"] = append(o.byType[i]["Asset"], asset)
			o.byType[i]["Risk"] = append(o.byType[i]["Risk"], risk["id"].(string))
			o.byType[i]["RiskMethod"] = append(o.byType[i]["RiskMethod"], method)
			o.byType[i]["RiskAsset"] = append(o.byType[i]["RiskAsset"], risk["assetLinks"].([]any)[0].(map[string]any)["id"].(string))
			o.byType[i]["RiskControl"] = append(o.byType[i]["RiskControl"], risk["controlLinks"].([]any)[0].(map[string]any)["id"].(string))
			if i == 0 {
				o.own["asset"] = asset
				o.own["risk"] = risk["id"].(string)
			}
		}
	})
}
