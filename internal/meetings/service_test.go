package meetings_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/agendaitem"
	"secretariat/ent/document"
	"secretariat/ent/meeting"
	"secretariat/ent/meetingattendee"
	"secretariat/ent/meetingdecision"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/meetings"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"
)

func ptr[T any](v T) *T { return &v }

var (
	monday = time.Date(2026, 4, 6, 1, 0, 0, 0, time.UTC)
	due    = date.New(2026, 5, 31)
)

func newService(t *testing.T, f *servicetest.Fixture) *meetings.Service {
	return meetings.NewService(f.Client, tasks.NewService(f.Client, servicetest.Log),
		documents.NewService(f.Client, blob.NewLocal(t.TempDir()), servicetest.Log), servicetest.Log)
}

// schedule creates a meeting of company A, by the secretariat, with the agenda titles given.
func schedule(t *testing.T, f *servicetest.Fixture, s *meetings.Service, kind meeting.Kind, at time.Time, agenda ...string) *ent.Meeting {
	t.Helper()
	in := meetings.CreateMeetingInput{CompanyID: f.Org.A, Kind: kind, Title: "ISMS委員会", ScheduledAt: at,
		AttendeeIDs: []pulid.ID{f.Org.Secretariat.UserID, f.Org.Member.UserID}}
	for _, a := range agenda {
		in.Agenda = append(in.Agenda, meetings.AgendaItemDraft{Title: a})
	}
	m, err := s.CreateMeeting(f.Org.Secretariat.Ctx, in)
	require.NoError(t, err)
	return m
}

// agenda returns the titles of a meeting's agenda, in position order, and checks the positions
// are 1..n.
func agenda(t *testing.T, f *servicetest.Fixture, meetingID pulid.ID) []string {
	t.Helper()
	items := f.Client.AgendaItem.Query().Where(agendaitem.MeetingID(meetingID)).Order(ent.Asc(agendaitem.FieldPosition)).AllX(f.System)
	titles := make([]string, len(items))
	for i, it := range items {
		assert.Equal(t, i+1, it.Position, "positions stay 1..n")
		titles[i] = it.Title
	}
	return titles
}

