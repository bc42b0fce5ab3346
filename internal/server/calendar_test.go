package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

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
