package server_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

// nullsCase drives one record through the three states of an update's field: omitted leaves it
// as it is, an explicit null clears it (and reads back null), a value sets it.
type nullsCase struct {
	e     *env
	t     *testing.T
	token string
	// mutation is the update, taking $input and answering the record's fields; path is its name.
	mutation, path string
	// read reads the record back by $id, answering it under node.
	read string
	id   string
}

// update sends input (with the record's id) and returns the updated record, failing on any
// error.
func (c nullsCase) update(input map[string]any) map[string]any {
	c.t.Helper()
	in := map[string]any{"id": c.id}
	for k, v := range input {
		in[k] = v
	}
	res := c.e.post(c.token, c.mutation, map[string]any{"input": in})
	require.Empty(c.t, res.Errors, "%v", input)
	out, ok := res.Data[c.path].(map[string]any)
	require.True(c.t, ok, "%v", res.Data)
	return out
}

// reread reads the record back through node(id:).
func (c nullsCase) reread() map[string]any {
	c.t.Helper()
	res := c.e.post(c.token, c.read, map[string]any{"id": c.id})
	require.Empty(c.t, res.Errors)
	out, ok := res.Data["node"].(map[string]any)
	require.True(c.t, ok, "%v", res.Data)
	return out
}

// refused checks that input (with the record's id) is BAD_USER_INPUT with the reason REQUIRED on
// each of fields, in order, and that nothing changed.
func (c nullsCase) refused(input map[string]any, fields ...string) {
	c.t.Helper()
	before := testdb.Snapshot(c.t, c.e.raw)
	in := map[string]any{"id": c.id}
	for k, v := range input {
		in[k] = v
	}
	res := c.e.post(c.token, c.mutation, map[string]any{"input": in})
	require.Len(c.t, res.Errors, len(fields), "%v", res.Errors)
	for i, f := range fields {
		assert.Equal(c.t, "BAD_USER_INPUT", res.code(i), "%v", input)
		assert.Equal(c.t, f, res.Errors[i].Extensions["field"], "%v", input)
		assert.Equal(c.t, "REQUIRED", res.Errors[i].Extensions["reason"], "%v", input)
	}
	assert.Equal(c.t, before, testdb.Snapshot(c.t, c.e.raw), "a refused update changes nothing")
}

func TestNulls_Tasks(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("nulls-tasks", 1)
		me := string(e.viewers[owner].UserID)
		created := e.task(owner, map[string]any{
			"companyID": companies[0], "title": "アクセス権の棚卸し", "description": "   ",
			"dueDate": "2026-05-01", "assigneeID": me,
		})
		assert.Nil(t, created["description"], "a blank optional text is stored as null")
		c := nullsCase{e: e, t: t, token: owner, mutation: updateTaskMutation, path: "updateTask", id: created["id"].(string),
			read: `query($id: ID!) { node(id: $id) { ... on Task { title description assigneeID dueDate priority } } }`}

		got := c.update(map[string]any{"description": "全システムの権限を確認する"})
		assert.Equal(t, "全システムの権限を確認する", got["description"])
		assert.Equal(t, me, got["assigneeID"], "an omitted field stays")

		got = c.update(map[string]any{"title": "権限の棚卸し"})
		assert.Equal(t, "全システムの権限を確認する", got["description"], "an omitted field stays")
		assert.Equal(t, me, got["assigneeID"], "an omitted field stays")

		got = c.update(map[string]any{"description": nil, "assigneeID": nil})
		assert.Nil(t, got["description"])
		assert.Nil(t, got["assigneeID"])
		assert.Equal(t, "権限の棚卸し", got["title"])
		back := c.reread()
		assert.Nil(t, back["description"], "null was stored")
		assert.Nil(t, back["assigneeID"], "null was stored")

		c.update(map[string]any{"description": "x", "assigneeID": me})
		got = c.update(map[string]any{"description": ""})
		assert.Nil(t, got["description"], "an empty optional text clears it")
		assert.Nil(t, c.reread()["description"])
		assert.Equal(t, me, c.reread()["assigneeID"])

		c.refused(map[string]any{"title": nil}, "title")
		c.refused(map[string]any{"dueDate": nil, "priority": nil}, "dueDate", "priority")
		back = c.reread()
		assert.Equal(t, "権限の棚卸し", back["title"])
		assert.Equal(t, "2026-05-01", back["dueDate"])
	})
}