func TestMeetings_CreateMeetingRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	valid := func(mod func(*meetings.CreateMeetingInput)) meetings.CreateMeetingInput {
		in := meetings.CreateMeetingInput{CompanyID: o.A, Kind: meeting.KindCOMMITTEE, Title: " 第1回ISMS委員会 ", ScheduledAt: monday,
			OnlineURL:   ptr("https://meet.example.com/isms"),
			AttendeeIDs: []pulid.ID{o.Secretariat.UserID, o.Member.UserID, o.Member.UserID},
			Agenda:      []meetings.AgendaItemDraft{{Title: "リスク評価"}, {Title: "内部監査", PresenterID: &o.Consultant.UserID}}}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	many := make([]pulid.ID, 501)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   meetings.CreateMeetingInput
		want servicetest.Want
	}{
		{"the secretariat schedules a meeting", o.Secretariat.Ctx, valid(nil), servicetest.OK},
		{"a consultant schedules a meeting", o.Consultant.Ctx, valid(nil), servicetest.OK},
		{"the owner schedules a meeting", o.Owner.Ctx, valid(nil), servicetest.OK},
		{"an auditor may be invited", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) {
			in.AttendeeIDs = []pulid.ID{o.Auditor.UserID, o.Member.UserID}
		}), servicetest.OK},
		{"a member schedules no meeting", o.Member.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor schedules no meeting", o.Auditor.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"the title is required", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.Title = "" }), servicetest.Invalid("title", apperr.Required)},
		{"an unknown kind is refused", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.Kind = "PARTY" }), servicetest.Invalid("kind", apperr.InvalidValue)},
		{"a time before 2000 is a typing mistake", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.ScheduledAt = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }), servicetest.Invalid("scheduledAt", apperr.OutOfRange)},
		{"the online link is http or https", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.OnlineURL = ptr("ftp://meet.example.com") }), servicetest.Invalid("onlineURL", apperr.InvalidFormat)},
		{"at most 500 attendees", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.AttendeeIDs = many }), servicetest.Invalid("attendeeIDs", apperr.TooLong)},
		{"at most 100 agenda items", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.Agenda = make([]meetings.AgendaItemDraft, 101) }), servicetest.Invalid("agenda", apperr.TooLong)},
		{"every agenda item has a title", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.Agenda[1].Title = " " }), servicetest.Invalid("agenda", apperr.Required)},
		{"attendees work in the company", o.Consultant.Ctx, valid(func(in *meetings.CreateMeetingInput) {
			in.AttendeeIDs = append(in.AttendeeIDs, f.Other.Owner.UserID)
		}), servicetest.Invalid("attendeeIDs", apperr.InvalidValue)},
		{"presenters work in the company", o.Consultant.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.Agenda[0].PresenterID = &f.Other.Member.UserID }), servicetest.Invalid("agenda", apperr.InvalidValue)},
		{"a company of another organization is unknown", o.Owner.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.CompanyID = f.Other.A }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"a company not granted is unknown", o.Secretariat.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.CompanyID = o.B }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company holds no meeting", o.Owner.Ctx, valid(func(in *meetings.CreateMeetingInput) { in.CompanyID = o.B }), servicetest.Invalid("companyID", apperr.Archived)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			m, err := s.CreateMeeting(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Meeting.GetX(f.System, m.ID)
			assert.Equal(t, "第1回ISMS委員会", stored.Title)
			assert.Equal(t, meeting.StatusSCHEDULED, stored.Status)
			assert.Equal(t, []string{"リスク評価", "内部監査"}, agenda(t, f, m.ID))
			assert.Equal(t, 2, f.Client.MeetingAttendee.Query().Where(meetingattendee.MeetingID(m.ID)).CountX(f.System), "each person is invited once")
		})
	}
	// A person granted company A only does not work in company B.
	t.Run("an attendee must be granted the meeting's company", func(t *testing.T) {
		f := servicetest.SQLite(t)
		s := newService(t, f)
		before := f.Snapshot(t)
		_, err := s.CreateMeeting(f.Org.Consultant.Ctx, meetings.CreateMeetingInput{CompanyID: f.Org.B, Kind: meeting.KindOTHER, Title: "B社定例",
			ScheduledAt: monday, AttendeeIDs: []pulid.ID{f.Org.Member.UserID}})
		servicetest.Check(t, servicetest.Invalid("attendeeIDs", apperr.InvalidValue), err)
		f.Unchanged(t, before)
	})
}

// A new meeting's agenda starts with the open action items of the previous meeting of its kind
// (not canceled), including those that meeting itself followed up, presented by their assignees.
func TestMeetings_OpenActionItemsAreFollowedUp(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	ctx := f.Org.Secretariat.Ctx
	first := schedule(t, f, s, meeting.KindCOMMITTEE, monday)
	item := func(m *ent.Meeting, title string, assignee *pulid.ID) *ent.Task {
		tk, err := s.AddActionItem(ctx, meetings.AddActionItemInput{MeetingID: m.ID, Title: title, DueDate: due, AssigneeID: assignee})
		require.NoError(t, err)
		return tk
	}
	open := item(first, "手順書の改訂", &f.Org.Member.UserID)
	done := item(first, "棚卸しの実施", nil)
	_, err := tasks.NewService(f.Client, servicetest.Log).Complete(ctx, tasks.CompleteTaskInput{ID: done.ID})
	require.NoError(t, err)

	other := schedule(t, f, s, meeting.KindSECRETARIAT_REGULAR, monday.Add(24*time.Hour))
	assert.Empty(t, agenda(t, f, other.ID), "another kind of meeting follows up nothing")

	canceled := schedule(t, f, s, meeting.KindCOMMITTEE, monday.Add(48*time.Hour))
	_, err = s.CancelMeeting(ctx, meetings.MeetingRef{ID: canceled.ID})
	require.NoError(t, err)

	second := schedule(t, f, s, meeting.KindCOMMITTEE, monday.Add(7*24*time.Hour), "定例報告")
	assert.Equal(t, first.ID, *f.Client.Meeting.GetX(f.System, second.ID).PreviousID, "a canceled meeting is not the previous one")
	assert.Equal(t, []string{meetings.FollowUpPrefix + "手順書の改訂", "定例報告"}, agenda(t, f, second.ID))
	follow := f.Client.AgendaItem.Query().Where(agendaitem.MeetingID(second.ID), agendaitem.FollowUpTaskIDNotNil()).OnlyX(f.System)
	assert.Equal(t, &open.ID, follow.FollowUpTaskID)
	assert.Equal(t, &f.Org.Member.UserID, follow.PresenterID, "the assignee presents it")

	third := schedule(t, f, s, meeting.KindCOMMITTEE, monday.Add(14*24*time.Hour))
	assert.Equal(t, []string{meetings.FollowUpPrefix + "手順書の改訂"}, agenda(t, f, third.ID), "it stays on every agenda until closed")

	earlier := schedule(t, f, s, meeting.KindCOMMITTEE, monday.Add(-7*24*time.Hour))
	assert.Empty(t, agenda(t, f, earlier.ID), "a meeting before the first has no previous one")
}

