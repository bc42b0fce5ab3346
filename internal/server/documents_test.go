package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

const createDocument = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) {
	id code title kind companyID classification reviewIntervalMonths nextReviewOn isOverdue owner { name }
	currentVersion { id number } openVersion { id number status body author { name } } } }`

const documentByID = `query($id: ID!) { node(id: $id) { ... on Document {
	id code nextReviewOn isOverdue
	currentVersion { id number status decidedBy { name } }
	openVersion { id number status }
	versions { edges { node { id number status } } }
	history { edges { node { action comment actor { name } version { number } } } } } } }`

const versionFields = `id number status body changeSummary rejectionReason fileName fileSize fileSha256 fileContentType downloadURL author { name }`

// docsEnv is a signed-in organization with the people a document passes through: the owner
// (OWNER, reaches every company), a secretariat member and a staff member of company 0, an
// auditor of company 0, and a consultant of company 1 only.
type docsEnv struct {
	*env
	workspace
	secretariat, member, auditor, consultant1 string
	ids                                       map[string]string // token → user ID
	blobs                                     string
}

func eachDocumentsEnv(t *testing.T, fn func(t *testing.T, d *docsEnv)) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dir := t.TempDir()
			e := newSignedEnv(t, dialect, kv.NewMemory(), func(c *config.Config) { c.DataDir = dir })
			d := &docsEnv{env: e, workspace: e.workspace("owner@docs.example", "文書"), blobs: filepath.Join(dir, "blobs"), ids: map[string]string{}}
			d.secretariat = e.join(d.workspace, "secretariat@docs.example", "SECRETARIAT", d.companies[:1], nil)
			d.member = e.join(d.workspace, "member@docs.example", "MEMBER", d.companies[:1], nil)
			d.auditor = e.join(d.workspace, "auditor@docs.example", "AUDITOR", d.companies[:1],
				map[string]any{"accessExpiresAt": time.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339)})
			d.consultant1 = e.join(d.workspace, "consultant@docs.example", "CONSULTANT", d.companies[1:], nil)
			for _, tok := range []string{d.owner, d.secretariat, d.member, d.auditor, d.consultant1} {
				d.ids[tok] = e.ok(tok, `{ viewer { id } }`, nil, "viewer", "id")
			}
			fn(t, d)
		})
	}
}

// must posts and returns the data at path, failing on any error.
func (d *docsEnv) must(token, query string, vars map[string]any, path ...string) map[string]any {
	d.t.Helper()
	res := d.post(token, query, vars)
	require.Empty(d.t, res.Errors, query)
	out, ok := field(res.Data, path...).(map[string]any)
	require.True(d.t, ok, "%s: no %v in %v", query, path, res.Data)
	return out
}

func (d *docsEnv) createDoc(token string, input map[string]any) map[string]any {
	d.t.Helper()
	if _, ok := input["companyID"]; !ok {
		input["companyID"] = d.companies[0]
	}
	return d.must(token, createDocument, map[string]any{"input": input}, "createDocument")
}

func (d *docsEnv) step(token, mutation, versionID string, extra map[string]any) map[string]any {
	d.t.Helper()
	input := map[string]any{"id": versionID}
	for k, v := range extra {
		input[k] = v
	}
	q := fmt.Sprintf(`mutation($input: %s!) { %s(input: $input) { %s } }`, stepInputs[mutation], mutation, versionFields)
	return d.must(token, q, map[string]any{"input": input}, mutation)
}

var stepInputs = map[string]string{
	"updateDocumentVersion":  "UpdateDocumentVersionInput",
	"submitDocumentVersion":  "DocumentVersionStepInput",
	"approveDocumentVersion": "DocumentVersionStepInput",
	"rejectDocumentVersion":  "RejectDocumentVersionInput",
}

func (d *docsEnv) revise(token, documentID string, extra map[string]any) map[string]any {
	d.t.Helper()
	input := map[string]any{"documentID": documentID}
	for k, v := range extra {
		input[k] = v
	}
	return d.must(token, `mutation($input: CreateDocumentVersionInput!) { createDocumentVersion(input: $input) { `+versionFields+` } }`,
		map[string]any{"input": input}, "createDocumentVersion")
}

// approved creates a document by the secretariat and has the owner approve its version 1.0.
func (d *docsEnv) approved(input map[string]any) (doc, version map[string]any) {
	d.t.Helper()
	if _, ok := input["body"]; !ok {
		input["body"] = "本文\n"
	}
	doc = d.createDoc(d.secretariat, input)
	v := doc["openVersion"].(map[string]any)
	d.step(d.secretariat, "submitDocumentVersion", v["id"].(string), nil)
	return doc, d.step(d.owner, "approveDocumentVersion", v["id"].(string), nil)
}

func docsToday() date.Date { return date.Today(time.Now()) }

func TestDocuments_DraftSubmitApproveReviseKeepsExactlyOneCurrentVersion(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		doc := d.createDoc(d.secretariat, map[string]any{
			"title": "情報セキュリティ基本方針", "kind": "POLICY", "body": "# 基本方針\n\n1. 目的\n2. 適用範囲\n3. 責任\n",
			"requiresAcknowledgement": true, "folder": "規程/情報セキュリティ",
		})
		assert.Equal(t, "ISMS-P-001", doc["code"], "numbered in the POLICY series")
		assert.Equal(t, d.companies[0], doc["companyID"])
		assert.Equal(t, "INTERNAL", doc["classification"])
		assert.Equal(t, "招待 SECRETARIAT", field(doc, "owner", "name"), "the creator owns it by default")
		assert.Nil(t, doc["currentVersion"], "nothing is current before an approval")
		v1 := doc["openVersion"].(map[string]any)
		assert.Equal(t, "1.0", v1["number"])
		assert.Equal(t, "DRAFT", v1["status"])
		v1ID := v1["id"].(string)

		edited := d.step(d.secretariat, "updateDocumentVersion", v1ID, map[string]any{
			"body": "# 基本方針\n\n1. 目的\n2. 適用範囲\n3. 責任\n4. 見直し\n", "changeSummary": "初版"})
		assert.Equal(t, "初版", edited["changeSummary"])
		d.step(d.secretariat, "submitDocumentVersion", v1ID, map[string]any{"comment": "ご確認ください"})

		// The author cannot approve; nothing changes.
		before := testdb.Snapshot(t, d.raw)
		res := d.post(d.secretariat, `mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": v1ID})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "FORBIDDEN", res.code(0))
		assert.Equal(t, "SELF_APPROVAL", res.Errors[0].Extensions["reason"])
		assert.Contains(t, res.Errors[0].Message, "版の作成者は自分の版を承認できません", "in the organization's language")
		assert.Equal(t, before, testdb.Snapshot(t, d.raw))

		approved := d.step(d.owner, "approveDocumentVersion", v1ID, map[string]any{"comment": "承認"})
		assert.Equal(t, "APPROVED", approved["status"])

		got := d.must(d.owner, documentByID, map[string]any{"id": doc["id"]}, "node")
		assert.Equal(t, v1ID, field(got, "currentVersion", "id"))
		assert.Equal(t, "利用者 文書", field(got, "currentVersion", "decidedBy", "name"))
		nextReview := reviewDateAfter(docsToday(), 12)
		assert.Equal(t, nextReview, got["nextReviewOn"], "the next review is one interval after the approval")
		assert.Equal(t, false, got["isOverdue"])
		assert.Nil(t, got["openVersion"])

		// Revise: 1.1 from the current version's body.
		v2 := d.revise(d.secretariat, doc["id"].(string), map[string]any{"changeSummary": "適用範囲を明確化"})
		assert.Equal(t, "1.1", v2["number"])
		assert.Equal(t, "DRAFT", v2["status"])
		assert.Equal(t, edited["body"], v2["body"], "the draft starts from the current version")
		v2ID := v2["id"].(string)
		d.step(d.secretariat, "updateDocumentVersion", v2ID, map[string]any{
			"body": "# 基本方針\n\n1. 目的\n2. 適用範囲（全拠点）\n3. 責任\n4. 見直し\n5. 罰則\n"})
		d.step(d.secretariat, "submitDocumentVersion", v2ID, nil)
		d.step(d.owner, "approveDocumentVersion", v2ID, nil)

		got = d.must(d.owner, documentByID, map[string]any{"id": doc["id"]}, "node")
		assert.Equal(t, v2ID, field(got, "currentVersion", "id"))
		statuses := map[string]string{}
		for _, v := range edgeNodes(got["versions"]) {
			statuses[v.(map[string]any)["number"].(string)] = v.(map[string]any)["status"].(string)
		}
		assert.Equal(t, map[string]string{"1.0": "SUPERSEDED", "1.1": "APPROVED"}, statuses, "exactly one version is current")

		type step struct{ action, version, actor, comment string }
		var history []step
		for _, s := range edgeNodes(got["history"]) {
			m := s.(map[string]any)
			comment, _ := m["comment"].(string)
			history = append(history, step{m["action"].(string), field(m, "version", "number").(string), field(m, "actor", "name").(string), comment})
		}
		sec, own := "招待 SECRETARIAT", "利用者 文書"
		assert.Equal(t, []step{
			{"DRAFTED", "1.0", sec, ""},
			{"EDITED", "1.0", sec, ""},
			{"SUBMITTED", "1.0", sec, "ご確認ください"},
			{"APPROVED", "1.0", own, "承認"},
			{"DRAFTED", "1.1", sec, "revised from 1.0"},
			{"EDITED", "1.1", sec, ""},
			{"SUBMITTED", "1.1", sec, ""},
			{"SUPERSEDED", "1.0", own, "superseded by 1.1"},
			{"APPROVED", "1.1", own, ""},
		}, history)

		diff := d.must(d.member, `query($a: ID!, $b: ID!) { documentDiff(fromVersionID: $a, toVersionID: $b) {
			unified addedLines removedLines from { number } to { number } } }`, map[string]any{"a": v1ID, "b": v2ID}, "documentDiff")
		assert.Equal(t, float64(2), diff["addedLines"])
		assert.Equal(t, float64(1), diff["removedLines"])
		assert.Equal(t, "--- ISMS-P-001 1.0\n+++ ISMS-P-001 1.1\n@@ -1,6 +1,7 @@\n # 基本方針\n \n 1. 目的\n-2. 適用範囲\n+2. 適用範囲（全拠点）\n 3. 責任\n 4. 見直し\n+5. 罰則\n",
			diff["unified"])

		// A major revision, and only one open version at a time.
		v3 := d.revise(d.secretariat, doc["id"].(string), map[string]any{"major": true})
		assert.Equal(t, "2.0", v3["number"])
		before = testdb.Snapshot(t, d.raw)
		res = d.post(d.secretariat, `mutation($id: ID!) { createDocumentVersion(input: {documentID: $id}) { id } }`, map[string]any{"id": doc["id"]})
		assert.Equal(t, "CONFLICT", res.code(0))
		assert.Contains(t, res.Errors[0].Message, "2.0")
		assert.Equal(t, before, testdb.Snapshot(t, d.raw))

		// A rejection keeps the current version and records the reason.
		d.step(d.secretariat, "submitDocumentVersion", v3["id"].(string), nil)
		rejected := d.step(d.owner, "rejectDocumentVersion", v3["id"].(string), map[string]any{"reason": "改訂理由が不明確"})
		assert.Equal(t, "REJECTED", rejected["status"])
		assert.Equal(t, "改訂理由が不明確", rejected["rejectionReason"])
		got = d.must(d.owner, documentByID, map[string]any{"id": doc["id"]}, "node")
		assert.Equal(t, v2ID, field(got, "currentVersion", "id"))
		assert.Equal(t, "2.1", d.revise(d.secretariat, doc["id"].(string), nil)["number"], "numbered after the highest version")
	})
}

