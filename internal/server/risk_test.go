package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const assetFields = `id name type companyID siteID departmentID ownerID confidentiality integrity availability
	location retention notes archivedAt site { name } department { name } owner { id }`

const createAssetMutation = `mutation($input: CreateAssetInput!) { createAsset(input: $input) { ` + assetFields + ` } }`

const updateAssetMutation = `mutation($input: UpdateAssetInput!) { updateAsset(input: $input) { ` + assetFields + ` } }`

const riskFields = `id code title companyID threat vulnerability likelihood impact score level ownerID treatment treatmentPlan
	targetLikelihood targetImpact residualScore residualLevel acceptedByID acceptedOn acceptanceExpiresOn status nextReviewOn archivedAt
	assetLinks { asset { id name } } controlLinks { controlRef }`

const createRiskMutation = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { ` + riskFields + ` } }`

const updateRiskMutation = `mutation($input: UpdateRiskInput!) { updateRisk(input: $input) { ` + riskFields + ` } }`

const addTreatmentTaskMutation = `mutation($input: AddRiskTreatmentTaskInput!) { addRiskTreatmentTask(input: $input) { id source sourceID sourceRecord { id } } }`

const acceptRiskMutation = `mutation($input: AcceptRiskInput!) { acceptRisk(input: $input) { ` + riskFields + ` } }`

const methodFields = `companyID isDefault locale rule acceptanceThreshold riskMethod { id }
	likelihood { value label labelJa labelEn } impact { value label labelJa labelEn }
	bands { minScore maxScore level label labelJa labelEn aboveThreshold }`

const riskMethodQuery = `query($c: ID!, $l: Locale) { riskMethod(companyID: $c, locale: $l) { ` + methodFields + ` } }`

const updateRiskMethodMutation = `mutation($input: UpdateRiskMethodInput!) { updateRiskMethod(input: $input) { ` + methodFields + ` } }`

// riskTeam is a task team (tasks_test.go) with a site and a department in each of its first two
// companies.
type riskTeam struct {
	*taskTeam
	sites, departments [2]string
}

func (e *env) riskTeam(name string) *riskTeam {
	e.t.Helper()
	w := &riskTeam{taskTeam: e.taskTeam(name)}
	for i, c := range w.companies[:2] {
		w.sites[i] = e.ok(w.owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "本社"}) { id } }`, map[string]any{"c": c}, "createSite", "id")
		w.departments[i] = e.ok(w.owner, `mutation($c: ID!) { createDepartment(input: {companyID: $c, name: "情報システム部"}) { id } }`,
			map[string]any{"c": c}, "createDepartment", "id")
	}
	return w
}

func (e *env) create(token, mutation, name string, input map[string]any) map[string]any {
	e.t.Helper()
	res := e.post(token, mutation, map[string]any{"input": input})
	require.Empty(e.t, res.Errors, "%v", input)
	return res.Data[name].(map[string]any)
}

func (e *env) risk(token string, input map[string]any) map[string]any {
	e.t.Helper()
	return e.create(token, createRiskMutation, "createRisk", input)
}

func (e *env) asset(token string, input map[string]any) map[string]any {
	e.t.Helper()
	return e.create(token, createAssetMutation, "createAsset", input)
}

func TestAssets_CreateUpdateArchiveRestore(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		a := e.asset(w.secretariat, map[string]any{
			"companyID": w.companies[0], "name": " 顧客データベース ", "type": "INFORMATION", "siteID": w.sites[0],
			"departmentID": w.departments[0], "ownerID": w.users[w.member], "confidentiality": 3, "location": "データセンター", "retention": "5年",
		})
		assert.Regexp(t, `^AS[0-9A-Z]{26}$`, a["id"])
		assert.Equal(t, "顧客データベース", a["name"], "names are trimmed")
		assert.Equal(t, "INFORMATION", a["type"])
		assert.Equal(t, []any{3.0, 2.0, 2.0}, []any{a["confidentiality"], a["integrity"], a["availability"]}, "ratings default to 2")
		assert.Equal(t, "本社", field(a, "site", "name"))
		assert.Equal(t, "情報システム部", field(a, "department", "name"))
		assert.Equal(t, w.users[w.member], field(a, "owner", "id"))

		u := e.create(w.owner, updateAssetMutation, "updateAsset", map[string]any{"id": a["id"], "integrity": 3, "siteID": nil, "location": "", "notes": "暗号化済み"})
		assert.Nil(t, u["siteID"])
		assert.Nil(t, u["location"], "an empty optional text reads back null")
		assert.Equal(t, "暗号化済み", u["notes"])
		assert.Equal(t, 3.0, u["integrity"])

		res := e.post(w.owner, `mutation($id: ID!) { archiveAsset(input: {id: $id}) { archivedAt } }`, map[string]any{"id": a["id"]})
		require.Empty(t, res.Errors)
		assert.NotNil(t, field(res.Data, "archiveAsset", "archivedAt"))
		res = e.post(w.owner, updateAssetMutation, map[string]any{"input": map[string]any{"id": a["id"], "notes": "x"}})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "an archived asset takes no changes")
		res = e.post(w.owner, `mutation($id: ID!) { restoreAsset(input: {id: $id}) { archivedAt } }`, map[string]any{"id": a["id"]})
		require.Empty(t, res.Errors)
		assert.Nil(t, field(res.Data, "restoreAsset", "archivedAt"))

		res = e.post(w.member, `query($c: ID!) { node(id: $c) { ... on Company { assets(where: {type: INFORMATION}) { totalCount edges { node { name } } } } } }`,
			map[string]any{"c": w.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, 1.0, field(res.Data, "node", "assets", "totalCount"), "company.assets lists the inventory to every role")
	})
}

