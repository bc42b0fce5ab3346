package training

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/trainingassignment"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/viewer"
)

// Renewal: a completion of a course with a validity expires on the day it was completed plus the
// validity's months (TrainingAssignment.expiresOn). renewLead days before that day the person gets
// the course again, due on the expiry day (or in the course's days when the completion has
// already expired). No renewal is given when the person no longer works in the company, the
// course is archived or no longer expires, or the person already holds a later assignment of the
// course (due after this one, or completed after it: a campaign ran it again). Each expiring
// completion is handled once: replicas that sweep at the same time claim it with a conditional
// update, and only the one that claims it assigns. The sweep reads the unhandled completions by
// expiry through an index led by the handled mark, so the ones handled years ago cost nothing.

const (
	// renewLead is how many days before a completion expires its renewal is assigned.
	renewLead = 30
	// renewBatch bounds the completions one pass handles; the next pass takes the rest.
	renewBatch = 500
)

// expiry is the day a completion made at completed stops being valid after months, in the
// calendar of Japan; a day the month does not have is its last (31 January + 1 month = the end of
// February, not 3 March).
func expiry(completed time.Time, months int) date.Date {
	return date.Of(completed.In(date.Calendar)).AddMonths(months)
}

// Renew assigns the renewal of every completion that expires within renewLead days and was not
// handled yet, in every organization, and returns how many assignments it gave. It runs in the
// system context (a background job, no viewer): the rows it writes name their organization and
// company, taken from the expiring assignment.
func (s *Service) Renew(ctx context.Context) (int, error) {
	sys := viewer.System(ctx, s.log, "training: renew expiring completions")
	today := s.Today()
	expiring, err := s.db.TrainingAssignment.Query().
		Where(trainingassignment.ExpiresOnLTE(today.AddDays(renewLead)), trainingassignment.RenewalCheckedAtIsNil()).
		Order(ent.Asc(trainingassignment.FieldExpiresOn), ent.Asc(trainingassignment.FieldID)).
		Limit(renewBatch).
		WithCourse().
		All(sys)
	if err != nil {
		return 0, fmt.Errorf("renew training: %w", err)
	}
	renewed := 0
	var failed error
	for _, a := range expiring {
		ok, err := s.renew(sys, a, today)
		switch {
		case err != nil && ctx.Err() != nil:
			return renewed, fmt.Errorf("renew training: %w", err)
		case err != nil:
			// One failing completion does not hold back the others; it is tried again next pass.
			s.log.ErrorContext(ctx, "training renewal", "assignment", string(a.ID), "error", err)
			failed = fmt.Errorf("renew training %s: %w", a.ID, err)
		case ok:
			renewed++
		}
	}
	return renewed, failed
}

// renew handles one expiring completion in a transaction of its own and reports whether it
// assigned the renewal.
func (s *Service) renew(ctx context.Context, a *ent.TrainingAssignment, today date.Date) (bool, error) {
	renewed := false
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		claimed, err := tx.TrainingAssignment.Update().
			Where(trainingassignment.ID(a.ID), trainingassignment.RenewalCheckedAtIsNil()).
			SetRenewalCheckedAt(s.now()).
			Save(ctx)
		if err != nil || claimed == 0 {
			return err
		}
		course := a.Edges.Course
		if course == nil || course.ArchivedAt != nil || course.ValidityMonths == nil || a.CompletedAt == nil || a.ExpiresOn == nil {
			return nil
		}
		redone, err := tx.TrainingAssignment.Query().
			Where(trainingassignment.CourseID(course.ID), trainingassignment.UserID(a.UserID), trainingassignment.IDNEQ(a.ID),
				trainingassignment.Or(trainingassignment.DueOnGT(a.DueOn), trainingassignment.CompletedAtGT(*a.CompletedAt))).
			Exist(ctx)
		if err != nil || redone {
			return err
		}
		person, err := staff(ctx, tx, a.CompanyID, s.now(), a.UserID)
		if err != nil || len(person) == 0 {
			return err
		}
		due := *a.ExpiresOn
		if due.Before(today) {
			due = today.AddDays(course.DueDays)
		}
		renewed = true
		return s.assign(ctx, tx, course, nil, due, person)
	})
	return renewed, err
}

// RunRenewals renews expiring completions every interval until ctx ends.
func (s *Service) RunRenewals(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := s.Renew(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.ErrorContext(ctx, "training renewals", "error", err)
		case n > 0:
			s.log.InfoContext(ctx, "training renewals assigned", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
