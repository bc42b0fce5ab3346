package server_test

// Audits in the API isolation suite. Each company holds an audit programme and an internal audit
// in it (the owner leading, the consultant granted both companies in the team, the company's
// department in scope), started, whose first checklist item recorded a NONCONFORMITY: a finding
// of the audit concerning the department, with a corrective action (a Task) of the department.
// Scope departments, team members, finding departments and corrective actions are plain lists:
// each is counted through a where filter on its parent, and read in full (alias all), which
// must never hold the target.

func init() {
	companyList := func(conn, where string) string {
		return `query($id: ID!) { companies { edges { node { ` + conn + `(where: ` + where + `) { totalCount edges { node { id } } } } } } }`
	}
	auditList := func(conn, where string) string {
		return `query($id: ID!) { companies { edges { node { audits { edges { node { ` + conn + `(where: ` + where + `) { totalCount edges { node { id } } } } } } } } } }`
	}
	addProbes("AuditProgramme", isolationProbe{
		lists: []string{
			companyList("auditProgrammes", `{id: $id}`),
			`query($id: ID!) { companies(where: {hasAuditProgrammesWith: {id: $id}}) { totalCount } }`,
			companyList("audits", `{hasProgrammeWith: {id: $id}}`),
			`query($id: ID!) { companies { edges { node { audits(where: {hasProgrammeWith: {id: $id}}) { totalCount edges { node { programme { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { publishAuditProgramme(input: {id: $id}) { id } }`,
			`mutation($id: ID!, $company: ID!) { planAudit(input: {companyID: $company, programmeID: $id, kind: INTERNAL, title: "植え付け", plannedStart: "2026-06-01", plannedEnd: "2026-06-02"}) { id } }`,
		},
	})
	addProbes("Audit", isolationProbe{
		lists: []string{
			companyList("audits", `{id: $id}`),
			`query($id: ID!) { companies(where: {hasAuditsWith: {id: $id}}) { totalCount } }`,
			companyList("auditProgrammes", `{hasAuditsWith: {id: $id}}`),
			companyList("findings", `{hasAuditWith: {id: $id}}`),
			`query($id: ID!) { companies { edges { node { findings(where: {hasAuditWith: {id: $id}}) { totalCount edges { node { audit { id } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { setAuditStatus(input: {id: $id, status: CANCELED}) { id } }`,
			`mutation($id: ID!) { addChecklistItem(input: {auditID: $id, question: "植え付け"}) { id } }`,
			`mutation($id: ID!, $company: ID!) { raiseFinding(input: {companyID: $company, auditID: $id, grade: MINOR, statement: "植え付け"}) { id } }`,
			`mutation($id: ID!) { fileAuditorRequest(input: {auditID: $id, question: "植え付け"}) { id } }`,
			`mutation($id: ID!) { draftImprovementReport(input: {auditID: $id}) { id } }`,
			`mutation($id: ID!, $template: ID!) { applyChecklistTemplate(input: {auditID: $id, templateID: $template}) { id } }`,
			`mutation($id: ID!, $user: ID!) { addExternalAuditor(input: {auditID: $id, userID: $user}) { id } }`,
			`mutation($id: ID!) { scheduleInterview(input: {auditID: $id, startsAt: "2026-06-01T10:00:00+09:00", endsAt: "2026-06-01T11:00:00+09:00", room: "植え付け"}) { id } }`,
			`query($id: ID!) { auditDay(auditID: $id, date: "2025-06-01") { id } }`,
		},
	})
	addProbes("AuditDepartment", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { audits(where: {hasScopeDepartmentsWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { audits { edges { node { scopeDepartments { id department { id } } } } } } } } }`,
		},
		// No mutation takes a scope row's ID: the scope is given with the audit.
	})
	addProbes("AuditTeamMember", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { audits(where: {hasTeamWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { audits { edges { node { team { id user { id } } } } } } } } }`,
		},
		// No mutation takes a team row's ID: the team is given with the audit.
	})
	addProbes("ChecklistItem", isolationProbe{
		lists: []string{
			auditList("checklist", `{id: $id}`),
			companyList("audits", `{hasChecklistWith: {id: $id}}`),
		},
		mutations: []string{
			`mutation($id: ID!) { recordChecklistResult(input: {id: $id, result: CONFORMING}) { id } }`,
		},
	})
	addProbes("Finding", isolationProbe{
		lists: []string{
			companyList("findings", `{id: $id}`),
			`query($id: ID!) { companies(where: {hasFindingsWith: {id: $id}}) { totalCount } }`,
			companyList("audits", `{hasFindingsWith: {id: $id}}`),
			auditList("checklist", `{hasFindingWith: {id: $id}}`),
			auditList("findings", `{id: $id}`),
		},
		mutations: []string{
			`mutation($id: ID!) { respondToFinding(input: {id: $id, rootCause: "植え付け"}) { id } }`,
			`mutation($id: ID!, $user: ID!) { addCorrectiveAction(input: {findingID: $id, title: "植え付け", assigneeID: $user, dueDate: "2026-01-10"}) { id } }`,
			`mutation($id: ID!, $user: ID!) { reviewEffectiveness(input: {findingID: $id, result: EFFECTIVE, reviewerID: $user, reviewedOn: "2026-01-10", evidence: "植え付け"}) { id } }`,
			`mutation($id: ID!) { closeFinding(input: {id: $id}) { id } }`,
		},
	})
	addProbes("FindingDepartment", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { findings(where: {hasDepartmentsWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { findings { edges { node { departments { id department { id } } } } } } } } }`,
		},
		// No mutation takes a finding department's ID.
	})
	addProbes("CorrectiveAction", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { findings(where: {hasCorrectiveActionsWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { findings { edges { node { correctiveActions { id task { id } department { id } } } } } } } } }`,
		},
		// No mutation takes a corrective action's ID: its task is changed as a task.
	})

	addProbes("Interview", isolationProbe{
		lists: []string{
			auditList("interviews", `{id: $id}`),
			companyList("audits", `{hasInterviewsWith: {id: $id}}`),
		},
		mutations: []string{
			`mutation($id: ID!) { removeInterview(input: {id: $id}) { id } }`,
		},
	})
	addProbes("InterviewParticipant", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(first: 5) { edges { node { audits(first: 10) { edges { node { interviews(where: {hasIntervieweesWith: {id: $id}}) { totalCount } } } } } } }
				all: companies(first: 5) { edges { node { audits(first: 10) { edges { node { interviews(first: 10) { edges { node { interviewees { id user { id } } } } } } } } } } } }`,
		},
		// No mutation takes an interviewee's ID: the slot names the people.
	})

	addProbes("ChecklistTemplate", isolationProbe{
		lists: []string{
			`query($id: ID!) { organization { checklistTemplates(where: {id: $id}) { totalCount edges { node { id questions { question } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateChecklistTemplate(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!, $audit: ID!) { applyChecklistTemplate(input: {auditID: $audit, templateID: $id}) { id } }`,
			`mutation($id: ID!, $company: ID!) { copyChecklistTemplate(input: {templateID: $id, companyID: $company}) { id } }`,
		},
	})
	notAimedAtRecords = append(notAimedAtRecords, "createChecklistTemplate") // stamped with the viewer's organization
	addProbes("CompanyChecklist", isolationProbe{
		lists: []string{
			companyList("checklists", `{id: $id}`),
			`query($id: ID!) { companies(where: {hasChecklistsWith: {id: $id}}) { totalCount } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { updateCompanyChecklist(input: {id: $id, title: "乗っ取り"}) { id } }`,
			`mutation($id: ID!, $audit: ID!) { applyChecklistTemplate(input: {auditID: $audit, companyChecklistID: $id}) { id } }`,
		},
	})

	addProbes("AuditorRequest", isolationProbe{
		lists: []string{
			auditList("requests", `{id: $id}`),
			companyList("audits", `{hasRequestsWith: {id: $id}}`),
		},
		mutations: []string{
			`mutation($id: ID!, $user: ID!) { routeAuditorRequest(input: {id: $id, assigneeID: $user}) { id } }`,
			`mutation($id: ID!) { answerAuditorRequest(input: {id: $id, answer: "植え付け"}) { id } }`,
			`mutation($id: ID!) { acceptAuditorRequest(input: {id: $id}) { id } }`,
			`mutation($id: ID!) { reopenAuditorRequest(input: {id: $id, reason: "植え付け"}) { id } }`,
		},
	})
	addProbes("AuditorRequestDocument", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(first: 5) { edges { node { audits(first: 10) { edges { node { requests(where: {hasAnswerDocumentsWith: {id: $id}}) { totalCount } } } } } } }
				all: companies(first: 5) { edges { node { audits(first: 10) { edges { node { requests(first: 10) { edges { node { answerDocuments { id documentVersion { id } } } } } } } } } } } }`,
		},
		// No mutation takes a handed-over document's ID: the answer names the versions.
	})

	addProbes("AuditSite", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { audits(where: {hasScopeSitesWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { audits { edges { node { scopeSites { id site { id } } } } } } } } }`,
		},
		// No mutation takes a scope row's ID: the scope is given with the audit.
	})
	addProbes("FindingSite", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies { edges { node { findings(where: {hasSitesWith: {id: $id}}) { totalCount } } } }
				all: companies { edges { node { findings { edges { node { sites { id site { id } } } } } } } } }`,
		},
		// No mutation takes a finding site's ID.
	})
	addProbes("AuditEvidence", isolationProbe{
		lists: []string{
			auditList("checklist", `{hasEvidenceItemsWith: {id: $id}}`),
			`query($id: ID!) { companies(first: 5) { edges { node { audits(first: 10) { edges { node { checklist(where: {hasEvidenceItemsWith: {id: $id}}) { totalCount } } } } } } }
				all: companies(first: 5) { edges { node { audits(first: 10) { edges { node { checklist(first: 10) { edges { node { evidenceItems { id documentVersion { id } } } } } } } } } } } }`,
		},
		mutations: []string{
			`mutation($id: ID!) { removeEvidence(id: $id) }`,
		},
	})
	addProbes("AuditorRequestComment", isolationProbe{
		lists: []string{
			`query($id: ID!) { companies(first: 5) { edges { node { audits(first: 10) { edges { node { requests(where: {hasCommentsWith: {id: $id}}) { totalCount } } } } } } }
				all: companies(first: 5) { edges { node { audits(first: 10) { edges { node { requests(first: 10) { edges { node { comments { id author { id } } } } } } } } } } } }`,
		},
		// No mutation takes a comment's ID: comments are never changed.
	})

	extend := func(typ string, mutations ...string) {
		p := isolationProbes[typ]
		p.mutations = append(p.mutations, mutations...)
		isolationProbes[typ] = p
	}
	extend("Company",
		`mutation($id: ID!, $template: ID!) { copyChecklistTemplate(input: {templateID: $template, companyID: $id}) { id } }`,
		`mutation($id: ID!) { createAuditProgramme(input: {companyID: $id, title: "植え付け", periodStart: "2026-04-01", periodEnd: "2027-03-31"}) { id } }`,
		`mutation($id: ID!) { planAudit(input: {companyID: $id, kind: INTERNAL, title: "植え付け", plannedStart: "2026-06-01", plannedEnd: "2026-06-02"}) { id } }`,
		`mutation($id: ID!) { raiseFinding(input: {companyID: $id, source: DIRECT, grade: MINOR, statement: "植え付け"}) { id } }`,
		`query($id: ID!) { findingsStatus(companyID: $id) { open closed } }`,
	)
	extend("ChecklistItem",
		`mutation($id: ID!, $documentVersion: ID!) { attachEvidence(input: {checklistItemID: $id, documentVersionID: $documentVersion}) { id } }`)
	extend("Finding",
		`mutation($id: ID!, $documentVersion: ID!) { attachEvidence(input: {findingID: $id, documentVersionID: $documentVersion}) { id } }`)
	extend("AuditorRequest",
		`mutation($id: ID!) { commentOnAuditorRequest(input: {id: $id, text: "植え付け"}) { id } }`)
	extend("DocumentVersion",
		`mutation($id: ID!, $finding: ID!) { attachEvidence(input: {findingID: $finding, documentVersionID: $id}) { id } }`)
	extend("Site",
		`mutation($id: ID!, $company: ID!) { planAudit(input: {companyID: $company, kind: INTERNAL, title: "植え付け", plannedStart: "2026-06-01", plannedEnd: "2026-06-02", siteIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $company: ID!) { raiseFinding(input: {companyID: $company, source: DIRECT, grade: MINOR, statement: "植え付け", siteIDs: [$id]}) { id } }`,
	)
	extend("Department",
		`mutation($id: ID!, $audit: ID!) { scheduleInterview(input: {auditID: $audit, startsAt: "2026-06-03T10:00:00+09:00", endsAt: "2026-06-03T11:00:00+09:00", room: "植え付け", departmentID: $id}) { id } }`,
		`mutation($id: ID!, $company: ID!) { planAudit(input: {companyID: $company, kind: INTERNAL, title: "植え付け", plannedStart: "2026-06-01", plannedEnd: "2026-06-02", departmentIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $company: ID!) { raiseFinding(input: {companyID: $company, source: DIRECT, grade: MINOR, statement: "植え付け", departmentIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $finding: ID!, $user: ID!) { addCorrectiveAction(input: {findingID: $finding, departmentID: $id, title: "植え付け", assigneeID: $user, dueDate: "2026-01-10"}) { id } }`,
	)
	extend("User",
		`mutation($id: ID!, $request: ID!) { routeAuditorRequest(input: {id: $request, assigneeID: $id}) { id } }`,
		`mutation($id: ID!, $audit: ID!) { addExternalAuditor(input: {auditID: $audit, userID: $id}) { id } }`,
		`mutation($id: ID!, $audit: ID!) { scheduleInterview(input: {auditID: $audit, startsAt: "2026-06-02T10:00:00+09:00", endsAt: "2026-06-02T11:00:00+09:00", room: "植え付け", intervieweeIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $company: ID!) { planAudit(input: {companyID: $company, kind: INTERNAL, title: "植え付け", plannedStart: "2026-06-01", plannedEnd: "2026-06-02", leadAuditorID: $id}) { id } }`,
		`mutation($id: ID!, $company: ID!) { planAudit(input: {companyID: $company, kind: INTERNAL, title: "植え付け", plannedStart: "2026-06-01", plannedEnd: "2026-06-02", teamAuditorIDs: [$id]}) { id } }`,
		`mutation($id: ID!, $finding: ID!) { addCorrectiveAction(input: {findingID: $finding, title: "植え付け", assigneeID: $id, dueDate: "2026-01-10"}) { id } }`,
		`mutation($id: ID!, $finding: ID!) { reviewEffectiveness(input: {findingID: $finding, result: EFFECTIVE, reviewerID: $id, reviewedOn: "2026-01-10", evidence: "植え付け"}) { id } }`,
	)

	isolationFixtures = append(isolationFixtures, func(e *env, o *isolationOrg) {
		owner := o.byType[orgWide]["User"][0]
		template := e.ok(o.owner, `mutation { createChecklistTemplate(input: {title: "標準内部監査チェックリスト", questions: [{clause: "9.2", question: "監査プログラムはあるか"}]}) { id } }`,
			nil, "createChecklistTemplate", "id")
		o.byType[orgWide]["ChecklistTemplate"] = []string{template}
		o.own["template"] = template
		both := e.ok(o.both, `{ viewer { id } }`, nil, "viewer", "id")
		for i, c := range o.companies {
			dept := o.byType[i]["Department"][0]
			site := o.byType[i]["Site"][0]
			programme := e.ok(o.owner, `mutation($c: ID!) { createAuditProgramme(input: {companyID: $c, title: "2025年度 内部監査プログラム", periodStart: "2025-04-01", periodEnd: "2026-03-31"}) { id } }`,
				map[string]any{"c": c}, "createAuditProgramme", "id")
			res := e.post(o.owner, `mutation($in: PlanAuditInput!) { planAudit(input: $in) { id scopeDepartments { id } scopeSites { id } team { id } checklist(first: 1) { edges { node { id } } } } }`,
				map[string]any{"in": map[string]any{
					"companyID": c, "programmeID": programme, "kind": "INTERNAL", "title": "内部監査", "clauses": []string{"9.2"},
					"departmentIDs": []string{dept}, "siteIDs": []string{site}, "leadAuditorID": owner, "teamAuditorIDs": []string{both}, "independenceOverride": "部門長が自部署を監査し、事務局が立ち会う",
					"plannedStart": "2025-06-01", "plannedEnd": "2025-06-02",
				}})
			if len(res.Errors) > 0 {
				e.t.Fatalf("plan audit: %v", res.Errors)
			}
			auditID := field(res.Data, "planAudit", "id").(string)
			scope := field(res.Data, "planAudit", "scopeDepartments").([]any)[0].(map[string]any)["id"].(string)
			o.byType[i]["AuditSite"] = []string{field(res.Data, "planAudit", "scopeSites").([]any)[0].(map[string]any)["id"].(string)}
			team := field(res.Data, "planAudit", "team").([]any)[0].(map[string]any)["id"].(string)
			item := onlyNode(e.t, field(res.Data, "planAudit", "checklist"))["id"].(string)
			e.ok(o.owner, `mutation($a: ID!) { setAuditStatus(input: {id: $a, status: IN_PROGRESS}) { id } }`, map[string]any{"a": auditID}, "setAuditStatus", "id")
			res = e.post(o.owner, `mutation($i: ID!) { recordChecklistResult(input: {id: $i, result: NONCONFORMITY, notes: "内部監査の記録がない"}) { finding { id departments { id } sites { id } } } }`,
				map[string]any{"i": item})
			if len(res.Errors) > 0 {
				e.t.Fatalf("record result: %v", res.Errors)
			}
			findingID := field(res.Data, "recordChecklistResult", "finding", "id").(string)
			findingDept := field(res.Data, "recordChecklistResult", "finding", "departments").([]any)[0].(map[string]any)["id"].(string)
			o.byType[i]["FindingSite"] = []string{field(res.Data, "recordChecklistResult", "finding", "sites").([]any)[0].(map[string]any)["id"].(string)}
			res = e.post(o.owner, `mutation($f: ID!, $d: ID!, $u: ID!) { addCorrectiveAction(input: {findingID: $f, departmentID: $d, title: "監査記録の様式整備", assigneeID: $u, dueDate: "2025-09-30"}) { id task { id } } }`,
				map[string]any{"f": findingID, "d": dept, "u": both})
			if len(res.Errors) > 0 {
				e.t.Fatalf("add corrective action: %v", res.Errors)
			}
			slot := e.post(o.owner, `mutation($a: ID!, $d: ID!, $u: ID!) { scheduleInterview(input: {auditID: $a, startsAt: "2025-06-01T10:00:00+09:00", endsAt: "2025-06-01T11:00:00+09:00", room: "第1会議室", departmentID: $d, intervieweeIDs: [$u]}) { id interviewees { id } } }`,
				map[string]any{"a": auditID, "d": dept, "u": owner})
			if len(slot.Errors) > 0 {
				e.t.Fatalf("schedule interview: %v", slot.Errors)
			}
			o.byType[i]["Interview"] = []string{field(slot.Data, "scheduleInterview", "id").(string)}
			o.byType[i]["InterviewParticipant"] = []string{field(slot.Data, "scheduleInterview", "interviewees").([]any)[0].(map[string]any)["id"].(string)}
			doc := e.post(o.owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "内部監査規程", kind: STANDARD, body: "本文"}) { openVersion { id } } }`, map[string]any{"c": c})
			if len(doc.Errors) > 0 {
				e.t.Fatalf("create document: %v", doc.Errors)
			}
			version := field(doc.Data, "createDocument", "openVersion", "id").(string)
			e.ok(o.owner, `mutation($v: ID!) { submitDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": version}, "submitDocumentVersion", "id")
			e.ok(o.consultants[i], `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": version}, "approveDocumentVersion", "id")
			request := e.ok(o.owner, `mutation($a: ID!) { fileAuditorRequest(input: {auditID: $a, question: "内部監査規程を提示してください"}) { id } }`, map[string]any{"a": auditID}, "fileAuditorRequest", "id")
			e.ok(o.owner, `mutation($r: ID!, $u: ID!, $d: ID!) { routeAuditorRequest(input: {id: $r, assigneeID: $u, departmentID: $d}) { id } }`, map[string]any{"r": request, "u": both, "d": dept}, "routeAuditorRequest", "id")
			answered := e.post(o.owner, `mutation($r: ID!, $v: ID!) { answerAuditorRequest(input: {id: $r, documentVersionIDs: [$v]}) { answerDocuments { id } task { id } } }`, map[string]any{"r": request, "v": version})
			if len(answered.Errors) > 0 {
				e.t.Fatalf("answer request: %v", answered.Errors)
			}
			o.byType[i]["AuditorRequest"] = []string{request}
			o.byType[i]["AuditEvidence"] = []string{e.ok(o.owner, `mutation($i: ID!, $v: ID!) { attachEvidence(input: {checklistItemID: $i, documentVersionID: $v, description: "規程の承認記録"}) { id } }`,
				map[string]any{"i": item, "v": version}, "attachEvidence", "id")}
			o.byType[i]["AuditorRequestComment"] = []string{e.ok(o.owner, `mutation($r: ID!) { commentOnAuditorRequest(input: {id: $r, text: "午後に提示します"}) { id } }`,
				map[string]any{"r": request}, "commentOnAuditorRequest", "id")}
			o.byType[i]["AuditorRequestDocument"] = []string{field(answered.Data, "answerAuditorRequest", "answerDocuments").([]any)[0].(map[string]any)["id"].(string)}
			o.byType[i]["Task"] = append(o.byType[i]["Task"], field(answered.Data, "answerAuditorRequest", "task", "id").(string))
			o.byType[i]["AuditProgramme"] = []string{programme}
			o.byType[i]["CompanyChecklist"] = []string{e.ok(o.owner, `mutation($t: ID!, $c: ID!) { copyChecklistTemplate(input: {templateID: $t, companyID: $c}) { id questions { question } } }`,
				map[string]any{"t": template, "c": c}, "copyChecklistTemplate", "id")}
			o.byType[i]["Audit"] = []string{auditID}
			o.byType[i]["AuditDepartment"] = []string{scope}
			o.byType[i]["AuditTeamMember"] = []string{team}
			o.byType[i]["ChecklistItem"] = []string{item}
			o.byType[i]["Finding"] = []string{findingID}
			o.byType[i]["FindingDepartment"] = []string{findingDept}
			o.byType[i]["CorrectiveAction"] = []string{field(res.Data, "addCorrectiveAction", "id").(string)}
			o.byType[i]["Task"] = append(o.byType[i]["Task"], field(res.Data, "addCorrectiveAction", "task", "id").(string))
			if i == 0 {
				o.own["finding"] = findingID
				o.own["audit"] = auditID
				// Open, so that routing it to a foreign person fails on the person alone.
				o.own["request"] = e.ok(o.owner, `mutation($a: ID!) { fileAuditorRequest(input: {auditID: $a, question: "教育記録を提示してください"}) { id } }`, map[string]any{"a": auditID}, "fileAuditorRequest", "id")
			}
		}
	})
}
