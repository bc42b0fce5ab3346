package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/audit"
	"secretariat/ent/meeting"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// TestCalendar_EveryClientInOneListAndNothingElse reads the calendar over the API on both
// databases: a consultancy's entries of two clients in time order, each with its company and
// record; another organization's calendar holds only its own, and naming the consultancy's
// company is UNKNOWN_ID; a calendar of 60 entries costs the statements of one of 4.
func TestCalendar_EveryClientInOneListAndNothingElse(t *testing.T) {
	t.Parallel()
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db, counter := testdb.Counting(testdb.Open(t, dialect))
			e := newEnvOn(t, db, kv.NewMemory())
			at := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, date.Calendar) }
			write := func(token string, companies []string, n int) {
				ctx := viewer.NewContext(context.Background(), e.viewers[token])
				first, second := pulid.ID(companies[0]), pulid.ID(companies[len(companies)-1])
				for i := range n {
					db.Client.Meeting.Create().SetCompanyID(first).SetKind(meeting.KindMANAGEMENT_REVIEW).SetTitle(fmt.Sprint("マネジメントレビュー ", i)).SetScheduledAt(at(8, 9)).ExecX(ctx)
					db.Client.Task.Create().SetCompanyID(first).SetTitle(fmt.Sprint("リスク見直し ", i)).SetDueDate(date.New(2026, 12, 12)).ExecX(ctx)
					db.Client.Audit.Create().SetCompanyID(second).SetKind(audit.KindSURVEILLANCE).SetTitle(fmt.Sprint("維持審査 ", i)).
						SetPlannedStart(date.New(2026, 12, 8)).SetPlannedEnd(date.New(2026, 12, 9)).ExecX(ctx)
					db.Client.Document.Create().SetCompanyID(second).SetCode(fmt.Sprintf("ISMS-P-%03d", i+1)).SetTitle("基本方針").SetKind("POLICY").
						SetNextReviewOn(date.New(2026, 12, 15)).ExecX(ctx)
				}
			}
			consultancy, clients := e.tenant("calendarone", 2)
			other, own := e.tenant("calendarother", 1)
			many, manyClients := e.tenant("calendarmany", 2)
			write(consultancy, clients, 1)
			write(other, own, 1)
			write(many, manyClients, 15)

			const query = `query($c: [ID!]) { calendar(from: "2026-12-01", to: "2026-12-31", companyIDs: $c, first: 100) { totalCount
				edges { cursor node { kind on startsAt title company { id } record { id __typename } } } } }`
			res := e.post(consultancy, query, nil)
			require.Empty(t, res.Errors)
			var got []string
			for _, edge := range field(res.Data, "calendar", "edges").([]any) {
				n := edge.(map[string]any)["node"].(map[string]any)
				got = append(got, fmt.Sprintf("%s %s %s %s %s", n["on"], n["kind"], n["title"], field(n, "record", "__typename"), field(n, "company", "id")))
			}
			assert.Equal(t, []string{
				"2026-12-08 AUDIT 維持審査 0 Audit " + clients[1],
				"2026-12-08 MEETING マネジメントレビュー 0 Meeting " + clients[0],
				"2026-12-12 TASK_DUE リスク見直し 0 Task " + clients[0],
				"2026-12-15 DOCUMENT_REVIEW ISMS-P-001 基本方針 Document " + clients[1],
			}, got)

			res = e.post(other, query, nil)
			require.Empty(t, res.Errors)
			for _, edge := range field(res.Data, "calendar", "edges").([]any) {
				assert.Equal(t, own[0], field(edge.(map[string]any)["node"].(map[string]any), "company", "id"), "another organization reads only its own")
			}
			res = e.post(other, query, map[string]any{"c": []any{clients[0]}})
			require.Len(t, res.Errors, 1)
			assert.Equal(t, []any{"BAD_USER_INPUT", "UNKNOWN_ID", "companyIDs.0"}, []any{res.code(0), res.Errors[0].Extensions["reason"], res.Errors[0].Extensions["field"]})

			statements := func(token string, entries int) int {
				counter.Reset()
				res := e.post(token, query, nil)
				require.Empty(t, res.Errors)
				require.Equal(t, float64(entries), field(res.Data, "calendar", "totalCount"))
				return counter.Count()
			}
			forFew, forMany := statements(consultancy, 4), statements(many, 60)
			t.Logf("%s: %d statements for 4 entries, %d for 60", dialect, forFew, forMany)
			assert.Equal(t, forFew, forMany, "no N+1: the statement count does not grow with the entries")
		})
	}
}

