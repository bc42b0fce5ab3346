package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const controlCatalog = `query($framework: String! = "ISO27001:2022", $locale: Locale) {
	controlCatalog(framework: $framework, locale: $locale) { ref theme title titleEn titleJa } }`

const soaQuery = `query($c: ID!, $locale: Locale) { statementOfApplicability(companyID: $c, locale: $locale) {
	locale initialized
	summary { controls catalogControls applicable excluded unjustified byStatus { status count } }
	rows { control { ref theme title } implementation { id controlRef applicable justification implementationStatus owner { name } documentLinks { document { code } } } }
	document { code kind currentVersion { number status } }
} }`

const initializeSoA = `mutation($c: ID!) { initializeStatementOfApplicability(companyID: $c) {
	created alreadyInitialized statementOfApplicability { initialized summary { controls } } } }`

const updateControl = `mutation($input: UpdateControlImplementationInput!) { updateControlImplementation(input: $input) {
	id controlRef applicable justification implementationStatus evidenceNote lastReviewedOn owner { name } control(locale: EN) { title } } }`

const linkControlDocument = `mutation($input: LinkControlDocumentInput!) { linkControlDocument(input: $input) { id documentLinks { document { code } } } }`

const approveSoA = `mutation($c: ID!) { approveStatementOfApplicability(companyID: $c) {
	id number status body changeSummary document { id code kind title } } }`

// catalog returns the catalogue as the token sees it, with the HTTP headers given.
func catalog(t *testing.T, e *env, token string, vars map[string]any, headers ...string) []map[string]any {
	t.Helper()
	res := e.post(token, controlCatalog, vars, headers...)
	require.Empty(t, res.Errors)
	var out []map[string]any
	for _, c := range res.Data["controlCatalog"].([]any) {
		out = append(out, c.(map[string]any))
	}
	return out
}

func TestControls_CatalogAnswersInJapaneseOrEnglishAndFallsBack(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.workspace("owner@catalog.example", "カタログ")

		ja := catalog(t, e, w.owner, nil)
		require.Len(t, ja, 93)
		themes := map[string]int{}
		refs := map[string]bool{}
		for _, c := range ja {
			themes[c["theme"].(string)]++
			refs[c["ref"].(string)] = true
			assert.Equal(t, c["titleJa"], c["title"], "Japanese when nothing says otherwise")
			assert.NotEmpty(t, c["titleEn"])
		}
		assert.Len(t, refs, 93, "unique references")
		assert.Equal(t, map[string]int{"ORGANIZATIONAL": 37, "PEOPLE": 8, "PHYSICAL": 14, "TECHNOLOGICAL": 34}, themes)
		assert.Equal(t, map[string]any{"ref": "5.1", "theme": "ORGANIZATIONAL", "title": "情報セキュリティのための方針群",
			"titleEn": "Information security policies", "titleJa": "情報セキュリティのための方針群"}, ja[0])
		assert.Equal(t, "8.34", ja[92]["ref"])

		en := catalog(t, e, w.owner, map[string]any{"locale": "EN"})
		assert.Equal(t, "Information security policies", en[0]["title"])
		assert.Equal(t, "情報セキュリティのための方針群", catalog(t, e, w.owner, map[string]any{"locale": "JA"}, "Accept-Language", "en")[0]["title"], "the argument wins")

		// Signed in: the organization's default (Japanese) before the request's Accept-Language.
		assert.Equal(t, "情報セキュリティのための方針群", catalog(t, e, w.owner, nil, "Accept-Language", "en-US,en;q=0.9")[0]["title"])
		_, err := e.raw.Exec(fmt.Sprintf("UPDATE organizations SET default_locale = 'en' WHERE id = '%s'", w.org))
		require.NoError(t, err)
		assert.Equal(t, "Information security policies", catalog(t, e, w.owner, nil)[0]["title"], "the organization's default")
		assert.Equal(t, "Information security policies", catalog(t, e, w.owner, nil, "Accept-Language", "ja")[0]["title"])

		// Without a viewer: Accept-Language, else Japanese.
		assert.Equal(t, "Information security policies", catalog(t, e, "", nil, "Accept-Language", "fr-FR, en;q=0.8")[0]["title"])
		assert.Equal(t, "情報セキュリティのための方針群", catalog(t, e, "", nil, "Accept-Language", "fr")[0]["title"])
		assert.Equal(t, "情報セキュリティのための方針群", catalog(t, e, "", nil)[0]["title"])

		for _, bad := range []struct {
			vars  map[string]any
			field string
		}{
			{map[string]any{"framework": "ISO27001:2013"}, "framework"},
			{map[string]any{"framework": "NIST-CSF"}, "framework"},
		} {
			res := e.post(w.owner, controlCatalog, bad.vars)
			require.NotEmpty(t, res.Errors, bad.vars)
			assert.Equal(t, "BAD_USER_INPUT", res.code(0), bad.vars)
			assert.Equal(t, bad.field, res.Errors[0].Extensions["field"], bad.vars)
		}
		// A language the product does not speak is not a Locale: refused before anything runs,
		// as bad input on the argument the variable feeds.
		res := e.post(w.owner, controlCatalog, map[string]any{"locale": "fr"})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "locale", res.Errors[0].Extensions["field"])

		res = e.post(w.owner, `{ managementSystemClauses(locale: JA) { ref parentRef title titleEn } }`, nil)
		require.Empty(t, res.Errors)
		clauses := res.Data["managementSystemClauses"].([]any)
		first, last := clauses[0].(map[string]any), clauses[len(clauses)-1].(map[string]any)
		assert.Equal(t, map[string]any{"ref": "4", "parentRef": nil, "title": "組織の状況", "titleEn": "Context of the organization"}, first)
		assert.Equal(t, "10.2", last["ref"])
		assert.Equal(t, "10", last["parentRef"])
	})
}

