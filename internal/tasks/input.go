package tasks

import (
	"fmt"
	"strings"

	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Limits of a task's texts.
const (
	maxTitle       = 300
	maxDescription = 10_000
	maxNote        = 2000
)

// Due dates outside these years are typing mistakes (0226 for 2026), not plans.
var (
	earliestDue = date.New(2000, 1, 1)
	latestDue   = date.New(2100, 12, 31)
)

// CreateTaskInput creates a task in a company the viewer reaches.
type CreateTaskInput struct {
	CompanyID   pulid.ID         `json:"companyID"`
	Title       string           `json:"title"`
	Description *string          `json:"description"`
	DueDate     date.Date        `json:"dueDate"`
	AssigneeID  *pulid.ID        `json:"assigneeID"`
	Priority    *task.Priority   `json:"priority"`
	Recurrence  *task.Recurrence `json:"recurrence"`
}

// Validate reports every problem of the input at once.
func (in *CreateTaskInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	return apperr.Join(
		validate.Required("title", in.Title, maxTitle),
		validate.Text("description", &in.Description, maxDescription, nil),
		dueDate("dueDate", in.DueDate),
		enumValue("priority", in.Priority, task.PriorityValidator),
		enumValue("recurrence", in.Recurrence, task.RecurrenceValidator),
	)
}

// UpdateTaskInput changes the fields that are set. Null names the fields sent as null: the
// assignee and the description are then cleared (a blank description too), and the title, due
// date, priority and recurrence, which a task cannot be without, refused.
type UpdateTaskInput struct {
	ID          pulid.ID
	Title       *string
	Description *string
	DueDate     *date.Date
	AssigneeID  *pulid.ID
	Priority    *task.Priority
	Recurrence  *task.Recurrence
	Null        []string
}

// Validate reports every problem of the input at once.
func (in *UpdateTaskInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "title", "dueDate", "priority", "recurrence")}
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	if in.DueDate != nil {
		errs = append(errs, dueDate("dueDate", *in.DueDate))
	}
	errs = append(errs,
		validate.Text("description", &in.Description, maxDescription, &in.Null),
		enumValue("priority", in.Priority, task.PriorityValidator),
		enumValue("recurrence", in.Recurrence, task.RecurrenceValidator),
	)
	return apperr.Join(errs...)
}

// SetTaskStatusInput moves a task to another status. The note is the completion note of a DONE
// task or the reason of a CANCELED one.
type SetTaskStatusInput struct {
	ID     pulid.ID    `json:"id"`
	Status task.Status `json:"status"`
	Note   *string     `json:"note"`
}

// Validate reports every problem of the input at once.
func (in *SetTaskStatusInput) Validate() error {
	var errs []error
	if err := task.StatusValidator(in.Status); err != nil {
		errs = append(errs, apperr.Invalid("status", apperr.InvalidValue, err.Error(), fmt.Sprintf("%s は指定できない状態です", in.Status)))
	}
	if in.Note != nil {
		errs = append(errs, validate.Optional("note", in.Note, maxNote))
		if *in.Note != "" && !closed(in.Status) {
			errs = append(errs, apperr.Invalid("note", apperr.InvalidValue, "only a task that is DONE or CANCELED takes a note", "メモを付けられるのは完了（DONE）または中止（CANCELED）にするタスクのみです"))
		}
	}
	return apperr.Join(errs...)
}

// CompleteTaskInput marks a task DONE with an optional completion note.
type CompleteTaskInput struct {
	ID   pulid.ID `json:"id"`
	Note *string  `json:"note"`
}

func dueDate(field string, d date.Date) error {
	switch {
	case d.IsZero():
		return apperr.Invalid(field, apperr.Required, "must be a date in the form YYYY-MM-DD", "YYYY-MM-DD の形式で日付を入力してください")
	case d.Before(earliestDue) || d.After(latestDue):
		return apperr.Invalid(field, apperr.OutOfRange,
			fmt.Sprintf("must be between %s and %s", earliestDue, latestDue),
			fmt.Sprintf("%sから%sまでの日付を入力してください", earliestDue, latestDue))
	}
	return nil
}

func enumValue[E any](field string, v *E, valid func(E) error) error {
	return validate.Enum(field, v, valid)
}
