package meetings

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"secretariat/ent/meeting"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Limits of a meeting's texts and lists.
const (
	maxTitle     = 300
	maxLocation  = 300
	maxURL       = 2000
	maxNotes     = 10_000
	maxMinutes   = 200_000
	maxDecision  = 5000
	maxAgenda    = 100
	maxAttendees = 500
)

// CreateMeetingInput schedules a meeting of a company with its attendees and first agenda. The
// open action items of the previous meeting of the same kind are added to the agenda.
type CreateMeetingInput struct {
	CompanyID   pulid.ID          `json:"companyID"`
	Kind        meeting.Kind      `json:"kind"`
	Title       string            `json:"title"`
	ScheduledAt time.Time         `json:"scheduledAt"`
	Location    *string           `json:"location"`
	OnlineURL   *string           `json:"onlineURL"`
	AttendeeIDs []pulid.ID        `json:"attendeeIDs"`
	Agenda      []AgendaItemDraft `json:"agenda"`
}

// AgendaItemDraft is one item of the agenda a meeting is created with.
type AgendaItemDraft struct {
	Title       string    `json:"title"`
	PresenterID *pulid.ID `json:"presenterID"`
	Notes       *string   `json:"notes"`
}

// Validate reports every problem of the input at once.
func (in *CreateMeetingInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validate.Text("location", &in.Location, maxLocation, nil),
		onlineURL(&in.OnlineURL, nil),
		scheduledAt(in.ScheduledAt),
	}
	if err := meeting.KindValidator(in.Kind); err != nil {
		errs = append(errs, apperr.Invalid("kind", apperr.InvalidValue, err.Error(), fmt.Sprintf("会議の種類 %q は指定できません", in.Kind)))
	}
	if len(in.AttendeeIDs) > maxAttendees {
		errs = append(errs, tooManyAttendees("attendeeIDs"))
	}
	if len(in.Agenda) > maxAgenda {
		errs = append(errs, apperr.Invalid("agenda", apperr.TooLong, fmt.Sprintf("at most %d agenda items", maxAgenda), fmt.Sprintf("議題は%d件以内にしてください", maxAgenda)))
	}
	for i := range in.Agenda {
		item := &in.Agenda[i]
		item.Title = strings.TrimSpace(item.Title)
		for _, err := range []error{validate.Required("title", item.Title, maxTitle), validate.Text("notes", &item.Notes, maxNotes, nil)} {
			if e, ok := apperr.As(err); ok {
				errs = append(errs, apperr.Invalid("agenda", e.Reason, fmt.Sprintf("item %d: %s", i+1, e.Error()), fmt.Sprintf("%d番目の議題（%s）: %s", i+1, e.Field, e.Text.JA)))
			}
		}
	}
	return apperr.Join(errs...)
}

// UpdateMeetingInput changes the fields that are set. Null names the fields sent as null: the
// location and the online link (a blank one too) are then cleared, and the title and the time
// refused. attendeeIDs, when given, is the whole new list of invited people; it can change only
// while the meeting is scheduled.
type UpdateMeetingInput struct {
	ID          pulid.ID
	Title       *string
	ScheduledAt *time.Time
	Location    *string
	OnlineURL   *string
	AttendeeIDs []pulid.ID
	Null        []string
}

// Validate reports every problem of the input at once.
func (in *UpdateMeetingInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "title", "scheduledAt")}
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	if in.ScheduledAt != nil {
		errs = append(errs, scheduledAt(*in.ScheduledAt))
	}
	if len(in.AttendeeIDs) > maxAttendees {
		errs = append(errs, tooManyAttendees("attendeeIDs"))
	}
	errs = append(errs, validate.Text("location", &in.Location, maxLocation, &in.Null), onlineURL(&in.OnlineURL, &in.Null))
	return apperr.Join(errs...)
}

// MeetingRef names a meeting for the mutations that take nothing else (cancel, publish).
type MeetingRef struct {
	ID pulid.ID `json:"id"`
}

// AddAgendaItemInput adds an item to a meeting's agenda, at position (1 is the first item) or
// at the end.
type AddAgendaItemInput struct {
	MeetingID   pulid.ID  `json:"meetingID"`
	Title       string    `json:"title"`
	PresenterID *pulid.ID `json:"presenterID"`
	Notes       *string   `json:"notes"`
	Position    *int      `json:"position"`
	// DocumentVersionID is the document version the item presents (an improvement report, an
	// audit report, a policy for approval), of the meeting's company.
	DocumentVersionID *pulid.ID `json:"documentVersionID"`
}

// Validate reports every problem of the input at once.
func (in *AddAgendaItemInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	return apperr.Join(validate.Required("title", in.Title, maxTitle), validate.Text("notes", &in.Notes, maxNotes, nil))
}