func TestAssets_BadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		other := e.workspace("owner@bravo.example", "Bravo")
		existing := e.asset(w.owner, map[string]any{"companyID": w.companies[0], "name": "人事情報", "type": "INFORMATION"})
		before := testdb.Snapshot(t, e.raw)
		valid := func(extra map[string]any) map[string]any {
			in := map[string]any{"companyID": w.companies[0], "name": "新しい資産", "type": "HARDWARE"}
			for k, v := range extra {
				in[k] = v
			}
			return in
		}
		for _, tc := range []struct {
			name, query string
			input       map[string]any
			code, field string
		}{
			{"an empty name", createAssetMutation, valid(map[string]any{"name": " "}), "BAD_USER_INPUT", "name"},
			{"a name too long", createAssetMutation, valid(map[string]any{"name": strings.Repeat("資", 301)}), "BAD_USER_INPUT", "name"},
			{"a rating of 4", createAssetMutation, valid(map[string]any{"confidentiality": 4}), "BAD_USER_INPUT", "confidentiality"},
			{"a rating of 0", createAssetMutation, valid(map[string]any{"availability": 0}), "BAD_USER_INPUT", "availability"},
			{"a site of another company", createAssetMutation, valid(map[string]any{"siteID": w.sites[1]}), "BAD_USER_INPUT", "siteID"},
			{"a department of another company", createAssetMutation, valid(map[string]any{"departmentID": w.departments[1]}), "BAD_USER_INPUT", "departmentID"},
			{"an auditor as owner", createAssetMutation, valid(map[string]any{"ownerID": w.users[w.auditor]}), "BAD_USER_INPUT", "ownerID"},
			{"an owner without access", createAssetMutation, valid(map[string]any{"companyID": w.companies[1], "ownerID": w.users[w.member]}), "BAD_USER_INPUT", "ownerID"},
			{"a duplicate name", createAssetMutation, valid(map[string]any{"name": "人事情報"}), "CONFLICT", ""},
			{"a company of another organization", createAssetMutation, valid(map[string]any{"companyID": other.companies[0]}), "BAD_USER_INPUT", "companyID"},
			{"a null rating", updateAssetMutation, map[string]any{"id": existing["id"], "integrity": nil}, "BAD_USER_INPUT", "integrity"},
			{"an empty name on update", updateAssetMutation, map[string]any{"id": existing["id"], "name": ""}, "BAD_USER_INPUT", "name"},
		} {
			res := e.post(w.owner, tc.query, map[string]any{"input": tc.input})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), tc.name)
			if tc.field != "" {
				assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
			}
		}
		for _, token := range []string{w.member, w.auditor} {
			res := e.post(token, createAssetMutation, map[string]any{"input": valid(nil)})
			assert.Equal(t, "FORBIDDEN", res.code(0), "only editors keep the inventory")
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")
		res := e.post(w.owner, updateAssetMutation, map[string]any{"input": map[string]any{"id": existing["id"], "name": "人事情報 "}})
		assert.Empty(t, res.Errors, "keeping its own name is no conflict")
	})
}