// Agenda positions stay 1..n through every insert, move and removal.
func TestMeetings_AgendaKeepsItsPositions(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	ctx := f.Org.Secretariat.Ctx
	m := schedule(t, f, s, meeting.KindOTHER, monday, "A", "B", "C")
	itemID := func(title string) pulid.ID {
		return f.Client.AgendaItem.Query().Where(agendaitem.MeetingID(m.ID), agendaitem.Title(title)).OnlyX(f.System).ID
	}
	steps := []struct {
		name string
		do   func() error
		want []string
	}{
		{"an item added without a position goes last", func() error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "D"})
			return err
		}, []string{"A", "B", "C", "D"}},
		{"an item added at 1 goes first", func() error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "0", Position: ptr(1)})
			return err
		}, []string{"0", "A", "B", "C", "D"}},
		{"an item moved down shifts the others up", func() error {
			_, err := s.MoveAgendaItem(ctx, meetings.MoveAgendaItemInput{ID: itemID("0"), Position: 4})
			return err
		}, []string{"A", "B", "C", "0", "D"}},
		{"an item moved up shifts the others down", func() error {
			_, err := s.MoveAgendaItem(ctx, meetings.MoveAgendaItemInput{ID: itemID("D"), Position: 1})
			return err
		}, []string{"D", "A", "B", "C", "0"}},
		{"a removed item closes the gap", func() error {
			_, err := s.RemoveAgendaItem(ctx, meetings.ItemRef{ID: itemID("B")})
			return err
		}, []string{"D", "A", "C", "0"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			require.NoError(t, st.do())
			assert.Equal(t, st.want, agenda(t, f, m.ID))
		})
	}

	for _, tc := range []struct {
		name string
		do   func() error
		want servicetest.Want
	}{
		{"an item cannot be added past the end", func() error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "X", Position: ptr(6)})
			return err
		}, servicetest.Invalid("position", apperr.OutOfRange)},
		{"an item cannot be added before 1", func() error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "X", Position: ptr(0)})
			return err
		}, servicetest.Invalid("position", apperr.OutOfRange)},
		{"an item cannot move past the last position", func() error {
			_, err := s.MoveAgendaItem(ctx, meetings.MoveAgendaItemInput{ID: itemID("A"), Position: 5})
			return err
		}, servicetest.Invalid("position", apperr.OutOfRange)},
		{"a member adds no item", func() error {
			_, err := s.AddAgendaItem(f.Org.Member.Ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "X"})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member moves no item, even to where it is", func() error {
			_, err := s.MoveAgendaItem(f.Org.Member.Ctx, meetings.MoveAgendaItemInput{ID: itemID("A"), Position: 2})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member removes no item", func() error {
			_, err := s.RemoveAgendaItem(f.Org.Member.Ctx, meetings.ItemRef{ID: itemID("A")})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a presenter works in the company", func() error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "X", PresenterID: &f.Other.Owner.UserID})
			return err
		}, servicetest.Invalid("presenterID", apperr.InvalidValue)},
		{"an item's title cannot be null", func() error {
			_, err := s.UpdateAgendaItem(ctx, meetings.UpdateAgendaItemInput{ID: itemID("A"), Null: []string{"title"}})
			return err
		}, servicetest.Invalid("title", apperr.Required)},
		{"an unknown meeting is bad input", func() error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: pulid.New("MT"), Title: "X"})
			return err
		}, servicetest.Invalid("meetingID", apperr.UnknownID)},
		{"another organization does not find the meeting", func() error {
			_, err := s.AddAgendaItem(f.Other.Owner.Ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "X"})
			return err
		}, servicetest.Invalid("meetingID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			servicetest.Check(t, tc.want, tc.do())
			f.Unchanged(t, before)
		})
	}
}

