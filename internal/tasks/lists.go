package tasks

import (
	"context"
	"fmt"
	"io"

	"secretariat/ent"
	"secretariat/ent/task"
	"secretariat/internal/date"
	"secretariat/internal/enum"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Filter narrows a to-do list.
type Filter string

// The filters of a to-do list.
const (
	FilterOpen    Filter = "OPEN"    // TODO, IN_PROGRESS or BLOCKED
	FilterOverdue Filter = "OVERDUE" // open and past its due date
	FilterAll     Filter = "ALL"
)

// Values lists the filters.
func (Filter) Values() []string {
	return []string{string(FilterOpen), string(FilterOverdue), string(FilterAll)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (f *Filter) UnmarshalGQL(v any) (err error) {
	*f, err = enum.Unmarshal[Filter](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (f Filter) MarshalGQL(w io.Writer) { enum.Marshal(w, f) }

// Page is a request for one page of a task connection.
type Page struct {
	After  *ent.Cursor
	First  *int
	Before *ent.Cursor
	Last   *int
	// OrderBy defaults to the due date, earliest first.
	OrderBy *ent.TaskOrder
	Where   *ent.TaskWhereInput
}

// MyTasks is the viewer's to-do list: the tasks assigned to it in every company it reaches.
// Archived ones are left out by p.Where (the GraphQL layer narrows it unless includeArchived).
func (s *Service) MyTasks(ctx context.Context, filter Filter, p Page) (*ent.TaskConnection, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("my tasks: no viewer")
	}
	q := s.db.Task.Query().Where(task.AssigneeID(v.UserID))
	switch filter {
	case FilterOpen, "":
		q.Where(task.StatusIn(OpenStatuses...))
	case FilterOverdue:
		q.Where(task.StatusIn(OpenStatuses...), task.DueDateLT(s.Today()))
	}
	return s.page(ctx, q, p)
}

// Overdue lists the open tasks past their due date of one company, or of every company the
// viewer reaches when companyID is nil. Archived ones are left out by p.Where (the GraphQL layer
// narrows it unless includeArchived).
func (s *Service) Overdue(ctx context.Context, companyID *pulid.ID, p Page) (*ent.TaskConnection, error) {
	q := s.db.Task.Query().Where(task.StatusIn(OpenStatuses...), task.DueDateLT(s.Today()))
	if companyID != nil {
		if _, err := s.db.Company.Get(ctx, *companyID); err != nil {
			return nil, fmt.Errorf("overdue tasks: %w", err)
		}
		q.Where(task.CompanyID(*companyID))
	}
	return s.page(ctx, q, p)
}

func (s *Service) page(ctx context.Context, q *ent.TaskQuery, p Page) (*ent.TaskConnection, error) {
	order := p.OrderBy
	if order == nil {
		order = &ent.TaskOrder{Field: ent.TaskOrderFieldDueDate, Direction: ent.OrderDirectionAsc}
	}
	conn, err := q.Paginate(ctx, p.After, p.First, p.Before, p.Last,
		ent.WithTaskOrder(order), ent.WithTaskFilter(p.Where.Filter))
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	return conn, nil
}

// Today is the current calendar day.
func (s *Service) Today() date.Date { return date.Today(s.now()) }

// IsOverdue reports whether an open task is past its due date.
func (s *Service) IsOverdue(t *ent.Task) bool {
	return t.DueDate != nil && !closed(t.Status) && t.DueDate.Before(s.Today())
}

// SourceRecord is the record that created the task, read as the viewer: nil for a task made by
// hand, and nil when the viewer does not reach the record.
func (s *Service) SourceRecord(ctx context.Context, t *ent.Task) (ent.Noder, error) {
	if t.SourceID == nil {
		return nil, nil
	}
	table, err := ent.TableOfID(*t.SourceID)
	if err != nil {
		return nil, nil
	}
	n, err := s.db.Noder(ctx, *t.SourceID, ent.WithFixedNodeType(table))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("source of task %s: %w", t.ID, err)
	}
	return n, nil
}