func TestRisks_TheDefaultMethodScoresEveryRisk(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		res := e.post(w.member, riskMethodQuery, map[string]any{"c": w.companies[0]})
		require.Empty(t, res.Errors)
		m := res.Data["riskMethod"].(map[string]any)
		assert.Equal(t, true, m["isDefault"])
		assert.Nil(t, m["riskMethod"])
		assert.Equal(t, "PRODUCT", m["rule"])
		assert.Equal(t, 3.0, m["acceptanceThreshold"])
		assert.Equal(t, "JA", m["locale"])
		assert.Len(t, m["likelihood"], 3)
		assert.Equal(t, "大", field(m["impact"].([]any)[2].(map[string]any), "label"))
		bands := m["bands"].([]any)
		require.Len(t, bands, 3)
		assert.Equal(t, map[string]any{"minScore": 1.0, "maxScore": 3.0, "level": "LOW", "label": "低", "labelJa": "低", "labelEn": "Low", "aboveThreshold": false}, bands[0])
		assert.Equal(t, 9.0, bands[2].(map[string]any)["maxScore"])
		res = e.post(w.member, riskMethodQuery, map[string]any{"c": w.companies[0], "l": "en"})
		require.Empty(t, res.Errors)
		assert.Equal(t, "Severe", field(res.Data["riskMethod"].(map[string]any)["impact"].([]any)[2].(map[string]any), "label"))
		res = e.post(w.member, riskMethodQuery, map[string]any{"c": w.companies[0]}, "Accept-Language", "en-US,en;q=0.9")
		require.Empty(t, res.Errors)
		assert.Equal(t, "JA", field(res.Data, "riskMethod", "locale"), "the organization's default before the request's Accept-Language")
		_, err := e.raw.Exec(`UPDATE users SET locale = 'en' WHERE id = $1`, w.users[w.member])
		require.NoError(t, err)
		res = e.post(w.member, riskMethodQuery, map[string]any{"c": w.companies[0]}, "Accept-Language", "ja")
		require.Empty(t, res.Errors)
		assert.Equal(t, "EN", field(res.Data, "riskMethod", "locale"), "the viewer's own locale first")
		assert.Equal(t, "High", field(res.Data["riskMethod"].(map[string]any)["bands"].([]any)[2].(map[string]any), "label"))

		a := e.asset(w.owner, map[string]any{"companyID": w.companies[0], "name": "顧客DB", "type": "INFORMATION"})
		r := e.risk(w.secretariat, map[string]any{
			"companyID": w.companies[0], "title": "顧客情報の漏えい", "threat": "不正アクセス", "vulnerability": "パッチ未適用",
			"likelihood": 2, "impact": 3, "ownerID": w.users[w.member], "treatment": "MITIGATE", "targetLikelihood": 1, "targetImpact": 2,
			"assetIDs": []string{a["id"].(string)}, "controlRefs": []string{"8.8", " 5.15", "8.8"},
		})
		assert.Regexp(t, `^RI[0-9A-Z]{26}$`, r["id"])
		assert.Equal(t, "R-001", r["code"])
		assert.Equal(t, 6.0, r["score"])
		assert.Equal(t, "HIGH", r["level"])
		assert.Equal(t, 2.0, r["residualScore"])
		assert.Equal(t, "LOW", r["residualLevel"])
		assert.Equal(t, "IDENTIFIED", r["status"])
		assert.Equal(t, "顧客DB", field(r["assetLinks"].([]any)[0].(map[string]any), "asset", "name"))
		assert.ElementsMatch(t, []any{map[string]any{"controlRef": "8.8"}, map[string]any{"controlRef": "5.15"}}, r["controlLinks"])

		r2 := e.risk(w.secretariat, map[string]any{"companyID": w.companies[0], "title": "停電", "likelihood": 1, "impact": 1})
		assert.Equal(t, "R-002", r2["code"])
		assert.Equal(t, "LOW", r2["level"])
		assert.Nil(t, r2["residualScore"])
		other := e.risk(w.secretariat, map[string]any{"companyID": w.companies[0], "code": "R-010", "title": "火災", "likelihood": 1, "impact": 3})
		assert.Equal(t, "R-010", other["code"])
		assert.Equal(t, "R-011", e.risk(w.secretariat, map[string]any{"companyID": w.companies[0], "title": "地震", "likelihood": 1, "impact": 3})["code"])
		assert.Equal(t, "R-001", e.risk(w.owner, map[string]any{"companyID": w.companies[1], "title": "別会社", "likelihood": 1, "impact": 3})["code"],
			"each company numbers its own register")

		u := e.create(w.owner, updateRiskMutation, "updateRisk", map[string]any{"id": r["id"], "likelihood": 3, "targetLikelihood": nil, "targetImpact": nil, "assetIDs": []string{}, "controlRefs": []string{"5.15", "5.1"}})
		assert.Equal(t, 9.0, u["score"])
		assert.Nil(t, u["residualScore"])
		assert.Nil(t, u["residualLevel"])
		assert.Empty(t, u["assetLinks"])
		assert.ElementsMatch(t, []any{map[string]any{"controlRef": "5.15"}, map[string]any{"controlRef": "5.1"}}, u["controlLinks"])
		assert.Equal(t, 2, e.rawCount("SELECT count(*) FROM risk_controls WHERE risk_id = '"+r["id"].(string)+"'"))

		res = e.post(w.member, `query($c: ID!) { node(id: $c) { ... on Company { risks(where: {level: "HIGH"}) { totalCount } } } }`, map[string]any{"c": w.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, 1.0, field(res.Data, "node", "risks", "totalCount"))
	})
}