func TestNulls_Companies(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, _ := e.tenant("nulls-companies", 0)
		res := e.post(owner, createCompany, map[string]any{"input": map[string]any{
			"name": "株式会社さくら精工", "alternateName": " ", "industry": "製造", "scopeStatement": "",
			"certificateExpiresOn": "2027-03-31", "nextAuditOn": "2026-12-10",
		}})
		require.Empty(t, res.Errors)
		co := res.Data["createCompany"].(map[string]any)
		assert.Nil(t, co["alternateName"], "a blank optional text is stored as null")
		assert.Nil(t, co["scopeStatement"], "an empty optional text is stored as null")

		const fields = `id name alternateName industry scopeStatement certificationBody certificateNumber certificateExpiresOn nextAuditOn`
		c := nullsCase{e: e, t: t, token: owner, id: co["id"].(string), path: "updateCompany",
			mutation: `mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { ` + fields + ` } }`,
			read:     `query($id: ID!) { node(id: $id) { ... on Company { ` + fields + ` } } }`}

		got := c.update(map[string]any{"alternateName": "Sakura Precision", "certificationBody": "JQA"})
		assert.Equal(t, "Sakura Precision", got["alternateName"])
		assert.Equal(t, "JQA", got["certificationBody"])
		assert.Equal(t, "製造", got["industry"], "an omitted field stays")
		assert.Equal(t, "2027-03-31", got["certificateExpiresOn"], "an omitted field stays")
		assert.Equal(t, "2026-12-10", got["nextAuditOn"], "an omitted field stays")

		got = c.update(map[string]any{"industry": nil, "certificateExpiresOn": nil, "nextAuditOn": nil, "certificationBody": "  "})
		for _, f := range []string{"industry", "certificateExpiresOn", "nextAuditOn", "certificationBody"} {
			assert.Nil(t, got[f], f)
		}
		back := c.reread()
		for _, f := range []string{"industry", "certificateExpiresOn", "nextAuditOn", "certificationBody", "scopeStatement", "certificateNumber"} {
			assert.Nil(t, back[f], "%s reads back null", f)
		}
		assert.Equal(t, "Sakura Precision", back["alternateName"], "an omitted field stays")
		assert.Equal(t, "株式会社さくら精工", back["name"])

		c.refused(map[string]any{"name": nil}, "name")
		assert.Equal(t, "株式会社さくら精工", c.reread()["name"])
	})
}

func TestNulls_SitesAndDepartments(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("nulls-structure", 1)
		me := string(e.viewers[owner].UserID)
		res := e.post(owner, `mutation($input: CreateSiteInput!) { createSite(input: $input) { id address headcount } }`,
			map[string]any{"input": map[string]any{"companyID": companies[0], "name": "横浜工場", "address": "", "headcount": 40}})
		require.Empty(t, res.Errors)
		site := res.Data["createSite"].(map[string]any)
		assert.Nil(t, site["address"], "an empty optional text is stored as null")

		const siteFields = `id name address headcount`
		s := nullsCase{e: e, t: t, token: owner, id: site["id"].(string), path: "updateSite",
			mutation: `mutation($input: UpdateSiteInput!) { updateSite(input: $input) { ` + siteFields + ` } }`,
			read:     `query($id: ID!) { node(id: $id) { ... on Site { ` + siteFields + ` } } }`}
		got := s.update(map[string]any{"address": "横浜市中区1-1"})
		assert.Equal(t, "横浜市中区1-1", got["address"])
		assert.Equal(t, float64(40), got["headcount"], "an omitted field stays")
		got = s.update(map[string]any{"headcount": nil})
		assert.Nil(t, got["headcount"])
		assert.Equal(t, "横浜市中区1-1", got["address"], "an omitted field stays")
		got = s.update(map[string]any{"address": nil})
		assert.Nil(t, got["address"])
		back := s.reread()
		assert.Nil(t, back["address"])
		assert.Nil(t, back["headcount"])
		s.refused(map[string]any{"name": nil}, "name")

		res = e.post(owner, `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id siteID headID } }`,
			map[string]any{"input": map[string]any{"companyID": companies[0], "name": "品質保証部", "siteID": site["id"], "headID": me}})
		require.Empty(t, res.Errors)
		dept := res.Data["createDepartment"].(map[string]any)
		const deptFields = `id name siteID headID`
		d := nullsCase{e: e, t: t, token: owner, id: dept["id"].(string), path: "updateDepartment",
			mutation: `mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { ` + deptFields + ` } }`,
			read:     `query($id: ID!) { node(id: $id) { ... on Department { ` + deptFields + ` } } }`}
		got = d.update(map[string]any{"name": "品質管理部"})
		assert.Equal(t, site["id"], got["siteID"], "an omitted field stays")
		assert.Equal(t, me, got["headID"], "an omitted field stays")
		got = d.update(map[string]any{"siteID": nil})
		assert.Nil(t, got["siteID"])
		assert.Equal(t, me, got["headID"], "an omitted field stays")
		got = d.update(map[string]any{"headID": nil})
		assert.Nil(t, got["headID"])
		back = d.reread()
		assert.Nil(t, back["siteID"])
		assert.Nil(t, back["headID"])
		assert.Equal(t, "品質管理部", back["name"])
		d.refused(map[string]any{"name": nil, "headID": me}, "name")
		assert.Nil(t, d.reread()["headID"], "a refused update sets nothing")
	})
}