// soaEnv is the documents' cast (owner, secretariat, member and auditor of company 0, a
// consultant of company 1) with company 0's SoA initialized.
func eachSoAEnv(t *testing.T, fn func(t *testing.T, d *docsEnv, rows map[string]string)) {
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		res := d.post(d.secretariat, initializeSoA, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		rows := map[string]string{}
		for _, r := range soaRows(t, d.env, d.secretariat, d.companies[0], nil) {
			rows[field(r, "control", "ref").(string)] = field(r, "implementation", "id").(string)
		}
		require.Len(t, rows, 93)
		fn(t, d, rows)
	})
}

func soaRows(t *testing.T, e *env, token, companyID string, vars map[string]any) []map[string]any {
	t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars["c"] = companyID
	res := e.post(token, soaQuery, vars)
	require.Empty(t, res.Errors)
	var out []map[string]any
	for _, r := range field(res.Data, "statementOfApplicability", "rows").([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

func TestControls_InitializeCreatesEveryRowOnceInNaturalOrder(t *testing.T) {
	t.Parallel()
	eachDocumentsEnv(t, func(t *testing.T, d *docsEnv) {
		res := d.post(d.secretariat, soaQuery, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, false, field(res.Data, "statementOfApplicability", "initialized"))
		assert.Empty(t, field(res.Data, "statementOfApplicability", "rows"))

		before := testdb.Snapshot(t, d.raw)
		for _, tok := range []string{d.member, d.auditor} {
			res := d.post(tok, initializeSoA, map[string]any{"c": d.companies[0]})
			assert.Equal(t, "FORBIDDEN", res.code(0), "only editors keep the SoA")
		}
		res = d.post(d.consultant1, initializeSoA, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "NOT_FOUND", res.code(0), "a company the consultant does not reach")
		assert.Equal(t, before, testdb.Snapshot(t, d.raw), "nothing changed")

		first := d.must(d.secretariat, initializeSoA, map[string]any{"c": d.companies[0]}, "initializeStatementOfApplicability")
		assert.Equal(t, float64(93), first["created"])
		assert.Equal(t, false, first["alreadyInitialized"])
		assert.Equal(t, true, field(first, "statementOfApplicability", "initialized"))
		assert.Equal(t, 93, d.count("control_implementations"))

		before = testdb.Snapshot(t, d.raw)
		again := d.must(d.owner, initializeSoA, map[string]any{"c": d.companies[0]}, "initializeStatementOfApplicability")
		assert.Equal(t, float64(0), again["created"], "a second call creates none")
		assert.Equal(t, true, again["alreadyInitialized"])
		assert.Equal(t, before, testdb.Snapshot(t, d.raw), "and changes nothing")

		// A row lost (by whatever means) is put back by initializing again.
		_, err := d.raw.Exec("DELETE FROM control_implementations WHERE control_ref = '7.4'")
		require.NoError(t, err)
		again = d.must(d.owner, initializeSoA, map[string]any{"c": d.companies[0]}, "initializeStatementOfApplicability")
		assert.Equal(t, float64(1), again["created"])

		rows := soaRows(t, d.env, d.auditor, d.companies[0], nil)
		require.Len(t, rows, 93, "the auditor reads the SoA")
		var refs []string
		for _, r := range rows {
			refs = append(refs, field(r, "control", "ref").(string))
			assert.Equal(t, field(r, "control", "ref"), field(r, "implementation", "controlRef"))
			assert.Equal(t, true, field(r, "implementation", "applicable"))
			assert.Equal(t, "NOT_STARTED", field(r, "implementation", "implementationStatus"))
		}
		assert.Equal(t, []string{"5.1", "5.2", "5.3"}, refs[:3])
		assert.Equal(t, "5.9", refs[8])
		assert.Equal(t, "5.10", refs[9], "5.10 after 5.9 (natural order)")
		assert.Equal(t, "6.1", refs[37])
		assert.Equal(t, "8.34", refs[92])
		assert.Equal(t, "情報セキュリティのための方針群", field(rows[0], "control", "title"))
		assert.Equal(t, "Information security policies", field(soaRows(t, d.env, d.auditor, d.companies[0], map[string]any{"locale": "EN"})[0], "control", "title"))

		res = d.post(d.auditor, soaQuery, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, map[string]any{"controls": float64(93), "catalogControls": float64(93), "applicable": float64(93), "excluded": float64(0), "unjustified": float64(93),
			"byStatus": []any{
				map[string]any{"status": "NOT_STARTED", "count": float64(93)}, map[string]any{"status": "PLANNED", "count": float64(0)},
				map[string]any{"status": "PARTIAL", "count": float64(0)}, map[string]any{"status": "IMPLEMENTED", "count": float64(0)},
			}}, field(res.Data, "statementOfApplicability", "summary"))
		assert.Equal(t, "JA", field(res.Data, "statementOfApplicability", "locale"))
		assert.Nil(t, field(res.Data, "statementOfApplicability", "document"))

		res = d.post(d.consultant1, soaQuery, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "NOT_FOUND", res.code(0))
	})
}

func TestControls_UpdateIsValidatedAndRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	eachSoAEnv(t, func(t *testing.T, d *docsEnv, rows map[string]string) {
		other := d.env.workspace("owner@other.example", "他社")
		otherUser := d.ok(other.owner, `{ viewer { id } }`, nil, "viewer", "id")
		tomorrow := docsToday().AddDays(1).String()
		input := func(extra map[string]any) map[string]any {
			in := map[string]any{"id": rows["7.4"]}
			for k, v := range extra {
				in[k] = v
			}
			return map[string]any{"input": in}
		}
		before := testdb.Snapshot(t, d.raw)
		for _, tc := range []struct {
			name, token string
			vars        map[string]any
			code, field string
		}{
			{"excluded without justification", d.secretariat, input(map[string]any{"applicable": false}), "BAD_USER_INPUT", "justification"},
			{"included without justification", d.secretariat, input(map[string]any{"implementationStatus": "PLANNED"}), "BAD_USER_INPUT", "justification"},
			{"an empty justification", d.secretariat, input(map[string]any{"applicable": false, "justification": "   "}), "BAD_USER_INPUT", "justification"},
			{"an unknown status", d.secretariat, input(map[string]any{"justification": "理由", "implementationStatus": "DONE"}), "BAD_USER_INPUT", "implementationStatus"},
			{"an owner of another organization", d.secretariat, input(map[string]any{"justification": "理由", "ownerID": otherUser}), "BAD_USER_INPUT", "ownerID"},
			{"an owner without access to the company", d.secretariat, input(map[string]any{"justification": "理由", "ownerID": d.ids[d.consultant1]}), "BAD_USER_INPUT", "ownerID"},
			{"an auditor as owner", d.secretariat, input(map[string]any{"justification": "理由", "ownerID": d.ids[d.auditor]}), "BAD_USER_INPUT", "ownerID"},
			{"a null status", d.secretariat, input(map[string]any{"justification": "理由", "implementationStatus": nil}), "BAD_USER_INPUT", "implementationStatus"},
			{"a null justification", d.secretariat, input(map[string]any{"justification": nil}), "BAD_USER_INPUT", "justification"},
			{"a review in the future", d.secretariat, input(map[string]any{"justification": "理由", "lastReviewedOn": tomorrow}), "BAD_USER_INPUT", "lastReviewedOn"},
			{"a member", d.member, input(map[string]any{"justification": "理由"}), "FORBIDDEN", ""},
			{"an auditor", d.auditor, input(map[string]any{"justification": "理由"}), "FORBIDDEN", ""},
			{"a consultant of another company", d.consultant1, input(map[string]any{"justification": "理由"}), "NOT_FOUND", ""},
		} {
			res := d.post(tc.token, updateControl, tc.vars)
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), "%s: %s", tc.name, res.Errors[0].Message)
			if tc.field != "" {
				assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
			}
		}
		assert.Equal(t, before, testdb.Snapshot(t, d.raw), "refused updates change nothing")

		excluded := d.must(d.secretariat, updateControl, input(map[string]any{"applicable": false, "justification": " 監視カメラの設置場所がない（共用オフィス） "}), "updateControlImplementation")
		assert.Equal(t, false, excluded["applicable"])
		assert.Equal(t, "監視カメラの設置場所がない（共用オフィス）", excluded["justification"])
		assert.Equal(t, "Physical security monitoring", field(excluded, "control", "title"))

		today := docsToday().String()
		owned := d.must(d.secretariat, updateControl, map[string]any{"input": map[string]any{"id": rows["5.1"], "justification": "リスク対応及び経営方針",
			"implementationStatus": "IMPLEMENTED", "ownerID": d.ids[d.member], "evidenceNote": "文書管理台帳", "lastReviewedOn": today}}, "updateControlImplementation")
		assert.Equal(t, "招待 MEMBER", field(owned, "owner", "name"))
		assert.Equal(t, today, owned["lastReviewedOn"])
		cleared := d.must(d.secretariat, updateControl, map[string]any{"input": map[string]any{"id": rows["5.1"], "ownerID": nil, "evidenceNote": "", "lastReviewedOn": nil}}, "updateControlImplementation")
		assert.Nil(t, cleared["owner"])
		assert.Nil(t, cleared["evidenceNote"], "an empty optional text reads back null")
		assert.Nil(t, cleared["lastReviewedOn"])
		assert.Equal(t, "リスク対応及び経営方針", cleared["justification"], "kept")

		res := d.post(d.auditor, soaQuery, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		sum := field(res.Data, "statementOfApplicability", "summary").(map[string]any)
		assert.Equal(t, float64(92), sum["applicable"])
		assert.Equal(t, float64(1), sum["excluded"])
		assert.Equal(t, float64(91), sum["unjustified"])
		assert.Contains(t, sum["byStatus"], map[string]any{"status": "IMPLEMENTED", "count": float64(1)})
		assert.Contains(t, sum["byStatus"], map[string]any{"status": "NOT_STARTED", "count": float64(91)}, "excluded controls are not counted by status")
	})
}

func TestControls_LinkedDocumentsBelongToTheSameCompany(t *testing.T) {
	t.Parallel()
	eachSoAEnv(t, func(t *testing.T, d *docsEnv, rows map[string]string) {
		policy := d.createDoc(d.secretariat, map[string]any{"title": "情報セキュリティ基本方針", "kind": "POLICY", "body": "本文"})
		elsewhere := d.createDoc(d.owner, map[string]any{"companyID": d.companies[1], "title": "子会社の方針", "kind": "POLICY", "body": "本文"})
		link := func(token, docID string) response {
			return d.post(token, linkControlDocument, map[string]any{"input": map[string]any{"controlImplementationID": rows["5.1"], "documentID": docID}})
		}
		res := link(d.secretariat, policy["id"].(string))
		require.Empty(t, res.Errors)
		assert.Equal(t, []any{map[string]any{"document": map[string]any{"code": "ISMS-P-001"}}}, field(res.Data, "linkControlDocument", "documentLinks"))

		before := testdb.Snapshot(t, d.raw)
		res = link(d.secretariat, policy["id"].(string))
		require.Empty(t, res.Errors, "linking again changes nothing")
		res = link(d.owner, elsewhere["id"].(string))
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "documentID", res.Errors[0].Extensions["field"])
		res = link(d.secretariat, elsewhere["id"].(string))
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "a document the secretariat of company 0 does not reach")
		assert.Equal(t, "documentID", res.Errors[0].Extensions["field"])
		assert.Equal(t, "UNKNOWN_ID", res.Errors[0].Extensions["reason"])
		res = link(d.member, policy["id"].(string))
		assert.Equal(t, "FORBIDDEN", res.code(0))
		assert.Equal(t, before, testdb.Snapshot(t, d.raw))

		unlink := `mutation($input: LinkControlDocumentInput!) { unlinkControlDocument(input: $input) { id documentLinks { id } } }`
		vars := map[string]any{"input": map[string]any{"controlImplementationID": rows["5.1"], "documentID": policy["id"]}}
		res = d.post(d.member, unlink, vars)
		assert.Equal(t, "FORBIDDEN", res.code(0))
		res = d.post(d.secretariat, unlink, vars)
		require.Empty(t, res.Errors)
		assert.Empty(t, field(res.Data, "unlinkControlDocument", "documentLinks"))
		res = d.post(d.secretariat, unlink, vars)
		require.Empty(t, res.Errors, "unlinking again changes nothing")
		assert.Equal(t, 0, d.count("soa_document_links"))
	})
}