func TestRisks_BadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		other := e.workspace("owner@bravo.example", "Bravo")
		otherAsset := e.asset(other.owner, map[string]any{"companyID": other.companies[0], "name": "他社資産", "type": "SERVICE"})
		siblingAsset := e.asset(w.owner, map[string]any{"companyID": w.companies[1], "name": "子会社資産", "type": "SERVICE"})
		archived := e.asset(w.owner, map[string]any{"companyID": w.companies[0], "name": "廃棄済み", "type": "HARDWARE"})
		e.ok(w.owner, `mutation($id: ID!) { archiveAsset(input: {id: $id}) { id } }`, map[string]any{"id": archived["id"]}, "archiveAsset", "id")
		existing := e.risk(w.owner, map[string]any{"companyID": w.companies[0], "title": "既存", "likelihood": 2, "impact": 2})
		before := testdb.Snapshot(t, e.raw)
		valid := func(extra map[string]any) map[string]any {
			in := map[string]any{"companyID": w.companies[0], "title": "新しいリスク", "likelihood": 2, "impact": 2}
			for k, v := range extra {
				in[k] = v
			}
			return in
		}
		for _, tc := range []struct {
			name, query string
			input       map[string]any
			code, field string
		}{
			{"an empty title", createRiskMutation, valid(map[string]any{"title": ""}), "BAD_USER_INPUT", "title"},
			{"a likelihood off the scale", createRiskMutation, valid(map[string]any{"likelihood": 4}), "BAD_USER_INPUT", "likelihood"},
			{"an impact of 0", createRiskMutation, valid(map[string]any{"impact": 0}), "BAD_USER_INPUT", "impact"},
			{"a target off the scale", createRiskMutation, valid(map[string]any{"targetLikelihood": 1, "targetImpact": 5}), "BAD_USER_INPUT", "targetImpact"},
			{"half a target", createRiskMutation, valid(map[string]any{"targetLikelihood": 1}), "BAD_USER_INPUT", "targetImpact"},
			{"an unknown control", createRiskMutation, valid(map[string]any{"controlRefs": []string{"5.1", "5.38"}}), "BAD_USER_INPUT", "controlRefs"},
			{"an auditor as owner", createRiskMutation, valid(map[string]any{"ownerID": w.users[w.auditor]}), "BAD_USER_INPUT", "ownerID"},
			{"an asset of another organization", createRiskMutation, valid(map[string]any{"assetIDs": []any{otherAsset["id"]}}), "BAD_USER_INPUT", "assetIDs"},
			{"an asset of another company", createRiskMutation, valid(map[string]any{"assetIDs": []any{siblingAsset["id"]}}), "BAD_USER_INPUT", "assetIDs"},
			{"an archived asset", createRiskMutation, valid(map[string]any{"assetIDs": []any{archived["id"]}}), "BAD_USER_INPUT", "assetIDs"},
			{"a used code", createRiskMutation, valid(map[string]any{"code": "R-001"}), "CONFLICT", ""},
			{"ACCEPTED without acceptance", createRiskMutation, valid(map[string]any{"status": "ACCEPTED"}), "BAD_USER_INPUT", "status"},
			{"an expiry before the acceptance", createRiskMutation, valid(map[string]any{"acceptedByID": w.users[w.owner], "acceptedOn": "2026-04-01", "acceptanceExpiresOn": "2026-03-01"}), "BAD_USER_INPUT", "acceptanceExpiresOn"},
			{"a company of another organization", createRiskMutation, valid(map[string]any{"companyID": other.companies[0]}), "BAD_USER_INPUT", "companyID"},
			{"a likelihood off the scale on update", updateRiskMutation, map[string]any{"id": existing["id"], "likelihood": 7}, "BAD_USER_INPUT", "likelihood"},
			{"a null title on update", updateRiskMutation, map[string]any{"id": existing["id"], "ownerID": w.users[w.member], "title": nil}, "BAD_USER_INPUT", "title"},
			{"CLOSED above the threshold", updateRiskMutation, map[string]any{"id": existing["id"], "status": "CLOSED"}, "BAD_USER_INPUT", "status"},
			{"an empty code", updateRiskMutation, map[string]any{"id": existing["id"], "code": " "}, "BAD_USER_INPUT", "code"},
			{"a treatment task for an auditor", addTreatmentTaskMutation, map[string]any{"riskID": existing["id"], "title": "対策", "dueDate": "2026-05-01", "assigneeID": w.users[w.auditor]}, "BAD_USER_INPUT", "assigneeID"},
			{"a treatment task without title", addTreatmentTaskMutation, map[string]any{"riskID": existing["id"], "title": " ", "dueDate": "2026-05-01"}, "BAD_USER_INPUT", "title"},
		} {
			res := e.post(w.owner, tc.query, map[string]any{"input": tc.input})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), "%s: %v", tc.name, res.Errors)
			if tc.field != "" {
				assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
			}
		}
		res := e.post(w.member, createRiskMutation, map[string]any{"input": valid(nil)})
		assert.Equal(t, "FORBIDDEN", res.code(0), "a MEMBER reads the register only")
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")
	})
}

