package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const createTemplateSet = `mutation($content: TemplateContentInput!) {
	createTemplateSet(input: {name: "標準ISMS立上げキット", note: "初版", content: $content}) {
		id latestVersion versions { edges { node { id number content { documents { key title } controls { ref applicable } meetings { everyMonths at } } } } } } }`

const fromTemplate = `mutation($v: ID!, $name: String!, $start: Date) {
	createCompanyFromTemplate(input: {templateSetVersionID: $v, company: {name: $name}, startOn: $start}) {
		kind versionNumber templateSetName company { id name } documents { key title outcome documentID } } }`

// kit is a template set's content as an SPA sends it.
func kit() map[string]any {
	return map[string]any{
		"documents": []any{
			map[string]any{"key": "policy", "title": "{{company.name}} 情報セキュリティ基本方針", "kind": "POLICY", "body": "# 基本方針\n{{company.name}}は{{startOn}}よりISMSを運用する。"},
		},
		"controls": []any{
			map[string]any{"ref": "5.1", "applicable": true, "justification": "基本方針で定める"},
			map[string]any{"ref": "7.4", "applicable": false, "justification": "物理的な拠点を持たない"},
		},
		"tasks":    []any{map[string]any{"title": "リスクアセスメントの実施", "dueInDays": 30}},
		"meetings": []any{map[string]any{"kind": "MANAGEMENT_REVIEW", "title": "マネジメントレビュー", "everyMonths": 12, "at": "14:00", "agenda": []any{"内部監査の結果"}}},
		"courses":  []any{map[string]any{"title": "新入社員研修", "kind": "NEW_HIRE", "dueDays": 30}},
	}
}

