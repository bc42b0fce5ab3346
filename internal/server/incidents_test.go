package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/incident"
	"secretariat/ent/incidentevent"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const reportIncidentMutation = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
	id number status routing category personalData reporter { id } assignee { id } site { name }
	task { source sourceID priority assignee { id } }
	deadlines { id regime kind dueOn filedOn overdue task { dueDate assignee { id } } } } }`

// TestIncidents_OneChannelFromReportToClosure runs the incident channel through the API on both
// databases: a member reports a personal-data misdelivery at a site; with VIA_SECRETARIAT it
// lands at the incident desk, with TO_RISK_OWNER at the owner of the affected asset's risk; the
// member reads its own reports only; triage, timeline, containment, a new risk linked and a
// finding raised from it, closure; the two legal deadlines, one of them overdue; and the totals
// for the consultant over two clients and for the firm over its two sites.
func TestIncidents_OneChannelFromReportToClosure(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Incident")
		c := w.companies[0]
		e.ok(w.owner, `mutation($c: ID!, $u: ID!) { assignSecretariatResponsibility(input: {companyID: $c, userID: $u, responsibility: INCIDENT_DESK}) { id } }`,
			map[string]any{"c": c, "u": w.users[w.secretariat]}, "assignSecretariatResponsibility", "id")
		osaka := e.ok(w.owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "大阪支店"}) { id } }`, map[string]any{"c": c}, "createSite", "id")
		laptop := e.asset(w.owner, map[string]any{"companyID": c, "name": "営業用ノートPC", "type": "HARDWARE"})["id"]
		e.risk(w.owner, map[string]any{"companyID": c, "title": "ノートPCからの情報漏えい", "likelihood": 2, "impact": 3, "ownerID": w.users[w.consultant], "assetIDs": []any{laptop}})

		// Discovered ten days ago: the preliminary report (5 days) is already overdue.
		discovered := time.Now().In(date.Calendar).AddDate(0, 0, -10)
		report := map[string]any{
			"companyID": c, "title": "見積書を別の顧客にメール誤送信", "category": "MISDELIVERY", "siteID": osaka,
			"discoveredAt": discovered.Format(time.RFC3339), "assetIDs": []any{laptop}, "personalData": true,
			"description": "宛先の候補表示から誤って選択した",
		}
		first := e.create(w.member, reportIncidentMutation, "reportIncident", report)
		assert.Equal(t, []any{1.0, "REPORTED", "VIA_SECRETARIAT", w.users[w.member], w.users[w.secretariat], "大阪支店"},
			[]any{first["number"], first["status"], first["routing"], field(first, "reporter", "id"), field(first, "assignee", "id"), field(first, "site", "name")})
		assert.Equal(t, []any{"INCIDENT", first["id"], "URGENT", w.users[w.secretariat]},
			[]any{field(first, "task", "source"), field(first, "task", "sourceID"), field(first, "task", "priority"), field(first, "task", "assignee", "id")}, "it lands in triage")
		deadlines := first["deadlines"].([]any)
		require.Len(t, deadlines, 2)
		day := date.Of(discovered)
		assert.Equal(t, map[string]any{"regime": "JP_APPI", "kind": "PRELIMINARY", "dueOn": day.AddDays(5).String(), "filedOn": nil, "overdue": true},
			pick(deadlines[0], "regime", "kind", "dueOn", "filedOn", "overdue"))
		assert.Equal(t, map[string]any{"regime": "JP_APPI", "kind": "FINAL", "dueOn": day.AddDays(30).String(), "filedOn": nil, "overdue": false},
			pick(deadlines[1], "regime", "kind", "dueOn", "filedOn", "overdue"))
		assert.Equal(t, w.users[w.secretariat], field(deadlines[1].(map[string]any), "task", "assignee", "id"))

		// The company routes straight to the risk owner: the next report lands at the consultant.
		res := e.post(w.member, `mutation($c: ID!) { setIncidentRouting(input: {companyID: $c, routing: TO_RISK_OWNER}) { id } }`, map[string]any{"c": c})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "FORBIDDEN", res.Errors[0].Extensions["code"])
		assert.Equal(t, "TO_RISK_OWNER", e.ok(w.secretariat, `mutation($c: ID!) { setIncidentRouting(input: {companyID: $c, routing: TO_RISK_OWNER}) { incidentRouting } }`,
			map[string]any{"c": c}, "setIncidentRouting", "incidentRouting"))
		second := e.create(w.member, reportIncidentMutation, "reportIncident", report)
		assert.Equal(t, []any{"TO_RISK_OWNER", w.users[w.consultant]}, []any{second["routing"], field(second, "assignee", "id")}, "at the risk owner")

		// A report of the owner is not the member's to read.
		byOwner := e.create(w.owner, reportIncidentMutation, "reportIncident", map[string]any{"companyID": c, "title": "不審なメール", "category": "PHISHING", "discoveredAt": discovered.Format(time.RFC3339)})
		res = e.post(w.member, `query($c: ID!, $o: ID!) { company: node(id: $c) { ... on Company { incidents { totalCount } } } other: node(id: $o) { id } }`, map[string]any{"c": c, "o": byOwner["id"]})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "NOT_FOUND", res.Errors[0].Extensions["code"])
		assert.Equal(t, 2.0, field(res.Data, "company", "incidents", "totalCount"), "the member's own two reports")

		// Handling: triage, a note, containment, a new risk linked, a finding, closure.
		id := first["id"]
		res = e.post(w.member, `mutation($i: ID!) { triageIncident(input: {id: $i, severity: HIGH}) { id } }`, map[string]any{"i": id})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "FORBIDDEN", res.Errors[0].Extensions["code"], "the reporter does not triage")
		triaged := e.create(w.secretariat, `mutation($input: TriageIncidentInput!) { triageIncident(input: $input) { status severity triagedAt } }`, "triageIncident",
			map[string]any{"id": id, "severity": "HIGH", "note": "顧客へ削除依頼済み"})
		assert.Equal(t, []any{"TRIAGED", "HIGH"}, []any{triaged["status"], triaged["severity"]})
		e.create(w.member, `mutation($input: AddIncidentNoteInput!) { addIncidentNote(input: $input) { id } }`, "addIncidentNote",
			map[string]any{"id": id, "kind": "COMMENT", "text": "送信先から削除済みとの返信あり"})
		e.create(w.secretariat, `mutation($input: SetIncidentStatusInput!) { setIncidentStatus(input: $input) { status } }`, "setIncidentStatus",
			map[string]any{"id": id, "status": "CONTAINED", "note": "削除を確認"})
		newRisk := e.risk(w.secretariat, map[string]any{"companyID": c, "title": "メール誤送信による個人情報の漏えい", "likelihood": 3, "impact": 3})["id"]
		linked := e.create(w.secretariat, `mutation($input: LinkIncidentInput!) { linkIncident(input: $input) { controls riskLinks { risk { title } } } }`, "linkIncident",
			map[string]any{"id": id, "riskIDs": []any{newRisk}, "controls": []any{"5.34", "5.14"}})
		assert.Equal(t, []any{"5.14", "5.34"}, linked["controls"])
		assert.Equal(t, "メール誤送信による個人情報の漏えい", field(linked["riskLinks"].([]any)[0].(map[string]any), "risk", "title"))
		found := e.create(w.secretariat, `mutation($input: RaiseFindingInput!) { raiseFinding(input: $input) { source incident { id } } }`, "raiseFinding",
			map[string]any{"companyID": c, "incidentID": id, "grade": "MINOR", "control": "5.14", "statement": "送信前の宛先確認が手順化されていない"})
		assert.Equal(t, []any{"INCIDENT", id}, []any{found["source"], field(found, "incident", "id")})
		filed := e.create(w.secretariat, `mutation($input: FileIncidentReportInput!) { fileIncidentReport(input: $input) { filedOn overdue } }`, "fileIncidentReport",
			map[string]any{"deadlineID": field(deadlines[0].(map[string]any), "id"), "filedOn": day.AddDays(6).String(), "note": "受付番号 PPC-0001"})
		assert.Equal(t, map[string]any{"filedOn": day.AddDays(6).String(), "overdue": false}, filed)
		closed := e.create(w.secretariat, `mutation($input: SetIncidentStatusInput!) { setIncidentStatus(input: $input) { status closedAt task { status } } }`, "setIncidentStatus",
			map[string]any{"id": id, "status": "CLOSED"})
		assert.Equal(t, []any{"CLOSED", "DONE"}, []any{closed["status"], field(closed, "task", "status")})
		res = e.post(w.member, `query($i: ID!) { node(id: $i) { ... on Incident { timeline { kind text actor { id } } findings { statement } } } }`, map[string]any{"i": id})
		require.Empty(t, res.Errors)
		var kinds []any
		for _, entry := range field(res.Data, "node", "timeline").([]any) {
			kinds = append(kinds, entry.(map[string]any)["kind"])
		}
		assert.Equal(t, []any{"REPORTED", "TRIAGED", "COMMENT", "STATUS", "LINKED", "REPORT_FILED", "STATUS"}, kinds, "the reporter reads the timeline of its report")

		// The firm's two sites, and the consultant's two clients.
		e.create(w.member, reportIncidentMutation, "reportIncident", map[string]any{"companyID": c, "title": "USBメモリの紛失", "category": "LOSS_THEFT", "siteID": w.sites[0], "discoveredAt": discovered.Format(time.RFC3339)})
		e.create(w.consultant, reportIncidentMutation, "reportIncident", map[string]any{"companyID": w.companies[1], "title": "ランサムウェア感染", "category": "MALWARE", "discoveredAt": discovered.Format(time.RFC3339)})
		stats := `query($c: [ID!], $from: Date!, $to: Date!) { incidentStatistics(companyIDs: $c, from: $from, to: $to) {
			total personalData reportsOverdue byCategory { category count } byCompany { company { id } count } bySite { site { name } count } byMonth { month count } meanHoursToTriage meanHoursToClose } }`
		period := map[string]any{"from": day.AddDays(-1).String(), "to": date.Today(time.Now()).String()}
		res = e.post(w.consultant, stats, period)
		require.Empty(t, res.Errors)
		all := res.Data["incidentStatistics"].(map[string]any)
		assert.Equal(t, []any{5.0, 2.0}, []any{all["total"], all["personalData"]}, "the consultant's two clients")
		assert.ElementsMatch(t, []any{map[string]any{"company": map[string]any{"id": c}, "count": 4.0}, map[string]any{"company": map[string]any{"id": w.companies[1]}, "count": 1.0}}, all["byCompany"])
		assert.Equal(t, 1.0, all["reportsOverdue"], "the second report's preliminary report")
		assert.NotNil(t, all["meanHoursToClose"])
		period["c"] = []any{c}
		res = e.post(w.secretariat, stats, period)
		require.Empty(t, res.Errors)
		firm := res.Data["incidentStatistics"].(map[string]any)
		assert.Equal(t, 4.0, firm["total"])
		assert.ElementsMatch(t, []any{
			map[string]any{"site": nil, "count": 1.0},
			map[string]any{"site": map[string]any{"name": "本社"}, "count": 1.0},
			map[string]any{"site": map[string]any{"name": "大阪支店"}, "count": 2.0},
		}, firm["bySite"], "the firm's sites")
		period["c"] = []any{w.companies[1]}
		res = e.post(w.secretariat, stats, period)
		require.Len(t, res.Errors, 1)
		assert.Equal(t, []any{"UNKNOWN_ID", "companyIDs.0"}, []any{res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]}, "a client the secretariat does not reach")

		// The incident register, in Japanese and English; the member's holds its own reports.
		for lang, header := range map[string][]string{
			"ja": {"番号", "インシデントID", "発見日時", "発生日時", "分類", "件名", "内容", "拠点", "部署", "報告者", "対応者", "重大度", "状態", "個人情報", "影響資産", "関連管理策", "当局への報告", "終了日時", "却下理由"},
			"en": {"No.", "Incident ID", "Discovered", "Occurred", "Category", "Title", "Description", "Site", "Department", "Reporter", "Handler", "Severity", "Status", "Personal data", "Assets", "Controls", "Reports to the authority", "Closed", "Rejection reason"},
		} {
			status, _, register := e.download(w.secretariat, "/exports/companies/"+c+"/incidents.xlsx?locale="+lang)
			require.Equal(t, http.StatusOK, status)
			rows := sheetRows(t, register)
			require.Len(t, rows, 5, "a header and the company's four incidents")
			assert.Equal(t, header, rows[0])
			assert.Equal(t, []string{"1", id.(string), discovered.Format("2006-01-02 15:04")}, rows[1][:3])
			assert.Equal(t, []string{"MISDELIVERY", "見積書を別の顧客にメール誤送信"}, rows[1][4:6])
			assert.Equal(t, []string{"大阪支店", "", "HIGH", "CLOSED", "YES", "営業用ノートPC", "5.14, 5.34"}, []string{rows[1][7], rows[1][8], rows[1][11], rows[1][12], rows[1][13], rows[1][14], rows[1][15]})
			assert.Equal(t, "JP_APPI PRELIMINARY due "+day.AddDays(5).String()+", filed "+day.AddDays(6).String()+"\nJP_APPI FINAL due "+day.AddDays(30).String(), rows[1][16])
		}
		status, _, register := e.download(w.member, "/exports/companies/"+c+"/incidents.xlsx")
		require.Equal(t, http.StatusOK, status)
		assert.Len(t, sheetRows(t, register), 4, "the member's three reports")

		// Every step is in the audit trail, and the trail holds.
		res = e.post(w.owner, verifyTrail, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, true, field(res.Data, "verifyAuditTrail", "intact"))
	})
}