func TestRisks_ChangingTheMethodRecomputesEveryRisk(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		c := w.companies[0]
		r1 := e.risk(w.owner, map[string]any{"companyID": c, "title": "漏えい", "likelihood": 3, "impact": 3, "targetLikelihood": 1, "targetImpact": 2})
		r2 := e.risk(w.owner, map[string]any{"companyID": c, "title": "停止", "likelihood": 1, "impact": 2})
		e.ok(w.owner, `mutation($id: ID!) { archiveRisk(input: {id: $id}) { id } }`, map[string]any{"id": r2["id"]}, "archiveRisk", "id")
		sibling := e.risk(w.owner, map[string]any{"companyID": w.companies[1], "title": "別会社", "likelihood": 3, "impact": 3})

		steps := func(n int) []map[string]any {
			out := []map[string]any{}
			for i := 1; i <= n; i++ {
				out = append(out, map[string]any{"value": i, "labelJa": fmt.Sprintf("段階%d", i), "labelEn": fmt.Sprintf("Step %d", i)})
			}
			return out
		}
		fiveBySum := map[string]any{"companyID": c, "likelihood": steps(5), "impact": steps(5), "rule": "SUM",
			"bands": []map[string]any{{"minScore": 2, "level": "low", "labelJa": "低", "labelEn": "Low"}, {"minScore": 5, "level": "MEDIUM", "labelJa": "中", "labelEn": "Medium"},
				{"minScore": 7, "level": "CRITICAL", "labelJa": "重大", "labelEn": "Critical"}},
			"acceptanceThreshold": 4, "locale": "EN"}
		m := e.create(w.secretariat, updateRiskMethodMutation, "updateRiskMethod", fiveBySum)
		assert.Equal(t, false, m["isDefault"])
		assert.Regexp(t, `^RM`, field(m, "riskMethod", "id"))
		assert.Equal(t, "EN", m["locale"])
		assert.Equal(t, "LOW", m["bands"].([]any)[0].(map[string]any)["level"], "level codes are upper-cased")
		assert.Equal(t, 10.0, m["bands"].([]any)[2].(map[string]any)["maxScore"])

		risk := func(id any) map[string]any {
			res := e.post(w.owner, `query($id: ID!) { node(id: $id) { ... on Risk { score level residualScore residualLevel } } }`, map[string]any{"id": id})
			require.Empty(t, res.Errors)
			return res.Data["node"].(map[string]any)
		}
		assert.Equal(t, map[string]any{"score": 6.0, "level": "MEDIUM", "residualScore": 3.0, "residualLevel": "LOW"}, risk(r1["id"]))
		assert.Equal(t, map[string]any{"score": 3.0, "level": "LOW", "residualScore": nil, "residualLevel": nil}, risk(r2["id"]), "archived risks are recomputed too")
		assert.Equal(t, map[string]any{"score": 9.0, "level": "HIGH", "residualScore": nil, "residualLevel": nil}, risk(sibling["id"]), "the other company keeps its method")
		e.risk(w.owner, map[string]any{"companyID": c, "title": "新規", "likelihood": 5, "impact": 4})

		res := e.post(w.owner, `query($id: ID!) { node(id: $id) { ... on RiskMethod { companyID method(locale: JA) { rule likelihood { label } } } } }`,
			map[string]any{"id": field(m, "riskMethod", "id")})
		require.Empty(t, res.Errors)
		assert.Equal(t, "SUM", field(res.Data, "node", "method", "rule"))
		assert.Equal(t, "段階1", field(res.Data["node"].(map[string]any)["method"].(map[string]any)["likelihood"].([]any)[0].(map[string]any), "label"))

		before := testdb.Snapshot(t, e.raw)
		smaller := map[string]any{"companyID": c, "likelihood": steps(3), "impact": steps(2), "rule": "PRODUCT",
			"bands": []map[string]any{{"minScore": 1, "level": "LOW", "labelJa": "低", "labelEn": "Low"}}, "acceptanceThreshold": 2}
		res = e.post(w.owner, updateRiskMethodMutation, map[string]any{"input": smaller})
		require.Len(t, res.Errors, 2, "one error per field")
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, []any{"impact", "likelihood"}, res.fields())
		assert.Contains(t, res.Errors[0].Message, "R-001、R-003", "the risks off the scale are named")
		assert.NotContains(t, res.Errors[1].Message, "R-001")
		assert.Contains(t, res.Errors[1].Message, "R-003")

		for _, tc := range []struct {
			name  string
			edit  func(map[string]any)
			field string
		}{
			{"one step", func(in map[string]any) { in["likelihood"] = steps(1) }, "likelihood"},
			{"a missing label", func(in map[string]any) {
				in["impact"] = []map[string]any{{"value": 1, "labelJa": "小", "labelEn": ""}, {"value": 2, "labelJa": "大", "labelEn": "Big"}}
			}, "impact"},
			{"bands out of order", func(in map[string]any) {
				in["bands"] = []map[string]any{{"minScore": 2, "level": "LOW", "labelJa": "低", "labelEn": "Low"}, {"minScore": 2, "level": "HIGH", "labelJa": "高", "labelEn": "High"}}
			}, "bands"},
			{"a threshold beyond the scores", func(in map[string]any) { in["acceptanceThreshold"] = 11 }, "acceptanceThreshold"},
		} {
			in := map[string]any{}
			for k, v := range fiveBySum {
				in[k] = v
			}
			tc.edit(in)
			res := e.post(w.owner, updateRiskMethodMutation, map[string]any{"input": in})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), tc.name)
			assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
		}
		res = e.post(w.member, updateRiskMethodMutation, map[string]any{"input": fiveBySum})
		assert.Equal(t, "FORBIDDEN", res.code(0))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")

		events := e.rawCount("SELECT count(*) FROM audit_events WHERE entity_id = '" + r1["id"].(string) + "'")
		assert.GreaterOrEqual(t, events, 2, "the recomputation is in the audit trail")
		assert.Equal(t, 1, e.rawCount("SELECT count(*) FROM audit_events WHERE entity_id = '"+field(m, "riskMethod", "id").(string)+"'"),
			"the stored method is in the audit trail")
	})
}

