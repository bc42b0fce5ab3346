package audits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/interview"
	"secretariat/ent/interviewparticipant"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Bounds of a timetable.
const (
	maxSlot         = 12 * time.Hour
	maxSlotsPerDay  = 100
	maxInterviewees = 50
)

// ScheduleInterviewInput adds a slot to an audit's timetable.
type ScheduleInterviewInput struct {
	AuditID        pulid.ID   `json:"auditID"`
	StartsAt       time.Time  `json:"startsAt"`
	EndsAt         time.Time  `json:"endsAt"`
	Room           *string    `json:"room"`
	OnlineURL      *string    `json:"onlineURL"`
	DepartmentID   *pulid.ID  `json:"departmentID"`
	Topic          *string    `json:"topic"`
	Clauses        []string   `json:"clauses"`
	Controls       []string   `json:"controls"`
	AuditorName    *string    `json:"auditorName"`
	IntervieweeIDs []pulid.ID `json:"intervieweeIDs"`
}

// Validate reports every problem of the input at once.
func (in *ScheduleInterviewInput) Validate() error {
	errs := []error{
		validate.Text("room", &in.Room, maxName, nil),
		validate.Text("onlineURL", &in.OnlineURL, 2000, nil),
		validate.Text("topic", &in.Topic, maxQuestion, nil),
		validate.Text("auditorName", &in.AuditorName, maxName, nil),
		listLength("intervieweeIDs", len(in.IntervieweeIDs), maxInterviewees),
	}
	switch {
	case in.StartsAt.IsZero():
		errs = append(errs, apperr.Invalid("startsAt", apperr.Required, "must be a time", "日時を入力してください"))
	case in.StartsAt.Year() < 2000 || in.StartsAt.Year() > 2100:
		errs = append(errs, apperr.Invalid("startsAt", apperr.OutOfRange, "must be between the years 2000 and 2100", "2000年から2100年までの日時を入力してください"))
	case !in.EndsAt.After(in.StartsAt):
		errs = append(errs, apperr.Invalid("endsAt", apperr.OutOfRange, "must be after startsAt", "開始より後の日時を入力してください"))
	case in.EndsAt.Sub(in.StartsAt) > maxSlot:
		errs = append(errs, apperr.Invalid("endsAt", apperr.OutOfRange, "a slot lasts at most 12 hours", "1枠は12時間以内です"))
	}
	if in.Room == nil && in.OnlineURL == nil {
		errs = append(errs, apperr.Invalid("room", apperr.Required, "a slot takes place in a room or online (onlineURL)", "会議室またはオンライン（onlineURL）を指定してください"))
	}
	if in.OnlineURL != nil && !strings.HasPrefix(*in.OnlineURL, "https://") && !strings.HasPrefix(*in.OnlineURL, "http://") {
		errs = append(errs, apperr.Invalid("onlineURL", apperr.InvalidFormat, "must be an http or https link", "http または https のリンクを入力してください"))
	}
	var err error
	in.Clauses, err = clauseRefs("clauses", in.Clauses)
	errs = append(errs, err)
	in.Controls, err = controlRefs("controls", in.Controls)
	errs = append(errs, err)
	errs = append(errs, repeats("intervieweeIDs", nil, in.IntervieweeIDs, "a person", "人"))
	return apperr.Join(errs...)
}

// ScheduleInterview adds a slot to the timetable of an audit that is not completed or
// canceled. A room or a person already booked in a slot of the company that overlaps is refused,
// naming that slot; slots that only touch (one ends when the next starts) do not clash.
func (s *Service) ScheduleInterview(ctx context.Context, in ScheduleInterviewInput) (*ent.Interview, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("schedule interview: %w", err)
	}
	var iv *ent.Interview
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		a, err := tx.Audit.Get(ctx, in.AuditID)
		if err != nil {
			return validate.Reference("auditID", err)
		}
		switch {
		case a.ArchivedAt != nil:
			return apperr.Invalid("auditID", apperr.Archived, "the audit is archived; restore it first", "監査はアーカイブされています。先に復元してください")
		case a.Status == audit.StatusCOMPLETED || a.Status == audit.StatusCANCELED:
			return apperr.Invalid("auditID", apperr.StaleState, "the audit is "+string(a.Status)+": its timetable no longer changes", "監査は "+string(a.Status)+" のため、日程は変更できません")
		}
		if err := s.checkSlot(ctx, tx, a, in); err != nil {
			return err
		}
		iv, err = tx.Interview.Create().
			SetCompanyID(a.CompanyID).
			SetAuditID(a.ID).
			SetStartsAt(in.StartsAt).
			SetEndsAt(in.EndsAt).
			SetNillableRoom(in.Room).
			SetNillableOnlineURL(in.OnlineURL).
			SetNillableDepartmentID(in.DepartmentID).
			SetNillableTopic(in.Topic).
			SetClauses(in.Clauses).
			SetControls(in.Controls).
			SetNillableAuditorName(in.AuditorName).
			Save(ctx)
		if err != nil {
			return err
		}
		if len(in.IntervieweeIDs) == 0 {
			return nil
		}
		people := make([]*ent.InterviewParticipantCreate, len(in.IntervieweeIDs))
		for i, id := range in.IntervieweeIDs {
			people[i] = tx.InterviewParticipant.Create().SetCompanyID(a.CompanyID).SetInterviewID(iv.ID).SetUserID(id)
		}
		return tx.InterviewParticipant.CreateBulk(people...).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("schedule interview: %w", err)
	}
	return iv, nil
}

