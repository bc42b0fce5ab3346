// Package meetings owns the secretariat's meetings (会議体): ISMS committee meetings, regular
// secretariat meetings and management reviews, with their attendees, ordered agenda, minutes,
// decisions and action items. Action items are tasks (package tasks) linked back to the meeting.
// A new meeting takes the still-open action items of the previous meeting of the same kind onto
// its agenda, so nothing decided is forgotten; held minutes are published as a MINUTES document.
//
// Isolation and roles come from the ent schema: a meeting of another organization or of an
// ungranted company is not found, and only the editors of a company (OWNER, ADMIN, CONSULTANT,
// SECRETARIAT) change its meetings. This package checks the rest: the people named in input work
// in the meeting's company, agenda positions stay 1..n, and the meeting's status allows the step.
package meetings

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"secretariat/ent"
	"secretariat/ent/agendaitem"
	"secretariat/ent/meeting"
	"secretariat/ent/meetingattendee"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
)

// Service schedules meetings and keeps their agenda, minutes, decisions and action items.
type Service struct {
	db        *ent.Client
	log       *slog.Logger
	tasks     *tasks.Service
	documents Documents
	now       func() time.Time
}

// NewService returns the service over the ent client; action items are created through tasks
// and published minutes through documents.
func NewService(db *ent.Client, tasks *tasks.Service, documents Documents, log *slog.Logger) *Service {
	return &Service{db: db, log: log, tasks: tasks, documents: documents, now: time.Now}
}

// FollowUpPrefix starts the title of an agenda item that follows up an open action item of the
// previous meeting.
const FollowUpPrefix = "前回アクションアイテムのフォローアップ: "

// CreateMeeting schedules a meeting. Its agenda starts with a follow-up item for each open action
// item of the previous meeting of the same kind in the company (the latest one scheduled before
// it that was not canceled), followed by the agenda of the input.
func (s *Service) CreateMeeting(ctx context.Context, in CreateMeetingInput) (*ent.Meeting, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create meeting: %w", err)
	}
	c, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("create meeting: %w", validate.Reference("companyID", err))
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("create meeting: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	attendees := unique(in.AttendeeIDs)
	if err := s.checkPeople(ctx, c.ID, "attendeeIDs", attendees...); err != nil {
		return nil, fmt.Errorf("create meeting: %w", err)
	}
	for _, item := range in.Agenda {
		if item.PresenterID != nil {
			if err := s.checkPeople(ctx, c.ID, "agenda", *item.PresenterID); err != nil {
				return nil, fmt.Errorf("create meeting: %w", err)
			}
		}
	}
	at := in.ScheduledAt.UTC()
	var m *ent.Meeting
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		previous, err := tx.Meeting.Query().
			Where(meeting.CompanyID(c.ID), meeting.KindEQ(in.Kind), meeting.ScheduledAtLT(at),
				meeting.StatusNEQ(meeting.StatusCANCELED), meeting.ArchivedAtIsNil()).
			Order(meeting.ByScheduledAt(sql.OrderDesc()), meeting.ByID(sql.OrderDesc())).
			First(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return err
		}
		create := tx.Meeting.Create().
			SetCompanyID(c.ID).
			SetKind(in.Kind).
			SetTitle(in.Title).
			SetScheduledAt(at).
			SetNillableLocation(in.Location).
			SetNillableOnlineURL(in.OnlineURL)
		if previous != nil {
			create.SetPreviousID(previous.ID)
		}
		if m, err = create.Save(ctx); err != nil {
			return err
		}
		if err := s.addAttendees(ctx, tx, m, attendees, nil); err != nil {
			return err
		}
		var items []*ent.AgendaItemCreate
		if previous != nil {
			if items, err = s.followUps(ctx, tx, m, previous); err != nil {
				return err
			}
		}
		for _, d := range in.Agenda {
			items = append(items, tx.AgendaItem.Create().
				SetCompanyID(m.CompanyID).
				SetMeetingID(m.ID).
				SetTitle(d.Title).
				SetNillablePresenterID(d.PresenterID).
				SetNillableNotes(d.Notes))
		}
		for i, item := range items {
			item.SetPosition(i + 1)
		}
		return tx.AgendaItem.CreateBulk(items...).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("create meeting: %w", err)
	}
	return m, nil
}

// followUps are the agenda items of m for the open action items of the previous meeting: its own,
// and those it followed up itself that are still open, so an item stays on the agenda of every
// meeting until it is closed. The assignee presents it while it still works in the company.
func (s *Service) followUps(ctx context.Context, tx *ent.Client, m, previous *ent.Meeting) ([]*ent.AgendaItemCreate, error) {
	followed, err := tx.AgendaItem.Query().
		Where(agendaitem.MeetingID(previous.ID), agendaitem.FollowUpTaskIDNotNil()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]pulid.ID, 0, len(followed))
	for _, item := range followed {
		ids = append(ids, *item.FollowUpTaskID)
	}
	open, err := tx.Task.Query().
		Where(task.Or(task.MeetingID(previous.ID), task.IDIn(ids...)),
			task.StatusIn(tasks.OpenStatuses...), task.ArchivedAtIsNil()).
		Order(task.ByDueDate(), task.ByID()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	items := make([]*ent.AgendaItemCreate, 0, len(open))
	for _, t := range open {
		item := tx.AgendaItem.Create().
			SetCompanyID(m.CompanyID).
			SetMeetingID(m.ID).
			SetTitle(validate.Truncate(FollowUpPrefix+t.Title, maxTitle)).
			SetFollowUpTaskID(t.ID)
		if t.AssigneeID != nil {
			if _, ok, err := members.RoleIn(ctx, tx, *t.AssigneeID, m.CompanyID); err != nil {
				return nil, err
			} else if ok {
				item.SetPresenterID(*t.AssigneeID)
			}
		}
		items = append(items, item)
	}
	return items, nil
}

