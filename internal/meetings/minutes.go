package meetings

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/meeting"
	"secretariat/ent/meetingattendee"
	"secretariat/ent/meetingdecision"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
)

// Documents is the part of the documents service that publishes minutes.
type Documents interface {
	CreateDocument(ctx context.Context, in documents.CreateDocumentInput) (*ent.Document, error)
}

// errPublished refuses changing minutes once they are a controlled document: later changes are
// new versions of that document.
var errPublished = apperr.Conflict(apperr.InvalidTransition, "the minutes are published as a document; change them as a new version of that document",
	"議事録は文書として公開済みです。その文書の新しい版として変更してください")

// errAlreadyPublished answers a second publication of the minutes.
var errAlreadyPublished = apperr.Conflict(apperr.Duplicate, "the minutes of this meeting are already published", "この会議の議事録はすでに公開されています")

// RecordMinutes records the minutes, when the meeting was held and who attended, and marks the
// meeting HELD. Minutes may be recorded again until they are published.
func (s *Service) RecordMinutes(ctx context.Context, in RecordMinutesInput) (*ent.Meeting, error) {
	if err := in.Validate(s.now()); err != nil {
		return nil, fmt.Errorf("record minutes: %w", err)
	}
	m, err := s.db.Meeting.Get(ctx, in.MeetingID)
	if err != nil {
		return nil, fmt.Errorf("record minutes: %w", err)
	}
	if err := editable(m, "meetingID"); err != nil {
		return nil, fmt.Errorf("record minutes: %w", err)
	}
	if m.MinutesVersionID != nil {
		return nil, fmt.Errorf("record minutes: %w", errPublished)
	}
	attended := map[pulid.ID]bool{}
	people := make([]pulid.ID, 0, len(in.Attendance))
	for _, a := range in.Attendance {
		attended[a.UserID] = a.Attended
		people = append(people, a.UserID)
	}
	invited, err := s.db.MeetingAttendee.Query().Where(meetingattendee.MeetingID(m.ID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("record minutes: %w", err)
	}
	var uninvited []pulid.ID
	for _, id := range people {
		if !containsUser(invited, id) {
			uninvited = append(uninvited, id)
		}
	}
	if err := s.checkPeople(ctx, m.CompanyID, "attendance", uninvited...); err != nil {
		return nil, fmt.Errorf("record minutes: %w", err)
	}
	heldAt := s.now()
	if in.HeldAt != nil {
		heldAt = *in.HeldAt
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		for _, a := range invited {
			if v, ok := attended[a.UserID]; ok && (a.Attended == nil || *a.Attended != v) {
				if err := tx.MeetingAttendee.UpdateOneID(a.ID).SetAttended(v).Exec(ctx); err != nil {
					return err
				}
			}
		}
		if err := s.addAttendees(ctx, tx, m, uninvited, attended); err != nil {
			return err
		}
		m, err = tx.Meeting.UpdateOneID(m.ID).
			SetMinutes(in.Minutes).
			SetStatus(meeting.StatusHELD).
			SetHeldAt(heldAt.UTC()).
			Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("record minutes: %w", err)
	}
	return m, nil
}

// AddDecision records a decision after the meeting's earlier ones.
func (s *Service) AddDecision(ctx context.Context, in AddDecisionInput) (*ent.MeetingDecision, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add decision: %w", err)
	}
	m, err := s.db.Meeting.Get(ctx, in.MeetingID)
	if err != nil {
		return nil, fmt.Errorf("add decision: %w", validate.Reference("meetingID", err))
	}
	if err := editable(m, "meetingID"); err != nil {
		return nil, fmt.Errorf("add decision: %w", err)
	}
	if m.MinutesVersionID != nil {
		return nil, fmt.Errorf("add decision: %w", errPublished)
	}
	n, err := s.db.MeetingDecision.Query().Where(meetingdecision.MeetingID(m.ID)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("add decision: %w", err)
	}
	d, err := s.db.MeetingDecision.Create().
		SetCompanyID(m.CompanyID).
		SetMeetingID(m.ID).
		SetPosition(n + 1).
		SetText(in.Text).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("add decision: %w", err)
	}
	return d, nil
}