// TestCalendar_AFeedAnApplicationSubscribesToUntilRevoked makes a member's calendar feed over the
// API and reads it without signing in, on both databases: a real iCalendar parser reads one event
// per entry, all-day or timed; the feed shows what the member reads (not the other company's
// work); a new feed replaces the old address, revoking ends it, and so does the member's removal;
// an AUDITOR gets none; the request log never holds the token.
func TestCalendar_AFeedAnApplicationSubscribesToUntilRevoked(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		w := e.riskTeam("Feed")
		today := date.Today(time.Now())
		soon := today.AddDays(10).String()
		e.ok(w.owner, `mutation($c: ID!, $d: Date!) { createTask(input: {companyID: $c, title: "リスク見直し", dueDate: $d}) { id } }`,
			map[string]any{"c": w.companies[0], "d": soon}, "createTask", "id")
		e.ok(w.owner, `mutation($c: ID!, $d: Date!) { createTask(input: {companyID: $c, title: "他社の作業", dueDate: $d}) { id } }`,
			map[string]any{"c": w.companies[1], "d": soon}, "createTask", "id")
		e.ok(w.owner, `mutation($c: ID!, $at: Time!) { createMeeting(input: {companyID: $c, kind: MANAGEMENT_REVIEW, title: "マネジメントレビュー, 第1回", scheduledAt: $at}) { id } }`,
			map[string]any{"c": w.companies[0], "at": time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339)}, "createMeeting", "id")

		const create = `mutation { createCalendarFeed { token url membership { calendarFeedCreatedAt } } }`
		res := e.post(w.secretariat, create, nil)
		require.Empty(t, res.Errors)
		feed := res.Data["createCalendarFeed"].(map[string]any)
		token := feed["token"].(string)
		require.NotEmpty(t, token)
		assert.True(t, strings.HasSuffix(feed["url"].(string), "/calendar/"+token+".ics"), feed["url"])
		assert.NotNil(t, field(feed, "membership", "calendarFeedCreatedAt"))

		read := func(token string) (*ical.Calendar, int) {
			t.Helper()
			status, header, body := e.download("", "/calendar/"+token+".ics")
			if status != http.StatusOK {
				return nil, status
			}
			assert.Equal(t, "text/calendar; charset=utf-8", header.Get("Content-Type"))
			cal, err := ical.NewDecoder(bytes.NewReader(body)).Decode()
			require.NoError(t, err, string(body))
			return cal, status
		}
		cal, status := read(token)
		require.Equal(t, http.StatusOK, status)
		var summaries []string
		for _, ev := range cal.Events() {
			summary, err := ev.Props.Text(ical.PropSummary)
			require.NoError(t, err)
			summaries = append(summaries, summary)
			uid, err := ev.Props.Text(ical.PropUID)
			require.NoError(t, err)
			assert.True(t, strings.HasSuffix(uid, "@secretariat"), uid)
			start, err := ev.DateTimeStart(time.UTC)
			require.NoError(t, err)
			assert.False(t, start.IsZero())
		}
		company := e.ok(w.owner, `query($c: ID!) { node(id: $c) { ... on Company { name } } }`, map[string]any{"c": w.companies[0]}, "node", "name")
		assert.ElementsMatch(t, []string{"[" + company + "] リスク見直し", "[" + company + "] マネジメントレビュー, 第1回"}, summaries,
			"the secretariat's calendar: its company's work, not the other company's")

		res = e.post(w.secretariat, create, nil)
		require.Empty(t, res.Errors)
		renewed := field(res.Data, "createCalendarFeed", "token").(string)
		_, status = read(token)
		assert.Equal(t, http.StatusNotFound, status, "a new feed replaces the old address")
		_, status = read(renewed)
		assert.Equal(t, http.StatusOK, status)
		res = e.post(w.secretariat, `mutation { revokeCalendarFeed { calendarFeedCreatedAt } }`, nil)
		require.Empty(t, res.Errors)
		assert.Nil(t, field(res.Data, "revokeCalendarFeed", "calendarFeedCreatedAt"))
		_, status = read(renewed)
		assert.Equal(t, http.StatusNotFound, status, "a revoked feed answers as an unknown address")
		_, status = read("no-such-token")
		assert.Equal(t, http.StatusNotFound, status)

		res = e.post(w.auditor, create, nil)
		require.NotEmpty(t, res.Errors)
		assert.Equal(t, "FORBIDDEN", res.code(0), "an auditor writes nothing, a feed included")

		res = e.post(w.member, create, nil)
		require.Empty(t, res.Errors)
		memberToken := field(res.Data, "createCalendarFeed", "token").(string)
		_, status = read(memberToken)
		require.Equal(t, http.StatusOK, status)
		memberships := e.post(w.owner, `{ organization { memberships { edges { node { id user { id } } } } } }`, nil)
		for _, edge := range field(memberships.Data, "organization", "memberships", "edges").([]any) {
			n := edge.(map[string]any)["node"].(map[string]any)
			if field(n, "user", "id") == w.users[w.member] {
				e.ok(w.owner, `mutation($id: ID!) { removeMember(input: {id: $id}) { removedMembershipID } }`, map[string]any{"id": n["id"]}, "removeMember", "removedMembershipID")
			}
		}
		_, status = read(memberToken)
		assert.Equal(t, http.StatusNotFound, status, "a removed member's feed ends with it")

		logs := e.logs.String()
		assert.Contains(t, logs, "/calendar/[token]", "the feed's requests are logged")
		for _, secret := range []string{token, renewed, memberToken} {
			assert.NotContains(t, logs, secret, "without their token")
		}
	})
}