func TestRisks_AcceptanceRules(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		c := w.companies[0]
		high := e.risk(w.owner, map[string]any{"companyID": c, "title": "漏えい", "likelihood": 3, "impact": 3, "ownerID": w.users[w.secretariat], "treatment": "MITIGATE"})
		stranger := e.ok(e.workspace("owner@bravo.example", "Bravo").owner, `{ viewer { id } }`, nil, "viewer", "id")
		before := testdb.Snapshot(t, e.raw)
		for _, tc := range []struct {
			name  string
			input map[string]any
			field string
		}{
			{"an auditor approves", map[string]any{"id": high["id"], "approverID": w.users[w.auditor], "expiresOn": "2027-03-31"}, "acceptedByID"},
			{"an approver without access", map[string]any{"id": high["id"], "approverID": stranger, "expiresOn": "2027-03-31"}, "acceptedByID"},
			{"an expiry before the date", map[string]any{"id": high["id"], "acceptedOn": "2026-04-01", "expiresOn": "2026-04-01"}, "acceptanceExpiresOn"},
			{"no expiry", map[string]any{"id": high["id"], "expiresOn": "2026-02-30"}, "expiresOn"},
		} {
			res := e.post(w.owner, acceptRiskMutation, map[string]any{"input": tc.input})
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), tc.name)
			assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
		}
		res := e.post(w.owner, updateRiskMutation, map[string]any{"input": map[string]any{"id": high["id"], "status": "CLOSED"}})
		assert.Equal(t, "status", res.Errors[0].Extensions["field"], "a risk above the threshold is not closed without acceptance")
		res = e.post(w.owner, updateRiskMutation, map[string]any{"input": map[string]any{"id": high["id"], "status": "CLOSED", "targetLikelihood": 1, "targetImpact": 2, "treatment": "ACCEPT"}})
		assert.Equal(t, "status", res.Errors[0].Extensions["field"], "treatment ACCEPT always needs an acceptance")
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")

		closed := e.create(w.owner, updateRiskMutation, "updateRisk", map[string]any{"id": high["id"], "status": "CLOSED", "targetLikelihood": 1, "targetImpact": 3})
		assert.Equal(t, "CLOSED", closed["status"], "a mitigated risk whose residual is within the threshold closes without acceptance")
		assert.Equal(t, "LOW", closed["residualLevel"])

		other := e.risk(w.owner, map[string]any{"companyID": c, "title": "委託先事故", "likelihood": 2, "impact": 3, "ownerID": w.users[w.member], "treatment": "ACCEPT"})
		res = e.post(w.member, acceptRiskMutation, map[string]any{"input": map[string]any{"id": other["id"], "expiresOn": "2099-03-31"}})
		assert.Equal(t, "FORBIDDEN", res.code(0), "editors record acceptances")
		accepted := e.create(w.secretariat, acceptRiskMutation, "acceptRisk", map[string]any{"id": other["id"], "approverID": w.users[w.member], "expiresOn": "2099-03-31"})
		assert.Equal(t, "ACCEPTED", accepted["status"])
		assert.Equal(t, w.users[w.member], accepted["acceptedByID"], "the risk owner may accept its own risk (ISO/IEC 27001 6.1.3 f)")
		assert.Equal(t, date.Today(time.Now()).String(), accepted["acceptedOn"], "today by default")
		assert.Equal(t, "2099-03-31", accepted["acceptanceExpiresOn"])
		res = e.post(w.owner, updateRiskMutation, map[string]any{"input": map[string]any{"id": other["id"], "acceptedByID": nil, "acceptedOn": nil, "acceptanceExpiresOn": nil}})
		assert.Equal(t, "status", res.Errors[0].Extensions["field"], "an ACCEPTED risk keeps its acceptance")
		closed = e.create(w.owner, updateRiskMutation, "updateRisk", map[string]any{"id": other["id"], "status": "CLOSED"})
		assert.Equal(t, "CLOSED", closed["status"], "an accepted risk may close")
	})
}

