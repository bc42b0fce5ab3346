package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"secretariat/ent/audit"
	"secretariat/ent/document"
	"secretariat/ent/finding"
	"secretariat/ent/task"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const planAuditMutation = `mutation($input: PlanAuditInput!) { planAudit(input: $input) {
	id kind status clauses controls independenceOverride certificationBody
	leadAuditor { id } team { user { id } } scopeDepartments { department { id name } }
	checklist(first: 100) { totalCount edges { node { id position clause control question result } } }
} }`

const findingFields = `id source grade status clause control statement responseDue correction rootCause effectiveness
	audit { id } departments { department { name } } sites { site { id } } correctiveActions { department { name } task { id status source sourceID assignee { id } } }`

// TestAudits_AClientsYear walks a client company's audit year through the API: a programme with
// two internal audits (an auditor of its own department refused, then independent plans), a
// checklist from clauses 4 to 10 and ten controls, two nonconformities that become findings with
// corrective tasks for two departments, verified effective and closed; a STAGE2 certification
// audit whose MAJOR finding gets a corrective plan; the findings status before the next audit;
// what the certification auditor may and may not do; and the audit trail, intact.
func TestAudits_AClientsYear(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Year")
		c := w.companies[0]
		it := w.departments[0]
		sales := e.ok(w.owner, `mutation($c: ID!, $h: ID!) { createDepartment(input: {companyID: $c, name: "営業部", headID: $h}) { id } }`,
			map[string]any{"c": c, "h": w.users[w.member]}, "createDepartment", "id")
		audits := func() float64 {
			res := e.post(w.owner, `query($c: ID!) { node(id: $c) { ... on Company { audits { totalCount } } } }`, map[string]any{"c": c})
			require.Empty(t, res.Errors)
			return field(res.Data, "node", "audits", "totalCount").(float64)
		}

		programme := e.ok(w.secretariat, `mutation($c: ID!) { createAuditProgramme(input: {companyID: $c, title: "2026年度 内部監査プログラム", periodStart: "2026-04-01", periodEnd: "2027-03-31"}) { id } }`,
			map[string]any{"c": c}, "createAuditProgramme", "id")
		plan := map[string]any{
			"companyID": c, "programmeID": programme, "kind": "INTERNAL", "title": "内部監査（全部署）",
			"clauses":       []string{"4", "5", "6", "7", "8", "9", "10"},
			"controls":      []string{"5.1", "5.2", "5.15", "5.23", "6.3", "8.7", "8.13", "8.24", "5.10", "8.15"},
			"departmentIDs": []string{it, sales}, "siteIDs": []string{w.sites[0]}, "plannedStart": "2026-06-01", "plannedEnd": "2026-06-03",
			"leadAuditorID": w.users[w.member],
		}

		// The head of 営業部 may not audit it: refused, nothing planned.
		res := e.post(w.secretariat, planAuditMutation, map[string]any{"input": plan})
		require.Len(t, res.Errors, 1, "%v", res.Errors)
		assert.Equal(t, []any{"BAD_USER_INPUT", "NOT_INDEPENDENT", "leadAuditorID"},
			[]any{res.Errors[0].Extensions["code"], res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
		assert.Contains(t, res.Errors[0].Message, "営業部")
		assert.Zero(t, audits())

		// The secretariat leads, the consultant in the team: the checklist comes from the scope.
		plan["leadAuditorID"], plan["teamAuditorIDs"] = w.users[w.secretariat], []string{w.users[w.consultant]}
		first := e.create(w.secretariat, planAuditMutation, "planAudit", plan)
		assert.Equal(t, "PLANNED", first["status"])
		assert.Nil(t, first["independenceOverride"])
		assert.Equal(t, []any{"5.1", "5.2", "5.10", "5.15", "5.23", "6.3", "8.7", "8.13", "8.15", "8.24"}, first["controls"])
		checklist := field(first, "checklist", "edges").([]any)
		require.Len(t, checklist, 17)
		assert.Equal(t, 17.0, field(first, "checklist", "totalCount"))
		item := func(i int) map[string]any { return checklist[i].(map[string]any)["node"].(map[string]any) }
		assert.Equal(t, "4", item(0)["clause"])
		assert.Equal(t, "10", item(6)["clause"])
		assert.Equal(t, "5.1", item(7)["control"])
		assert.Contains(t, item(3)["question"], "箇条7")

		// The head of 営業部 audits 情報システム部 alone: independent.
		second := e.create(w.secretariat, planAuditMutation, "planAudit", map[string]any{
			"companyID": c, "programmeID": programme, "kind": "INTERNAL", "title": "内部監査（情報システム部）", "clauses": []string{"8"},
			"departmentIDs": []string{it}, "plannedStart": "2026-07-01", "plannedEnd": "2026-07-01", "leadAuditorID": w.users[w.member],
		})
		assert.Equal(t, w.users[w.member], field(second, "leadAuditor", "id"))
		assert.Equal(t, 2.0, audits())

		// The programme is documented information: published for approval with its audits.
		published := e.create(w.secretariat, `mutation($input: PublishAuditProgrammeInput!) { publishAuditProgramme(input: $input) {
			documentVersion { status body document { kind } } } }`, "publishAuditProgramme", map[string]any{"id": programme})
		assert.Equal(t, []any{"IN_REVIEW", "AUDIT_PROGRAMME"}, []any{field(published, "documentVersion", "status"), field(published, "documentVersion", "document", "kind")})
		for _, want := range []string{"# 2026年度 内部監査プログラム", "| 内部監査（全部署） | INTERNAL | 2026-06-01 – 2026-06-03 |", "| 内部監査（情報システム部） | INTERNAL | 2026-07-01 – 2026-07-01 | 8 |"} {
			assert.Contains(t, field(published, "documentVersion", "body"), want)
		}

		// On the day: results, two nonconformities raise two findings.
		e.ok(w.secretariat, `mutation($a: ID!) { setAuditStatus(input: {id: $a, status: IN_PROGRESS}) { status } }`, map[string]any{"a": first["id"]}, "setAuditStatus", "status")
		record := `mutation($input: RecordChecklistResultInput!) { recordChecklistResult(input: $input) { result evidence finding { ` + findingFields + ` } } }`
		for i := 0; i < 17; i++ {
			if i == 3 || i == 10 {
				continue
			}
			e.create(w.secretariat, record, "recordChecklistResult", map[string]any{"id": item(i)["id"], "result": "CONFORMING", "evidence": "記録を確認"})
		}
		documents := e.create(w.secretariat, record, "recordChecklistResult", map[string]any{
			"id": item(3)["id"], "result": "NONCONFORMITY", "notes": "文書化した情報の版管理が営業部で行われていない", "evidence": "営業部共有フォルダ",
		})
		access := e.create(w.secretariat, record, "recordChecklistResult", map[string]any{
			"id": item(10)["id"], "result": "NONCONFORMITY", "notes": "退職者のアカウントが残存している",
		})
		f1, f2 := documents["finding"].(map[string]any), access["finding"].(map[string]any)
		assert.Equal(t, []any{"INTERNAL_AUDIT", "MINOR", "OPEN", "7", nil}, []any{f1["source"], f1["grade"], f1["status"], f1["clause"], f1["control"]})
		assert.Equal(t, "5.15", f2["control"])
		assert.Equal(t, first["id"], field(f1, "audit", "id"))
		assert.Len(t, f1["departments"], 2, "a finding of the audit concerns the audit's departments")
		assert.Equal(t, []any{map[string]any{"site": map[string]any{"id": w.sites[0]}}}, f1["sites"], "and the audit's sites")

		// Evidence examined: a photograph kept with a checklist item, downloaded by the
		// secretariat, not found by the certification auditor, who is not on this audit.
		photo := []byte("\xff\xd8\xff\xe0 server room, rack 3")
		res = e.upload(w.secretariat, `mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) { id fileName fileContentType fileSize checklistItem { id } } }`,
			map[string]any{"input": map[string]any{"checklistItemID": item(0)["id"], "file": nil, "description": "サーバ室の施錠状況"}}, "variables.input.file", "rack3.jpg", photo)
		require.Empty(t, res.Errors)
		evidence := res.Data["attachEvidence"].(map[string]any)
		assert.Equal(t, []any{"rack3.jpg", "image/jpeg", float64(len(photo)), item(0)["id"]},
			[]any{evidence["fileName"], evidence["fileContentType"], evidence["fileSize"], field(evidence, "checklistItem", "id")})
		status, _, body := e.download(w.secretariat, "/files/audit-evidence/"+evidence["id"].(string))
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, photo, body)
		status, _, _ = e.download(w.auditor, "/files/audit-evidence/"+evidence["id"].(string))
		assert.Equal(t, http.StatusNotFound, status, "the internal audit's evidence, to the certification auditor")
		assert.NotNil(t, f1["responseDue"])

		// After: corrective tasks for two departments, done, verified, closed.
		addAction := `mutation($input: AddCorrectiveActionInput!) { addCorrectiveAction(input: $input) { department { name } task { id source sourceID status } } }`
		for _, a := range []struct {
			finding  map[string]any
			dept     string
			assignee string
			title    string
		}{
			{f1, sales, w.member, "営業部の文書管理手順の周知"},
			{f2, it, w.secretariat, "退職時アカウント削除手順の見直し"},
		} {
			ca := e.create(w.secretariat, addAction, "addCorrectiveAction", map[string]any{
				"findingID": a.finding["id"], "departmentID": a.dept, "title": a.title, "assigneeID": w.users[a.assignee], "dueDate": "2026-08-31",
			})
			assert.Equal(t, []any{"FINDING", a.finding["id"], "TODO"}, []any{field(ca, "task", "source"), field(ca, "task", "sourceID"), field(ca, "task", "status")})
			close := e.post(w.secretariat, `mutation($f: ID!) { closeFinding(input: {id: $f}) { id } }`, map[string]any{"f": a.finding["id"]})
			var fields []any
			for _, err := range close.Errors {
				assert.Equal(t, "INCOMPLETE", err.Extensions["reason"])
				fields = append(fields, err.Extensions["field"])
			}
			assert.Equal(t, []any{"correctiveActions", "rootCause", "effectiveness"}, fields)

			e.ok(a.assignee, `mutation($t: ID!) { setTaskStatus(input: {id: $t, status: DONE, note: "実施済み"}) { status } }`, map[string]any{"t": field(ca, "task", "id")}, "setTaskStatus", "status")
			e.ok(w.secretariat, `mutation($f: ID!) { respondToFinding(input: {id: $f, correction: "該当箇所を是正", rootCause: "手順が周知されていなかった"}) { id } }`,
				map[string]any{"f": a.finding["id"]}, "respondToFinding", "id")
			e.ok(w.secretariat, `mutation($f: ID!, $u: ID!) { reviewEffectiveness(input: {findingID: $f, result: EFFECTIVE, reviewerID: $u, reviewedOn: "2026-10-01", evidence: "3か月間の記録で再発なし"}) { effectiveness } }`,
				map[string]any{"f": a.finding["id"], "u": w.users[w.owner]}, "reviewEffectiveness", "effectiveness")
			assert.Equal(t, "CLOSED", e.ok(w.secretariat, `mutation($f: ID!) { closeFinding(input: {id: $f}) { status } }`, map[string]any{"f": a.finding["id"]}, "closeFinding", "status"))
		}
		completed := e.create(w.secretariat, `mutation($input: SetAuditStatusInput!) { setAuditStatus(input: $input) {
			status reportVersion { id status body fileName document { kind title } } } }`, "setAuditStatus", map[string]any{"id": first["id"], "status": "COMPLETED"})
		assert.Equal(t, "COMPLETED", completed["status"])
		assert.Equal(t, []any{"IN_REVIEW", "AUDIT_REPORT", "内部監査報告書 内部監査（全部署）"},
			[]any{field(completed, "reportVersion", "status"), field(completed, "reportVersion", "document", "kind"), field(completed, "reportVersion", "document", "title")},
			"completing the audit drafts its report for approval")
		assert.Contains(t, field(completed, "reportVersion", "body"), "退職者のアカウントが残存している")
		assert.Contains(t, field(completed, "reportVersion", "body"), "- 対象拠点: 本社")
		// The checklist, as the workbook of the checklist export, is the report's file.
		assert.Equal(t, "チェックリスト.xlsx", field(completed, "reportVersion", "fileName"))
		status, _, body = e.download(w.secretariat, "/files/document-versions/"+field(completed, "reportVersion", "id").(string))
		require.Equal(t, http.StatusOK, status)
		book, err := excelize.OpenReader(bytes.NewReader(body))
		require.NoError(t, err)
		rows, err := book.GetRows(book.GetSheetName(0))
		require.NoError(t, err)
		require.Len(t, rows, 18, "a header and the 17 items")
		assert.Equal(t, item(3)["id"], rows[4][1])
		assert.Contains(t, rows[4], "NONCONFORMITY")
		require.NoError(t, book.Close())

		// The certification audit: a MAJOR finding with its corrective plan.
		stage2 := e.create(w.secretariat, planAuditMutation, "planAudit", map[string]any{
			"companyID": c, "kind": "STAGE2", "title": "第二段階審査", "certificationBody": "一般財団法人 日本品質保証機構",
			"externalLeadAuditor": "審査 太郎", "clauses": []string{"4", "5", "6", "7", "8", "9", "10"},
			"plannedStart": "2026-11-10", "plannedEnd": "2026-11-12", "majorResponseDays": 30,
			"externalAuditorIDs": []string{w.users[w.auditor]},
		})
		assert.Equal(t, 0.0, field(stage2, "checklist", "totalCount"), "a certification body brings its own checklist")
		e.ok(w.secretariat, `mutation($a: ID!) { setAuditStatus(input: {id: $a, status: IN_PROGRESS}) { status } }`, map[string]any{"a": stage2["id"]}, "setAuditStatus", "status")

		// The audit day's timetable: a person in two slots at once is refused, naming the clash.
		schedule := `mutation($input: ScheduleInterviewInput!) { scheduleInterview(input: $input) { id startsAt room department { name } interviewees { user { id } } } }`
		slot := func(from, to, room string, people ...string) map[string]any {
			return map[string]any{"auditID": stage2["id"], "startsAt": from, "endsAt": to, "room": room, "intervieweeIDs": people, "clauses": []string{"5.1"}, "auditorName": "審査 太郎"}
		}
		topManagement := e.create(w.secretariat, schedule, "scheduleInterview", slot("2026-11-10T10:00:00+09:00", "2026-11-10T11:00:00+09:00", "役員会議室", w.users[w.owner]))
		opening := e.create(w.secretariat, schedule, "scheduleInterview", slot("2026-11-10T09:00:00+09:00", "2026-11-10T09:30:00+09:00", "大会議室", w.users[w.owner], w.users[w.secretariat]))
		res = e.post(w.secretariat, schedule, map[string]any{"input": slot("2026-11-10T10:30:00+09:00", "2026-11-10T11:30:00+09:00", "第2会議室", w.users[w.member], w.users[w.owner])})
		require.Len(t, res.Errors, 1, "%v", res.Errors)
		assert.Equal(t, []any{"SCHEDULE_CLASH", "intervieweeIDs.1"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
		assert.Contains(t, res.Errors[0].Message, topManagement["id"])
		sales2 := slot("2026-11-10T11:00:00+09:00", "2026-11-10T12:00:00+09:00", "第2会議室", w.users[w.member])
		sales2["departmentID"] = sales
		salesSlot := e.create(w.secretariat, schedule, "scheduleInterview", sales2)
		res = e.post(w.secretariat, `query($a: ID!) { auditDay(auditID: $a, date: "2026-11-10") { id room } }`, map[string]any{"a": stage2["id"]})
		require.Empty(t, res.Errors)
		var day []any
		for _, s := range res.Data["auditDay"].([]any) {
			day = append(day, s.(map[string]any)["id"])
		}
		assert.Equal(t, []any{opening["id"], topManagement["id"], salesSlot["id"]}, day, "the day in time order")
		major := e.create(w.secretariat, `mutation($input: RaiseFindingInput!) { raiseFinding(input: $input) { `+findingFields+` } }`, "raiseFinding", map[string]any{
			"companyID": c, "auditID": stage2["id"], "grade": "MAJOR", "clause": "9.2", "statement": "内部監査が一部の部署で実施されていない",
			"departmentIDs": []string{sales},
		})
		assert.Equal(t, []any{"CERTIFICATION_AUDIT", "MAJOR", "OPEN"}, []any{major["source"], major["grade"], major["status"]})
		e.create(w.secretariat, addAction, "addCorrectiveAction", map[string]any{
			"findingID": major["id"], "departmentID": sales, "title": "営業部の内部監査を実施", "assigneeID": w.users[w.member], "dueDate": "2026-01-15",
		})

		// The improvement report, drafted from the finding and its plan, then approved.
		e.ok(w.secretariat, `mutation($f: ID!) { respondToFinding(input: {id: $f, correction: "未実施部署の監査を計画", rootCause: "内部監査員の不足"}) { id } }`,
			map[string]any{"f": major["id"]}, "respondToFinding", "id")
		drafted := e.create(w.secretariat, `mutation($input: DraftImprovementReportInput!) { draftImprovementReport(input: $input) {
			improvementReportVersion { id status body document { kind } } } }`, "draftImprovementReport", map[string]any{"auditID": stage2["id"]})
		report := drafted["improvementReportVersion"].(map[string]any)
		assert.Equal(t, []any{"IN_REVIEW", "IMPROVEMENT_REPORT"}, []any{report["status"], field(report, "document", "kind")})
		for _, want := range []string{"内部監査が一部の部署で実施されていない", "内部監査員の不足", "営業部の内部監査を実施"} {
			assert.Contains(t, report["body"], want)
		}
		assert.Equal(t, "APPROVED", e.ok(w.owner, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { status } }`, map[string]any{"v": report["id"]}, "approveDocumentVersion", "status"))
		// Reported to the security committee: an agenda item presents it.
		meeting := e.ok(w.secretariat, `mutation($c: ID!) { createMeeting(input: {companyID: $c, kind: COMMITTEE, title: "情報セキュリティ委員会", scheduledAt: "2026-12-10T10:00:00+09:00"}) { id } }`,
			map[string]any{"c": c}, "createMeeting", "id")
		agenda := e.create(w.secretariat, `mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { title documentVersion { id document { kind } } } }`, "addAgendaItem",
			map[string]any{"meetingID": meeting, "title": "認証審査の改善報告", "documentVersionID": report["id"]})
		assert.Equal(t, map[string]any{"id": report["id"], "document": map[string]any{"kind": "IMPROVEMENT_REPORT"}}, agenda["documentVersion"])
		elsewhere := e.ok(w.owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "別会社の方針", kind: POLICY, body: "x"}) { openVersion { id } } }`,
			map[string]any{"c": w.companies[1]}, "createDocument", "openVersion", "id")
		res = e.post(w.secretariat, `mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id } }`,
			map[string]any{"input": map[string]any{"meetingID": meeting, "title": "x", "documentVersionID": elsewhere}})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"UNKNOWN_ID", "documentVersionID"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})

		// Before the next audit: everything with its state.
		res = e.post(w.secretariat, `query($c: ID!) { findingsStatus(companyID: $c) {
			company { id } open closed notEffective responseOverdue openByGrade { grade count }
			departments { department { name } open overdue } } }`, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		st := res.Data["findingsStatus"].(map[string]any)
		assert.Equal(t, c, field(st, "company", "id"))
		assert.Equal(t, []any{1.0, 2.0, 0.0}, []any{st["open"], st["closed"], st["notEffective"]})
		assert.Equal(t, map[string]any{"grade": "MAJOR", "count": 1.0}, st["openByGrade"].([]any)[0])
		assert.Equal(t, []any{map[string]any{"department": map[string]any{"name": "営業部"}, "open": 1.0, "overdue": 1.0}}, st["departments"])
		res = e.post(w.secretariat, `query($c: ID!) { node(id: $c) { ... on Company {
			open: findings(where: {status: OPEN}) { nodes { grade statement } }
			closed: findings(where: {status: CLOSED}) { totalCount } } } }`, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{map[string]any{"grade": "MAJOR", "statement": "内部監査が一部の部署で実施されていない"}}, field(res.Data, "node", "open", "nodes"))
		assert.Equal(t, 2.0, field(res.Data, "node", "closed", "totalCount"))

		// The certification auditor files three requests; the secretariat routes them, answers
		// with the approved policy, and the auditor accepts. It never sees the policy's draft.
		doc := e.post(w.secretariat, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "情報セキュリティ基本方針", kind: POLICY, body: "第1版"}) { id openVersion { id } } }`, map[string]any{"c": c})
		require.Empty(t, doc.Errors)
		approved := field(doc.Data, "createDocument", "openVersion", "id").(string)
		e.ok(w.secretariat, `mutation($v: ID!) { submitDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": approved}, "submitDocumentVersion", "id")
		e.ok(w.owner, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": approved}, "approveDocumentVersion", "id")
		draft := e.ok(w.secretariat, `mutation($d: ID!) { createDocumentVersion(input: {documentID: $d, body: "改訂案"}) { id } }`,
			map[string]any{"d": field(doc.Data, "createDocument", "id")}, "createDocumentVersion", "id")

		file := `mutation($input: FileAuditorRequestInput!) { fileAuditorRequest(input: $input) { id number status filedBy { id } } }`
		var requests []string
		for i, q := range []string{"情報セキュリティ基本方針の最新版", "リスク対応計画の承認記録", "教育・訓練の実施記録"} {
			r := e.create(w.auditor, file, "fileAuditorRequest", map[string]any{"auditID": stage2["id"], "question": q, "clause": "5.2", "wantedBy": "2026-11-10T15:00:00+09:00"})
			assert.Equal(t, []any{float64(i + 1), "OPEN", w.users[w.auditor]}, []any{r["number"], r["status"], field(r, "filedBy", "id")})
			requests = append(requests, r["id"].(string))
		}
		route := `mutation($input: RouteAuditorRequestInput!) { routeAuditorRequest(input: $input) { status department { name } task { source priority dueDate assignee { id } } } }`
		for _, r := range requests {
			routed := e.create(w.secretariat, route, "routeAuditorRequest", map[string]any{"id": r, "assigneeID": w.users[w.member], "departmentID": sales})
			assert.Equal(t, []any{"ROUTED", "AUDITOR_REQUEST", "URGENT", "2026-11-10"},
				[]any{routed["status"], field(routed, "task", "source"), field(routed, "task", "priority"), field(routed, "task", "dueDate")})
		}
		res = e.post(w.secretariat, `query($a: ID!) { node(id: $a) { ... on Audit {
			requests(where: {statusIn: [OPEN, ROUTED, REOPENED]}, orderBy: {field: CREATED_AT}) { totalCount nodes { number } } } } }`, map[string]any{"a": stage2["id"]})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{map[string]any{"number": 1.0}, map[string]any{"number": 2.0}, map[string]any{"number": 3.0}}, field(res.Data, "node", "requests", "nodes"), "the live queue, oldest first")
		answer := `mutation($input: AnswerAuditorRequestInput!) { answerAuditorRequest(input: $input) { status task { status } answerDocuments { documentVersion { id } } } }`
		res = e.post(w.secretariat, answer, map[string]any{"input": map[string]any{"id": requests[0], "documentVersionIDs": []string{draft}}})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"INVALID_VALUE", "documentVersionIDs.0"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]}, "a draft is never handed over")
		// The auditor and the secretariat discuss the first request; a log extract goes with
		// the answer, and the auditor downloads it.
		comment := `mutation($input: CommentOnAuditorRequestInput!) { commentOnAuditorRequest(input: $input) { text author { id } } }`
		asked := e.create(w.auditor, comment, "commentOnAuditorRequest", map[string]any{"id": requests[0], "text": "署名のある版をお願いします"})
		assert.Equal(t, w.users[w.auditor], field(asked, "author", "id"))
		e.create(w.secretariat, comment, "commentOnAuditorRequest", map[string]any{"id": requests[0], "text": "承認済みの版を添付します"})
		logExtract := []byte("2026-11-10 09:12 door 3 opened by card 0042\n")
		res = e.upload(w.secretariat, `mutation($input: AttachEvidenceInput!) { attachEvidence(input: $input) { id request { id } } }`,
			map[string]any{"input": map[string]any{"auditorRequestID": requests[0], "file": nil}}, "variables.input.file", "door.log", logExtract)
		require.Empty(t, res.Errors)
		answerFile := field(res.Data, "attachEvidence", "id").(string)
		for _, r := range requests {
			answered := e.create(w.secretariat, answer, "answerAuditorRequest", map[string]any{"id": r, "answer": "添付のとおりです", "documentVersionIDs": []string{approved}})
			assert.Equal(t, []any{"ANSWERED", "DONE"}, []any{answered["status"], field(answered, "task", "status")})
			assert.Equal(t, "ACCEPTED", e.ok(w.auditor, `mutation($r: ID!) { acceptAuditorRequest(input: {id: $r}) { status } }`, map[string]any{"r": r}, "acceptAuditorRequest", "status"))
		}

		// What the auditor sees: its audit's requests and the approved version they hand over;
		// not the draft, not the internal audits, not another company's requests.
		res = e.post(w.auditor, `query($c: ID!, $a: ID!, $draft: ID!) {
			company: node(id: $c) { ... on Company { audits { totalCount } findings { totalCount } } }
			audit: node(id: $a) { ... on Audit { requests(orderBy: {field: NUMBER}) { totalCount nodes { status answerDocuments { documentVersion { id body } } answerFiles { id fileName } comments { text } } } } }
			draft: node(id: $draft) { id } }`, map[string]any{"c": c, "a": stage2["id"], "draft": draft})
		require.Len(t, res.Errors, 1, "%v", res.Errors)
		assert.Equal(t, "NOT_FOUND", res.Errors[0].Extensions["code"], "the draft")
		assert.Nil(t, res.Data["draft"])
		assert.Equal(t, []any{1.0, 1.0}, []any{field(res.Data, "company", "audits", "totalCount"), field(res.Data, "company", "findings", "totalCount")}, "its audit and the finding it raised")
		assert.Equal(t, 3.0, field(res.Data, "audit", "requests", "totalCount"))
		firstRequest := field(res.Data, "audit", "requests", "nodes").([]any)[0].(map[string]any)
		assert.Equal(t, map[string]any{"id": approved, "body": "第1版"}, firstRequest["answerDocuments"].([]any)[0].(map[string]any)["documentVersion"])
		assert.Equal(t, []any{map[string]any{"id": answerFile, "fileName": "door.log"}}, firstRequest["answerFiles"])
		assert.Equal(t, []any{map[string]any{"text": "署名のある版をお願いします"}, map[string]any{"text": "承認済みの版を添付します"}}, firstRequest["comments"])
		status, _, body = e.download(w.auditor, "/files/audit-evidence/"+answerFile)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, logExtract, body)
		other := e.ok(w.owner, `mutation($c: ID!) { planAudit(input: {companyID: $c, kind: SURVEILLANCE, title: "維持審査", certificationBody: "JQA", plannedStart: "2027-11-10", plannedEnd: "2027-11-10"}) { id } }`,
			map[string]any{"c": w.companies[1]}, "planAudit", "id")
		otherRequest := e.ok(w.owner, `mutation($a: ID!) { fileAuditorRequest(input: {auditID: $a, question: "別会社の依頼"}) { id } }`, map[string]any{"a": other}, "fileAuditorRequest", "id")
		res = e.post(w.auditor, `query($r: ID!) { node(id: $r) { id } }`, map[string]any{"r": otherRequest})
		require.NotEmpty(t, res.Errors)
		assert.Equal(t, "NOT_FOUND", res.Errors[0].Extensions["code"], "another company's request")
		res = e.post(w.auditor, `mutation($c: ID!) { raiseFinding(input: {companyID: $c, source: DIRECT, grade: MINOR, statement: "x"}) { id } }`, map[string]any{"c": c})
		require.NotEmpty(t, res.Errors)
		assert.Equal(t, "FORBIDDEN", res.Errors[0].Extensions["code"], "the auditor writes nothing but its requests")

		// Nor does its audit trail tell what the draft said or what the internal audits found.
		trail := `query($c: ID!, $hidden: [ID!], $shown: [ID!]) {
			hidden: auditEvents(companyID: $c, where: {entityIDIn: $hidden}) { totalCount }
			shown: auditEvents(companyID: $c, where: {entityIDIn: $shown}) { totalCount } }`
		vars := map[string]any{"c": c, "hidden": []string{draft, first["id"].(string), second["id"].(string), f1["id"].(string), programme}, "shown": []string{stage2["id"].(string), approved}}
		for _, who := range []struct {
			token  string
			hidden bool
		}{{w.auditor, true}, {w.secretariat, false}} {
			res = e.post(who.token, trail, vars)
			require.Empty(t, res.Errors)
			assert.Positive(t, field(res.Data, "shown", "totalCount"))
			if who.hidden {
				assert.Zero(t, field(res.Data, "hidden", "totalCount"), "the auditor's trail")
			} else {
				assert.Positive(t, field(res.Data, "hidden", "totalCount"), "the secretariat's trail")
			}
		}

		// The company's certification follows its audits: the next audit, then the certificate.
		certification := `query($c: ID!) { node(id: $c) { ... on Company { nextAuditOn certificationBody certificateNumber certificateExpiresOn } } }`
		res = e.post(w.secretariat, certification, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		assert.Equal(t, map[string]any{"nextAuditOn": "2026-11-10", "certificationBody": "一般財団法人 日本品質保証機構", "certificateNumber": nil, "certificateExpiresOn": nil}, res.Data["node"])
		e.ok(w.secretariat, `mutation($a: ID!) { setAuditStatus(input: {id: $a, status: COMPLETED, certificateNumber: "JQA-IM0001", certificateExpiresOn: "2029-11-30"}) { status } }`,
			map[string]any{"a": stage2["id"]}, "setAuditStatus", "status")
		res = e.post(w.secretariat, certification, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{"JQA-IM0001", "2029-11-30"}, []any{field(res.Data, "node", "certificateNumber"), field(res.Data, "node", "certificateExpiresOn")})

		// Every step is in the audit trail, and the trail holds.
		res = e.post(w.owner, verifyTrail, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, true, field(res.Data, "verifyAuditTrail", "intact"))
		res = e.post(w.owner, `query($c: ID!) { findings: auditEvents(companyID: $c, where: {entityType: "Finding"}) { totalCount }
			actions: auditEvents(companyID: $c, where: {entityType: "CorrectiveAction"}) { totalCount } }`, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		assert.Equal(t, 3.0, field(res.Data, "actions", "totalCount"), "one event per corrective action")
		assert.Greater(t, field(res.Data, "findings", "totalCount"), 3.0, "the findings' creation and every later step")
	})
}

