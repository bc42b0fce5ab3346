package tenancy_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/agendaitem"
	"secretariat/ent/meeting"
	"secretariat/ent/meetingattendee"
	"secretariat/ent/meetingdecision"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
)

// Meetings in the isolation suite: in every company a held committee meeting with an attendee,
// an agenda item, a decision and an action item, and the next meeting following it up.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		org, co := tn.org.ID, tn.companies[i].ID
		first := client.Meeting.Create().SetOrganizationID(org).SetCompanyID(co).SetKind(meeting.KindCOMMITTEE).
			SetTitle("第1回 ISMS委員会").SetScheduledAt(time.Date(2026, 4, 10, 1, 0, 0, 0, time.UTC)).
			SetStatus(meeting.StatusHELD).SetMinutes("# 議事録").SaveX(ctx)
		attendee := client.MeetingAttendee.Create().SetOrganizationID(org).SetCompanyID(co).SetMeetingID(first.ID).
			SetUserID(tn.owner.ID).SetAttended(true).SaveX(ctx)
		item := client.AgendaItem.Create().SetOrganizationID(org).SetCompanyID(co).SetMeetingID(first.ID).
			SetPosition(1).SetTitle("リスク評価").SetPresenterID(tn.owner.ID).SaveX(ctx)
		decision := client.MeetingDecision.Create().SetOrganizationID(org).SetCompanyID(co).SetMeetingID(first.ID).
			SetPosition(1).SetText("リスク受容基準を承認").SaveX(ctx)
		action := client.Task.Create().SetOrganizationID(org).SetCompanyID(co).SetTitle("受容基準の周知").
			SetDueDate(date.New(2026, 5, 10)).SetSource(task.SourceMEETING).SetSourceID(first.ID).SetMeetingID(first.ID).SaveX(ctx)
		second := client.Meeting.Create().SetOrganizationID(org).SetCompanyID(co).SetKind(meeting.KindCOMMITTEE).
			SetTitle("第2回 ISMS委員会").SetScheduledAt(time.Date(2026, 7, 10, 1, 0, 0, 0, time.UTC)).
			SetPreviousID(first.ID).SaveX(ctx)
		followUp := client.AgendaItem.Create().SetOrganizationID(org).SetCompanyID(co).SetMeetingID(second.ID).
			SetPosition(1).SetTitle("前回アクションアイテムのフォローアップ: 受容基準の周知").SetFollowUpTaskID(action.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], first.ID, attendee.ID, item.ID, decision.ID, action.ID, second.ID, followUp.ID)
	})

	probes["meetings"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Meeting.Query().Where(meeting.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryMeetings().Where(meeting.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Meeting.UpdateOneID(id).SetStatus(meeting.StatusCANCELED).SetMinutes("改ざん").Exec(ctx)
		},
		// A meeting hangs on another as its follow-up, and an action item on a meeting.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.Meeting.Create().SetCompanyID(own.companies[0].ID).SetKind(meeting.KindCOMMITTEE).
				SetTitle("植え付け").SetScheduledAt(time.Now()).SetPreviousID(id).Exec(ctx)
		},
	}
	probes["meeting_attendees"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.MeetingAttendee.Query().Where(meetingattendee.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Meeting.Query().QueryAttendees().Where(meetingattendee.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.MeetingAttendee.UpdateOneID(id).SetAttended(false).Exec(ctx)
		},
	}
	probes["agenda_items"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.AgendaItem.Query().Where(agendaitem.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Meeting.Query().QueryAgendaItems().Where(agendaitem.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.AgendaItem.UpdateOneID(id).SetTitle("乗っ取り").SetPosition(9).Exec(ctx)
		},
	}
	probes["meeting_decisions"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.MeetingDecision.Query().Where(meetingdecision.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Meeting.Query().QueryDecisions().Where(meetingdecision.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.MeetingDecision.UpdateOneID(id).SetText("改ざん").Exec(ctx)
		},
	}
}

func TestMeetings_PartsOfAMeetingNeverCrossCompanies(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		ctx := as(ownerOf(a))
		meetingOf := func(tn *tenant, i int) pulid.ID {
			for _, id := range tn.byCompany[i] {
				if id[:2] == "MT" {
					return id
				}
			}
			t.Fatal("no meeting in the fixture")
			return ""
		}
		_, err := db.Client.AgendaItem.Create().SetCompanyID(a.companies[0].ID).SetMeetingID(meetingOf(a, 1)).
			SetPosition(1).SetTitle("越境").Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an agenda item of one company on a meeting of another")
		_, err = db.Client.MeetingAttendee.Create().SetCompanyID(a.companies[0].ID).SetMeetingID(meetingOf(a, 0)).
			SetUserID(b.owner.ID).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an attendee of another organization")
		_, err = db.Client.MeetingDecision.Create().SetCompanyID(b.companies[0].ID).SetMeetingID(meetingOf(b, 0)).
			SetPosition(1).SetText("越境").Save(ctx)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindNotFound}, "a decision in another organization's company")

		// The agenda of a meeting reads in its order, through its edge as through a traversal.
		m := db.Client.Meeting.GetX(ctx, meetingOf(a, 0))
		db.Client.AgendaItem.Create().SetCompanyID(m.CompanyID).SetMeetingID(m.ID).SetPosition(0).SetTitle("冒頭").SaveX(ctx)
		loaded := db.Client.Meeting.Query().Where(meeting.ID(m.ID)).WithAgendaItems().OnlyX(ctx)
		require.Len(t, loaded.Edges.AgendaItems, 2)
		assert.Equal(t, "冒頭", loaded.Edges.AgendaItems[0].Title)
		assert.Equal(t, "冒頭", m.QueryAgendaItems().FirstX(ctx).Title)
		assert.Equal(t, 2, m.QueryAgendaItems().CountX(ctx))
	})
}