// UpdateAgendaItemInput changes the fields that are set. Null names the fields sent as null:
// the presenter and the notes (blank ones too) are then cleared, and the title refused.
type UpdateAgendaItemInput struct {
	ID                pulid.ID
	Title             *string
	PresenterID       *pulid.ID
	Notes             *string
	DocumentVersionID *pulid.ID
	Null              []string
}

// Validate reports every problem of the input at once.
func (in *UpdateAgendaItemInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "title")}
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	errs = append(errs, validate.Text("notes", &in.Notes, maxNotes, &in.Null))
	return apperr.Join(errs...)
}

// MoveAgendaItemInput moves an agenda item to position (1 is the first item); the items between
// shift by one, so positions stay 1..n.
type MoveAgendaItemInput struct {
	ID       pulid.ID `json:"id"`
	Position int      `json:"position"`
}

// ItemRef names an agenda item or a decision to remove.
type ItemRef struct {
	ID pulid.ID `json:"id"`
}

// RecordMinutesInput records what happened at a meeting: the minutes (Markdown), when it was
// held (now when not given) and who attended. It marks the meeting HELD.
type RecordMinutesInput struct {
	MeetingID  pulid.ID          `json:"meetingID"`
	Minutes    string            `json:"minutes"`
	HeldAt     *time.Time        `json:"heldAt"`
	Attendance []AttendanceInput `json:"attendance"`
}

// AttendanceInput says whether one person attended. A person who was not invited is added to
// the attendees.
type AttendanceInput struct {
	UserID   pulid.ID `json:"userID"`
	Attended bool     `json:"attended"`
}

// Validate reports every problem of the input; now is the current time.
func (in *RecordMinutesInput) Validate(now time.Time) error {
	in.Minutes = strings.TrimSpace(in.Minutes)
	errs := []error{validate.Required("minutes", in.Minutes, maxMinutes)}
	if in.HeldAt != nil && in.HeldAt.After(now.Add(5*time.Minute)) {
		errs = append(errs, apperr.Invalid("heldAt", apperr.OutOfRange, "cannot be in the future", "未来の日時は指定できません"))
	}
	if len(in.Attendance) > maxAttendees {
		errs = append(errs, apperr.Invalid("attendance", apperr.TooLong, fmt.Sprintf("at most %d people", maxAttendees), fmt.Sprintf("出席者は%d名以内にしてください", maxAttendees)))
	}
	seen := map[pulid.ID]bool{}
	for _, a := range in.Attendance {
		if seen[a.UserID] {
			errs = append(errs, apperr.Invalid("attendance", apperr.InvalidValue, "lists "+string(a.UserID)+" twice", string(a.UserID)+" が重複しています"))
			break
		}
		seen[a.UserID] = true
	}
	return apperr.Join(errs...)
}

// AddDecisionInput records a decision (決定事項) of a meeting, after the earlier ones.
type AddDecisionInput struct {
	MeetingID pulid.ID `json:"meetingID"`
	Text      string   `json:"text"`
}

// Validate reports every problem of the input at once.
func (in *AddDecisionInput) Validate() error {
	in.Text = strings.TrimSpace(in.Text)
	return validate.Required("text", in.Text, maxDecision)
}

// AddActionItemInput creates a task decided at a meeting, in the meeting's company.
type AddActionItemInput struct {
	MeetingID   pulid.ID       `json:"meetingID"`
	Title       string         `json:"title"`
	Description *string        `json:"description"`
	DueDate     date.Date      `json:"dueDate"`
	AssigneeID  *pulid.ID      `json:"assigneeID"`
	Priority    *task.Priority `json:"priority"`
}

func tooManyAttendees(field string) error {
	return apperr.Invalid(field, apperr.TooLong, fmt.Sprintf("at most %d attendees", maxAttendees), fmt.Sprintf("出席者は%d名以内にしてください", maxAttendees))
}

// onlineURL accepts an empty value (no link) or an http(s) URL of a video meeting.
func onlineURL(v **string, null *[]string) error {
	if err := validate.Text("onlineURL", v, maxURL, null); err != nil || *v == nil {
		return err
	}
	u, err := url.Parse(**v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return apperr.Invalid("onlineURL", apperr.InvalidFormat, "must be an http or https URL", "http または https のURLを入力してください")
	}
	return nil
}

// Meetings are planned within a sane range of years; anything else is a typing mistake.
func scheduledAt(t time.Time) error {
	if t.Year() < 2000 || t.Year() > 2100 {
		return apperr.Invalid("scheduledAt", apperr.OutOfRange, "must be between the years 2000 and 2100", "2000年から2100年までの日時を指定してください")
	}
	return nil
}
