// Package tasks owns the ISMS work items of a company (タスク管理): who does what by when, where
// the work came from (a meeting's action item, a document review, later a finding, a risk
// treatment or an auditor's request), its workflow from TODO to DONE, and recurring duties that
// create their next occurrence when done. It also answers the to-do lists: the viewer's own tasks
// across every company it reaches, and a company's overdue work.
//
// Isolation and roles come from the ent schema (layers 1 and 2): a task of another organization
// or of an ungranted company is not found, and a MEMBER changes only the tasks assigned to it.
// This package checks what the schema cannot: that the people named in input work in the task's
// company, and the order of the workflow. Meetings create their action items through CreateFrom.
package tasks

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service creates, changes, completes, archives and lists tasks.
type Service struct {
	db  *ent.Client
	log *slog.Logger
	now func() time.Time
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log, now: time.Now}
}

var errArchived = apperr.Invalid("id", apperr.Archived, "the task is archived; restore it first", "タスクはアーカイブされています。先に復元してください")

// Origin is where a task comes from: the record it links back to and, for a meeting's action
// item, the meeting.
type Origin struct {
	Source    task.Source
	SourceID  *pulid.ID
	MeetingID *pulid.ID
}

// CreateTask adds a task made by hand (source MANUAL).
func (s *Service) CreateTask(ctx context.Context, in CreateTaskInput) (*ent.Task, error) {
	return s.CreateFrom(ctx, s.db, in, Origin{Source: task.SourceMANUAL})
}

// CreateFrom adds a task that another record created, through db (the caller's transaction
// when it writes more rows with it). The company must be one the viewer reaches and not
// archived; the assignee must work in it and may not be an auditor.
func (s *Service) CreateFrom(ctx context.Context, db *ent.Client, in CreateTaskInput, o Origin) (*ent.Task, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create task: %w", err)
	}
	c, err := db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("create task: %w", validate.Reference("companyID", err))
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("create task: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	if in.AssigneeID != nil {
		if err := checkAssignee(ctx, db, c.ID, *in.AssigneeID); err != nil {
			return nil, fmt.Errorf("create task: %w", err)
		}
	}
	t, err := db.Task.Create().
		SetCompanyID(c.ID).
		SetTitle(in.Title).
		SetNillableDescription(in.Description).
		SetDueDate(in.DueDate).
		SetNillableAssigneeID(in.AssigneeID).
		SetNillablePriority(in.Priority).
		SetNillableRecurrence(in.Recurrence).
		SetSource(o.Source).
		SetNillableSourceID(o.SourceID).
		SetNillableMeetingID(o.MeetingID).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create task: %w", err)
	}
	return t, nil
}

// UpdateTask changes the fields set in the input.
func (s *Service) UpdateTask(ctx context.Context, in UpdateTaskInput) (*ent.Task, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update task: %w", err)
	}
	t, err := s.db.Task.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update task: %w", err)
	}
	if t.ArchivedAt != nil {
		return nil, fmt.Errorf("update task: %w", errArchived)
	}
	if in.AssigneeID != nil {
		if err := checkAssignee(ctx, s.db, t.CompanyID, *in.AssigneeID); err != nil {
			return nil, fmt.Errorf("update task: %w", err)
		}
	}
	update := s.db.Task.UpdateOneID(t.ID).
		SetNillableTitle(in.Title).
		SetNillableDescription(in.Description).
		SetNillableDueDate(in.DueDate).
		SetNillableAssigneeID(in.AssigneeID).
		SetNillablePriority(in.Priority).
		SetNillableRecurrence(in.Recurrence)
	if validate.IsNull(in.Null, "assigneeID") {
		update.ClearAssigneeID()
	}
	if validate.IsNull(in.Null, "description") {
		update.ClearDescription()
	}
	if t, err = update.Save(ctx); err != nil {
		return nil, fmt.Errorf("update task: %w", err)
	}
	return t, nil
}

// SetArchived archives (archived true) or restores a task. Archiving an archived task keeps its
// first archiving time; the privacy policy still decides, so a role that may not archive is
// refused either way.
func (s *Service) SetArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Task, error) {
	rec, err := archive.Set[*ent.TaskMutation](ctx, task.Policy,
		func(ctx context.Context) (*ent.Task, error) { return s.db.Task.Get(ctx, in.ID) },
		func(r *ent.Task) *time.Time { return r.ArchivedAt },
		(*ent.Task).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive task: %w", err)
	}
	return rec, nil
}

// checkAssignee refuses an assignee who does not work in the company, and an auditor, who only
// reads.
func checkAssignee(ctx context.Context, db *ent.Client, companyID, userID pulid.ID) error {
	role, ok, err := members.RoleIn(ctx, db, userID, companyID)
	switch {
	case err != nil:
		return err
	case !ok:
		return apperr.Invalid("assigneeID", apperr.InvalidValue, "must be a member who works in the task's company", "タスクの会社で業務を行うメンバーを指定してください")
	case role == viewer.RoleAuditor:
		return apperr.Invalid("assigneeID", apperr.RoleRequired, "an auditor reads only and cannot be assigned tasks", "監査人は閲覧のみのため、タスクを割り当てることはできません")
	}
	return nil
}