// Over the API, on both databases: a consultancy with five clients, two of them set up from a
// template set; one portfolio request shows each client's figures, the templated ones with what
// their set-up wrote; a version with a placeholder the set-up cannot fill is refused on its path
// and writes nothing; a consultant (no companies of its own to create) is FORBIDDEN; and a new
// version pushed to both templated clients records what became of each document.
func TestTemplates_TwoOfFiveClientsSetUpFromATemplateSet(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			e := serve(t, testdb.Open(t, dialect), kv.NewMemory(), false, nil)
			w := e.workspaceOf("owner@templates.example", "東京コンサルティング", "A商事", "B製作所", "C物流")

			bad := kit()
			bad["documents"].([]any)[0].(map[string]any)["body"] = "{{company.president}}が承認する"
			before := testdb.Snapshot(t, e.raw)
			res := e.post(w.owner, createTemplateSet, map[string]any{"content": bad})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, []any{"BAD_USER_INPUT", "INVALID_VALUE", "content.documents.0.body"}, []any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
			assert.Equal(t, before, testdb.Snapshot(t, e.raw), "a refused set writes nothing")

			res = e.post(w.owner, createTemplateSet, map[string]any{"content": kit()})
			require.Empty(t, res.Errors, "%v", res.Errors)
			version := onlyNode(t, field(res.Data, "createTemplateSet", "versions"))
			assert.Equal(t, float64(1), version["number"])
			assert.Equal(t, []any{map[string]any{"key": "policy", "title": "{{company.name}} 情報セキュリティ基本方針"}}, field(version, "content", "documents"))
			assert.Equal(t, []any{map[string]any{"everyMonths": float64(12), "at": "14:00"}}, field(version, "content", "meetings"))
			v1 := version["id"].(string)

			consultant := e.join(w, "consultant@templates.example", "CONSULTANT", w.companies, nil)
			before = testdb.Snapshot(t, e.raw)
			res = e.post(consultant, fromTemplate, map[string]any{"v": v1, "name": "D銀行"})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "FORBIDDEN", res.code(0), "creating a company takes OWNER or ADMIN")
			assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing of the set-up is left")

			var templated []string
			for _, c := range []struct{ name, start string }{{"D銀行", "2026-01-05"}, {"E病院", ""}} {
				vars := map[string]any{"v": v1, "name": c.name}
				if c.start != "" {
					vars["start"] = c.start
				}
				res = e.post(w.owner, fromTemplate, vars)
				require.Empty(t, res.Errors, "%v", res.Errors)
				app := field(res.Data, "createCompanyFromTemplate").(map[string]any)
				assert.Equal(t, []any{"SET_UP", float64(1), "標準ISMS立上げキット"}, []any{app["kind"], app["versionNumber"], app["templateSetName"]})
				doc := app["documents"].([]any)[0].(map[string]any)
				assert.Equal(t, []any{"policy", c.name + " 情報セキュリティ基本方針", "CREATED"}, []any{doc["key"], doc["title"], doc["outcome"]})
				templated = append(templated, field(app, "company", "id").(string))
			}

			// One request: the five clients side by side. The templated ones have their SoA, a
			// management review within the year, and D銀行 (started in January) an overdue task.
			res = e.post(w.owner, `{ portfolio { totalCount edges { node { company { name } soaControls soaApplicableControls overdueTasks managementReviewDueOn } } } }`, nil)
			require.Empty(t, res.Errors, "%v", res.Errors)
			var rows []string
			for _, edge := range field(res.Data, "portfolio", "edges").([]any) {
				n := edge.(map[string]any)["node"].(map[string]any)
				rows = append(rows, fmt.Sprintf("%s soa=%v/%v overdue=%v review=%v", field(n, "company", "name"), n["soaApplicableControls"], n["soaControls"], n["overdueTasks"], n["managementReviewDueOn"]))
			}
			assert.Equal(t, []string{
				"A商事 soa=0/0 overdue=0 review=<nil>",
				"B製作所 soa=0/0 overdue=0 review=<nil>",
				"C物流 soa=0/0 overdue=0 review=<nil>",
				"D銀行 soa=92/93 overdue=1 review=2027-01-05",
				fmt.Sprintf("E病院 soa=92/93 overdue=0 review=%s", date.Today(time.Now()).AddMonths(12)),
			}, rows)

			// Version 2 rewrites the policy and adds a procedure; pushed to both templated
			// clients, whose policy drafts are still open (skipped, with the reason), it drafts
			// the new procedure.
			next := kit()
			next["documents"] = append(next["documents"].([]any), map[string]any{"key": "incident-procedure", "title": "インシデント対応手順", "kind": "PROCEDURE", "body": "# 手順"})
			next["documents"].([]any)[0].(map[string]any)["body"] = "# 基本方針 第2版"
			res = e.post(w.owner, `mutation($s: ID!, $content: TemplateContentInput!) { publishTemplateSetVersion(input: {templateSetID: $s, note: "手順を追加", content: $content}) { id number } }`,
				map[string]any{"s": field(e.post(w.owner, `{ organization { templateSets { edges { node { id } } } } }`, nil).Data, "organization", "templateSets", "edges").([]any)[0].(map[string]any)["node"].(map[string]any)["id"], "content": next})
			require.Empty(t, res.Errors, "%v", res.Errors)
			v2 := field(res.Data, "publishTemplateSetVersion", "id").(string)
			res = e.post(w.owner, `mutation($v: ID!, $c: [ID!]!) { pushTemplateSetVersion(input: {templateSetVersionID: $v, companyIDs: $c}) { kind versionNumber company { name } documents { key outcome reason reasonJa } } }`,
				map[string]any{"v": v2, "c": templated})
			require.Empty(t, res.Errors, "%v", res.Errors)
			for i, app := range field(res.Data, "pushTemplateSetVersion").([]any) {
				a := app.(map[string]any)
				assert.Equal(t, []any{"PUSHED", float64(2)}, []any{a["kind"], a["versionNumber"]})
				assert.Equal(t, []string{"D銀行", "E病院"}[i], field(a, "company", "name"))
				docs := a["documents"].([]any)
				require.Len(t, docs, 2)
				policy, procedure := docs[0].(map[string]any), docs[1].(map[string]any)
				assert.Equal(t, "SKIPPED", policy["outcome"])
				assert.NotEmpty(t, policy["reason"])
				assert.NotEmpty(t, policy["reasonJa"])
				assert.Equal(t, "CREATED", procedure["outcome"])
			}
			res = e.post(w.owner, `query($c: ID!) { node(id: $c) { ... on Company { templateApplications { totalCount edges { node { kind versionNumber } } } documents { totalCount } } } }`,
				map[string]any{"c": templated[0]})
			require.Empty(t, res.Errors, "%v", res.Errors)
			assert.Equal(t, float64(2), field(res.Data, "node", "templateApplications", "totalCount"), "the company records the version it came from and the one pushed")
			assert.Equal(t, float64(2), field(res.Data, "node", "documents", "totalCount"))

			other := e.workspaceOf("owner@other-templates.example", "他社", "他社の顧客")
			res = e.post(other.owner, fromTemplate, map[string]any{"v": v1, "name": "乗っ取り"})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, []any{"BAD_USER_INPUT", "UNKNOWN_ID", "templateSetVersionID"}, []any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
		})
	}
}