func TestNulls_Documents(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("nulls-documents", 1)
		me := string(e.viewers[owner].UserID)
		const fields = `id code title folder ownerID nextReviewOn reviewIntervalMonths requiresAcknowledgement`
		res := e.post(owner, `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { `+fields+` } }`,
			map[string]any{"input": map[string]any{"companyID": companies[0], "title": "情報セキュリティ基本方針", "kind": "POLICY",
				"folder": " ", "nextReviewOn": "2027-04-01"}})
		require.Empty(t, res.Errors)
		doc := res.Data["createDocument"].(map[string]any)
		assert.Nil(t, doc["folder"], "a blank optional text is stored as null")
		assert.Equal(t, me, doc["ownerID"], "the viewer owns a document that names nobody")

		c := nullsCase{e: e, t: t, token: owner, id: doc["id"].(string), path: "updateDocument",
			mutation: `mutation($input: UpdateDocumentInput!) { updateDocument(input: $input) { ` + fields + ` } }`,
			read:     `query($id: ID!) { node(id: $id) { ... on Document { ` + fields + ` } } }`}
		got := c.update(map[string]any{"folder": "規程/情報セキュリティ"})
		assert.Equal(t, "規程/情報セキュリティ", got["folder"])
		assert.Equal(t, me, got["ownerID"], "an omitted field stays")
		assert.Equal(t, "2027-04-01", got["nextReviewOn"], "an omitted field stays")

		got = c.update(map[string]any{"ownerID": nil, "nextReviewOn": nil})
		assert.Nil(t, got["ownerID"])
		assert.Nil(t, got["nextReviewOn"])
		assert.Equal(t, "規程/情報セキュリティ", got["folder"], "an omitted field stays")
		got = c.update(map[string]any{"folder": ""})
		assert.Nil(t, got["folder"], "an empty optional text clears it")
		back := c.reread()
		assert.Nil(t, back["folder"])
		assert.Nil(t, back["ownerID"])
		assert.Nil(t, back["nextReviewOn"])

		c.update(map[string]any{"folder": "規程"})
		got = c.update(map[string]any{"folder": nil})
		assert.Nil(t, got["folder"], "null clears it")

		c.refused(map[string]any{"title": nil, "code": nil, "requiresAcknowledgement": nil}, "code", "title", "requiresAcknowledgement")
		assert.Equal(t, "情報セキュリティ基本方針", c.reread()["title"])
	})
}