// A meeting is SCHEDULED, then HELD (minutes recorded) or CANCELED; minutes are published once,
// and published minutes and their decisions no longer change.
func TestMeetings_StatusAndMinutes(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	ctx := f.Org.Secretariat.Ctx
	minutes := func(m *ent.Meeting) error {
		_, err := s.RecordMinutes(ctx, meetings.RecordMinutesInput{MeetingID: m.ID, Minutes: "議事録本文"})
		return err
	}
	held := func(t *testing.T) *ent.Meeting {
		m := schedule(t, f, s, meeting.KindOTHER, monday)
		require.NoError(t, minutes(m))
		return m
	}
	canceled := func(t *testing.T) *ent.Meeting {
		m := schedule(t, f, s, meeting.KindOTHER, monday)
		_, err := s.CancelMeeting(ctx, meetings.MeetingRef{ID: m.ID})
		require.NoError(t, err)
		return m
	}
	published := func(t *testing.T) *ent.Meeting {
		m := held(t)
		_, err := s.AddDecision(ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: "方針を承認"})
		require.NoError(t, err)
		_, err = s.PublishMinutes(ctx, meetings.MeetingRef{ID: m.ID})
		require.NoError(t, err)
		return m
	}
	scheduled := func(t *testing.T) *ent.Meeting { return schedule(t, f, s, meeting.KindOTHER, monday) }
	for _, tc := range []struct {
		name    string
		meeting func(t *testing.T) *ent.Meeting
		do      func(m *ent.Meeting) error
		want    servicetest.Want
		status  meeting.Status
	}{
		{"a scheduled meeting is canceled", scheduled, func(m *ent.Meeting) error {
			_, err := s.CancelMeeting(ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.OK, meeting.StatusCANCELED},
		{"a held meeting cannot be canceled", held, func(m *ent.Meeting) error {
			_, err := s.CancelMeeting(ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.Invalid("id", apperr.InvalidTransition), meeting.StatusHELD},
		{"canceling a canceled meeting changes nothing", canceled, func(m *ent.Meeting) error {
			_, err := s.CancelMeeting(ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.OK, meeting.StatusCANCELED},
		{"a member cancels no meeting, even a canceled one", canceled, func(m *ent.Meeting) error {
			_, err := s.CancelMeeting(f.Org.Member.Ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired), meeting.StatusCANCELED},
		{"a canceled meeting cannot change", canceled, func(m *ent.Meeting) error {
			_, err := s.UpdateMeeting(ctx, meetings.UpdateMeetingInput{ID: m.ID, Title: ptr("再開")})
			return err
		}, servicetest.Invalid("id", apperr.InvalidTransition), meeting.StatusCANCELED},
		{"a canceled meeting records no minutes", canceled, minutes, servicetest.Invalid("meetingID", apperr.InvalidTransition), meeting.StatusCANCELED},
		{"a canceled meeting takes no agenda item", canceled, func(m *ent.Meeting) error {
			_, err := s.AddAgendaItem(ctx, meetings.AddAgendaItemInput{MeetingID: m.ID, Title: "X"})
			return err
		}, servicetest.Invalid("meetingID", apperr.InvalidTransition), meeting.StatusCANCELED},
		{"a canceled meeting takes no decision", canceled, func(m *ent.Meeting) error {
			_, err := s.AddDecision(ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: "X"})
			return err
		}, servicetest.Invalid("meetingID", apperr.InvalidTransition), meeting.StatusCANCELED},
		{"a canceled meeting takes no action item", canceled, func(m *ent.Meeting) error {
			_, err := s.AddActionItem(ctx, meetings.AddActionItemInput{MeetingID: m.ID, Title: "X", DueDate: due})
			return err
		}, servicetest.Invalid("meetingID", apperr.InvalidTransition), meeting.StatusCANCELED},
		{"recording minutes holds the meeting", scheduled, minutes, servicetest.OK, meeting.StatusHELD},
		{"minutes are recorded again until published", held, minutes, servicetest.OK, meeting.StatusHELD},
		{"a held meeting's attendance is recorded with its minutes", held, func(m *ent.Meeting) error {
			_, err := s.UpdateMeeting(ctx, meetings.UpdateMeetingInput{ID: m.ID, AttendeeIDs: []pulid.ID{f.Org.Owner.UserID}})
			return err
		}, servicetest.Invalid("attendeeIDs", apperr.InvalidTransition), meeting.StatusHELD},
		{"a scheduled meeting has no minutes to publish", scheduled, func(m *ent.Meeting) error {
			_, err := s.PublishMinutes(ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.Invalid("id", apperr.InvalidTransition), meeting.StatusSCHEDULED},
		{"minutes are published once", published, func(m *ent.Meeting) error {
			_, err := s.PublishMinutes(ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.Conflict(apperr.Duplicate), meeting.StatusHELD},
		{"published minutes are not recorded again", published, minutes, servicetest.Conflict(apperr.InvalidTransition), meeting.StatusHELD},
		{"published minutes take no decision", published, func(m *ent.Meeting) error {
			_, err := s.AddDecision(ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: "追加"})
			return err
		}, servicetest.Conflict(apperr.InvalidTransition), meeting.StatusHELD},
		{"published minutes lose no decision", published, func(m *ent.Meeting) error {
			d := f.Client.MeetingDecision.Query().Where(meetingdecision.MeetingID(m.ID)).FirstX(f.System)
			_, err := s.RemoveDecision(ctx, meetings.ItemRef{ID: d.ID})
			return err
		}, servicetest.Conflict(apperr.InvalidTransition), meeting.StatusHELD},
		{"a member publishes no minutes", held, func(m *ent.Meeting) error {
			_, err := s.PublishMinutes(f.Org.Member.Ctx, meetings.MeetingRef{ID: m.ID})
			return err
		}, servicetest.Forbidden(apperr.RoleRequired), meeting.StatusHELD},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.meeting(t)
			before := f.Snapshot(t)
			err := tc.do(m)
			servicetest.Check(t, tc.want, err)
			if tc.want.Fails() {
				f.Unchanged(t, before)
			}
			assert.Equal(t, tc.status, f.Client.Meeting.GetX(f.System, m.ID).Status)
		})
	}

	t.Run("published minutes are a MINUTES document in draft, linked to the meeting", func(t *testing.T) {
		m := published(t)
		m = f.Client.Meeting.GetX(f.System, m.ID)
		require.NotNil(t, m.MinutesVersionID)
		v := f.Client.DocumentVersion.GetX(f.System, *m.MinutesVersionID)
		assert.Equal(t, ptr("議事録本文"), v.Body)
		assert.Equal(t, "1.0", documents.Number(v))
		assert.Equal(t, document.KindMINUTES, f.Client.Document.GetX(f.System, v.DocumentID).Kind)
	})
}

func TestMeetings_MinutesRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		name string
		in   meetings.RecordMinutesInput
		want servicetest.Want
	}{
		{"the minutes are required", meetings.RecordMinutesInput{Minutes: "  "}, servicetest.Invalid("minutes", apperr.Required)},
		{"a meeting is not held in the future", meetings.RecordMinutesInput{Minutes: "x", HeldAt: ptr(time.Now().Add(time.Hour))}, servicetest.Invalid("heldAt", apperr.OutOfRange)},
		{"a person is listed once", meetings.RecordMinutesInput{Minutes: "x", Attendance: []meetings.AttendanceInput{
			{UserID: o.Member.UserID, Attended: true}, {UserID: o.Member.UserID, Attended: false}}}, servicetest.Invalid("attendance", apperr.InvalidValue)},
		{"an uninvited attendee works in the company", meetings.RecordMinutesInput{Minutes: "x", Attendance: []meetings.AttendanceInput{
			{UserID: f.Other.Member.UserID, Attended: true}}}, servicetest.Invalid("attendance", apperr.InvalidValue)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := schedule(t, f, s, meeting.KindOTHER, monday)
			tc.in.MeetingID = m.ID
			before := f.Snapshot(t)
			_, err := s.RecordMinutes(o.Secretariat.Ctx, tc.in)
			servicetest.Check(t, tc.want, err)
			f.Unchanged(t, before)
		})
	}

	t.Run("attendance is recorded, and an uninvited attendee of the company is added", func(t *testing.T) {
		m := schedule(t, f, s, meeting.KindOTHER, monday)
		heldAt := monday.Add(time.Hour)
		got, err := s.RecordMinutes(o.Secretariat.Ctx, meetings.RecordMinutesInput{MeetingID: m.ID, Minutes: " 議事録 ", HeldAt: &heldAt,
			Attendance: []meetings.AttendanceInput{{UserID: o.Member.UserID, Attended: false}, {UserID: o.Owner.UserID, Attended: true}}})
		require.NoError(t, err)
		assert.Equal(t, "議事録", got.Minutes)
		assert.True(t, heldAt.Equal(*got.HeldAt))
		attended := map[pulid.ID]*bool{}
		for _, a := range f.Client.MeetingAttendee.Query().Where(meetingattendee.MeetingID(m.ID)).AllX(f.System) {
			attended[a.UserID] = a.Attended
		}
		assert.Equal(t, map[pulid.ID]*bool{o.Secretariat.UserID: nil, o.Member.UserID: ptr(false), o.Owner.UserID: ptr(true)}, attended)
	})
}

// Decisions are numbered in the order recorded; removing one closes the gap.
func TestMeetings_DecisionsKeepTheirOrder(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	ctx := f.Org.Secretariat.Ctx
	m := schedule(t, f, s, meeting.KindCOMMITTEE, monday)
	var ids []pulid.ID
	for _, text := range []string{"一", "二", "三"} {
		d, err := s.AddDecision(ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: text})
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	_, err := s.RemoveDecision(ctx, meetings.ItemRef{ID: ids[0]})
	require.NoError(t, err)
	var got []string
	for i, d := range f.Client.MeetingDecision.Query().Where(meetingdecision.MeetingID(m.ID)).Order(ent.Asc(meetingdecision.FieldPosition)).AllX(f.System) {
		assert.Equal(t, i+1, d.Position)
		got = append(got, d.Text)
	}
	assert.Equal(t, []string{"二", "三"}, got)

	before := f.Snapshot(t)
	_, err = s.AddDecision(ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: " "})
	servicetest.Check(t, servicetest.Invalid("text", apperr.Required), err)
	_, err = s.AddDecision(ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: strings.Repeat("決", 5001)})
	servicetest.Check(t, servicetest.Invalid("text", apperr.TooLong), err)
	_, err = s.AddDecision(f.Org.Member.Ctx, meetings.AddDecisionInput{MeetingID: m.ID, Text: "四"})
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	f.Unchanged(t, before)
}

// An action item is a task of the meeting's company, linked back to the meeting, under the
// rules of any task; only the roles that edit meetings add one.
func TestMeetings_ActionItemRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	m := schedule(t, f, s, meeting.KindCOMMITTEE, monday)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   meetings.AddActionItemInput
		want servicetest.Want
	}{
		{"an editor adds an action item", o.Secretariat.Ctx, meetings.AddActionItemInput{Title: "規程改訂", DueDate: due, AssigneeID: &o.Member.UserID}, servicetest.OK},
		{"a member adds no action item, even its own", o.Member.Ctx, meetings.AddActionItemInput{Title: "規程改訂", DueDate: due, AssigneeID: &o.Member.UserID}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor cannot be assigned", o.Secretariat.Ctx, meetings.AddActionItemInput{Title: "規程改訂", DueDate: due, AssigneeID: &o.Auditor.UserID}, servicetest.Invalid("assigneeID", apperr.RoleRequired)},
		{"the task's rules apply: a due date", o.Secretariat.Ctx, meetings.AddActionItemInput{Title: "規程改訂"}, servicetest.Invalid("dueDate", apperr.Required)},
		{"an unknown meeting is bad input", o.Secretariat.Ctx, meetings.AddActionItemInput{MeetingID: pulid.New("MT"), Title: "x", DueDate: due}, servicetest.Invalid("meetingID", apperr.UnknownID)},
		{"another organization does not find the meeting", f.Other.Owner.Ctx, meetings.AddActionItemInput{Title: "x", DueDate: due}, servicetest.Invalid("meetingID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.MeetingID == "" {
				tc.in.MeetingID = m.ID
			}
			before := f.Snapshot(t)
			tk, err := s.AddActionItem(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Task.GetX(f.System, tk.ID)
			assert.Equal(t, task.SourceMEETING, stored.Source)
			assert.Equal(t, &m.ID, stored.MeetingID)
			assert.Equal(t, &m.ID, stored.SourceID)
			assert.Equal(t, m.CompanyID, stored.CompanyID)
		})
	}
}

