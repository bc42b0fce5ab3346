package tasks

import (
	"context"
	"fmt"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
)

// OpenStatuses are the statuses of a task that still needs work.
var OpenStatuses = []task.Status{task.StatusTODO, task.StatusIN_PROGRESS, task.StatusBLOCKED}

// closed reports whether a task in status s is finished: DONE or CANCELED.
func closed(s task.Status) bool { return s == task.StatusDONE || s == task.StatusCANCELED }

// transitions is the order of a task's work. DONE and CANCELED are final except for reopening
// (back to TODO); a BLOCKED task is unblocked before it is done.
var transitions = map[task.Status][]task.Status{
	task.StatusTODO:        {task.StatusIN_PROGRESS, task.StatusBLOCKED, task.StatusDONE, task.StatusCANCELED},
	task.StatusIN_PROGRESS: {task.StatusTODO, task.StatusBLOCKED, task.StatusDONE, task.StatusCANCELED},
	task.StatusBLOCKED:     {task.StatusTODO, task.StatusIN_PROGRESS, task.StatusCANCELED},
	task.StatusDONE:        {task.StatusTODO},
	task.StatusCANCELED:    {task.StatusTODO},
}

// CanMove reports whether a task may go from one status to another.
func CanMove(from, to task.Status) bool { return slices.Contains(transitions[from], to) }

// SetStatus moves a task along its workflow. Completing a recurring task creates its next
// occurrence, due one period later, in the same transaction; reopening and completing it again
// does not create a second one.
func (s *Service) SetStatus(ctx context.Context, in SetTaskStatusInput) (*ent.Task, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("set task status: %w", err)
	}
	t, err := s.db.Task.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("set task status: %w", err)
	}
	if t.ArchivedAt != nil {
		return nil, fmt.Errorf("set task status: %w", errArchived)
	}
	if !CanMove(t.Status, in.Status) {
		return nil, fmt.Errorf("set task status: %w",
			apperr.Invalid("status", apperr.InvalidTransition,
				fmt.Sprintf("a %s task cannot become %s", t.Status, in.Status),
				fmt.Sprintf("%sのタスクを%sにすることはできません", t.Status, in.Status)))
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		update := tx.Task.UpdateOneID(t.ID).SetStatus(in.Status)
		switch {
		case in.Status == task.StatusDONE:
			update.SetCompletedAt(s.now()).SetCompletionNote(note(in.Note))
		case in.Status == task.StatusCANCELED:
			update.ClearCompletedAt().SetCompletionNote(note(in.Note))
		case closed(t.Status):
			// Reopened: the old outcome no longer holds.
			update.ClearCompletedAt().ClearCompletionNote()
		}
		if t, err = update.Save(ctx); err != nil {
			return err
		}
		if in.Status == task.StatusDONE && t.Recurrence != task.RecurrenceNONE {
			return s.createNextOccurrence(ctx, tx, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("set task status: %w", err)
	}
	return t, nil
}

// Complete marks a task DONE.
func (s *Service) Complete(ctx context.Context, in CompleteTaskInput) (*ent.Task, error) {
	return s.SetStatus(ctx, SetTaskStatusInput{ID: in.ID, Status: task.StatusDONE, Note: in.Note})
}

// createNextOccurrence adds the occurrence that follows the recurring task t, unless an earlier
// completion of t already did. The assignee keeps the task while it still works in the company.
func (s *Service) createNextOccurrence(ctx context.Context, tx *ent.Client, t *ent.Task) error {
	exists, err := tx.Task.Query().Where(task.PreviousID(t.ID)).Exist(ctx)
	if err != nil || exists {
		return err
	}
	if t.DueDate == nil {
		return apperr.Invalid("dueDate", apperr.Required, "a recurring task needs a due date", "繰り返しのタスクには期限を設定してください")
	}
	create := tx.Task.Create().
		SetCompanyID(t.CompanyID).
		SetTitle(t.Title).
		SetNillableDescription(t.Description).
		SetDueDate(NextDue(*t.DueDate, t.Recurrence)).
		SetPriority(t.Priority).
		SetRecurrence(t.Recurrence).
		SetSource(t.Source).
		SetNillableSourceID(t.SourceID).
		SetPreviousID(t.ID)
	if t.AssigneeID != nil {
		if err := checkAssignee(ctx, tx, t.CompanyID, *t.AssigneeID); err == nil {
			create.SetAssigneeID(*t.AssigneeID)
		} else if _, ok := apperr.As(err); !ok {
			return err
		}
	}
	return create.Exec(ctx)
}

// months is the length of each recurrence period.
var months = map[task.Recurrence]int{
	task.RecurrenceMONTHLY:     1,
	task.RecurrenceQUARTERLY:   3,
	task.RecurrenceHALF_YEARLY: 6,
	task.RecurrenceYEARLY:      12,
}

// NextDue is the due date one recurrence period after d. A day that does not exist in the
// target month becomes its last day (Jan 31 + 1 month = Feb 28, or 29 in a leap year), and a
// due date at the end of its month stays at the end of the month (Feb 28 → Mar 31), so a
// month-end task never drifts into the middle of the month.
func NextDue(d date.Date, r task.Recurrence) date.Date {
	n := months[r]
	if n == 0 {
		return d
	}
	t := d.Time()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := t.Day()
	if day > last || isMonthEnd(d) {
		day = last
	}
	return date.New(first.Year(), first.Month(), day)
}

func isMonthEnd(d date.Date) bool { return d.AddDays(1).Time().Day() == 1 }

func note(n *string) string {
	if n == nil {
		return ""
	}
	return *n
}