func TestRisks_MonitoringShowsWhereDepartmentsLag(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Alpha")
		c := w.companies[0]
		today := date.Today(time.Now())
		day := func(n int) string { return today.AddDays(n).String() }
		a := e.asset(w.owner, map[string]any{"companyID": c, "name": "基幹システム", "type": "SOFTWARE", "departmentID": w.departments[0]})
		noPlan := e.risk(w.owner, map[string]any{"companyID": c, "title": "計画なし", "likelihood": 3, "impact": 2, "nextReviewOn": day(-1)})
		treated := e.risk(w.owner, map[string]any{"companyID": c, "title": "対応中", "likelihood": 3, "impact": 3, "treatment": "MITIGATE", "assetIDs": []any{a["id"]}, "nextReviewOn": day(0)})
		e.risk(w.owner, map[string]any{"companyID": c, "title": "許容範囲", "likelihood": 1, "impact": 3})
		expiring := e.risk(w.owner, map[string]any{"companyID": c, "title": "受容済み", "likelihood": 3, "impact": 3, "treatment": "ACCEPT"})
		e.create(w.owner, acceptRiskMutation, "acceptRisk", map[string]any{"id": expiring["id"], "acceptedOn": day(-300), "expiresOn": day(10)})

		res := e.post(w.owner, addTreatmentTaskMutation, map[string]any{"input": map[string]any{"riskID": treated["id"], "title": "パッチ適用", "dueDate": day(-3), "assigneeID": w.users[w.secretariat]}})
		require.Empty(t, res.Errors)
		overdueTask := field(res.Data, "addRiskTreatmentTask", "id")
		assert.Equal(t, "RISK_TREATMENT", field(res.Data, "addRiskTreatmentTask", "source"))
		assert.Equal(t, treated["id"], field(res.Data, "addRiskTreatmentTask", "sourceRecord", "id"))
		e.ok(w.owner, `mutation($input: AddRiskTreatmentTaskInput!) { addRiskTreatmentTask(input: $input) { id } }`,
			map[string]any{"input": map[string]any{"riskID": treated["id"], "title": "手順書の改訂", "dueDate": day(20)}}, "addRiskTreatmentTask", "id")
		res = e.post(w.owner, `query($id: ID!) { node(id: $id) { ... on Risk { status } } }`, map[string]any{"id": treated["id"]})
		assert.Equal(t, "TREATING", field(res.Data, "node", "status"), "a treatment task starts the treatment")

		res = e.post(w.secretariat, `query($c: ID!) { riskMonitoring(companyID: $c) { companyID today acceptanceThreshold
			risksWithoutPlan { code } overdueTreatmentTasks { id }
			overdueByAssignee { user { id } count tasks { id } } overdueByDepartment { department { id name } count }
			expiringAcceptances { code } expiredAcceptances { code } reviewsOverdue { code } } }`, map[string]any{"c": c})
		require.Empty(t, res.Errors)
		mon := res.Data["riskMonitoring"].(map[string]any)
		assert.Equal(t, today.String(), mon["today"])
		assert.Equal(t, []any{map[string]any{"code": noPlan["code"]}}, mon["risksWithoutPlan"], "the treated risk has an open task; the accepted one is settled")
		assert.Equal(t, []any{map[string]any{"id": overdueTask}}, mon["overdueTreatmentTasks"])
		assert.Equal(t, []any{map[string]any{"user": map[string]any{"id": w.users[w.secretariat]}, "count": 1.0, "tasks": []any{map[string]any{"id": overdueTask}}}}, mon["overdueByAssignee"])
		assert.Equal(t, []any{map[string]any{"department": map[string]any{"id": w.departments[0], "name": "情報システム部"}, "count": 1.0}}, mon["overdueByDepartment"])
		assert.Equal(t, []any{map[string]any{"code": expiring["code"]}}, mon["expiringAcceptances"])
		assert.Empty(t, mon["expiredAcceptances"])
		assert.Equal(t, []any{map[string]any{"code": noPlan["code"]}}, mon["reviewsOverdue"], "a review due today is not overdue yet")

		other := e.workspace("owner@bravo.example", "Bravo")
		res = e.post(other.owner, `query($c: ID!) { riskMonitoring(companyID: $c) { today } }`, map[string]any{"c": c})
		assert.Equal(t, "NOT_FOUND", res.code(0))
	})
}

