package meetings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"secretariat/ent/meeting"
	"secretariat/internal/apperr"
	"secretariat/internal/meetings"
	"secretariat/internal/pulid"
)

func fields(err error) []string {
	var out []string
	for _, e := range apperr.Fields(err) {
		out = append(out, e.Field)
	}
	return out
}

func TestMeetings_CreateInputNamesEveryBadField(t *testing.T) {
	link := func(s string) *string { return &s }
	valid := func() meetings.CreateMeetingInput {
		return meetings.CreateMeetingInput{CompanyID: "CO1", Kind: meeting.KindCOMMITTEE, Title: " 委員会 ",
			ScheduledAt: time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)}
	}
	in := valid()
	assert.NoError(t, in.Validate())
	assert.Equal(t, "委員会", in.Title, "titles are trimmed")

	for _, tc := range []struct {
		name   string
		change func(*meetings.CreateMeetingInput)
		want   []string
	}{
		{"an empty title", func(in *meetings.CreateMeetingInput) { in.Title = "  " }, []string{"title"}},
		{"an unknown kind", func(in *meetings.CreateMeetingInput) { in.Kind = "PARTY" }, []string{"kind"}},
		{"a script for a link", func(in *meetings.CreateMeetingInput) { in.OnlineURL = link("javascript:alert(1)") }, []string{"onlineURL"}},
		{"a link without a host", func(in *meetings.CreateMeetingInput) { in.OnlineURL = link("https://") }, []string{"onlineURL"}},
		{"no link at all is fine", func(in *meetings.CreateMeetingInput) { in.OnlineURL = link("") }, nil},
		{"a year typed wrong", func(in *meetings.CreateMeetingInput) { in.ScheduledAt = time.Date(226, 12, 1, 0, 0, 0, 0, time.UTC) }, []string{"scheduledAt"}},
		{"an agenda item without a title", func(in *meetings.CreateMeetingInput) {
			in.Agenda = []meetings.AgendaItemDraft{{Title: "報告"}, {Title: " "}}
		}, []string{"agenda"}},
		{"everything at once", func(in *meetings.CreateMeetingInput) {
			in.Title, in.Location = "", link(strings.Repeat("会", 301))
		}, []string{"title", "location"}},
	} {
		in := valid()
		tc.change(&in)
		assert.Equal(t, tc.want, fields(in.Validate()), tc.name)
	}

	in = valid()
	in.Agenda = []meetings.AgendaItemDraft{{Title: "報告"}, {Title: " "}}
	e := apperr.Fields(in.Validate())[0]
	assert.Equal(t, apperr.Required, e.Reason, "an agenda item keeps the reason of its field")
	assert.Equal(t, "2番目の議題（title）: 入力してください", e.Text.JA)
}

func TestMeetings_MinutesInputRefusesAFutureMeetingAndTwiceListedPeople(t *testing.T) {
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
	later := now.Add(time.Hour)
	in := meetings.RecordMinutesInput{MeetingID: "MT1", Minutes: "# 議事録", HeldAt: &later,
		Attendance: []meetings.AttendanceInput{{UserID: pulid.ID("US1"), Attended: true}, {UserID: pulid.ID("US1")}}}
	assert.Equal(t, []string{"heldAt", "attendance"}, fields(in.Validate(now)))
	errs := apperr.Fields(in.Validate(now))
	assert.Equal(t, apperr.OutOfRange, errs[0].Reason)
	assert.Equal(t, "未来の日時は指定できません", errs[0].Text.JA)
	assert.Equal(t, "US1 が重複しています", errs[1].Text.JA)
	in = meetings.RecordMinutesInput{MeetingID: "MT1", Minutes: "   "}
	assert.Equal(t, []string{"minutes"}, fields(in.Validate(now)))
}
