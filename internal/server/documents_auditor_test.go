package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/pulid"
)

// auditedVersions are the documents of TestDocuments_TheAuditorReadsApprovedVersionsOnly: a
// policy with 1.0 SUPERSEDED, 1.1 APPROVED (current), 1.2 REJECTED and a newer DRAFT 1.3, and a
// procedure whose only version, 1.0, is IN_REVIEW (a document has one open version at a time, so
// the draft and the version in review are of two documents). Every version has the file uploaded
// with the policy's first version (revisions carry it over), or the procedure's.
type auditedVersions struct {
	policy, procedure string
	// byStatus is the version ID of each status.
	byStatus map[string]string
	// steps are the IDs of each version's steps, by status.
	steps map[string][]string
}

func (d *docsEnv) auditedVersions() auditedVersions {
	d.t.Helper()
	a := auditedVersions{byStatus: map[string]string{}, steps: map[string][]string{}}
	upload := func(title, kind string) (docID, versionID string) {
		d.t.Helper()
		res := d.upload(d.secretariat, createDocument, map[string]any{"input": map[string]any{
			"companyID": d.companies[0], "title": title, "kind": kind, "body": "# " + title + "\n", "file": nil,
		}}, "variables.input.file", title+".pdf", []byte("%PDF-1.7\n"+title+"\n"))
		require.Empty(d.t, res.Errors)
		doc := res.Data["createDocument"].(map[string]any)
		return doc["id"].(string), field(doc, "openVersion", "id").(string)
	}
	submit := func(id string) { d.step(d.secretariat, "submitDocumentVersion", id, nil) }
	approve := func(id string) { d.step(d.owner, "approveDocumentVersion", id, nil) }

	var v10 string
	a.policy, v10 = upload("情報セキュリティ基本方針", "POLICY")
	submit(v10)
	approve(v10)
	v11 := d.revise(d.secretariat, a.policy, map[string]any{"body": "# 1.1 承認済み\n"})["id"].(string)
	submit(v11)
	approve(v11)
	v12 := d.revise(d.secretariat, a.policy, map[string]any{"body": "# 1.2 差し戻し\n"})["id"].(string)
	submit(v12)
	d.step(d.owner, "rejectDocumentVersion", v12, map[string]any{"reason": "適用範囲の記載が誤り"})
	v13 := d.revise(d.secretariat, a.policy, map[string]any{"body": "# 1.3 下書き（未公開の改訂案）\n"})["id"].(string)
	var p10 string
	a.procedure, p10 = upload("アクセス制御手順", "PROCEDURE")
	submit(p10)
	a.byStatus = map[string]string{"SUPERSEDED": v10, "APPROVED": v11, "REJECTED": v12, "DRAFT": v13, "IN_REVIEW": p10}

	// What the secretariat reads: every version, in its status, and every step.
	for status, id := range a.byStatus {
		v := d.must(d.secretariat, `query($id: ID!) { node(id: $id) { ... on DocumentVersion { status steps { edges { node { id } } } } } }`,
			map[string]any{"id": id}, "node")
		require.Equal(d.t, status, v["status"])
		for _, s := range edgeNodes(v["steps"]) {
			a.steps[status] = append(a.steps[status], s.(map[string]any)["id"].(string))
		}
		require.NotEmpty(d.t, a.steps[status], status)
	}
	return a
}