func TestRisks_ARegisterPageCostsTheSameStatementsForOneRiskOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := serve(t, db, kv.NewMemory(), false, nil)
			w := e.riskTeam("Alpha")
			assets := [2][]string{}
			for i, c := range w.companies[:2] {
				for j := range 3 {
					a := e.asset(w.owner, map[string]any{"companyID": c, "name": fmt.Sprintf("資産%d", j), "type": "INFORMATION", "ownerID": w.users[w.owner], "departmentID": w.departments[i]})
					assets[i] = append(assets[i], a["id"].(string))
				}
			}
			add := func(company, n int) {
				for i := range n {
					e.risk(w.owner, map[string]any{"companyID": w.companies[company], "title": fmt.Sprintf("リスク%d", i), "likelihood": i%3 + 1, "impact": 2,
						"ownerID": w.users[w.owner], "assetIDs": assets[company][:i%3+1], "controlRefs": []string{"5.1", fmt.Sprintf("8.%d", i%34+1)}})
				}
			}
			add(0, 1)
			add(1, 100)
			query := `query($c: ID!) { node(id: $c) { ... on Company { risks(first: 100, orderBy: {field: CODE}) { totalCount edges { node {
				code score level owner { name } company { name }
				assetLinks { asset { name owner { name } department { name } } } controlLinks { controlRef } } } } } } }`
			statements := func(company string, want int) int {
				counter.Reset()
				res := e.post(w.owner, query, map[string]any{"c": company})
				require.Empty(t, res.Errors)
				require.Len(t, field(res.Data, "node", "risks", "edges"), want)
				return counter.Count()
			}
			forOne, forMany := statements(w.companies[0], 1), statements(w.companies[1], 100)
			t.Logf("%s: %d statements for 1 risk, %d for 100", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}