func reviewDateAfter(d date.Date, months int) string {
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	return date.New(first.Year(), first.Month(), min(t.Day(), first.AddDate(0, 1, -1).Day())).String()
}

// viewerCanApprove answers what approveDocumentVersion would do, viewer by viewer: the author
// and a draft's or a decided version's every reader get false and are refused; the others get
// true and are let through. The auditor does not find a draft or a version in review at all
// (TestDocuments_TheAuditorReadsApprovedVersionsOnly) and gets false for an approved one.
func TestDocuments_ViewerCanApproveAgreesWithApprove(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		const canApprove = `query($id: ID!) { node(id: $id) { ... on DocumentVersion { viewerCanApprove } } }`
		flag := func(token, id string) bool {
			return d.must(token, canApprove, map[string]any{"id": id}, "node")["viewerCanApprove"].(bool)
		}
		viewers := map[string]string{"author (SECRETARIAT)": d.secretariat, "OWNER": d.owner, "MEMBER": d.member}
		doc := d.createDoc(d.secretariat, map[string]any{"title": "アクセス制御規程", "kind": "STANDARD", "body": "# アクセス制御\n"})
		versionID := field(doc, "openVersion", "id").(string)
		for name, token := range viewers {
			assert.False(t, flag(token, versionID), "%s: a draft is not for approval", name)
		}
		d.step(d.secretariat, "submitDocumentVersion", versionID, nil)

		flags := map[string]bool{}
		for name, token := range viewers {
			flags[name] = flag(token, versionID)
		}
		assert.False(t, flags["author (SECRETARIAT)"], "segregation of duties")
		assert.True(t, flags["OWNER"])
		approve := `mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { status } }`
		for name, token := range viewers {
			if flags[name] {
				continue
			}
			before := testdb.Snapshot(t, d.raw)
			res := d.post(token, approve, map[string]any{"id": versionID})
			require.Len(t, res.Errors, 1, "%s was told it may not approve, and may not", name)
			assert.Equal(t, "FORBIDDEN", res.code(0), name)
			assert.Equal(t, before, testdb.Snapshot(t, d.raw), name)
		}
		// One of those told they may approve does (another editor than the owner when there is one).
		approver := "OWNER"
		for name := range viewers {
			if flags[name] && name != "OWNER" {
				approver = name
			}
		}
		assert.Empty(t, d.post(viewers[approver], approve, map[string]any{"id": versionID}).Errors, "%s was told it may approve, and may", approver)
		for name, token := range viewers {
			assert.False(t, flag(token, versionID), "%s: a decided version is not for approval", name)
		}
		assert.False(t, flag(d.auditor, versionID), "the auditor reads the approved version, read-only")

		// A version in review of an archived document: nobody, and approving is refused.
		archived := d.createDoc(d.secretariat, map[string]any{"title": "廃止予定の手順", "kind": "PROCEDURE", "body": "# 手順\n"})
		inReview := field(archived, "openVersion", "id").(string)
		d.step(d.secretariat, "submitDocumentVersion", inReview, nil)
		require.True(t, flag(d.owner, inReview))
		d.must(d.secretariat, `mutation($id: ID!) { archiveDocument(input: {id: $id}) { id } }`, map[string]any{"id": archived["id"]}, "archiveDocument")
		assert.False(t, flag(d.owner, inReview))
		assert.Equal(t, "CONFLICT", d.post(d.owner, approve, map[string]any{"id": inReview}).code(0))
	})
}

