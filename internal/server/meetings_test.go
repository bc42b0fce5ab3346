package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/kv"
	"secretariat/internal/meetings"
	"secretariat/internal/testdb"
)

const meetingFields = `id companyID kind title scheduledAt location onlineURL status minutes heldAt previousID minutesVersionID
	previous { id }
	attendees { user { id } attended }
	agendaItems { id position title presenter { id } followUpTask { id title status } }
	decisions { id position text }
	actionItems { totalCount edges { node { id title source sourceID meetingID assignee { id } } } }`

const createMeetingMutation = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ` + meetingFields + ` } }`

const addActionItemMutation = `mutation($input: AddActionItemInput!) { addActionItem(input: $input) {
	id title source sourceID meetingID dueDate assigneeID sourceRecord { __typename ... on Meeting { id title } } } }`

const recordMinutesMutation = `mutation($input: RecordMinutesInput!) { recordMinutes(input: $input) { ` + meetingFields + ` } }`

// meeting creates a meeting as token and returns it.
func (e *env) meeting(token string, input map[string]any) map[string]any {
	e.t.Helper()
	res := e.post(token, createMeetingMutation, map[string]any{"input": input})
	require.Empty(e.t, res.Errors)
	return res.Data["createMeeting"].(map[string]any)
}

// actionItem adds an action item to a meeting and returns its ID.
func (e *env) actionItem(token, meetingID, title, assignee string) string {
	e.t.Helper()
	return e.ok(token, addActionItemMutation, map[string]any{"input": map[string]any{
		"meetingID": meetingID, "title": title, "dueDate": "2026-12-20", "assigneeID": assignee,
	}}, "addActionItem", "id")
}

func agendaTitles(m map[string]any) []string {
	var titles []string
	for i, item := range m["agendaItems"].([]any) {
		it := item.(map[string]any)
		if it["position"] != float64(i+1) {
			titles = append(titles, fmt.Sprintf("position %v at index %d", it["position"], i))
		}
		titles = append(titles, it["title"].(string))
	}
	return titles
}

func TestMeetings_ACommitteeMeetingWithAgendaMinutesDecisionsAndActionItems(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		sec, member := w.users[w.secretariat], w.users[w.member]
		m := e.meeting(w.secretariat, map[string]any{
			"companyID": w.companies[0], "kind": "COMMITTEE", "title": "第12回 ISMS委員会", "scheduledAt": "2026-12-01T10:00:00+09:00",
			"location": "本社 3F 会議室", "onlineURL": "https://meet.example.com/isms-12",
			"attendeeIDs": []string{sec, member, sec},
			"agenda": []map[string]any{
				{"title": "リスクアセスメント結果の報告", "presenterID": sec},
				{"title": "内部監査計画の承認"},
				{"title": "その他"},
			},
		})
		assert.Regexp(t, `^MT[0-9A-Z]{26}$`, m["id"])
		assert.Equal(t, "SCHEDULED", m["status"])
		assert.Equal(t, "2026-12-01T01:00:00Z", m["scheduledAt"])
		assert.Nil(t, m["previousID"], "the company's first committee meeting")
		assert.Len(t, m["attendees"], 2, "attendees are invited once")
		assert.Equal(t, []string{"リスクアセスメント結果の報告", "内部監査計画の承認", "その他"}, agendaTitles(m))
		id := m["id"].(string)

		agenda := func(q string, vars map[string]any, path string) map[string]any {
			t.Helper()
			res := e.post(w.secretariat, q, vars)
			require.Empty(t, res.Errors, q)
			return res.Data[path].(map[string]any)
		}
		agenda(`mutation($m: ID!) { addAgendaItem(input: {meetingID: $m, title: "前回議事録の確認", position: 1}) { id position } }`, map[string]any{"m": id}, "addAgendaItem")
		added := agenda(`mutation($m: ID!, $p: ID!) { addAgendaItem(input: {meetingID: $m, title: "教育計画", presenterID: $p}) { id position presenter { id } } }`,
			map[string]any{"m": id, "p": member}, "addAgendaItem")
		assert.Equal(t, float64(5), added["position"], "added at the end")
		moved := agenda(`mutation($id: ID!) { moveAgendaItem(input: {id: $id, position: 2}) { agendaItems { title position } } }`, map[string]any{"id": added["id"]}, "moveAgendaItem")
		assert.Equal(t, []string{"前回議事録の確認", "教育計画", "リスクアセスメント結果の報告", "内部監査計画の承認", "その他"}, agendaTitles(moved))
		items := e.post(w.secretariat, `query($id: ID!) { node(id: $id) { ... on Meeting { agendaItems { id title } } } }`, map[string]any{"id": id})
		other := field(items.Data, "node", "agendaItems").([]any)[4].(map[string]any)["id"]
		moved = agenda(`mutation($id: ID!) { moveAgendaItem(input: {id: $id, position: 1}) { agendaItems { title position } } }`, map[string]any{"id": other}, "moveAgendaItem")
		assert.Equal(t, []string{"その他", "前回議事録の確認", "教育計画", "リスクアセスメント結果の報告", "内部監査計画の承認"}, agendaTitles(moved))
		removed := agenda(`mutation($id: ID!) { removeAgendaItem(input: {id: $id}) { agendaItems { title position } } }`, map[string]any{"id": other}, "removeAgendaItem")
		assert.Equal(t, []string{"前回議事録の確認", "教育計画", "リスクアセスメント結果の報告", "内部監査計画の承認"}, agendaTitles(removed), "positions stay dense")
		updated := agenda(`mutation($id: ID!) { updateAgendaItem(input: {id: $id, title: "教育・訓練計画", presenterID: null}) { title presenter { id } } }`, map[string]any{"id": added["id"]}, "updateAgendaItem")
		assert.Equal(t, "教育・訓練計画", updated["title"])
		assert.Nil(t, updated["presenter"])

		res := e.post(w.secretariat, recordMinutesMutation, map[string]any{"input": map[string]any{
			"meetingID": id, "minutes": "# 第12回 ISMS委員会\n\n- リスク評価結果を承認した。", "heldAt": "2026-11-20T10:05:00+09:00",
			"attendance": []map[string]any{{"userID": sec, "attended": true}, {"userID": member, "attended": false}, {"userID": w.users[w.consultant], "attended": true}},
		}})
		require.Empty(t, res.Errors)
		held := res.Data["recordMinutes"].(map[string]any)
		assert.Equal(t, "HELD", held["status"])
		assert.Equal(t, "2026-11-20T01:05:00Z", held["heldAt"])
		attended := map[string]any{}
		for _, a := range held["attendees"].([]any) {
			attended[field(a.(map[string]any), "user", "id").(string)] = a.(map[string]any)["attended"]
		}
		assert.Equal(t, map[string]any{sec: true, member: false, w.users[w.consultant]: true}, attended, "the consultant who came uninvited is recorded")

		for _, text := range []string{"リスク受容基準を改定する。", "誤記", "内部監査を2月に実施する。"} {
			agenda(`mutation($m: ID!, $t: String!) { addDecision(input: {meetingID: $m, text: $t}) { id position } }`, map[string]any{"m": id, "t": text}, "addDecision")
		}
		res = e.post(w.secretariat, `query($id: ID!) { node(id: $id) { ... on Meeting { decisions { id text } } } }`, map[string]any{"id": id})
		mistake := field(res.Data, "node", "decisions").([]any)[1].(map[string]any)["id"]
		after := agenda(`mutation($id: ID!) { removeDecision(input: {id: $id}) { decisions { position text } } }`, map[string]any{"id": mistake}, "removeDecision")
		assert.Equal(t, []any{
			map[string]any{"position": float64(1), "text": "リスク受容基準を改定する。"},
			map[string]any{"position": float64(2), "text": "内部監査を2月に実施する。"},
		}, after["decisions"])

		res = e.post(w.secretariat, addActionItemMutation, map[string]any{"input": map[string]any{
			"meetingID": id, "title": "リスク受容基準の改定案を作成", "dueDate": "2026-12-20", "assigneeID": member,
		}})
		require.Empty(t, res.Errors)
		task := res.Data["addActionItem"].(map[string]any)
		assert.Equal(t, "MEETING", task["source"])
		assert.Equal(t, id, task["sourceID"])
		assert.Equal(t, id, task["meetingID"])
		assert.Equal(t, map[string]any{"__typename": "Meeting", "id": id, "title": "第12回 ISMS委員会"}, task["sourceRecord"])
		e.actionItem(w.secretariat, id, "内部監査員の選定", sec)

		res = e.post(w.member, `query($id: ID!) { node(id: $id) { ... on Meeting { `+meetingFields+` } } }`, map[string]any{"id": id})
		require.Empty(t, res.Errors, "everyone of the company reads the meeting")
		read := res.Data["node"].(map[string]any)
		assert.Equal(t, float64(2), field(read, "actionItems", "totalCount"))
		res = e.post(w.member, `{ myTasks { edges { node { title meeting { title } sourceRecord { id } } } } }`, nil)
		require.Empty(t, res.Errors)
		assert.Equal(t, "第12回 ISMS委員会", field(onlyNode(t, field(res.Data, "myTasks")), "meeting", "title"), "the member's to-do list shows where its task came from")

		res = e.post(w.secretariat, `mutation($id: ID!) { cancelMeeting(input: {id: $id}) { status } }`, map[string]any{"id": id})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "a held meeting cannot be canceled")
	})
}

func TestMeetings_TheNextMeetingFollowsUpOpenActionItems(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		sec, member := w.users[w.secretariat], w.users[w.member]
		first := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "COMMITTEE", "title": "第1回", "scheduledAt": "2026-04-10T10:00:00+09:00"})
		open1 := e.actionItem(w.secretariat, first["id"].(string), "規程の改訂", member)
		open2 := e.actionItem(w.secretariat, first["id"].(string), "資産台帳の更新", sec)
		closed := e.actionItem(w.secretariat, first["id"].(string), "完了した件", sec)
		res := e.post(w.secretariat, completeTaskMutation, map[string]any{"input": map[string]any{"id": closed}})
		require.Empty(t, res.Errors)

		// Neither another kind of meeting nor a canceled one takes them.
		regular := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "SECRETARIAT_REGULAR", "title": "事務局定例", "scheduledAt": "2026-04-20T10:00:00+09:00"})
		assert.Empty(t, regular["agendaItems"])
		canceled := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "COMMITTEE", "title": "中止回", "scheduledAt": "2026-05-01T10:00:00+09:00"})
		res = e.post(w.secretariat, `mutation($id: ID!) { cancelMeeting(input: {id: $id}) { status } }`, map[string]any{"id": canceled["id"]})
		require.Empty(t, res.Errors)
		assert.Equal(t, "CANCELED", field(res.Data, "cancelMeeting", "status"))
		other := e.meeting(w.owner, map[string]any{"companyID": w.companies[1], "kind": "COMMITTEE", "title": "他社", "scheduledAt": "2026-05-05T10:00:00+09:00"})
		assert.Nil(t, other["previousID"], "another company's meetings are its own series")

		second := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "COMMITTEE", "title": "第2回", "scheduledAt": "2026-05-10T10:00:00+09:00",
			"agenda": []map[string]any{{"title": "新しい議題"}}})
		assert.Equal(t, first["id"], second["previousID"])
		assert.Equal(t, first["id"], field(second, "previous", "id"))
		assert.Equal(t, []string{meetings.FollowUpPrefix + "規程の改訂", meetings.FollowUpPrefix + "資産台帳の更新", "新しい議題"}, agendaTitles(second))
		items := second["agendaItems"].([]any)
		assert.Equal(t, open1, field(items[0].(map[string]any), "followUpTask", "id"))
		assert.Equal(t, member, field(items[0].(map[string]any), "presenter", "id"), "the assignee presents its follow-up")
		assert.Equal(t, open2, field(items[1].(map[string]any), "followUpTask", "id"))
		assert.Nil(t, items[2].(map[string]any)["followUpTask"])

		// The third meeting still follows up what stayed open since the first, and the second's own.
		res = e.post(w.secretariat, completeTaskMutation, map[string]any{"input": map[string]any{"id": open2}})
		require.Empty(t, res.Errors)
		fromSecond := e.actionItem(w.secretariat, second["id"].(string), "教育資料の作成", sec)
		third := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "COMMITTEE", "title": "第3回", "scheduledAt": "2026-06-10T10:00:00+09:00"})
		assert.Equal(t, second["id"], third["previousID"])
		var followed []any
		for _, item := range third["agendaItems"].([]any) {
			followed = append(followed, field(item.(map[string]any), "followUpTask", "id"))
		}
		assert.ElementsMatch(t, []any{open1, fromSecond}, followed)
	})
}

func TestMeetings_PublishedMinutesBecomeAMinutesDocument(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		m := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "MANAGEMENT_REVIEW", "title": "マネジメントレビュー", "scheduledAt": "2026-11-01T14:00:00+09:00"})
		publish := `mutation($id: ID!) { publishMinutes(input: {id: $id}) { minutesVersionID
			minutesVersion { id major minor status body document { kind title companyID } } } }`
		before := testdb.Snapshot(t, e.raw)
		res := e.post(w.secretariat, publish, map[string]any{"id": m["id"]})
		assert.Equal(t, "BAD_USER_INPUT", res.code(0), "a meeting not held yet has no minutes")
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))

		minutes := "# マネジメントレビュー\n\n## インプット\n- 内部監査の結果"
		res = e.post(w.secretariat, recordMinutesMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "minutes": minutes}})
		require.Empty(t, res.Errors)
		res = e.post(w.secretariat, publish, map[string]any{"id": m["id"]})
		require.Empty(t, res.Errors)
		version := field(res.Data, "publishMinutes", "minutesVersion").(map[string]any)
		assert.Equal(t, version["id"], field(res.Data, "publishMinutes", "minutesVersionID"))
		assert.Equal(t, float64(1), version["major"])
		assert.Equal(t, float64(0), version["minor"])
		assert.Equal(t, "DRAFT", version["status"])
		assert.Equal(t, minutes, version["body"])
		assert.Equal(t, "MINUTES", field(version, "document", "kind"))
		assert.Equal(t, w.companies[0], field(version, "document", "companyID"))
		assert.Contains(t, field(version, "document", "title"), "マネジメントレビュー")

		before = testdb.Snapshot(t, e.raw)
		res = e.post(w.secretariat, publish, map[string]any{"id": m["id"]})
		assert.Equal(t, "CONFLICT", res.code(0), "publishing twice")
		res = e.post(w.secretariat, recordMinutesMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "minutes": "書き換え"}})
		assert.Equal(t, "CONFLICT", res.code(0), "published minutes change only as a new document version")
		res = e.post(w.secretariat, `mutation($m: ID!) { addDecision(input: {meetingID: $m, text: "後から"}) { id } }`, map[string]any{"m": m["id"]})
		assert.Equal(t, "CONFLICT", res.code(0))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw))
	})
}

func TestMeetings_BadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.taskTeam("Alpha")
		other := e.workspace("owner@bravo.example", "Bravo")
		otherUser := e.ok(other.owner, `{ viewer { id } }`, nil, "viewer", "id")
		m := e.meeting(w.secretariat, map[string]any{"companyID": w.companies[0], "kind": "COMMITTEE", "title": "委員会", "scheduledAt": "2026-12-01T10:00:00+09:00",
			"agenda": []map[string]any{{"title": "議題1"}, {"title": "議題2"}}})
		item := m["agendaItems"].([]any)[0].(map[string]any)["id"]
		before := testdb.Snapshot(t, e.raw)

		valid := func(extra map[string]any) map[string]any {
			in := map[string]any{"companyID": w.companies[0], "kind": "COMMITTEE", "title": "委員会", "scheduledAt": "2026-12-01T10:00:00+09:00"}
			for k, v := range extra {
				in[k] = v
			}
			return in
		}
		for _, tc := range []struct {
			name, query string
			vars        map[string]any
			code, field string
		}{
			{"an empty title", createMeetingMutation, map[string]any{"input": valid(map[string]any{"title": " "})}, "BAD_USER_INPUT", "title"},
			{"an impossible time", createMeetingMutation, map[string]any{"input": valid(map[string]any{"scheduledAt": "2026-02-30T10:00:00+09:00"})}, "BAD_USER_INPUT", "scheduledAt"},
			{"a time without a zone", createMeetingMutation, map[string]any{"input": valid(map[string]any{"scheduledAt": "2026-03-02 10:00"})}, "BAD_USER_INPUT", "scheduledAt"},
			{"an empty agenda title", createMeetingMutation, map[string]any{"input": valid(map[string]any{"agenda": []map[string]any{{"title": ""}}})}, "BAD_USER_INPUT", "agenda"},
			{"a link that is not a URL", createMeetingMutation, map[string]any{"input": valid(map[string]any{"onlineURL": "javascript:alert(1)"})}, "BAD_USER_INPUT", "onlineURL"},
			{"an attendee of another organization", createMeetingMutation, map[string]any{"input": valid(map[string]any{"attendeeIDs": []string{otherUser}})}, "BAD_USER_INPUT", "attendeeIDs"},
			{"a presenter without access", createMeetingMutation, map[string]any{"input": valid(map[string]any{"agenda": []map[string]any{{"title": "x", "presenterID": otherUser}}})}, "BAD_USER_INPUT", "agenda"},
			{"a company of another organization", createMeetingMutation, map[string]any{"input": valid(map[string]any{"companyID": other.companies[0]})}, "BAD_USER_INPUT", "companyID"},
			{"a presenter without access", `mutation($m: ID!, $p: ID!) { addAgendaItem(input: {meetingID: $m, title: "x", presenterID: $p}) { id } }`, map[string]any{"m": m["id"], "p": otherUser}, "BAD_USER_INPUT", "presenterID"},
			{"an empty agenda title", `mutation($m: ID!) { addAgendaItem(input: {meetingID: $m, title: ""}) { id } }`, map[string]any{"m": m["id"]}, "BAD_USER_INPUT", "title"},
			{"a position past the end", `mutation($m: ID!) { addAgendaItem(input: {meetingID: $m, title: "x", position: 4}) { id } }`, map[string]any{"m": m["id"]}, "BAD_USER_INPUT", "position"},
			{"a position before the start", `mutation($m: ID!) { addAgendaItem(input: {meetingID: $m, title: "x", position: 0}) { id } }`, map[string]any{"m": m["id"]}, "BAD_USER_INPUT", "position"},
			{"a move past the end", `mutation($id: ID!) { moveAgendaItem(input: {id: $id, position: 3}) { id } }`, map[string]any{"id": item}, "BAD_USER_INPUT", "position"},
			{"a presenter of another organization", `mutation($id: ID!, $p: ID!) { updateAgendaItem(input: {id: $id, presenterID: $p}) { id } }`, map[string]any{"id": item, "p": otherUser}, "BAD_USER_INPUT", "presenterID"},
			{"empty minutes", recordMinutesMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "minutes": "  "}}, "BAD_USER_INPUT", "minutes"},
			{"held in the future", recordMinutesMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "minutes": "x", "heldAt": time.Now().Add(48 * time.Hour).Format(time.RFC3339)}}, "BAD_USER_INPUT", "heldAt"},
			{"an attendee twice", recordMinutesMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "minutes": "x", "attendance": []map[string]any{{"userID": w.users[w.member], "attended": true}, {"userID": w.users[w.member], "attended": false}}}}, "BAD_USER_INPUT", "attendance"},
			{"an attendee without access", recordMinutesMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "minutes": "x", "attendance": []map[string]any{{"userID": otherUser, "attended": true}}}}, "BAD_USER_INPUT", "attendance"},
			{"an empty decision", `mutation($m: ID!) { addDecision(input: {meetingID: $m, text: ""}) { id } }`, map[string]any{"m": m["id"]}, "BAD_USER_INPUT", "text"},
			{"an impossible due date", addActionItemMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "title": "x", "dueDate": "2026-02-30"}}, "BAD_USER_INPUT", "dueDate"},
			{"an empty action item", addActionItemMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "title": "", "dueDate": "2026-12-01"}}, "BAD_USER_INPUT", "title"},
			{"an auditor as assignee", addActionItemMutation, map[string]any{"input": map[string]any{"meetingID": m["id"], "title": "x", "dueDate": "2026-12-01", "assigneeID": w.users[w.auditor]}}, "BAD_USER_INPUT", "assigneeID"},
		} {
			res := e.post(w.secretariat, tc.query, tc.vars)
			require.NotEmpty(t, res.Errors, tc.name)
			assert.Equal(t, tc.code, res.code(0), "%s: %s", tc.name, res.Errors[0].Message)
			if tc.field != "" {
				assert.Equal(t, tc.field, res.Errors[0].Extensions["field"], tc.name)
			}
		}
		res := e.post(w.owner, createMeetingMutation, map[string]any{"input": valid(map[string]any{"companyID": w.companies[1], "attendeeIDs": []string{w.users[w.member]}})})
		assert.Equal(t, "attendeeIDs", res.Errors[0].Extensions["field"], "an attendee without access to the company")
		for _, q := range []string{
			`mutation($m: ID!) { addActionItem(input: {meetingID: $m, title: "自分に", dueDate: "2026-12-01", assigneeID: "` + w.users[w.member] + `"}) { id } }`,
			`mutation($m: ID!) { cancelMeeting(input: {id: $m}) { id } }`,
			`mutation($m: ID!) { addDecision(input: {meetingID: $m, text: "x"}) { id } }`,
		} {
			res := e.post(w.member, q, map[string]any{"m": m["id"]})
			assert.Equal(t, "FORBIDDEN", res.code(0), "a member does not change meetings: %s", q)
		}
		res = e.post(w.member, createMeetingMutation, map[string]any{"input": valid(nil)})
		assert.Equal(t, "FORBIDDEN", res.code(0))
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "nothing changed")
	})
}

func TestMeetings_APageOfMeetingsCostsTheSameStatementsForOneOrMany(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := serve(t, db, kv.NewMemory(), false, nil)
			w := e.taskTeam("Alpha")
			sec, member := w.users[w.consultant], w.users[w.owner]
			add := func(company string, n int) {
				for i := range n {
					m := e.meeting(w.owner, map[string]any{"companyID": company, "kind": "SECRETARIAT_REGULAR", "title": fmt.Sprintf("定例%d", i),
						"scheduledAt": time.Date(2026, 1, 1+i, 10, 0, 0, 0, time.UTC).Format(time.RFC3339), "attendeeIDs": []string{sec},
						"agenda": []map[string]any{{"title": "報告", "presenterID": sec}}})
					e.actionItem(w.owner, m["id"].(string), "対応A", member)
					e.actionItem(w.owner, m["id"].(string), "対応B", sec)
					res := e.post(w.owner, `mutation($m: ID!) { addDecision(input: {meetingID: $m, text: "承認"}) { id } }`, map[string]any{"m": m["id"]})
					require.Empty(t, res.Errors)
				}
			}
			add(w.companies[1], 20)
			// The latest meetings first, so that a page of one has a previous meeting and follow-ups too.
			query := `query($c: ID!, $n: Int!) { node(id: $c) { ... on Company { meetings(first: $n, orderBy: {field: SCHEDULED_AT, direction: DESC}) { totalCount edges { node {
				title previous { title }
				attendees { user { name } }
				agendaItems { title presenter { name } followUpTask { title assignee { name } } }
				decisions { text }
				actionItems { totalCount edges { node { title isOverdue assignee { name } } } }
			} } } } } }`
			statements := func(company string, want int) int {
				counter.Reset()
				res := e.post(w.owner, query, map[string]any{"c": company, "n": want})
				require.Empty(t, res.Errors)
				require.Len(t, field(res.Data, "node", "meetings", "edges"), want)
				return counter.Count()
			}
			forOne, forMany := statements(w.companies[1], 1), statements(w.companies[1], 20)
			t.Logf("%s: %d statements for 1 meeting, %d for 20", dialect, forOne, forMany)
			assert.Equal(t, forOne, forMany, "no N+1: the statement count does not grow with the page")
		})
	}
}