func TestNulls_Risks(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("nulls-risks", 1)
		me := string(e.viewers[owner].UserID)
		pc := e.asset(owner, map[string]any{"companyID": companies[0], "name": "ノートPC", "type": "HARDWARE"})
		created := e.risk(owner, map[string]any{
			"companyID": companies[0], "title": "ノートPCの紛失", "threat": "  ", "vulnerability": "",
			"likelihood": 2, "impact": 3, "ownerID": me, "treatment": "MITIGATE", "treatmentPlan": "ディスク暗号化",
			"targetLikelihood": 1, "targetImpact": 1, "acceptedByID": me, "acceptedOn": "2026-04-01",
			"acceptanceExpiresOn": "2027-03-31", "nextReviewOn": "2026-10-01",
			"assetIDs": []any{pc["id"]}, "controlRefs": []string{"8.1"},
		})
		assert.Nil(t, created["threat"], "a blank optional text is stored as null")
		assert.Nil(t, created["vulnerability"], "an empty optional text is stored as null")
		c := nullsCase{e: e, t: t, token: owner, id: created["id"].(string), path: "updateRisk", mutation: updateRiskMutation,
			read: `query($id: ID!) { node(id: $id) { ... on Risk { ` + riskFields + ` } } }`}
		back := c.reread()
		assert.Nil(t, back["threat"], "reads back null")
		assert.Nil(t, back["vulnerability"], "reads back null")

		got := c.update(map[string]any{"threat": "置き忘れ", "vulnerability": "暗号化されていない"})
		assert.Equal(t, "置き忘れ", got["threat"])
		for f, v := range map[string]any{
			"ownerID": me, "treatment": "MITIGATE", "treatmentPlan": "ディスク暗号化", "targetLikelihood": 1.0,
			"targetImpact": 1.0, "acceptedByID": me, "acceptedOn": "2026-04-01", "acceptanceExpiresOn": "2027-03-31",
			"nextReviewOn": "2026-10-01",
		} {
			assert.Equal(t, v, got[f], "an omitted field stays: %s", f)
		}
		assert.Len(t, got["assetLinks"], 1, "omitted links stay")
		assert.Len(t, got["controlLinks"], 1, "omitted links stay")

		// Each nullable field is cleared by null, and reads back null.
		got = c.update(map[string]any{"ownerID": nil, "treatment": nil, "treatmentPlan": nil, "nextReviewOn": nil})
		back = c.reread()
		for _, f := range []string{"ownerID", "treatment", "treatmentPlan", "nextReviewOn"} {
			assert.Nil(t, got[f], f)
			assert.Nil(t, back[f], "%s reads back null", f)
		}
		assert.Equal(t, "置き忘れ", back["threat"], "an omitted field stays")
		got = c.update(map[string]any{"targetLikelihood": nil, "targetImpact": nil})
		for _, f := range []string{"targetLikelihood", "targetImpact", "residualScore", "residualLevel"} {
			assert.Nil(t, got[f], f)
		}
		got = c.update(map[string]any{"acceptedByID": nil, "acceptedOn": nil, "acceptanceExpiresOn": nil})
		for _, f := range []string{"acceptedByID", "acceptedOn", "acceptanceExpiresOn"} {
			assert.Nil(t, got[f], f)
		}
		got = c.update(map[string]any{"assetIDs": nil, "controlRefs": nil})
		assert.Empty(t, got["assetLinks"], "null unlinks every asset")
		assert.Empty(t, got["controlLinks"], "null unlinks every control")
		got = c.update(map[string]any{"threat": nil, "vulnerability": " \n"})
		assert.Nil(t, got["threat"])
		assert.Nil(t, got["vulnerability"], "a blank text clears it")
		back = c.reread()
		for _, f := range []string{"threat", "vulnerability", "ownerID", "treatment", "treatmentPlan", "nextReviewOn",
			"targetLikelihood", "targetImpact", "acceptedByID", "acceptedOn", "acceptanceExpiresOn"} {
			assert.Nil(t, back[f], "%s reads back null", f)
		}
		assert.Equal(t, 6.0, back["score"], "the assessment stays")

		// What the risk becomes must still hold together.
		c.update(map[string]any{"targetLikelihood": 1, "targetImpact": 2, "acceptedByID": me, "acceptedOn": "2026-04-01"})
		before := testdb.Snapshot(t, e.raw)
		for _, tc := range []struct {
			input map[string]any
			field string
		}{
			{map[string]any{"targetLikelihood": nil}, "targetImpact"},
			{map[string]any{"acceptedOn": nil}, "acceptedOn"},
		} {
			tc.input["id"] = c.id
			res := e.post(owner, updateRiskMutation, map[string]any{"input": tc.input})
			require.Len(t, res.Errors, 1, "%v", tc.input)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0))
			assert.Equal(t, tc.field, res.Errors[0].Extensions["field"])
			assert.Equal(t, "CONFLICTING_FIELDS", res.Errors[0].Extensions["reason"])
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "a refused update changes nothing")

		c.refused(map[string]any{"code": nil, "title": nil, "likelihood": nil, "impact": nil, "status": nil},
			"code", "title", "likelihood", "impact", "status")
		back = c.reread()
		assert.Equal(t, "ノートPCの紛失", back["title"])
		assert.Equal(t, "IDENTIFIED", back["status"])
	})
}