// UpdateMeeting changes the fields set in the input.
func (s *Service) UpdateMeeting(ctx context.Context, in UpdateMeetingInput) (*ent.Meeting, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update meeting: %w", err)
	}
	m, err := s.db.Meeting.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update meeting: %w", err)
	}
	if m.Status == meeting.StatusCANCELED {
		return nil, fmt.Errorf("update meeting: %w", apperr.Invalid("id", apperr.InvalidTransition, "the meeting was canceled", "この会議は中止されています"))
	}
	var attendees []pulid.ID
	if in.AttendeeIDs != nil {
		if m.Status != meeting.StatusSCHEDULED {
			return nil, fmt.Errorf("update meeting: %w", apperr.Invalid("attendeeIDs", apperr.InvalidTransition, "a held meeting's attendance is recorded with its minutes", "開催済みの会議の出席者は議事録とともに記録してください"))
		}
		attendees = unique(in.AttendeeIDs)
		if err := s.checkPeople(ctx, m.CompanyID, "attendeeIDs", attendees...); err != nil {
			return nil, fmt.Errorf("update meeting: %w", err)
		}
	}
	if in.ScheduledAt != nil {
		at := in.ScheduledAt.UTC()
		in.ScheduledAt = &at
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		u := tx.Meeting.UpdateOneID(m.ID).
			SetNillableTitle(in.Title).
			SetNillableScheduledAt(in.ScheduledAt).
			SetNillableLocation(in.Location).
			SetNillableOnlineURL(in.OnlineURL)
		if validate.IsNull(in.Null, "location") {
			u.ClearLocation()
		}
		if validate.IsNull(in.Null, "onlineURL") {
			u.ClearOnlineURL()
		}
		if m, err = u.Save(ctx); err != nil {
			return err
		}
		if in.AttendeeIDs == nil {
			return nil
		}
		if _, err := tx.MeetingAttendee.Delete().
			Where(meetingattendee.MeetingID(m.ID), meetingattendee.UserIDNotIn(attendees...)).
			Exec(ctx); err != nil {
			return err
		}
		return s.addAttendees(ctx, tx, m, attendees, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("update meeting: %w", err)
	}
	return m, nil
}

// CancelMeeting cancels a scheduled meeting. It no longer counts as the previous meeting of the
// next one; canceling a canceled meeting changes nothing.
func (s *Service) CancelMeeting(ctx context.Context, in MeetingRef) (*ent.Meeting, error) {
	m, err := s.db.Meeting.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("cancel meeting: %w", err)
	}
	update := s.db.Meeting.UpdateOneID(m.ID).SetStatus(meeting.StatusCANCELED)
	switch m.Status {
	case meeting.StatusHELD:
		return nil, fmt.Errorf("cancel meeting: %w", apperr.Invalid("id", apperr.InvalidTransition, "the meeting was already held", "この会議はすでに開催されています"))
	case meeting.StatusCANCELED:
		if err := authz.Check(ctx, meeting.Policy, update.Mutation()); err != nil {
			return nil, fmt.Errorf("cancel meeting: %w", err)
		}
		return m, nil
	}
	if m, err = update.Save(ctx); err != nil {
		return nil, fmt.Errorf("cancel meeting: %w", err)
	}
	return m, nil
}

// addAttendees invites the people of ids who are not invited yet; attended, when set, records
// whether each of them attended.
func (s *Service) addAttendees(ctx context.Context, tx *ent.Client, m *ent.Meeting, ids []pulid.ID, attended map[pulid.ID]bool) error {
	existing, err := tx.MeetingAttendee.Query().Where(meetingattendee.MeetingID(m.ID)).All(ctx)
	if err != nil {
		return err
	}
	invited := map[pulid.ID]bool{}
	for _, a := range existing {
		invited[a.UserID] = true
	}
	var creates []*ent.MeetingAttendeeCreate
	for _, id := range ids {
		if invited[id] {
			continue
		}
		c := tx.MeetingAttendee.Create().SetCompanyID(m.CompanyID).SetMeetingID(m.ID).SetUserID(id)
		if v, ok := attended[id]; ok {
			c.SetAttended(v)
		}
		creates = append(creates, c)
	}
	return tx.MeetingAttendee.CreateBulk(creates...).Exec(ctx)
}

// checkPeople refuses, as bad input in field, anyone who does not work in the company.
func (s *Service) checkPeople(ctx context.Context, companyID pulid.ID, field string, ids ...pulid.ID) error {
	for _, id := range ids {
		_, ok, err := members.RoleIn(ctx, s.db, id, companyID)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.Invalid(field, apperr.InvalidValue, "must be members who work in the meeting's company", "会議の会社で業務を行うメンバーを指定してください")
		}
	}
	return nil
}

// editable refuses the writes that the meeting's status does not allow any more.
func editable(m *ent.Meeting, field string) error {
	if m.Status == meeting.StatusCANCELED {
		return apperr.Invalid(field, apperr.InvalidTransition, "the meeting was canceled", "この会議は中止されています")
	}
	return nil
}

func unique(ids []pulid.ID) []pulid.ID {
	out := make([]pulid.ID, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