func TestMeetings_UpdateMeetingRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := newService(t, f)
	o := f.Org
	for _, tc := range []struct {
		name  string
		in    meetings.UpdateMeetingInput
		want  servicetest.Want
		check func(t *testing.T, m *ent.Meeting)
	}{
		{"the attendee list is replaced", meetings.UpdateMeetingInput{AttendeeIDs: []pulid.ID{o.Owner.UserID, o.Member.UserID}}, servicetest.OK, func(t *testing.T, m *ent.Meeting) {
			var people []pulid.ID
			for _, a := range f.Client.MeetingAttendee.Query().Where(meetingattendee.MeetingID(m.ID)).AllX(f.System) {
				people = append(people, a.UserID)
			}
			assert.ElementsMatch(t, []pulid.ID{o.Owner.UserID, o.Member.UserID}, people)
		}},
		{"null clears the location and the link", meetings.UpdateMeetingInput{Location: ptr("会議室A")}, servicetest.OK, func(t *testing.T, m *ent.Meeting) {
			assert.Equal(t, ptr("会議室A"), m.Location)
			_, err := s.UpdateMeeting(o.Secretariat.Ctx, meetings.UpdateMeetingInput{ID: m.ID, Null: []string{"location", "onlineURL"}})
			require.NoError(t, err)
			assert.Nil(t, f.Client.Meeting.GetX(f.System, m.ID).Location)
		}},
		{"the title cannot be null", meetings.UpdateMeetingInput{Null: []string{"title"}}, servicetest.Invalid("title", apperr.Required), nil},
		{"the time cannot be null", meetings.UpdateMeetingInput{Null: []string{"scheduledAt"}}, servicetest.Invalid("scheduledAt", apperr.Required), nil},
		{"the time stays within 2000 to 2100", meetings.UpdateMeetingInput{ScheduledAt: ptr(time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC))}, servicetest.Invalid("scheduledAt", apperr.OutOfRange), nil},
		{"attendees work in the company", meetings.UpdateMeetingInput{AttendeeIDs: []pulid.ID{f.Other.Member.UserID}}, servicetest.Invalid("attendeeIDs", apperr.InvalidValue), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := schedule(t, f, s, meeting.KindOTHER, monday)
			tc.in.ID = m.ID
			before := f.Snapshot(t)
			_, err := s.UpdateMeeting(o.Secretariat.Ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.Meeting.GetX(f.System, m.ID))
		})
	}
}