// RemoveDecision removes a decision recorded by mistake; the later ones move up by one.
func (s *Service) RemoveDecision(ctx context.Context, in ItemRef) (*ent.Meeting, error) {
	d, err := s.db.MeetingDecision.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("remove decision: %w", err)
	}
	m, err := s.meeting(ctx, d.MeetingID, "remove decision")
	if err != nil {
		return nil, err
	}
	if m.MinutesVersionID != nil {
		return nil, fmt.Errorf("remove decision: %w", errPublished)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := tx.MeetingDecision.DeleteOneID(d.ID).Exec(ctx); err != nil {
			return err
		}
		return tx.MeetingDecision.Update().
			Where(meetingdecision.MeetingID(d.MeetingID), meetingdecision.PositionGT(d.Position)).
			AddPosition(-1).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("remove decision: %w", err)
	}
	return s.meeting(ctx, d.MeetingID, "remove decision")
}

// AddActionItem creates a task decided at the meeting, in its company, linked back to it (source
// MEETING). It takes the same rules as any task, and only the roles that edit meetings add one.
func (s *Service) AddActionItem(ctx context.Context, in AddActionItemInput) (*ent.Task, error) {
	m, err := s.db.Meeting.Get(ctx, in.MeetingID)
	if err != nil {
		return nil, fmt.Errorf("add action item: %w", validate.Reference("meetingID", err))
	}
	if err := authz.Check(ctx, meeting.Policy, s.db.Meeting.UpdateOneID(m.ID).Mutation()); err != nil {
		return nil, fmt.Errorf("add action item: %w", err)
	}
	if err := editable(m, "meetingID"); err != nil {
		return nil, fmt.Errorf("add action item: %w", err)
	}
	return s.tasks.CreateFrom(ctx, s.db, tasks.CreateTaskInput{
		CompanyID:   m.CompanyID,
		Title:       in.Title,
		Description: in.Description,
		DueDate:     in.DueDate,
		AssigneeID:  in.AssigneeID,
		Priority:    in.Priority,
	}, tasks.Origin{Source: task.SourceMEETING, SourceID: &m.ID, MeetingID: &m.ID})
}

// PublishMinutes makes the minutes of a held meeting a MINUTES document, its text as version 1.0
// DRAFT to be reviewed and approved like any document, and links the meeting to that version.
// Publishing twice is a conflict. The document and the link are written in the GraphQL
// operation's transaction, where each mutation field is a savepoint undone when it fails; the
// link is set only while it is still empty, so two concurrent publications cannot both succeed.
func (s *Service) PublishMinutes(ctx context.Context, in MeetingRef) (*ent.Meeting, error) {
	m, err := s.db.Meeting.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("publish minutes: %w", err)
	}
	switch {
	case m.MinutesVersionID != nil:
		return nil, fmt.Errorf("publish minutes: %w", errAlreadyPublished)
	case m.Status != meeting.StatusHELD || m.Minutes == "":
		return nil, fmt.Errorf("publish minutes: %w", apperr.Invalid("id", apperr.InvalidTransition, "only the recorded minutes of a held meeting can be published", "公開できるのは、開催済みの会議で記録された議事録のみです"))
	}
	body := m.Minutes
	doc, err := s.documents.CreateDocument(ctx, documents.CreateDocumentInput{
		CompanyID: m.CompanyID,
		Title:     validate.Truncate(minutesTitle(m), maxTitle),
		Kind:      document.KindMINUTES,
		Body:      &body,
	})
	if err != nil {
		return nil, fmt.Errorf("publish minutes: %w", err)
	}
	version, err := s.db.DocumentVersion.Query().
		Where(documentversion.DocumentID(doc.ID), documentversion.Major(1), documentversion.Minor(0)).
		Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish minutes: %w", err)
	}
	n, err := s.db.Meeting.Update().
		Where(meeting.ID(m.ID), meeting.MinutesVersionIDIsNil()).
		SetMinutesVersionID(version.ID).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish minutes: %w", err)
	}
	if n == 0 {
		return nil, fmt.Errorf("publish minutes: %w", errAlreadyPublished)
	}
	return s.meeting(ctx, m.ID, "publish minutes")
}

// minutesTitle names the minutes document after the meeting and the day it was held (Japan).
func minutesTitle(m *ent.Meeting) string {
	held := m.ScheduledAt
	if m.HeldAt != nil {
		held = *m.HeldAt
	}
	return fmt.Sprintf("議事録 %s %s", held.In(date.Calendar).Format(time.DateOnly), m.Title)
}

func containsUser(attendees []*ent.MeetingAttendee, id pulid.ID) bool {
	for _, a := range attendees {
		if a.UserID == id {
			return true
		}
	}
	return false
}