// checkSlot checks the department and the people against the company, the day's size, and the
// clashes with the company's other slots.
func (s *Service) checkSlot(ctx context.Context, tx *ent.Client, a *ent.Audit, in ScheduleInterviewInput) error {
	var errs []error
	if in.DepartmentID != nil {
		if err := checkDepartments(ctx, tx, a.CompanyID, []pulid.ID{*in.DepartmentID}); err != nil {
			errs = append(errs, errNoDepartment("departmentID"))
		}
	}
	for i, id := range in.IntervieweeIDs {
		role, ok, err := members.RoleIn(ctx, tx, id, a.CompanyID)
		switch {
		case err != nil:
			return err
		case !ok || role == viewer.RoleAuditor:
			errs = append(errs, apperr.Invalid(fmt.Sprintf("intervieweeIDs.%d", i), apperr.InvalidValue, "must be a member who works in the audit's company", "監査対象の会社で業務を行うメンバーを指定してください"))
		}
	}
	from, to := dayBounds(date.Of(in.StartsAt.In(date.Calendar)))
	n, err := tx.Interview.Query().Where(interview.AuditID(a.ID), interview.StartsAtGTE(from), interview.StartsAtLT(to)).Count(ctx)
	if err != nil {
		return err
	}
	if n >= maxSlotsPerDay {
		errs = append(errs, apperr.Invalid("startsAt", apperr.OutOfRange, fmt.Sprintf("an audit day holds at most %d slots", maxSlotsPerDay), fmt.Sprintf("1日の枠は%d件までです", maxSlotsPerDay)))
	}
	overlapping, err := tx.Interview.Query().
		Where(interview.CompanyID(a.CompanyID), interview.StartsAtLT(in.EndsAt), interview.EndsAtGT(in.StartsAt)).
		WithInterviewees(func(q *ent.InterviewParticipantQuery) { q.Where(interviewparticipant.UserIDIn(in.IntervieweeIDs...)) }).
		Order(interview.ByStartsAt()).
		All(ctx)
	if err != nil {
		return err
	}
	for _, o := range overlapping {
		slot := o.StartsAt.In(date.Calendar).Format("2006-01-02 15:04") + "–" + o.EndsAt.In(date.Calendar).Format("15:04")
		if in.Room != nil && o.Room != nil && sameRoom(*in.Room, *o.Room) {
			errs = append(errs, apperr.Invalid("room", apperr.ScheduleClash,
				fmt.Sprintf("%s is booked %s (interview %s)", *o.Room, slot, o.ID),
				fmt.Sprintf("%s は %s に予約済みです（面談 %s）", *o.Room, slot, o.ID)))
		}
		for _, p := range o.Edges.Interviewees {
			i := slices.Index(in.IntervieweeIDs, p.UserID)
			errs = append(errs, apperr.Invalid(fmt.Sprintf("intervieweeIDs.%d", i), apperr.ScheduleClash,
				fmt.Sprintf("the person is interviewed %s (interview %s)", slot, o.ID),
				fmt.Sprintf("この人は %s に別の面談があります（面談 %s）", slot, o.ID)))
		}
	}
	return apperr.Join(errs...)
}

// sameRoom compares room names as people type them: case, width of spaces and surrounding blanks
// aside.
func sameRoom(a, b string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "　", " ")), " ") }
	return strings.EqualFold(norm(a), norm(b))
}

// RemoveInterview calls a slot off and returns its audit.
func (s *Service) RemoveInterview(ctx context.Context, id pulid.ID) (*ent.Audit, error) {
	var a *ent.Audit
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		iv, err := tx.Interview.Get(ctx, id)
		if err != nil {
			return err
		}
		if _, err := tx.InterviewParticipant.Delete().Where(interviewparticipant.InterviewID(iv.ID)).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Interview.DeleteOne(iv).Exec(ctx); err != nil {
			return err
		}
		a, err = tx.Audit.Get(ctx, iv.AuditID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("remove interview: %w", err)
	}
	return a, nil
}

// AuditDay is an audit's timetable on a calendar day (Japan), in time order.
func (s *Service) AuditDay(ctx context.Context, auditID pulid.ID, day date.Date) ([]*ent.Interview, error) {
	a, err := s.db.Audit.Get(ctx, auditID)
	if err != nil {
		return nil, fmt.Errorf("audit day: %w", err)
	}
	if day.IsZero() {
		return nil, fmt.Errorf("audit day: %w", apperr.Invalid("date", apperr.Required, "must be a date in the form YYYY-MM-DD", "YYYY-MM-DD の形式で日付を入力してください"))
	}
	from, to := dayBounds(day)
	slots, err := s.db.Interview.Query().
		Where(interview.AuditID(a.ID), interview.StartsAtGTE(from), interview.StartsAtLT(to)).
		Order(interview.ByStartsAt(), interview.ByID()).
		Limit(maxSlotsPerDay).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit day: %w", err)
	}
	return slots, nil
}

// dayBounds are the first instant of a calendar day in Japan and of the next.
func dayBounds(d date.Date) (time.Time, time.Time) {
	return d.Start(), d.AddDays(1).Start()
}