// Two publications of the same minutes at the same moment, each run as the server runs a
// mutation: one stands, the other is refused and leaves no document behind.
func TestMeetings_ConcurrentPublicationsPublishOnce(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s := newService(t, f)
		m := schedule(t, f, s, meeting.KindCOMMITTEE, monday)
		_, err := s.RecordMinutes(f.Org.Secretariat.Ctx, meetings.RecordMinutesInput{MeetingID: m.ID, Minutes: "議事録"})
		require.NoError(t, err)
		people := []servicetest.Person{f.Org.Secretariat, f.Org.Consultant}
		errs := make([]error, len(people))
		var wg sync.WaitGroup
		for i, p := range people {
			wg.Go(func() {
				errs[i] = f.Mutation(t, p.Ctx, func(ctx context.Context) error {
					_, err := s.PublishMinutes(ctx, meetings.MeetingRef{ID: m.ID})
					return err
				})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			assert.Equal(t, apperr.KindConflict, servicetest.Problems(err)[0].Kind, "%v", err)
		}
		assert.Equal(t, 1, ok, "one publication stands")
		assert.Equal(t, 1, f.Client.Document.Query().Where(document.KindEQ(document.KindMINUTES)).CountX(f.System), "no second document is left behind")
		assert.NotNil(t, f.Client.Meeting.GetX(f.System, m.ID).MinutesVersionID)
	})
}
