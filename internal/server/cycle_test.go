package server_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One full cycle of a secretariat's work over the API, as a consultancy runs it for a client:
// assign the roles; draft, review, approve and revise the information security policy; staff
// acknowledge it; hold a committee meeting with agenda, minutes, decisions and action items;
// find the action items in the consultant's to-do list across client companies and in the next
// meeting's follow-up; publish the minutes. Then the audit trail of it all verifies intact.
func TestSecretariat_AFullCycleOverTheAPI(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		a := e.workspace("owner@sakura-consulting.example", "さくらコンサルティング")
		client, other := a.companies[0], a.companies[1]
		consultant := e.join(a, "consultant@sakura-consulting.example", "CONSULTANT", a.companies, nil)
		secretariat := e.join(a, "jimukyoku@client.example", "SECRETARIAT", []string{client}, nil)
		staff := e.join(a, "staff@client.example", "MEMBER", []string{client}, nil)
		user := func(token string) string { return e.ok(token, `{ viewer { id } }`, nil, "viewer", "id") }
		owner, consultantID, secretariatID := user(a.owner), user(consultant), user(secretariat)

		// Roles: the owner chairs the committee, the client's secretariat leads, the consultant
		// keeps the documents.
		e.ok(a.owner, `mutation($c: ID!, $u: ID!) { addCommitteeMember(input: {companyID: $c, userID: $u, role: CHAIR, title: "代表取締役"}) { id } }`,
			map[string]any{"c": client, "u": owner}, "addCommitteeMember", "id")
		for u, r := range map[string]string{secretariatID: "LEADER", consultantID: "DOCUMENT_CONTROL"} {
			e.ok(a.owner, `mutation($c: ID!, $u: ID!, $r: SecretariatResponsibility!) { assignSecretariatResponsibility(input: {companyID: $c, userID: $u, responsibility: $r}) { id } }`,
				map[string]any{"c": client, "u": u, "r": r}, "assignSecretariatResponsibility", "id")
		}
		res := e.post(secretariat, `query($c: ID!) { node(id: $c) { ... on Company { secretariat(locale: JA) { chair { user { email } } uncoveredResponsibilities } } } }`, map[string]any{"c": client})
		require.Empty(t, res.Errors)
		assert.Equal(t, "owner@sakura-consulting.example", field(res.Data, "node", "secretariat", "chair", "user", "email"))
		uncovered := field(res.Data, "node", "secretariat", "uncoveredResponsibilities").([]any)
		assert.NotContains(t, uncovered, "LEADER")
		assert.NotContains(t, uncovered, "DOCUMENT_CONTROL")
		assert.Contains(t, uncovered, "TRAINING", "the gaps show")

		// The policy: drafted by the secretariat, approved by the consultant (never by its author).
		doc := e.ok(secretariat, `mutation($c: ID!) { createDocument(input: {companyID: $c, title: "情報セキュリティ基本方針", kind: POLICY, requiresAcknowledgement: true,
			body: "# 情報セキュリティ基本方針\n\n当社は情報資産を保護する。\n"}) { id } }`, map[string]any{"c": client}, "createDocument", "id")
		openVersion := func() string {
			return e.ok(secretariat, `query($d: ID!) { node(id: $d) { ... on Document { openVersion { id } } } }`, map[string]any{"d": doc}, "node", "openVersion", "id")
		}
		step := func(token, mutation, version string) map[string]any {
			res := e.post(token, `mutation($v: ID!) { `+mutation+`(input: {id: $v}) { number status } }`, map[string]any{"v": version})
			require.Empty(t, res.Errors, mutation)
			return res.Data[mutation].(map[string]any)
		}
		first := openVersion()
		step(secretariat, "submitDocumentVersion", first)
		res = e.post(secretariat, `mutation($v: ID!) { approveDocumentVersion(input: {id: $v}) { id } }`, map[string]any{"v": first})
		require.NotEmpty(t, res.Errors, "the author does not approve its own version")
		assert.Equal(t, "APPROVED", step(consultant, "approveDocumentVersion", first)["status"])

		e.ok(secretariat, `mutation($d: ID!) { createDocumentVersion(input: {documentID: $d, changeSummary: "テレワークの規定を追加",
			body: "# 情報セキュリティ基本方針\n\n当社は情報資産を保護する。\nテレワークでも同じ水準を守る。\n"}) { id } }`, map[string]any{"d": doc}, "createDocumentVersion", "id")
		second := openVersion()
		step(secretariat, "submitDocumentVersion", second)
		assert.Equal(t, "1.1", step(consultant, "approveDocumentVersion", second)["number"])

		res = e.post(secretariat, `query($d: ID!, $from: ID!, $to: ID!) {
			node(id: $d) { ... on Document { currentVersion { id number } versions { edges { node { number status } } } history { edges { node { action actor { email } } } } } }
			documentDiff(fromVersionID: $from, toVersionID: $to) { unified addedLines removedLines } }`,
			map[string]any{"d": doc, "from": first, "to": second})
		require.Empty(t, res.Errors)
		assert.Equal(t, second, field(res.Data, "node", "currentVersion", "id"), "the revision is current")
		var approved int
		for _, v := range edgeNodes(field(res.Data, "node", "versions")) {
			if v.(map[string]any)["status"] == "APPROVED" {
				approved++
			}
		}
		assert.Equal(t, 1, approved, "exactly one current version")
		var steps []string
		for _, s := range edgeNodes(field(res.Data, "node", "history")) {
			steps = append(steps, s.(map[string]any)["action"].(string))
		}
		for _, want := range []string{"DRAFTED", "SUBMITTED", "APPROVED", "SUPERSEDED"} {
			assert.Contains(t, steps, want, "the history shows every step")
		}
		assert.Equal(t, float64(1), field(res.Data, "documentDiff", "addedLines"))
		assert.Contains(t, field(res.Data, "documentDiff", "unified"), "+テレワークでも同じ水準を守る。")

		// Staff acknowledge the current version; the report follows.
		pending := func() []string {
			res := e.post(secretariat, `query($d: ID!) { node(id: $d) { ... on Document { acknowledgementReport { pending { email } } } } }`, map[string]any{"d": doc})
			require.Empty(t, res.Errors)
			var emails []string
			for _, u := range field(res.Data, "node", "acknowledgementReport", "pending").([]any) {
				emails = append(emails, u.(map[string]any)["email"].(string))
			}
			return emails
		}
		assert.Contains(t, pending(), "staff@client.example")
		e.ok(staff, `mutation($d: ID!) { acknowledgeDocument(input: {documentID: $d}) { id } }`, map[string]any{"d": doc}, "acknowledgeDocument", "id")
		assert.NotContains(t, pending(), "staff@client.example")

		// The committee meeting: agenda, minutes, a decision and action items.
		at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
		meeting := e.ok(secretariat, `mutation($c: ID!, $at: Time!, $people: [ID!], $p: ID) { createMeeting(input: {companyID: $c, kind: COMMITTEE, title: "第1回 情報セキュリティ委員会",
			scheduledAt: $at, location: "本社 会議室A", attendeeIDs: $people, agenda: [{title: "基本方針の改訂", presenterID: $p}]}) { id } }`,
			map[string]any{"c": client, "at": at.Format(time.RFC3339), "people": []string{owner, consultantID, secretariatID}, "p": secretariatID}, "createMeeting", "id")
		e.ok(secretariat, `mutation($m: ID!) { recordMinutes(input: {meetingID: $m, minutes: "基本方針 1.1 を承認した。", heldAt: "2026-11-26T10:00:00+09:00"}) { id } }`,
			map[string]any{"m": meeting}, "recordMinutes", "id")
		e.ok(secretariat, `mutation($m: ID!) { addDecision(input: {meetingID: $m, text: "基本方針 1.1 を全従業員に周知する"}) { id } }`, map[string]any{"m": meeting}, "addDecision", "id")
		action := e.ok(secretariat, `mutation($m: ID!, $u: ID) { addActionItem(input: {meetingID: $m, title: "周知状況を確認する", dueDate: "2026-12-10", assigneeID: $u}) { id } }`,
			map[string]any{"m": meeting, "u": consultantID}, "addActionItem", "id")
		elsewhere := e.ok(a.owner, `mutation($c: ID!, $u: ID) { createTask(input: {companyID: $c, title: "リスクアセスメントの準備", dueDate: "2026-12-20", assigneeID: $u}) { id } }`,
			map[string]any{"c": other, "u": consultantID}, "createTask", "id")

		// The consultant's to-do list spans both client companies.
		res = e.post(consultant, `{ myTasks(first: 50) { totalCount edges { node { id companyID } } } }`, nil)
		require.Empty(t, res.Errors)
		var mine []string
		for _, edge := range field(res.Data, "myTasks", "edges").([]any) {
			mine = append(mine, edge.(map[string]any)["node"].(map[string]any)["id"].(string))
		}
		assert.Contains(t, mine, action, "the meeting's action item")
		assert.Contains(t, mine, elsewhere, "and the other client's task")

		// The next committee meeting follows up the open action item.
		next := e.post(secretariat, `mutation($c: ID!, $at: Time!) { createMeeting(input: {companyID: $c, kind: COMMITTEE, title: "第2回 情報セキュリティ委員会", scheduledAt: $at}) {
			previous { id } agendaItems { title followUpTask { id } } } }`, map[string]any{"c": client, "at": at.AddDate(0, 1, 0).Format(time.RFC3339)})
		require.Empty(t, next.Errors)
		assert.Equal(t, meeting, field(next.Data, "createMeeting", "previous", "id"))
		followed := slices.ContainsFunc(field(next.Data, "createMeeting", "agendaItems").([]any), func(item any) bool {
			return field(item.(map[string]any), "followUpTask", "id") == action
		})
		assert.True(t, followed, "the open action item is on the next agenda")

		// The minutes become a MINUTES document.
		res = e.post(secretariat, `mutation($m: ID!) { publishMinutes(input: {id: $m}) { minutesVersion { number document { kind } } } }`, map[string]any{"m": meeting})
		require.Empty(t, res.Errors)
		assert.Equal(t, "MINUTES", field(res.Data, "publishMinutes", "minutesVersion", "document", "kind"))

		// Everything above was recorded, in a chain that verifies.
		res = e.post(a.owner, `{ verifyAuditTrail { intact eventsChecked } }`, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, true, field(res.Data, "verifyAuditTrail", "intact"))
		assert.Greater(t, field(res.Data, "verifyAuditTrail", "eventsChecked"), float64(30))
	})
}