func TestControls_ApprovingFilesTheSoAAsAnSOADocumentVersionForAnotherToApprove(t *testing.T) {
	t.Parallel()
	eachSoAEnv(t, func(t *testing.T, d *docsEnv, rows map[string]string) {
		before := testdb.Snapshot(t, d.raw)
		res := d.post(d.secretariat, approveSoA, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "CONFLICT", res.code(0), "93 rows without justification")
		assert.Contains(t, res.Errors[0].Message, "93件の管理策に採否の理由がまだありません（5.1, 5.2", "in the organization's language")
		res = d.post(d.secretariat, approveSoA, map[string]any{"c": d.companies[1]})
		assert.Equal(t, "NOT_FOUND", res.code(0), "the secretariat of company 0 does not reach company 1")
		res = d.post(d.owner, approveSoA, map[string]any{"c": d.companies[1]})
		assert.Equal(t, "CONFLICT", res.code(0), "company 1 has no SoA yet")
		assert.Contains(t, res.Errors[0].Message, "適用宣言書が初期化されていません")
		assert.Equal(t, before, testdb.Snapshot(t, d.raw))

		_, err := d.raw.Exec(fmt.Sprintf("UPDATE control_implementations SET justification = 'リスク対応' WHERE company_id = '%s'", d.companies[0]))
		require.NoError(t, err)
		d.must(d.secretariat, updateControl, map[string]any{"input": map[string]any{"id": rows["7.4"], "applicable": false, "justification": "共用オフィス | 管理会社が監視"}}, "updateControlImplementation")
		d.must(d.secretariat, updateControl, map[string]any{"input": map[string]any{"id": rows["5.1"], "ownerID": d.ids[d.member], "implementationStatus": "IMPLEMENTED"}}, "updateControlImplementation")
		policy := d.createDoc(d.secretariat, map[string]any{"title": "情報セキュリティ基本方針", "kind": "POLICY", "body": "本文"})
		d.must(d.secretariat, linkControlDocument, map[string]any{"input": map[string]any{"controlImplementationID": rows["5.1"], "documentID": policy["id"]}}, "linkControlDocument")

		res = d.post(d.member, approveSoA, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "FORBIDDEN", res.code(0), "a member does not file the SoA")

		v1 := d.must(d.secretariat, approveSoA, map[string]any{"c": d.companies[0]}, "approveStatementOfApplicability")
		assert.Equal(t, "1.0", v1["number"])
		assert.Equal(t, "IN_REVIEW", v1["status"], "submitted for another person's approval")
		assert.Equal(t, map[string]any{"id": field(v1, "document", "id"), "code": "ISMS-SOA-001", "kind": "SOA", "title": "情報セキュリティ適用宣言書"}, v1["document"])
		assert.Equal(t, "適用宣言書の承認申請（適用 92・除外 1）", v1["changeSummary"])
		body := v1["body"].(string)
		assert.Equal(t, 1+93, strings.Count(body, "\n| "), "the header and a table line per control")
		assert.Contains(t, body, "| 5.1 | 情報セキュリティのための方針群 | 適用 | リスク対応 | 実施済 | 招待 MEMBER | ISMS-P-001 |")
		assert.Contains(t, body, `| 7.4 | 物理的セキュリティの監視 | 除外 | 共用オフィス \| 管理会社が監視 | — |`)
		assert.Less(t, strings.Index(body, "| 5.9 |"), strings.Index(body, "| 5.10 |"))

		res = d.post(d.secretariat, approveSoA, map[string]any{"c": d.companies[0]})
		assert.Equal(t, "CONFLICT", res.code(0), "version 1.0 is still in review")
		res = d.post(d.secretariat, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": v1["id"]})
		assert.Equal(t, "FORBIDDEN", res.code(0), "who filed it does not approve it")
		d.step(d.owner, "approveDocumentVersion", v1["id"].(string), nil)

		res = d.post(d.auditor, soaQuery, map[string]any{"c": d.companies[0]})
		require.Empty(t, res.Errors)
		assert.Equal(t, map[string]any{"code": "ISMS-SOA-001", "kind": "SOA", "currentVersion": map[string]any{"number": "1.0", "status": "APPROVED"}},
			field(res.Data, "statementOfApplicability", "document"))

		d.must(d.secretariat, updateControl, map[string]any{"input": map[string]any{"id": rows["8.11"], "applicable": false, "justification": "個人データを扱わない"}}, "updateControlImplementation")
		v2 := d.must(d.secretariat, approveSoA, map[string]any{"c": d.companies[0]}, "approveStatementOfApplicability")
		assert.Equal(t, "1.1", v2["number"], "the next version of the same document")
		assert.Equal(t, field(v1, "document", "id"), field(v2, "document", "id"))
		assert.Contains(t, v2["body"], "| 8.11 | データマスキング | 除外 | 個人データを扱わない |")
		approved := d.step(d.owner, "approveDocumentVersion", v2["id"].(string), nil)
		assert.Equal(t, "APPROVED", approved["status"])
	})
}

func TestControls_TheSoACostsTheSameStatementsForOneRowOrAll(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			dir := t.TempDir()
			e := serve(t, db, kv.NewMemory(), false, nil, func(c *config.Config) { c.DataDir = dir })
			w := e.workspace("owner@soa-n1.example", "適用")
			owner := e.ok(w.owner, `{ viewer { id } }`, nil, "viewer", "id")
			for _, c := range w.companies {
				require.Empty(t, e.post(w.owner, initializeSoA, map[string]any{"c": c}).Errors)
			}
			// Company 1 keeps one row; every row has an owner and a linked document.
			_, err := e.raw.Exec(fmt.Sprintf("DELETE FROM control_implementations WHERE company_id = '%s' AND control_ref <> '5.1'", w.companies[1]))
			require.NoError(t, err)
			_, err = e.raw.Exec(fmt.Sprintf("UPDATE control_implementations SET owner_id = '%s', justification = '理由'", owner))
			require.NoError(t, err)
			for _, c := range w.companies {
				doc := e.ok(w.owner, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "方針", kind: POLICY, body: "x"}) { id } }`, map[string]any{"c": c}, "createDocument", "id")
				for _, r := range soaRows(t, e, w.owner, c, nil) {
					e.ok(w.owner, linkControlDocument, map[string]any{"input": map[string]any{"controlImplementationID": field(r, "implementation", "id"), "documentID": doc}}, "linkControlDocument", "id")
				}
			}
			// Risks of the register treated by the controls: one in each company on 5.1, another
			// in company 0 on every control of theme 8.
			refs8 := []string{}
			for i := 1; i <= 34; i++ {
				refs8 = append(refs8, fmt.Sprintf("8.%d", i))
			}
			const createRisk = `mutation($input: CreateRiskInput!) { createRisk(input: $input) { id } }`
			for _, c := range w.companies {
				e.ok(w.owner, createRisk, map[string]any{"input": map[string]any{"companyID": c, "title": "情報漏えい", "likelihood": 2, "impact": 3, "controlRefs": []string{"5.1"}}}, "createRisk", "id")
			}
			e.ok(w.owner, createRisk, map[string]any{"input": map[string]any{"companyID": w.companies[0], "title": "ランサムウェア", "likelihood": 3, "impact": 3, "controlRefs": refs8}}, "createRisk", "id")
			query := `query($c: ID!) { statementOfApplicability(companyID: $c) { summary { applicable }
				rows { control { ref title } risks { id code } implementation { id applicable implementationStatus owner { name } documentLinks { document { code title } } } } } }`
			statements := func(companyID string, want int) int {
				counter.Reset()
				res := e.post(w.owner, query, map[string]any{"c": companyID})
				require.Empty(t, res.Errors)
				rows := field(res.Data, "statementOfApplicability", "rows").([]any)
				require.Len(t, rows, want)
				risks := map[string]int{}
				for _, r := range rows {
					risks[field(r.(map[string]any), "control", "ref").(string)] = len(field(r.(map[string]any), "risks").([]any))
					require.Equal(t, "利用者 適用", field(r.(map[string]any), "implementation", "owner", "name"))
					require.Len(t, field(r.(map[string]any), "implementation", "documentLinks"), 1)
				}
				assert.Equal(t, 1, risks["5.1"], "the risk on 5.1")
				if want > 1 {
					assert.Equal(t, 1, risks["8.8"])
					assert.Equal(t, 0, risks["5.2"])
				}
				return counter.Count()
			}
			forOne, forAll := statements(w.companies[1], 1), statements(w.companies[0], 93)
			t.Logf("%s: %d statements for 1 row, %d for 93", dialect, forOne, forAll)
			assert.Equal(t, forOne, forAll, "no N+1: the statement count does not grow with the rows")
		})
	}
}
