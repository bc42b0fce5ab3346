package meetings

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/agendaitem"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
)

// An agenda's items have positions 1..n, without gaps: every change below keeps them so, in one
// transaction.

// AddAgendaItem inserts an item at its position (the items from there move down by one) or at
// the end.
func (s *Service) AddAgendaItem(ctx context.Context, in AddAgendaItemInput) (*ent.AgendaItem, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("add agenda item: %w", err)
	}
	m, err := s.db.Meeting.Get(ctx, in.MeetingID)
	if err != nil {
		return nil, fmt.Errorf("add agenda item: %w", validate.Reference("meetingID", err))
	}
	if err := editable(m, "meetingID"); err != nil {
		return nil, fmt.Errorf("add agenda item: %w", err)
	}
	if in.PresenterID != nil {
		if err := s.checkPeople(ctx, m.CompanyID, "presenterID", *in.PresenterID); err != nil {
			return nil, fmt.Errorf("add agenda item: %w", err)
		}
	}
	if err := s.checkVersion(ctx, m.CompanyID, in.DocumentVersionID); err != nil {
		return nil, fmt.Errorf("add agenda item: %w", err)
	}
	n, err := s.db.AgendaItem.Query().Where(agendaitem.MeetingID(m.ID)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("add agenda item: %w", err)
	}
	position := n + 1
	if in.Position != nil {
		if position = *in.Position; position < 1 || position > n+1 {
			return nil, fmt.Errorf("add agenda item: %w", outOfPositions(n+1))
		}
	}
	var item *ent.AgendaItem
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if position <= n {
			if err := tx.AgendaItem.Update().
				Where(agendaitem.MeetingID(m.ID), agendaitem.PositionGTE(position)).
				AddPosition(1).Exec(ctx); err != nil {
				return err
			}
		}
		item, err = tx.AgendaItem.Create().
			SetCompanyID(m.CompanyID).
			SetMeetingID(m.ID).
			SetPosition(position).
			SetTitle(in.Title).
			SetNillablePresenterID(in.PresenterID).
			SetNillableNotes(in.Notes).
			SetNillableDocumentVersionID(in.DocumentVersionID).
			Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add agenda item: %w", err)
	}
	return item, nil
}

// UpdateAgendaItem changes the fields set in the input.
func (s *Service) UpdateAgendaItem(ctx context.Context, in UpdateAgendaItemInput) (*ent.AgendaItem, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update agenda item: %w", err)
	}
	item, err := s.db.AgendaItem.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update agenda item: %w", err)
	}
	if in.PresenterID != nil {
		if err := s.checkPeople(ctx, item.CompanyID, "presenterID", *in.PresenterID); err != nil {
			return nil, fmt.Errorf("update agenda item: %w", err)
		}
	}
	if err := s.checkVersion(ctx, item.CompanyID, in.DocumentVersionID); err != nil {
		return nil, fmt.Errorf("update agenda item: %w", err)
	}
	update := s.db.AgendaItem.UpdateOneID(item.ID).
		SetNillableTitle(in.Title).
		SetNillablePresenterID(in.PresenterID).
		SetNillableNotes(in.Notes).
		SetNillableDocumentVersionID(in.DocumentVersionID)
	if validate.IsNull(in.Null, "documentVersionID") {
		update.ClearDocumentVersionID()
	}
	if validate.IsNull(in.Null, "presenterID") {
		update.ClearPresenterID()
	}
	if validate.IsNull(in.Null, "notes") {
		update.ClearNotes()
	}
	if item, err = update.Save(ctx); err != nil {
		return nil, fmt.Errorf("update agenda item: %w", err)
	}
	return item, nil
}

// RemoveAgendaItem removes an item; the items after it move up by one.
func (s *Service) RemoveAgendaItem(ctx context.Context, in ItemRef) (*ent.Meeting, error) {
	item, err := s.db.AgendaItem.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("remove agenda item: %w", err)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if err := tx.AgendaItem.DeleteOneID(item.ID).Exec(ctx); err != nil {
			return err
		}
		return tx.AgendaItem.Update().
			Where(agendaitem.MeetingID(item.MeetingID), agendaitem.PositionGT(item.Position)).
			AddPosition(-1).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("remove agenda item: %w", err)
	}
	return s.meeting(ctx, item.MeetingID, "remove agenda item")
}

// MoveAgendaItem moves an item to another position; the items in between shift by one.
func (s *Service) MoveAgendaItem(ctx context.Context, in MoveAgendaItemInput) (*ent.Meeting, error) {
	item, err := s.db.AgendaItem.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("move agenda item: %w", err)
	}
	n, err := s.db.AgendaItem.Query().Where(agendaitem.MeetingID(item.MeetingID)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("move agenda item: %w", err)
	}
	if in.Position < 1 || in.Position > n {
		return nil, fmt.Errorf("move agenda item: %w", outOfPositions(n))
	}
	from, to := item.Position, in.Position
	if from == to {
		// Nothing moves, but a role that may not move items is refused all the same.
		if err := authz.Check(ctx, agendaitem.Policy, s.db.AgendaItem.UpdateOneID(item.ID).Mutation()); err != nil {
			return nil, fmt.Errorf("move agenda item: %w", err)
		}
	} else {
		err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
			shift := tx.AgendaItem.Update().Where(agendaitem.MeetingID(item.MeetingID), agendaitem.IDNEQ(item.ID))
			if from < to {
				shift.Where(agendaitem.PositionGT(from), agendaitem.PositionLTE(to)).AddPosition(-1)
			} else {
				shift.Where(agendaitem.PositionGTE(to), agendaitem.PositionLT(from)).AddPosition(1)
			}
			if err := shift.Exec(ctx); err != nil {
				return err
			}
			return tx.AgendaItem.UpdateOneID(item.ID).SetPosition(to).Exec(ctx)
		})
		if err != nil {
			return nil, fmt.Errorf("move agenda item: %w", err)
		}
	}
	return s.meeting(ctx, item.MeetingID, "move agenda item")
}

// outOfPositions refuses a position outside 1 to last.
func outOfPositions(last int) error {
	return apperr.Invalid("position", apperr.OutOfRange, fmt.Sprintf("must be between 1 and %d", last), fmt.Sprintf("1から%dまでの値を指定してください", last))
}

func (s *Service) meeting(ctx context.Context, id pulid.ID, op string) (*ent.Meeting, error) {
	m, err := s.db.Meeting.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return m, nil
}

// checkVersion refuses a document version that is not one of the company's, as UNKNOWN_ID on
// documentVersionID; nil is fine.
func (s *Service) checkVersion(ctx context.Context, companyID pulid.ID, id *pulid.ID) error {
	if id == nil {
		return nil
	}
	v, err := s.db.DocumentVersion.Get(ctx, *id)
	if err == nil && v.CompanyID != companyID {
		err = apperr.NotFound("document version", "文書の版")
	}
	if err != nil {
		return validate.Reference("documentVersionID", err)
	}
	return nil
}