// pick keeps the named fields of a JSON object.
func pick(v any, names ...string) map[string]any {
	m := v.(map[string]any)
	out := make(map[string]any, len(names))
	for _, n := range names {
		out[n] = m[n]
	}
	return out
}

// TestIncidents_AListCostsTheSameStatementsForOneOrMany reads a company's incidents with their
// reporter, handler, site, task, timeline, assets, risks, deadlines and findings, for one incident
// and for forty: the same number of statements.
func TestIncidents_AListCostsTheSameStatementsForOneOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			write := func(token, company string, n int) {
				ctx := viewer.NewContext(context.Background(), e.viewers[token])
				c := pulid.ID(company)
				user := e.viewers[token].UserID
				site := db.Client.Site.Create().SetCompanyID(c).SetName("本社").SaveX(ctx)
				laptop := db.Client.Asset.Create().SetCompanyID(c).SetName("ノートPC").SetType("HARDWARE").SaveX(ctx)
				r := db.Client.Risk.Create().SetCompanyID(c).SetCode("R-001").SetTitle("漏えい").SetLikelihood(1).SetImpact(1).SetScore(1).SetLevel("LOW").SaveX(ctx)
				for i := range n {
					inc := db.Client.Incident.Create().SetCompanyID(c).SetNumber(i + 1).SetTitle(fmt.Sprint(i)).SetCategory(incident.CategoryOTHER).
						SetDiscoveredAt(time.Now()).SetSiteID(site.ID).SetReporterID(user).SetAssigneeID(user).SetRouting(incident.RoutingVIA_SECRETARIAT).
						SetPersonalData(true).SaveX(ctx)
					tk := db.Client.Task.Create().SetCompanyID(c).SetTitle("対応").SetAssigneeID(user).SetSource("INCIDENT").SetSourceID(inc.ID).SaveX(ctx)
					db.Client.Incident.UpdateOneID(inc.ID).SetTaskID(tk.ID).ExecX(ctx)
					db.Client.IncidentEvent.Create().SetCompanyID(c).SetIncidentID(inc.ID).SetKind(incidentevent.KindREPORTED).SetActorID(user).ExecX(ctx)
					db.Client.IncidentAsset.Create().SetCompanyID(c).SetIncidentID(inc.ID).SetAssetID(laptop.ID).ExecX(ctx)
					db.Client.IncidentRisk.Create().SetCompanyID(c).SetIncidentID(inc.ID).SetRiskID(r.ID).ExecX(ctx)
					db.Client.IncidentDeadline.Create().SetCompanyID(c).SetIncidentID(inc.ID).SetRegime("JP_APPI").SetKind("FINAL").SetDueOn(date.Today(time.Now())).ExecX(ctx)
					db.Client.Finding.Create().SetCompanyID(c).SetIncidentID(inc.ID).SetSource("INCIDENT").SetGrade("MINOR").SetStatement("x").ExecX(ctx)
				}
			}
			one, oneCompanies := e.tenant("one", 1)
			many, manyCompanies := e.tenant("many", 1)
			write(one, oneCompanies[0], 1)
			write(many, manyCompanies[0], 40)

			const list = `{ companies(first: 1) { edges { node {
				incidents(first: 50) { edges { node { number title reporter { name } assignee { name } site { name } task { status }
					timeline { kind actor { name } } assetLinks { asset { name } } riskLinks { risk { title } }
					deadlines { dueOn overdue } findings { statement } } } } } } } }`
			statements := func(token string, incidents int) int {
				counter.Reset()
				res := e.post(token, list, nil)
				require.Empty(t, res.Errors)
				company := edgeNodes(res.Data["companies"].(map[string]any))[0].(map[string]any)
				require.Len(t, edgeNodes(company["incidents"].(map[string]any)), incidents)
				return counter.Count()
			}
			forOne, forMany := statements(one, 1), statements(many, 40)
			t.Logf("%s: %d statements for 1 incident, %d for 40", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
			register := func(token, company string, incidents int) int {
				counter.Reset()
				status, _, body := e.download(token, "/exports/companies/"+company+"/incidents.xlsx")
				require.Equal(t, http.StatusOK, status)
				require.Len(t, sheetRows(t, body), incidents+1)
				return counter.Count()
			}
			forOne, forMany = register(one, oneCompanies[0], 1), register(many, manyCompanies[0], 40)
			t.Logf("%s: the register costs %d statements for 1 incident, %d for 40", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1 in the incident register")
		})
	}
}