func TestDocuments_BadInputAndStepsOutOfOrderAreRefusedAndChangeNothing(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		// The organization reads English, so that the messages of refusals read as the cases
		// expect.
		d.ok(d.owner, `mutation { updateOrganization(input: {defaultLocale: EN}) { id } }`, nil, "updateOrganization", "id")
		d.createDoc(d.secretariat, map[string]any{"title": "アクセス管理規程", "kind": "STANDARD", "code": "ISMS-S-010", "body": "x"})
		draft := d.createDoc(d.secretariat, map[string]any{"title": "下書き", "kind": "PROCEDURE", "body": "x"})
		assert.Equal(t, "ISMS-PR-001", draft["code"])
		draftID := field(draft, "openVersion", "id").(string)
		submitted := d.createDoc(d.secretariat, map[string]any{"title": "提出済み", "kind": "MANUAL"})
		submittedID := field(submitted, "openVersion", "id").(string)
		res := d.post(d.secretariat, `mutation($id: ID!) { submitDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": submittedID})
		assert.Equal(t, "CONFLICT", res.code(0), "a version without content cannot be submitted")
		d.step(d.secretariat, "updateDocumentVersion", submittedID, map[string]any{"body": "手順"})
		d.step(d.secretariat, "submitDocumentVersion", submittedID, nil)

		cases := []struct {
			name, token, query string
			vars               map[string]any
			code, field, msg   string
		}{
			{"empty title", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "  ", "kind": "POLICY"}},
				"BAD_USER_INPUT", "title", "title: must not be empty"},
			{"unknown kind", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "MEMO"}},
				"BAD_USER_INPUT", "kind", "MEMO"},
			{"duplicate code", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "POLICY", "code": "ISMS-S-010"}},
				"CONFLICT", "", "document code ISMS-S-010 is already used"},
			{"code with spaces", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "POLICY", "code": "ISMS P 1"}},
				"BAD_USER_INPUT", "code", "must not contain spaces"},
			{"interval out of range", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "POLICY", "reviewIntervalMonths": 0}},
				"BAD_USER_INPUT", "reviewIntervalMonths", "between 1 and 60"},
			{"owner without access", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "POLICY", "ownerID": d.ids[d.consultant1]}},
				"BAD_USER_INPUT", "ownerID", "must be a member who reaches the company"},
			{"auditor as owner", d.secretariat, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "POLICY", "ownerID": d.ids[d.auditor]}},
				"BAD_USER_INPUT", "ownerID", "an auditor cannot own a document"},
			{"staff cannot create", d.member, createDocument, map[string]any{"input": map[string]any{"companyID": d.companies[0], "title": "x", "kind": "POLICY"}},
				"FORBIDDEN", "", ""},
			{"duplicate code on update", d.secretariat, `mutation($id: ID!) { updateDocument(input: {id: $id, code: "ISMS-S-010"}) { id } }`, map[string]any{"id": draft["id"]},
				"CONFLICT", "", "already used"},
			{"approve a draft", d.owner, `mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": draftID},
				"CONFLICT", "", "version 1.0 is DRAFT: only a version IN_REVIEW can be approved"},
			{"reject a draft", d.owner, `mutation($id: ID!) { rejectDocumentVersion(input: {id: $id, reason: "x"}) { id } }`, map[string]any{"id": draftID},
				"CONFLICT", "", "only a version IN_REVIEW can be rejected"},
			{"edit a submitted version", d.secretariat, `mutation($id: ID!) { updateDocumentVersion(input: {id: $id, body: "changed"}) { id } }`, map[string]any{"id": submittedID},
				"CONFLICT", "", "version 1.0 is IN_REVIEW: only a version DRAFT can be edited"},
			{"submit twice", d.secretariat, `mutation($id: ID!) { submitDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": submittedID},
				"CONFLICT", "", "only a version DRAFT can be submitted"},
			{"reject without a reason", d.owner, `mutation($id: ID!) { rejectDocumentVersion(input: {id: $id, reason: " "}) { id } }`, map[string]any{"id": submittedID},
				"BAD_USER_INPUT", "reason", "must not be empty"},
			{"revise while a version is open", d.secretariat, `mutation($id: ID!) { createDocumentVersion(input: {documentID: $id}) { id } }`, map[string]any{"id": submitted["id"]},
				"CONFLICT", "", "already open (IN_REVIEW)"},
			{"acknowledge before any approval", d.member, `mutation($id: ID!) { acknowledgeDocument(input: {documentID: $id}) { id } }`, map[string]any{"id": draft["id"]},
				"CONFLICT", "", "no approved version"},
			{"the auditor does not find a version in review", d.auditor, `mutation($id: ID!) { approveDocumentVersion(input: {id: $id}) { id } }`, map[string]any{"id": submittedID},
				"NOT_FOUND", "", ""},
			{"diff across documents", d.secretariat, `query($a: ID!, $b: ID!) { documentDiff(fromVersionID: $a, toVersionID: $b) { unified } }`, map[string]any{"a": draftID, "b": submittedID},
				"BAD_USER_INPUT", "toVersionID", "same document"},
			{"another company's document", d.consultant1, `mutation($id: ID!) { updateDocument(input: {id: $id, title: "x"}) { id } }`, map[string]any{"id": draft["id"]},
				"NOT_FOUND", "", ""},
		}
		for _, c := range cases {
			before := testdb.Snapshot(t, d.raw)
			res := d.post(c.token, c.query, c.vars)
			require.NotEmpty(t, res.Errors, c.name)
			assert.Equal(t, c.code, res.code(0), "%s: %s", c.name, res.Errors[0].Message)
			if c.field != "" {
				assert.Equal(t, c.field, res.Errors[0].Extensions["field"], c.name)
			}
			assert.Contains(t, res.Errors[0].Message, c.msg, c.name)
			assert.Equal(t, before, testdb.Snapshot(t, d.raw), "%s changed the database", c.name)
		}

		// An archived document changes no more until restored.
		res = d.post(d.secretariat, `mutation($id: ID!) { archiveDocument(input: {id: $id}) { archivedAt } }`, map[string]any{"id": draft["id"]})
		require.Empty(t, res.Errors)
		res = d.post(d.secretariat, `mutation($id: ID!) { updateDocumentVersion(input: {id: $id, body: "y"}) { id } }`, map[string]any{"id": draftID})
		assert.Equal(t, "CONFLICT", res.code(0))
		assert.Contains(t, res.Errors[0].Message, "archived")
		res = d.post(d.secretariat, `mutation($id: ID!) { restoreDocument(input: {id: $id}) { archivedAt } }`, map[string]any{"id": draft["id"]})
		require.Empty(t, res.Errors)
		assert.Nil(t, field(res.Data, "restoreDocument", "archivedAt"))
		d.step(d.secretariat, "updateDocumentVersion", draftID, map[string]any{"body": "y"})
	})
}

func TestDocuments_AcknowledgementReportListsWhoHasAndHasNotReadTheCurrentVersion(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		doc, _ := d.approved(map[string]any{"title": "利用規程", "kind": "STANDARD", "requiresAcknowledgement": true})
		const report = `query($id: ID!) { node(id: $id) { ... on Document { acknowledgementReport {
			version { number } acknowledgedCount pendingCount pending { name } acknowledged { user { name } version { number } } } } } }`
		names := func(list any, path ...string) []string {
			var out []string
			for _, x := range list.([]any) {
				out = append(out, field(x.(map[string]any), path...).(string))
			}
			return out
		}

		r := d.must(d.member, report, map[string]any{"id": doc["id"]}, "node", "acknowledgementReport")
		assert.Equal(t, "1.0", field(r, "version", "number"))
		assert.ElementsMatch(t, []string{"利用者 文書", "招待 SECRETARIAT", "招待 MEMBER"}, names(r["pending"], "name"),
			"everyone reaching the company but the auditor; not the consultant of the other company")
		assert.Empty(t, r["acknowledged"])

		ack := d.must(d.member, `mutation($id: ID!) { acknowledgeDocument(input: {documentID: $id}) { id user { name } version { number } } }`,
			map[string]any{"id": doc["id"]}, "acknowledgeDocument")
		assert.Equal(t, "招待 MEMBER", field(ack, "user", "name"))
		again := d.must(d.member, `mutation($id: ID!) { acknowledgeDocument(input: {documentID: $id}) { id } }`, map[string]any{"id": doc["id"]}, "acknowledgeDocument")
		assert.Equal(t, ack["id"], again["id"], "acknowledging twice keeps the first")
		res := d.post(d.auditor, `mutation($id: ID!) { acknowledgeDocument(input: {documentID: $id}) { id } }`, map[string]any{"id": doc["id"]})
		assert.Equal(t, "FORBIDDEN", res.code(0), "the auditor only reads")
		d.must(d.owner, `mutation($id: ID!) { acknowledgeDocument(input: {documentID: $id}) { id } }`, map[string]any{"id": doc["id"]}, "acknowledgeDocument")

		r = d.must(d.secretariat, report, map[string]any{"id": doc["id"]}, "node", "acknowledgementReport")
		assert.Equal(t, []string{"招待 MEMBER", "利用者 文書"}, names(r["acknowledged"], "user", "name"))
		assert.Equal(t, []string{"招待 SECRETARIAT"}, names(r["pending"], "name"))
		assert.Equal(t, float64(2), r["acknowledgedCount"])
		assert.Equal(t, float64(1), r["pendingCount"])

		// A new approved version asks everyone again.
		v := d.revise(d.secretariat, doc["id"].(string), map[string]any{"body": "改訂\n"})
		d.step(d.secretariat, "submitDocumentVersion", v["id"].(string), nil)
		d.step(d.owner, "approveDocumentVersion", v["id"].(string), nil)
		r = d.must(d.member, report, map[string]any{"id": doc["id"]}, "node", "acknowledgementReport")
		assert.Equal(t, "1.1", field(r, "version", "number"))
		assert.Equal(t, float64(3), r["pendingCount"])
		assert.Empty(t, r["acknowledged"])
	})
}

func TestDocuments_OverdueDocumentsGetOneReviewTaskEach(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		past := docsToday().AddDays(-1).String()
		overdue := d.createDoc(d.secretariat, map[string]any{"title": "リスク評価手順", "kind": "PROCEDURE", "nextReviewOn": past, "ownerID": d.ids[d.member]})
		d.createDoc(d.secretariat, map[string]any{"title": "期限内", "kind": "PROCEDURE", "nextReviewOn": docsToday().String()})
		archived := d.createDoc(d.secretariat, map[string]any{"title": "廃止済み", "kind": "PROCEDURE", "nextReviewOn": "2020-01-01"})
		res := d.post(d.secretariat, `mutation($id: ID!) { archiveDocument(input: {id: $id}) { id } }`, map[string]any{"id": archived["id"]})
		require.Empty(t, res.Errors)
		assert.Equal(t, true, overdue["isOverdue"])

		res = d.post(d.member, `query($c: ID!) { overdueDocuments(companyID: $c) { edges { node { id isOverdue } } } }`, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{map[string]any{"id": overdue["id"], "isOverdue": true}}, edgeNodes(field(res.Data, "overdueDocuments")))
		res = d.post(d.owner, `query($c: ID!) { companies(where: {id: $c}) { edges { node { documents(where: {nextReviewOnLT: "`+docsToday().String()+`", archivedAtIsNil: true}) { totalCount } } } } }`,
			map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Contains(t, string(res.Raw["data"]), `"totalCount":1`, "the same set through the where filter")

		const schedule = `mutation($c: ID!) { scheduleDocumentReviews(companyID: $c) { id title companyID assigneeID dueDate source sourceID } }`
		tasksBefore := d.count("tasks")
		res = d.post(d.secretariat, schedule, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		tasks := res.Data["scheduleDocumentReviews"].([]any)
		require.Len(t, tasks, 1)
		task := tasks[0].(map[string]any)
		assert.Equal(t, "文書レビュー: リスク評価手順", task["title"])
		assert.Equal(t, d.ids[d.member], task["assigneeID"], "the document's owner")
		assert.Equal(t, "DOCUMENT_REVIEW", task["source"])
		assert.Equal(t, overdue["id"], task["sourceID"])
		assert.Equal(t, d.companies[0], task["companyID"])
		assert.Equal(t, docsToday().AddDays(14).String(), task["dueDate"])
		assert.Equal(t, tasksBefore+1, d.count("tasks"))

		res = d.post(d.secretariat, schedule, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Empty(t, res.Data["scheduleDocumentReviews"], "a second run creates no task")
		assert.Equal(t, tasksBefore+1, d.count("tasks"))

		res = d.post(d.member, schedule, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "FORBIDDEN", res.code(0), "staff do not schedule reviews")
		res = d.post(d.consultant1, schedule, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "NOT_FOUND", res.code(0))

		// Approving a new version moves the review date; the document is no longer overdue.
		v := field(overdue, "openVersion", "id").(string)
		d.step(d.secretariat, "updateDocumentVersion", v, map[string]any{"body": "見直し済み"})
		d.step(d.secretariat, "submitDocumentVersion", v, nil)
		d.step(d.owner, "approveDocumentVersion", v, nil)
		res = d.post(d.member, `query($c: ID!) { overdueDocuments(companyID: $c) { edges { node { id } } } }`, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Empty(t, edgeNodes(field(res.Data, "overdueDocuments")))
	})
}

// upload sends a GraphQL multipart request with one file at the variable path.
func (e *env) upload(token, query string, vars map[string]any, path, name string, content []byte) response {
	e.t.Helper()
	ops, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	require.NoError(e.t, err)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	require.NoError(e.t, w.WriteField("operations", string(ops)))
	require.NoError(e.t, w.WriteField("map", fmt.Sprintf(`{"0": [%q]}`, path)))
	part, err := w.CreateFormFile("0", name)
	require.NoError(e.t, err)
	_, err = part.Write(content)
	require.NoError(e.t, err)
	require.NoError(e.t, w.Close())
	return e.do(http.MethodPost, "/graphql", token, &body, "Content-Type", w.FormDataContentType())
}

// download GETs a file as the viewer named by token.
func (e *env) download(token, path string) (int, http.Header, []byte) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, e.url+path, nil)
	require.NoError(e.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return res.StatusCode, res.Header, body
}

func TestDocuments_AttachedFilesDownloadOnlyToTheirTenantAndIntact(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		content := []byte("%PDF-1.7\n情報セキュリティ基本方針 (署名済み)\n")
		sum := sha256.Sum256(content)
		res := d.upload(d.secretariat, createDocument, map[string]any{"input": map[string]any{
			"companyID": d.companies[0], "title": "基本方針 (PDF)", "kind": "POLICY", "file": nil,
		}}, "variables.input.file", "基本方針 v1.pdf", content)
		require.Empty(t, res.Errors)
		doc := res.Data["createDocument"].(map[string]any)
		versionID := field(doc, "openVersion", "id").(string)
		v := d.must(d.secretariat, `query($id: ID!) { node(id: $id) { ... on DocumentVersion { `+versionFields+` } } }`, map[string]any{"id": versionID}, "node")
		assert.Equal(t, "基本方針 v1.pdf", v["fileName"])
		assert.Equal(t, float64(len(content)), v["fileSize"])
		assert.Equal(t, hex.EncodeToString(sum[:]), v["fileSha256"])
		assert.Equal(t, "application/pdf", v["fileContentType"])
		url := "/files/document-versions/" + versionID
		assert.Equal(t, d.env.url+url, v["downloadURL"], "absolute, on the scheme and host the request came to")

		status, header, body := d.download(d.member, url)
		require.Equal(t, http.StatusOK, status, string(body))
		assert.Equal(t, content, body)
		assert.Equal(t, "application/pdf", header.Get("Content-Type"))
		assert.Contains(t, header.Get("Content-Disposition"), "attachment")
		assert.Equal(t, "nosniff", header.Get("X-Content-Type-Options"))

		// Another organization, another company, nobody, and an ID that never existed.
		other := d.env.workspace("owner@other.example", "他社")
		for _, tc := range []struct {
			token  string
			status int
		}{{other.owner, 404}, {d.consultant1, 404}, {"", 401}} {
			status, _, body := d.download(tc.token, url)
			assert.Equal(t, tc.status, status, string(body))
			assert.NotContains(t, string(body), "PDF")
		}
		status, _, _ = d.download(d.owner, "/files/document-versions/"+string(pulid.New("DV")))
		assert.Equal(t, 404, status)
		status, _, _ = d.download(d.owner, "/files/document-versions/..%2F..%2Fetc%2Fpasswd")
		assert.Equal(t, 404, status)

		// A revision carries the file over; a new upload replaces it in the draft only.
		d.step(d.secretariat, "submitDocumentVersion", versionID, nil)
		d.step(d.owner, "approveDocumentVersion", versionID, nil)
		rev := d.revise(d.secretariat, doc["id"].(string), nil)
		assert.Equal(t, v["fileSha256"], rev["fileSha256"])
		replaced := []byte("version 1.1")
		res = d.upload(d.secretariat, `mutation($input: UpdateDocumentVersionInput!) { updateDocumentVersion(input: $input) { `+versionFields+` } }`,
			map[string]any{"input": map[string]any{"id": rev["id"], "file": nil}}, "variables.input.file", "v1.1.txt", replaced)
		require.Empty(t, res.Errors)
		assert.Equal(t, float64(len(replaced)), field(res.Data, "updateDocumentVersion", "fileSize"))
		_, _, body = d.download(d.member, url)
		assert.Equal(t, content, body, "the approved version keeps its file")
		_, _, body = d.download(d.member, "/files/document-versions/"+rev["id"].(string))
		assert.Equal(t, replaced, body)

		// Tampering with the stored file on disk: the download fails clearly and serves nothing.
		var files []string
		require.NoError(t, filepath.WalkDir(d.blobs, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				if b, _ := os.ReadFile(p); bytes.Equal(b, content) {
					files = append(files, p)
				}
			}
			return err
		}))
		require.Len(t, files, 1)
		require.NoError(t, os.WriteFile(files[0], []byte("%PDF-1.7\n改ざんされた内容\n"), 0o600))
		status, _, body = d.download(d.member, url)
		assert.Equal(t, http.StatusInternalServerError, status)
		assert.Contains(t, string(body), "failed its integrity check")
		assert.NotContains(t, string(body), "改ざん")
		assert.Contains(t, d.logs.String(), "failed its integrity check: recorded sha256", "the cause is in the log")
	})
}

// documentsPage is a document register: a page of documents with their current version, its
// author and the owner.
const documentsPage = `query($c: ID!) { companies(where: {id: $c}) { edges { node { documents(first: 100) { totalCount edges { node {
	id code title isOverdue owner { name } currentVersion { number status author { name } } } } } } } } }`

func TestDocuments_ARegisterPageCostsTheSameStatementsForOneDocumentOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			one, oneCo := e.tenant("one", 1)
			many, manyCo := e.tenant("many", 1)
			seedDocuments(t, e, one, oneCo[0], 1)
			seedDocuments(t, e, many, manyCo[0], 40)

			statements := func(token, company string, n int) int {
				counter.Reset()
				res := e.post(token, documentsPage, map[string]any{"c": company})
				require.Empty(t, res.Errors)
				edges := field(res.Data, "companies", "edges").([]any)[0].(map[string]any)
				docs := field(edges, "node", "documents", "edges").([]any)
				require.Len(t, docs, n)
				for _, x := range docs {
					assert.Equal(t, "1.0", field(x.(map[string]any), "node", "currentVersion", "number"))
					assert.Equal(t, token, field(x.(map[string]any), "node", "owner", "name"))
				}
				return counter.Count()
			}
			forOne, forMany := statements(one, oneCo[0], 1), statements(many, manyCo[0], 40)
			t.Logf("%s: %d statements for 1 document, %d for 40", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}

// seedDocuments writes n approved documents straight through ent, as the system.
func seedDocuments(t *testing.T, e *env, token, companyID string, n int) {
	t.Helper()
	v := e.viewers[token]
	ctx := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
	c := e.db.Client
	for i := range n {
		doc := c.Document.Create().SetOrganizationID(v.OrganizationID).SetCompanyID(pulid.ID(companyID)).
			SetCode(fmt.Sprintf("ISMS-P-%03d", i+1)).SetTitle(fmt.Sprintf("規程 %d", i+1)).SetKind("POLICY").
			SetOwnerID(v.UserID).SaveX(ctx)
		ver := c.DocumentVersion.Create().SetOrganizationID(v.OrganizationID).SetCompanyID(pulid.ID(companyID)).
			SetDocumentID(doc.ID).SetMajor(1).SetMinor(0).SetBody("本文").SetAuthorID(v.UserID).SetStatus("APPROVED").SaveX(ctx)
		c.Document.UpdateOne(doc).SetCurrentVersionID(ver.ID).ExecX(ctx)
	}
}