// The AUDITOR reads the approved versions of its company's documents only: APPROVED and
// SUPERSEDED (what was in force). A draft, a version in review and a rejected version, and their
// steps, do not exist to it through the API: node and nodes answer as for an ID that never
// existed, a document lists and counts only its approved versions, a where filter on versions
// (on the document's versions or through hasVersionsWith) cannot tell that one exists, and the
// file download and documentDiff answer as for a missing version. The SECRETARIAT reads them all.
func TestDocuments_TheAuditorReadsApprovedVersionsOnly(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		a := d.auditedVersions()
		hidden := []string{"DRAFT", "IN_REVIEW", "REJECTED"}
		never := string(pulid.New("DV"))
		const node = `query($id: ID!) { node(id: $id) { id } }`
		neverRes := d.post(d.auditor, node, map[string]any{"id": never})
		require.Len(t, neverRes.Errors, 1)
		require.Equal(t, "NOT_FOUND", neverRes.code(0))
		neverStep := d.post(d.auditor, node, map[string]any{"id": string(pulid.New("DS"))})
		require.Equal(t, "NOT_FOUND", neverStep.code(0))
		neverStatus, _, neverBody := d.download(d.auditor, "/files/document-versions/"+never)
		require.Equal(t, http.StatusNotFound, neverStatus)
		const diff = `query($a: ID!, $b: ID!) { documentDiff(fromVersionID: $a, toVersionID: $b) { addedLines } }`
		neverDiff := d.post(d.auditor, diff, map[string]any{"a": never, "b": a.byStatus["APPROVED"]})
		require.Equal(t, "NOT_FOUND", neverDiff.code(0))

		t.Run("by ID", func(t *testing.T) {
			for status, id := range a.byStatus {
				assert.Equal(t, id, d.must(d.secretariat, node, map[string]any{"id": id}, "node")["id"], "the secretariat reads %s", status)
				res := d.post(d.auditor, node, map[string]any{"id": id})
				for _, step := range a.steps[status] {
					sres := d.post(d.auditor, node, map[string]any{"id": step})
					if status == "APPROVED" || status == "SUPERSEDED" {
						assert.Empty(t, sres.Errors, "a step of the %s version", status)
						assert.Equal(t, step, field(sres.Data, "node", "id"))
						continue
					}
					assert.Equal(t, neverStep.Errors, sres.Errors, "a step of the %s version is not found", status)
					assert.Nil(t, field(sres.Data, "node"))
				}
				if status == "APPROVED" || status == "SUPERSEDED" {
					assert.Empty(t, res.Errors, status)
					assert.Equal(t, id, field(res.Data, "node", "id"), status)
					continue
				}
				assert.Equal(t, neverRes.Errors, res.Errors, "the %s version is not found, exactly as an ID that never existed", status)
				assert.Equal(t, neverRes.Data, res.Data, status)
			}
			ids := []any{a.byStatus["APPROVED"], a.byStatus["DRAFT"], a.byStatus["IN_REVIEW"], a.byStatus["REJECTED"], a.byStatus["SUPERSEDED"]}
			res := d.post(d.auditor, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
			got := field(res.Data, "nodes").([]any)
			require.Len(t, got, 5)
			assert.Equal(t, a.byStatus["APPROVED"], field(got[0].(map[string]any), "id"))
			assert.Nil(t, got[1])
			assert.Nil(t, got[2])
			assert.Nil(t, got[3])
			assert.Equal(t, a.byStatus["SUPERSEDED"], field(got[4].(map[string]any), "id"))
			for _, e := range res.Errors {
				assert.Equal(t, "NOT_FOUND", e.Extensions["code"])
			}
		})

		t.Run("a document's versions, current, open and history", func(t *testing.T) {
			const doc = `query($id: ID!) { node(id: $id) { ... on Document {
				versions { totalCount edges { node { number status } } }
				drafts: versions(where: {status: DRAFT}) { totalCount }
				notApproved: versions(where: {statusNotIn: [APPROVED, SUPERSEDED]}) { totalCount }
				currentVersion { number status }
				openVersion { id }
				history(first: 100) { totalCount edges { node { action version { number status } } } } } } }`
			type view struct {
				versions          []string
				total, drafts, na float64
				current, open     any
				historyOf         map[string]bool
				historyTotal      float64
			}
			read := func(token, id string) view {
				t.Helper()
				n := d.must(token, doc, map[string]any{"id": id}, "node")
				v := view{total: field(n, "versions", "totalCount").(float64), drafts: field(n, "drafts", "totalCount").(float64),
					na: field(n, "notApproved", "totalCount").(float64), open: n["openVersion"], historyOf: map[string]bool{},
					historyTotal: field(n, "history", "totalCount").(float64)}
				for _, e := range edgeNodes(n["versions"]) {
					m := e.(map[string]any)
					v.versions = append(v.versions, m["number"].(string)+" "+m["status"].(string))
				}
				if c, ok := n["currentVersion"].(map[string]any); ok {
					v.current = c["number"].(string) + " " + c["status"].(string)
				}
				for _, e := range edgeNodes(n["history"]) {
					v.historyOf[field(e.(map[string]any), "version", "status").(string)] = true
				}
				return v
			}

			sec := read(d.secretariat, a.policy)
			assert.Equal(t, []string{"1.0 SUPERSEDED", "1.1 APPROVED", "1.2 REJECTED", "1.3 DRAFT"}, sec.versions)
			assert.Equal(t, []float64{4, 1, 2}, []float64{sec.total, sec.drafts, sec.na})
			assert.Equal(t, "1.1 APPROVED", sec.current)
			assert.NotNil(t, sec.open)
			assert.Equal(t, map[string]bool{"SUPERSEDED": true, "APPROVED": true, "REJECTED": true, "DRAFT": true}, sec.historyOf)

			aud := read(d.auditor, a.policy)
			assert.Equal(t, []string{"1.0 SUPERSEDED", "1.1 APPROVED"}, aud.versions, "approved versions only")
			assert.Equal(t, []float64{2, 0, 0}, []float64{aud.total, aud.drafts, aud.na}, "totalCount and where filters count only those")
			assert.Equal(t, "1.1 APPROVED", aud.current)
			assert.Nil(t, aud.open, "no open version to the auditor")
			assert.Equal(t, map[string]bool{"SUPERSEDED": true, "APPROVED": true}, aud.historyOf, "the history of approved versions only")
			assert.Equal(t, float64(len(a.steps["SUPERSEDED"])+len(a.steps["APPROVED"])), aud.historyTotal)

			sec = read(d.secretariat, a.procedure)
			assert.Equal(t, []string{"1.0 IN_REVIEW"}, sec.versions)
			aud = read(d.auditor, a.procedure)
			assert.Empty(t, aud.versions, "a document never approved is listed without versions")
			assert.Equal(t, []float64{0, 0, 0, 0}, []float64{aud.total, aud.drafts, aud.na, aud.historyTotal})
			assert.Nil(t, aud.current)
			assert.Nil(t, aud.open)
		})

		t.Run("where predicates through the edge to versions", func(t *testing.T) {
			const docs = `query($c: ID!, $where: DocumentWhereInput) { companies(where: {id: $c}) { edges { node {
				documents(where: $where) { totalCount } } } } }`
			count := func(token string, where map[string]any) float64 {
				t.Helper()
				res := d.post(token, docs, map[string]any{"c": d.companies[0], "where": where})
				require.Empty(t, res.Errors)
				return field(edgeNodes(field(res.Data, "companies"))[0].(map[string]any), "documents", "totalCount").(float64)
			}
			assert.Equal(t, float64(2), count(d.auditor, nil), "the auditor lists both documents")
			for _, status := range hidden {
				where := map[string]any{"hasVersionsWith": []any{map[string]any{"status": status}}}
				assert.Equal(t, float64(1), count(d.secretariat, where), status)
				assert.Zero(t, count(d.auditor, where), "a filter cannot tell that a %s version exists", status)
				byID := map[string]any{"hasVersionsWith": []any{map[string]any{"id": a.byStatus[status]}}}
				assert.Equal(t, float64(1), count(d.secretariat, byID), status)
				assert.Zero(t, count(d.auditor, byID), status)
				// Through the steps of a version too: a rejection, a submission of the version in review.
				steps := map[string]any{"hasVersionsWith": []any{map[string]any{"hasStepsWith": []any{map[string]any{"id": a.steps[status][0]}}}}}
				assert.Equal(t, float64(1), count(d.secretariat, steps), status)
				assert.Zero(t, count(d.auditor, steps), status)
			}
			assert.Equal(t, float64(1), count(d.auditor, map[string]any{"hasVersionsWith": []any{map[string]any{"status": "SUPERSEDED"}}}))
			assert.Equal(t, float64(1), count(d.auditor, map[string]any{"hasVersions": true}), "only the policy has versions the auditor reads")
			assert.Equal(t, float64(1), count(d.auditor, map[string]any{"hasVersions": false}))
			assert.Equal(t, float64(2), count(d.secretariat, map[string]any{"hasVersions": true}))
		})

		t.Run("file downloads", func(t *testing.T) {
			for status, id := range a.byStatus {
				url := "/files/document-versions/" + id
				code, _, body := d.download(d.secretariat, url)
				assert.Equal(t, http.StatusOK, code, "the secretariat downloads the %s version: %s", status, body)
				code, header, body := d.download(d.auditor, url)
				if status == "APPROVED" || status == "SUPERSEDED" {
					assert.Equal(t, http.StatusOK, code, "%s: %s", status, body)
					assert.Contains(t, string(body), "%PDF")
					continue
				}
				assert.Equal(t, neverStatus, code, status)
				assert.Equal(t, string(neverBody), string(body), "the %s version's file answers as a missing one", status)
				assert.NotContains(t, header.Get("Content-Type"), "pdf")
			}
		})

		t.Run("diffs", func(t *testing.T) {
			ok := d.post(d.auditor, diff, map[string]any{"a": a.byStatus["SUPERSEDED"], "b": a.byStatus["APPROVED"]})
			assert.Empty(t, ok.Errors, "the auditor compares the approved versions")
			for _, status := range []string{"DRAFT", "REJECTED"} {
				res := d.post(d.secretariat, diff, map[string]any{"a": a.byStatus["APPROVED"], "b": a.byStatus[status]})
				assert.Empty(t, res.Errors, status)
				for _, vars := range []map[string]any{
					{"a": a.byStatus["APPROVED"], "b": a.byStatus[status]},
					{"a": a.byStatus[status], "b": a.byStatus["APPROVED"]},
				} {
					res = d.post(d.auditor, diff, vars)
					assert.Equal(t, neverDiff.Errors, res.Errors, "a diff with the %s version answers as with a missing one", status)
					assert.Nil(t, res.Data, status)
				}
			}
		})

		t.Run("acting on a version it cannot read", func(t *testing.T) {
			before := d.count("document_versions")
			res := d.post(d.auditor, `mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": a.byStatus["IN_REVIEW"]})
			assert.Equal(t, "NOT_FOUND", res.code(0), "not FORBIDDEN, which would tell that it exists")
			res = d.post(d.auditor, `mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": never})
			assert.Equal(t, "NOT_FOUND", res.code(0))
			assert.Equal(t, before, d.count("document_versions"))
		})
	})
}