// TestAudits_AListCostsTheSameStatementsForOneFindingOrMany reads a company's audits with their
// scope, checklists, timetables and requests (with the documents and files handed over and the
// comments), and its findings with their audit, departments, sites, evidence and corrective
// actions (task, assignee, department), for one of each and for many: the same number of
// statements.
func TestAudits_AListCostsTheSameStatementsForOneFindingOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			write := func(token string, company string, n int) {
				ctx := viewer.NewContext(context.Background(), e.viewers[token])
				c := pulid.ID(company)
				user := e.viewers[token].UserID
				dept := db.Client.Department.Create().SetCompanyID(c).SetName("情報システム部").SaveX(ctx)
				site := db.Client.Site.Create().SetCompanyID(c).SetName("本社").SaveX(ctx)
				for i := range n {
					a := db.Client.Audit.Create().SetCompanyID(c).SetKind(audit.KindINTERNAL).SetTitle(fmt.Sprintf("内部監査 %d", i)).SetLeadAuditorID(user).SaveX(ctx)
					db.Client.AuditDepartment.Create().SetCompanyID(c).SetAuditID(a.ID).SetDepartmentID(dept.ID).ExecX(ctx)
					f := db.Client.Finding.Create().SetCompanyID(c).SetAuditID(a.ID).SetSource(finding.SourceINTERNAL_AUDIT).SetGrade(finding.GradeMINOR).SetStatement(fmt.Sprint(i)).SaveX(ctx)
					db.Client.ChecklistItem.Create().SetCompanyID(c).SetAuditID(a.ID).SetPosition(1).SetQuestion("質問").SetFindingID(f.ID).ExecX(ctx)
					db.Client.FindingDepartment.Create().SetCompanyID(c).SetFindingID(f.ID).SetDepartmentID(dept.ID).ExecX(ctx)
					tk := db.Client.Task.Create().SetCompanyID(c).SetTitle("是正").SetAssigneeID(user).SetSource(task.SourceFINDING).SetSourceID(f.ID).SaveX(ctx)
					db.Client.CorrectiveAction.Create().SetCompanyID(c).SetFindingID(f.ID).SetDepartmentID(dept.ID).SetTaskID(tk.ID).ExecX(ctx)
					at := time.Date(2027, 6, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
					slot := db.Client.Interview.Create().SetCompanyID(c).SetAuditID(a.ID).SetStartsAt(at).SetEndsAt(at.Add(time.Hour)).SetRoom("会議室").SaveX(ctx)
					db.Client.InterviewParticipant.Create().SetCompanyID(c).SetInterviewID(slot.ID).SetUserID(user).ExecX(ctx)
					r := db.Client.AuditorRequest.Create().SetCompanyID(c).SetAuditID(a.ID).SetNumber(1).SetQuestion("記録を提示").SetFiledByID(user).SetTaskID(tk.ID).SaveX(ctx)
					doc := db.Client.Document.Create().SetCompanyID(c).SetCode(fmt.Sprintf("ISMS-X-%03d", i)).SetTitle("文書").SetKind(document.KindOTHER).SaveX(ctx)
					v := db.Client.DocumentVersion.Create().SetCompanyID(c).SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).SetBody("本文").SetAuthorID(user).SaveX(ctx)
					db.Client.AuditorRequestDocument.Create().SetCompanyID(c).SetRequestID(r.ID).SetDocumentVersionID(v.ID).ExecX(ctx)
					db.Client.AuditSite.Create().SetCompanyID(c).SetAuditID(a.ID).SetSiteID(site.ID).ExecX(ctx)
					db.Client.FindingSite.Create().SetCompanyID(c).SetFindingID(f.ID).SetSiteID(site.ID).ExecX(ctx)
					db.Client.AuditEvidence.Create().SetCompanyID(c).SetFindingID(f.ID).SetDocumentVersionID(v.ID).ExecX(ctx)
					db.Client.AuditEvidence.Create().SetCompanyID(c).SetRequestID(r.ID).SetFileKey("0").SetFileName("log.txt").ExecX(ctx)
					db.Client.AuditorRequestComment.Create().SetCompanyID(c).SetRequestID(r.ID).SetAuthorID(user).SetText("コメント").ExecX(ctx)
				}
			}
			one, oneCompanies := e.tenant("one", 1)
			many, manyCompanies := e.tenant("many", 1)
			write(one, oneCompanies[0], 1)
			write(many, manyCompanies[0], 40)

			const list = `{ companies(first: 1) { edges { node {
				audits(first: 50) { edges { node { title leadAuditor { name } scopeDepartments { department { name } } scopeSites { site { name } }
					checklist(first: 5) { edges { node { question finding { grade } } } }
					interviews(first: 3) { nodes { room interviewees { user { name } } } }
					requests(first: 3) { nodes { number filedBy { name } task { title } answerDocuments { documentVersion { body document { title } } }
						answerFiles { fileName } comments { text author { name } } } } } } }
				findings(first: 50) { totalCount edges { node { grade statement audit { title }
					departments { department { name } } sites { site { name } }
					evidenceItems { description documentVersion { body } }
					correctiveActions { department { name } task { title status assignee { name } } } } } } } } } }`
			statements := func(token string, findings int) int {
				counter.Reset()
				res := e.post(token, list, nil)
				require.Empty(t, res.Errors)
				company := edgeNodes(res.Data["companies"].(map[string]any))[0].(map[string]any)
				require.Len(t, edgeNodes(company["findings"].(map[string]any)), findings)
				return counter.Count()
			}
			forOne, forMany := statements(one, 1), statements(many, 40)
			t.Logf("%s: %d statements for 1 audit and finding, %d for 40", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}