func TestNulls_DocumentVersions(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dir := t.TempDir()
			e := newEnv(t, dialect, kv.NewMemory(), func(c *config.Config) { c.DataDir = dir })
			owner, companies := e.tenant("nulls-versions", 1)
			const fields = `id body changeSummary fileName fileContentType fileSize fileSha256 rejectionReason`
			res := e.post(owner, `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { versions { edges { node { `+fields+` } } } } }`,
				map[string]any{"input": map[string]any{"companyID": companies[0], "title": "情報セキュリティ基本方針", "kind": "POLICY",
					"body": " \n", "changeSummary": "  "}})
			require.Empty(t, res.Errors)
			versions := edgeNodes(field(res.Data, "createDocument", "versions"))
			require.Len(t, versions, 1)
			v := versions[0].(map[string]any)
			for _, f := range []string{"body", "changeSummary", "fileName", "fileContentType", "fileSize", "fileSha256", "rejectionReason"} {
				assert.Nil(t, v[f], "%s: a blank text is stored as null, and a version without a file has no file", f)
			}

			const update = `mutation($input: UpdateDocumentVersionInput!) { updateDocumentVersion(input: $input) { ` + fields + ` } }`
			c := nullsCase{e: e, t: t, token: owner, id: v["id"].(string), path: "updateDocumentVersion", mutation: update,
				read: `query($id: ID!) { node(id: $id) { ... on DocumentVersion { ` + fields + ` } } }`}
			got := c.update(map[string]any{"body": "# 基本方針\n\n  当社は…\n", "changeSummary": " 初版 "})
			assert.Equal(t, "# 基本方針\n\n  当社は…\n", got["body"], "a body is kept as written: its whitespace is Markdown")
			assert.Equal(t, "初版", got["changeSummary"])

			up := e.upload(owner, update, map[string]any{"input": map[string]any{"id": c.id, "file": nil}},
				"variables.input.file", "方針.pdf", []byte("%PDF-1.7\n"))
			require.Empty(t, up.Errors)
			got = up.Data["updateDocumentVersion"].(map[string]any)
			assert.Equal(t, "方針.pdf", got["fileName"])
			assert.Equal(t, "# 基本方針\n\n  当社は…\n", got["body"], "an omitted field stays")

			got = c.update(map[string]any{"changeSummary": nil})
			assert.Nil(t, got["changeSummary"])
			assert.Equal(t, "方針.pdf", got["fileName"], "an omitted file stays")
			assert.Equal(t, "# 基本方針\n\n  当社は…\n", got["body"], "an omitted field stays")

			got = c.update(map[string]any{"file": nil})
			for _, f := range []string{"fileName", "fileContentType", "fileSize", "fileSha256"} {
				assert.Nil(t, got[f], "null removes the file: %s", f)
			}
			assert.NotNil(t, got["body"], "an omitted field stays")
			got = c.update(map[string]any{"body": nil})
			assert.Nil(t, got["body"])
			back := c.reread()
			for _, f := range []string{"body", "changeSummary", "fileName", "fileContentType", "fileSize", "fileSha256"} {
				assert.Nil(t, back[f], "%s reads back null", f)
			}
			c.update(map[string]any{"body": "本文", "changeSummary": "要約"})
			got = c.update(map[string]any{"body": "\t", "changeSummary": ""})
			assert.Nil(t, got["body"], "a blank body clears it")
			assert.Nil(t, got["changeSummary"], "an empty text clears it")
		})
	}
}

func TestNulls_CommitteeMembers(t *testing.T) {
	t.Parallel()
	eachDialect(t, func(t *testing.T, e *env) {
		owner, companies := e.tenant("nulls-committee", 1)
		me := string(e.viewers[owner].UserID)
		res := e.post(owner, addCommitteeMember, map[string]any{"input": map[string]any{
			"companyID": companies[0], "userID": me, "role": "CHAIR", "title": "   "}})
		require.Empty(t, res.Errors)
		seat := res.Data["addCommitteeMember"].(map[string]any)
		assert.Nil(t, seat["title"], "a blank optional text is stored as null")

		c := nullsCase{e: e, t: t, token: owner, id: seat["id"].(string), path: "updateCommitteeMember", mutation: updateCommittee,
			read: `query($id: ID!) { node(id: $id) { ... on CommitteeMember { id role title } } }`}
		got := c.update(map[string]any{"title": "代表取締役"})
		assert.Equal(t, "代表取締役", got["title"])
		assert.Equal(t, "CHAIR", got["role"], "an omitted field stays")
		got = c.update(map[string]any{"role": "VICE_CHAIR"})
		assert.Equal(t, "代表取締役", got["title"], "an omitted field stays")
		got = c.update(map[string]any{"title": nil})
		assert.Nil(t, got["title"])
		assert.Nil(t, c.reread()["title"], "null was stored")
		c.update(map[string]any{"title": "取締役"})
		got = c.update(map[string]any{"title": ""})
		assert.Nil(t, got["title"], "an empty text clears it")

		c.refused(map[string]any{"role": nil, "title": "取締役"}, "role")
		back := c.reread()
		assert.Equal(t, "VICE_CHAIR", back["role"])
		assert.Nil(t, back["title"], "a refused update sets nothing")
	})
}
