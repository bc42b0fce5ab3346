package server_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/testdb"
)

const baselineV1 = `{
	controls: [
		{ref: "5.1", applicable: true, justification: "全社方針", rule: LOCKED},
		{ref: "7.4", applicable: true, justification: "全拠点で監視する", rule: OVERRIDABLE}],
	documents: [{key: "security-policy", documentVersionID: $policy, rule: LOCKED}]}`

// Over the API, on both databases, the multi-site firm: HQ and three sites adopt baseline v1; a
// site's overlay adds two controls and a local procedure; excluding a locked control is refused
// naming it; an override of an overridable control waits for HQ's approval and then shows
// DEVIATING; v2 leaves the two other sites BEHIND with the diff; an upgrade keeps the overlay;
// the local procedure is promoted into v3.
func TestBaselines_AFirmWithHeadOfficeAndThreeSites(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := serve(t, db, kv.NewMemory(), false, nil)
			w := e.workspaceOf("owner@firm.example", "全国製作所", "全国製作所")
			hq := e.join(w, "consultant@firm.example", "CONSULTANT", w.companies, nil)
			company := w.companies[0]
			approved := func(code, title, kind string) (string, string) {
				doc := e.ok(w.owner, `mutation($c: ID!, $code: String!, $t: String!, $k: DocumentKind!) { createDocument(input: {companyID: $c, code: $code, title: $t, kind: $k, body: "本文"}) { id } }`,
					map[string]any{"c": company, "code": code, "t": title, "k": kind}, "createDocument", "id")
				res := e.post(w.owner, `query($d: ID!) { node(id: $d) { ... on Document { versions { edges { node { id } } } } } }`, map[string]any{"d": doc})
				v := onlyNode(t, field(res.Data, "node", "versions"))["id"].(string)
				e.ok(w.owner, `mutation($v: ID!) { submitDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": v}, "submitDocumentVersion", "id")
				e.ok(hq, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": v}, "approveDocumentVersion", "id")
				return doc, v
			}
			_, policy := approved("ISMS-P-001", "情報セキュリティ基本方針", "POLICY")
			procedure, _ := approved("OSK-PR-001", "大阪拠点 入退室手順", "PROCEDURE")

			res := e.post(hq, `mutation($policy: ID!) { createBaseline(input: {name: "全社ISMSベースライン", content: `+baselineV1+`}) { id versions { edges { node { id content { documents { code version rule } } } } } } }`,
				map[string]any{"policy": policy})
			require.Empty(t, res.Errors, "%v", res.Errors)
			baseline := field(res.Data, "createBaseline", "id").(string)
			v1 := onlyNode(t, field(res.Data, "createBaseline", "versions"))
			assert.Equal(t, []any{map[string]any{"code": "ISMS-P-001", "version": "1.0", "rule": "LOCKED"}}, field(v1, "content", "documents"))

			// The adopters' drift and effective items cost the same statements for one adopter
			// or three.
			statements := func() int {
				counter.Reset()
				res := e.post(w.owner, `query($b: ID!) { node(id: $b) { ... on Baseline { adoptions { edges { node { id site { name } drift { status changes { key } local { id } } effective { controls { ref source } documents { key } } } } } } } }`,
					map[string]any{"b": baseline})
				require.Empty(t, res.Errors, "%v", res.Errors)
				return counter.Count()
			}
			var adoptions []string
			var counts []int
			for _, name := range []string{"東京本社", "大阪拠点", "福岡拠点"} {
				site := e.ok(w.owner, `mutation($c: ID!, $n: String!) { createSite(input: {companyID: $c, name: $n}) { id } }`, map[string]any{"c": company, "n": name}, "createSite", "id")
				adoptions = append(adoptions, e.ok(w.owner, `mutation($v: ID!, $c: ID!, $s: ID!) { adoptBaseline(input: {baselineVersionID: $v, companyID: $c, siteID: $s}) { id } }`,
					map[string]any{"v": v1["id"], "c": company, "s": site}, "adoptBaseline", "id"))
				counts = append(counts, statements())
			}
			assert.Equal(t, counts[0], counts[2], "statements for 1 adopter and for 3: %v", counts)
			osaka, fukuoka := adoptions[1], adoptions[2]
			add := `mutation($in: AddBaselineOverlayInput!) { addBaselineOverlay(input: $in) { id action status } }`
			for _, ref := range []string{"5.7", "8.23"} {
				e.ok(w.owner, add, map[string]any{"in": map[string]any{"adoptionID": osaka, "kind": "CONTROL", "target": ref, "applicable": true, "justification": "拠点固有", "reason": "拠点のリスク"}}, "addBaselineOverlay", "id")
			}
			local := e.ok(w.owner, add, map[string]any{"in": map[string]any{"adoptionID": osaka, "kind": "DOCUMENT", "target": "osaka-entry-procedure", "documentID": procedure, "reason": "拠点の入退室"}}, "addBaselineOverlay", "id")

			res = e.post(w.owner, add, map[string]any{"in": map[string]any{"adoptionID": osaka, "kind": "CONTROL", "target": "5.1", "applicable": false, "justification": "不要", "reason": "除外したい"}})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, []any{"BAD_USER_INPUT", "IMMUTABLE", "target"}, []any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})
			assert.Contains(t, res.Errors[0].Message, "管理策 5.1はベースライン「全社ISMSベースライン」第1版で LOCKED", "in the viewer's language, naming the item, the version and the rule")

			res = e.post(w.owner, add, map[string]any{"in": map[string]any{"adoptionID": fukuoka, "kind": "CONTROL", "target": "7.4", "applicable": false, "justification": "委託先が監視", "reason": "ビル管理会社"}})
			require.Empty(t, res.Errors, "%v", res.Errors)
			override := field(res.Data, "addBaselineOverlay").(map[string]any)
			assert.Equal(t, []any{"OVERRIDE", "PENDING"}, []any{override["action"], override["status"]})
			drift := func() map[string]string {
				res := e.post(w.owner, `query($b: ID!) { node(id: $b) { ... on Baseline { adoptions { edges { node { id drift { status changes { kind key change } } } } } } } }`, map[string]any{"b": baseline})
				require.Empty(t, res.Errors, "%v", res.Errors)
				out := map[string]string{}
				for _, edge := range field(res.Data, "node", "adoptions", "edges").([]any) {
					n := edge.(map[string]any)["node"].(map[string]any)
					status := field(n, "drift", "status").(string)
					for _, c := range field(n, "drift", "changes").([]any) {
						ch := c.(map[string]any)
						status += " " + ch["kind"].(string) + ":" + ch["key"].(string) + ":" + ch["change"].(string)
					}
					out[n["id"].(string)] = status
				}
				return out
			}
			assert.Equal(t, "IN_SYNC", drift()[fukuoka], "pending until the head office decides")
			res = e.post(w.owner, `mutation($id: ID!) { decideBaselineOverride(input: {id: $id, approve: true}) { status } }`, map[string]any{"id": override["id"]})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "FORBIDDEN", res.code(0), "who proposed an override does not approve it")
			e.ok(hq, `mutation($id: ID!) { decideBaselineOverride(input: {id: $id, approve: true, note: "委託契約で担保"}) { status } }`, map[string]any{"id": override["id"]}, "decideBaselineOverride", "status")
			assert.Equal(t, "DEVIATING", drift()[fukuoka])

			// v2: a new approved version of the policy.
			doc := e.ok(w.owner, `query($v: ID!) { node(id: $v) { ... on DocumentVersion { document { id } } } }`, map[string]any{"v": policy}, "node", "document", "id")
			next := e.ok(w.owner, `mutation($d: ID!) { createDocumentVersion(input: {documentID: $d, body: "改訂"}) { id } }`, map[string]any{"d": doc}, "createDocumentVersion", "id")
			e.ok(w.owner, `mutation($v: ID!) { submitDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": next}, "submitDocumentVersion", "id")
			e.ok(hq, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": next}, "approveDocumentVersion", "id")
			e.ok(hq, `mutation($b: ID!, $policy: ID!) { publishBaselineVersion(input: {baselineID: $b, note: "方針改訂", content: `+baselineV1+`}) { id } }`,
				map[string]any{"b": baseline, "policy": next}, "publishBaselineVersion", "id")
			assert.Equal(t, map[string]string{
				adoptions[0]: "BEHIND DOCUMENT:security-policy:CHANGED",
				osaka:        "BEHIND DOCUMENT:security-policy:CHANGED",
				fukuoka:      "DEVIATING DOCUMENT:security-policy:CHANGED",
			}, drift())

			res = e.post(w.owner, `mutation($a: ID!) { upgradeBaselineAdoption(adoptionID: $a) { versionNumber drift { status local { id } } effective { controls { ref source } documents { key source } } } }`, map[string]any{"a": osaka})
			require.Empty(t, res.Errors, "%v", res.Errors)
			up := field(res.Data, "upgradeBaselineAdoption").(map[string]any)
			assert.Equal(t, []any{float64(2), "IN_SYNC"}, []any{up["versionNumber"], field(up, "drift", "status")})
			assert.Len(t, field(up, "drift", "local"), 3, "the upgrade keeps the overlay")
			assert.Equal(t, []any{
				map[string]any{"ref": "5.1", "source": "BASELINE"}, map[string]any{"ref": "5.7", "source": "LOCAL"},
				map[string]any{"ref": "7.4", "source": "BASELINE"}, map[string]any{"ref": "8.23", "source": "LOCAL"},
			}, field(up, "effective", "controls"))

			res = e.post(hq, `mutation($o: ID!) { promoteBaselineOverlay(input: {overlayID: $o, rule: EXTEND}) { number content { documents { key code rule } } } }`, map[string]any{"o": local})
			require.Empty(t, res.Errors, "%v", res.Errors)
			v3 := field(res.Data, "promoteBaselineOverlay").(map[string]any)
			assert.Equal(t, float64(3), v3["number"])
			assert.Equal(t, map[string]any{"key": "osaka-entry-procedure", "code": "OSK-PR-001", "rule": "EXTEND"}, field(v3, "content", "documents").([]any)[1])

			other := e.workspaceOf("owner@other-firm.example", "他社", "他社")
			res = e.post(other.owner, `query($b: ID!) { node(id: $b) { id } }`, map[string]any{"b": baseline})
			assert.Nil(t, field(res.Data, "node"), "another organization finds no baseline")
		})
	}
}
