package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"

	"entgo.io/contrib/entgql"
)

// CreateTask is the resolver for the createTask field.
func (r *mutationResolver) CreateTask(ctx context.Context, input tasks.CreateTaskInput) (*ent.Task, error) {
	return r.Modules.Tasks.CreateTask(ctx, input)
}

// UpdateTask is the resolver for the updateTask field.
func (r *mutationResolver) UpdateTask(ctx context.Context, input model.UpdateTaskInput) (*ent.Task, error) {
	in := tasks.UpdateTaskInput{ID: input.ID}
	in.Title = given(input.Title, "title", &in.Null)
	in.Description = given(input.Description, "description", &in.Null)
	in.DueDate = given(input.DueDate, "dueDate", &in.Null)
	in.AssigneeID = given(input.AssigneeID, "assigneeID", &in.Null)
	in.Priority = given(input.Priority, "priority", &in.Null)
	in.Recurrence = given(input.Recurrence, "recurrence", &in.Null)
	return r.Modules.Tasks.UpdateTask(ctx, in)
}

// SetTaskStatus is the resolver for the setTaskStatus field.
func (r *mutationResolver) SetTaskStatus(ctx context.Context, input tasks.SetTaskStatusInput) (*ent.Task, error) {
	return r.Modules.Tasks.SetStatus(ctx, input)
}

// CompleteTask is the resolver for the completeTask field.
func (r *mutationResolver) CompleteTask(ctx context.Context, input tasks.CompleteTaskInput) (*ent.Task, error) {
	return r.Modules.Tasks.Complete(ctx, input)
}

// ArchiveTask is the resolver for the archiveTask field.
func (r *mutationResolver) ArchiveTask(ctx context.Context, input archive.Input) (*ent.Task, error) {
	return r.Modules.Tasks.SetArchived(ctx, input, true)
}

// RestoreTask is the resolver for the restoreTask field.
func (r *mutationResolver) RestoreTask(ctx context.Context, input archive.Input) (*ent.Task, error) {
	return r.Modules.Tasks.SetArchived(ctx, input, false)
}

// MyTasks is the resolver for the myTasks field.
func (r *queryResolver) MyTasks(ctx context.Context, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, filter *tasks.Filter, orderBy *ent.TaskOrder, where *ent.TaskWhereInput, includeArchived *bool) (*ent.TaskConnection, error) {
	// AroundFields (PrepareConnection) has narrowed where unless includeArchived.
	filterOrDefault := tasks.FilterOpen
	if filter != nil {
		filterOrDefault = *filter
	}
	return r.Modules.Tasks.MyTasks(ctx, filterOrDefault, tasks.Page{After: after, First: first, Before: before, Last: last, OrderBy: orderBy, Where: where})
}

// OverdueTasks is the resolver for the overdueTasks field.
func (r *queryResolver) OverdueTasks(ctx context.Context, companyID *pulid.ID, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, orderBy *ent.TaskOrder, where *ent.TaskWhereInput, includeArchived *bool) (*ent.TaskConnection, error) {
	// AroundFields (PrepareConnection) has narrowed where unless includeArchived.
	return r.Modules.Tasks.Overdue(ctx, companyID, tasks.Page{After: after, First: first, Before: before, Last: last, OrderBy: orderBy, Where: where})
}

// SourceRecord is the resolver for the sourceRecord field.
func (r *taskResolver) SourceRecord(ctx context.Context, obj *ent.Task) (ent.Noder, error) {
	return r.Modules.Tasks.SourceRecord(ctx, obj)
}

// IsOverdue is the resolver for the isOverdue field.
func (r *taskResolver) IsOverdue(ctx context.Context, obj *ent.Task) (bool, error) {
	return r.Modules.Tasks.IsOverdue(obj), nil
}
