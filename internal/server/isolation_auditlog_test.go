package server_test

// The audit trail in the API isolation suite. No mutation takes an event's ID (the trail is
// append-only), so the probes are the ways to read events: the auditEvents connection (node
// and nodes are probed by the suite itself), and verifyAuditTrail, which must never reveal
// another organization's chain.
//
// The events go to the organization-wide records (byType[orgWide]), whether or not they belong
// to a company: the attack from another company of the same organization is made by a CONSULTANT
// and its control is one, and a consultant reads no event at all (the trail is for OWNER, ADMIN
// and, for their company, SECRETARIAT and AUDITOR). Company scoping of the trail is tested in
// auditlog_test.go (TestAuditLog_WhoReadsTheTrail) and in internal/tenancy/auditlog_test.go.

func init() {
	addProbes("AuditEvent", isolationProbe{
		lists: []string{
			`query($id: ID!) { auditEvents(where: {id: $id}) { totalCount edges { node { id changes { field } } } } }`,
			`query($id: ID!) { auditEvents(last: 100, where: {idIn: [$id], or: [{hasCompany: true}, {hasCompany: false}]}) { totalCount edges { node { id company { id } actor { id } } } } }`,
			`query($id: ID!) { verifyAuditTrail { eventsChecked firstBrokenEvent { id } }
				auditEvents(where: {id: $id}, orderBy: {field: OCCURRED_AT, direction: ASC}) { totalCount edges { node { id } } } }`,
		},
	})
	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		// One event of each company and one of the organization itself.
		const first = `query($where: AuditEventWhereInput!) { auditEvents(first: 1, where: $where) { edges { node { id } } } }`
		wheres := []map[string]any{{"companyIDIsNil": true}}
		for _, c := range o.companies {
			wheres = append(wheres, map[string]any{"companyID": c})
		}
		for _, where := range wheres {
			res := e.post(o.owner, first, map[string]any{"where": where})
			node := onlyNode(e.t, field(res.Data, "auditEvents"))
			o.byType[orgWide]["AuditEvent"] = append(o.byType[orgWide]["AuditEvent"], node["id"].(string))
		}
	})
}
