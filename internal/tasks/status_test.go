package tasks_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"secretariat/ent/task"
	"secretariat/internal/date"
	"secretariat/internal/tasks"
)

func TestTasks_NextDueKeepsMonthEndsSane(t *testing.T) {
	for _, tc := range []struct {
		due  date.Date
		r    task.Recurrence
		want date.Date
	}{
		{date.New(2026, 1, 31), task.RecurrenceMONTHLY, date.New(2026, 2, 28)},
		{date.New(2028, 1, 31), task.RecurrenceMONTHLY, date.New(2028, 2, 29)},
		{date.New(2026, 2, 28), task.RecurrenceMONTHLY, date.New(2026, 3, 31)},
		{date.New(2026, 4, 30), task.RecurrenceMONTHLY, date.New(2026, 5, 31)},
		{date.New(2026, 1, 15), task.RecurrenceMONTHLY, date.New(2026, 2, 15)},
		{date.New(2026, 1, 30), task.RecurrenceMONTHLY, date.New(2026, 2, 28)},
		{date.New(2026, 12, 10), task.RecurrenceMONTHLY, date.New(2027, 1, 10)},
		{date.New(2026, 11, 30), task.RecurrenceQUARTERLY, date.New(2027, 2, 28)},
		{date.New(2026, 8, 31), task.RecurrenceHALF_YEARLY, date.New(2027, 2, 28)},
		{date.New(2028, 2, 29), task.RecurrenceYEARLY, date.New(2029, 2, 28)},
		{date.New(2026, 3, 15), task.RecurrenceYEARLY, date.New(2027, 3, 15)},
		{date.New(2026, 3, 15), task.RecurrenceNONE, date.New(2026, 3, 15)},
	} {
		assert.Equal(t, tc.want.String(), tasks.NextDue(tc.due, tc.r).String(), "%s + %s", tc.due, tc.r)
	}
}

func TestTasks_StatusesMoveInOrder(t *testing.T) {
	allowed := map[[2]task.Status]bool{}
	for _, step := range [][2]task.Status{
		{task.StatusTODO, task.StatusIN_PROGRESS}, {task.StatusTODO, task.StatusBLOCKED},
		{task.StatusTODO, task.StatusDONE}, {task.StatusTODO, task.StatusCANCELED},
		{task.StatusIN_PROGRESS, task.StatusTODO}, {task.StatusIN_PROGRESS, task.StatusBLOCKED},
		{task.StatusIN_PROGRESS, task.StatusDONE}, {task.StatusIN_PROGRESS, task.StatusCANCELED},
		{task.StatusBLOCKED, task.StatusTODO}, {task.StatusBLOCKED, task.StatusIN_PROGRESS},
		{task.StatusBLOCKED, task.StatusCANCELED},
		{task.StatusDONE, task.StatusTODO}, {task.StatusCANCELED, task.StatusTODO},
	} {
		allowed[step] = true
	}
	statuses := []task.Status{task.StatusTODO, task.StatusIN_PROGRESS, task.StatusBLOCKED, task.StatusDONE, task.StatusCANCELED}
	for _, f := range statuses {
		for _, g := range statuses {
			assert.Equal(t, allowed[[2]task.Status{f, g}], tasks.CanMove(f, g), "%s → %s", f, g)
		}
	}
}
