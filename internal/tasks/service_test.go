package tasks_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/tasks"
)

func ptr[T any](v T) *T { return &v }

var due = date.New(2026, 6, 30)

// newTask writes a task in company, behind the service's back, in the status given.
func newTask(t *testing.T, f *servicetest.Fixture, company pulid.ID, assignee *pulid.ID, status task.Status, r task.Recurrence) *ent.Task {
	t.Helper()
	return f.Client.Task.Create().SetOrganizationID(f.OrgOf(company)).SetCompanyID(company).SetTitle("月次バックアップ確認").SetDueDate(due).
		SetNillableAssigneeID(assignee).SetStatus(status).SetRecurrence(r).SaveX(f.System)
}

func TestTasks_CreateTaskRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	o := f.Org
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(f.Client.Company.GetX(f.System, o.B).CreatedAt).ExecX(f.System)
	valid := func(mod func(*tasks.CreateTaskInput)) tasks.CreateTaskInput {
		in := tasks.CreateTaskInput{CompanyID: o.A, Title: "  リスク評価の見直し  ", DueDate: due}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   tasks.CreateTaskInput
		want servicetest.Want
	}{
		{"an editor creates a task", o.Secretariat.Ctx, valid(nil), servicetest.OK},
		{"a consultant creates a task", o.Consultant.Ctx, valid(nil), servicetest.OK},
		{"an admin creates a task with every field", o.Admin.Ctx, valid(func(in *tasks.CreateTaskInput) {
			in.AssigneeID, in.Description, in.Priority, in.Recurrence = &o.Member.UserID, ptr("詳細"), ptr(task.PriorityHIGH), ptr(task.RecurrenceMONTHLY)
		}), servicetest.OK},
		{"an owner, who works in every company, may be assigned", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.AssigneeID = &o.Owner.UserID }), servicetest.OK},
		{"a member adds a task for itself", o.Member.Ctx, valid(func(in *tasks.CreateTaskInput) { in.AssigneeID = &o.Member.UserID }), servicetest.OK},
		{"a member cannot add a task for someone else", o.Member.Ctx, valid(func(in *tasks.CreateTaskInput) { in.AssigneeID = &o.Secretariat.UserID }), servicetest.Forbidden(apperr.RoleRequired)},
		{"a member cannot add an unassigned task", o.Member.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor cannot assign itself", o.Auditor.Ctx, valid(func(in *tasks.CreateTaskInput) { in.AssigneeID = &o.Auditor.UserID }), servicetest.Invalid("assigneeID", apperr.RoleRequired)},
		{"an auditor cannot create an unassigned task", o.Auditor.Ctx, valid(nil), servicetest.Forbidden(apperr.RoleRequired)},
		{"the title is required", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.Title = "   " }), servicetest.Invalid("title", apperr.Required)},
		{"the title has at most 300 characters", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.Title = strings.Repeat("あ", 301) }), servicetest.Invalid("title", apperr.TooLong)},
		{"the description has at most 10,000 characters", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.Description = ptr(strings.Repeat("a", 10_001)) }), servicetest.Invalid("description", apperr.TooLong)},
		{"the due date is required", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.DueDate = date.Date{} }), servicetest.Invalid("dueDate", apperr.Required)},
		{"a due date before 2000 is a typing mistake", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.DueDate = date.New(226, 6, 30) }), servicetest.Invalid("dueDate", apperr.OutOfRange)},
		{"a due date after 2100 is a typing mistake", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.DueDate = date.New(2101, 1, 1) }), servicetest.Invalid("dueDate", apperr.OutOfRange)},
		{"an unknown priority is refused", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.Priority = ptr(task.Priority("SOON")) }), servicetest.Invalid("priority", apperr.InvalidValue)},
		{"an unknown recurrence is refused", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.Recurrence = ptr(task.Recurrence("DAILY")) }), servicetest.Invalid("recurrence", apperr.InvalidValue)},
		{"a company of another organization is unknown", o.Owner.Ctx, valid(func(in *tasks.CreateTaskInput) { in.CompanyID = f.Other.A }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"a company not granted is unknown", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.CompanyID = o.B }), servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company takes no task", o.Owner.Ctx, valid(func(in *tasks.CreateTaskInput) { in.CompanyID = o.B }), servicetest.Invalid("companyID", apperr.Archived)},
		{"an assignee of another organization is refused", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.AssigneeID = &f.Other.Owner.UserID }), servicetest.Invalid("assigneeID", apperr.InvalidValue)},
		{"an auditor cannot be assigned", o.Secretariat.Ctx, valid(func(in *tasks.CreateTaskInput) { in.AssigneeID = &o.Auditor.UserID }), servicetest.Invalid("assigneeID", apperr.RoleRequired)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			got, err := s.CreateTask(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.Task.GetX(f.System, got.ID)
			assert.Equal(t, "リスク評価の見直し", stored.Title, "the title is trimmed")
			assert.Equal(t, task.StatusTODO, stored.Status)
			assert.Equal(t, task.SourceMANUAL, stored.Source)
			assert.Equal(t, tc.in.AssigneeID, stored.AssigneeID)
			assert.Equal(t, o.A, stored.CompanyID)
		})
	}
}

// The assignee must work in the task's company: a member granted company A is not assignable in
// company B, whatever the viewer reaches.
func TestTasks_AssigneeMustWorkInTheCompany(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	expired, err := f.AddPerson(f.Org.ID, "MEMBER", "元社員", ptr(f.Client.Company.GetX(f.System, f.Org.A).CreatedAt), f.Org.A)
	require.NoError(t, err)
	before := f.Snapshot(t)
	_, err = s.CreateTask(f.Org.Consultant.Ctx, tasks.CreateTaskInput{CompanyID: f.Org.B, Title: "棚卸し", DueDate: due, AssigneeID: &f.Org.Member.UserID})
	servicetest.Check(t, servicetest.Invalid("assigneeID", apperr.InvalidValue), err)
	f.Unchanged(t, before)

	_, err = s.CreateTask(f.Org.Owner.Ctx, tasks.CreateTaskInput{CompanyID: f.Org.A, Title: "棚卸し", DueDate: due, AssigneeID: &expired.UserID})
	servicetest.Check(t, servicetest.Invalid("assigneeID", apperr.InvalidValue), err)
	f.Unchanged(t, before)
}

// The workflow: DONE and CANCELED are final except for reopening (back to TODO); a BLOCKED task
// is unblocked before it is done; a status does not move to itself.
func TestTasks_StatusTransitions(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	allowed := map[[2]task.Status]bool{
		{task.StatusTODO, task.StatusIN_PROGRESS}: true, {task.StatusTODO, task.StatusBLOCKED}: true,
		{task.StatusTODO, task.StatusDONE}: true, {task.StatusTODO, task.StatusCANCELED}: true,
		{task.StatusIN_PROGRESS, task.StatusTODO}: true, {task.StatusIN_PROGRESS, task.StatusBLOCKED}: true,
		{task.StatusIN_PROGRESS, task.StatusDONE}: true, {task.StatusIN_PROGRESS, task.StatusCANCELED}: true,
		{task.StatusBLOCKED, task.StatusTODO}: true, {task.StatusBLOCKED, task.StatusIN_PROGRESS}: true,
		{task.StatusBLOCKED, task.StatusCANCELED}: true,
		{task.StatusDONE, task.StatusTODO}:        true,
		{task.StatusCANCELED, task.StatusTODO}:    true,
	}
	statuses := []task.Status{task.StatusTODO, task.StatusIN_PROGRESS, task.StatusBLOCKED, task.StatusDONE, task.StatusCANCELED}
	for _, from := range statuses {
		for _, to := range statuses {
			ok := allowed[[2]task.Status{from, to}]
			verb := "may"
			if !ok {
				verb = "may not"
			}
			t.Run(string(from)+" "+verb+" become "+string(to), func(t *testing.T) {
				tk := newTask(t, f, f.Org.A, &f.Org.Member.UserID, from, task.RecurrenceNONE)
				before := f.Snapshot(t)
				got, err := s.SetStatus(f.Org.Secretariat.Ctx, tasks.SetTaskStatusInput{ID: tk.ID, Status: to})
				if !ok {
					servicetest.Check(t, servicetest.Invalid("status", apperr.InvalidTransition), err)
					f.Unchanged(t, before)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, to, got.Status)
				assert.Equal(t, to, f.Client.Task.GetX(f.System, tk.ID).Status)
			})
		}
	}
	assert.Equal(t, len(allowed), func() (n int) {
		for _, from := range statuses {
			for _, to := range statuses {
				if tasks.CanMove(from, to) {
					n++
				}
			}
		}
		return n
	}(), "CanMove answers the same table")
}

// Completing records when and the note; cancelling keeps the reason and no completion time;
// reopening forgets the old outcome.
func TestTasks_OutcomeFollowsTheStatus(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	ctx := f.Org.Secretariat.Ctx
	tk := newTask(t, f, f.Org.A, nil, task.StatusIN_PROGRESS, task.RecurrenceNONE)

	done, err := s.Complete(ctx, tasks.CompleteTaskInput{ID: tk.ID, Note: ptr("  確認済み  ")})
	require.NoError(t, err)
	assert.Equal(t, task.StatusDONE, done.Status)
	assert.NotNil(t, done.CompletedAt, "DONE records when")
	assert.Equal(t, "確認済み", done.CompletionNote, "the note is trimmed")

	reopened, err := s.SetStatus(ctx, tasks.SetTaskStatusInput{ID: tk.ID, Status: task.StatusTODO})
	require.NoError(t, err)
	assert.Nil(t, reopened.CompletedAt, "reopening forgets when")
	assert.Empty(t, reopened.CompletionNote, "reopening forgets the note")

	canceled, err := s.SetStatus(ctx, tasks.SetTaskStatusInput{ID: tk.ID, Status: task.StatusCANCELED, Note: ptr("不要になった")})
	require.NoError(t, err)
	assert.Nil(t, canceled.CompletedAt, "a canceled task was not done")
	assert.Equal(t, "不要になった", canceled.CompletionNote, "the reason is kept")
}

func TestTasks_SetStatusRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	o := f.Org
	archived := newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE)
	f.Client.Task.UpdateOne(archived).SetArchivedAt(archived.CreatedAt).ExecX(f.System)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		tk   func() pulid.ID
		in   tasks.SetTaskStatusInput
		want servicetest.Want
	}{
		{"a member moves the task assigned to it", o.Member.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, &o.Member.UserID, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.OK},
		{"a member completes the task assigned to it", o.Member.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, &o.Member.UserID, task.StatusIN_PROGRESS, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusDONE, Note: ptr("完了")}, servicetest.OK},
		{"a member cannot move a task assigned to someone else", o.Member.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, &o.Secretariat.UserID, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a member cannot move an unassigned task", o.Member.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor moves nothing", o.Auditor.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, &o.Member.UserID, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.Forbidden(apperr.RoleRequired)},
		{"a task of a company not granted is not found", o.Secretariat.Ctx, func() pulid.ID {
			return newTask(t, f, o.B, nil, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.NotFound},
		{"a task of another organization is not found", o.Owner.Ctx, func() pulid.ID {
			return newTask(t, f, f.Other.A, nil, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.NotFound},
		{"an archived task does not move", o.Owner.Ctx, func() pulid.ID { return archived.ID },
			tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS}, servicetest.Invalid("id", apperr.Archived)},
		{"an unknown status is refused", o.Owner.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: "WAITING"}, servicetest.Invalid("status", apperr.InvalidValue)},
		{"only a DONE or CANCELED task takes a note", o.Owner.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusIN_PROGRESS, Note: ptr("着手")}, servicetest.Invalid("note", apperr.InvalidValue)},
		{"the note has at most 2,000 characters", o.Owner.Ctx, func() pulid.ID {
			return newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE).ID
		}, tasks.SetTaskStatusInput{Status: task.StatusDONE, Note: ptr(strings.Repeat("a", 2001))}, servicetest.Invalid("note", apperr.TooLong)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.ID = tc.tk()
			before := f.Snapshot(t)
			got, err := s.SetStatus(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.Equal(t, tc.in.Status, f.Client.Task.GetX(f.System, got.ID).Status)
		})
	}
}

// A member moves its tasks along the workflow but does not change what they are, by when, or
// archive them; the secretariat sets those.
func TestTasks_MemberDoesNotChangeItsOwnTask(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	o := f.Org
	tk := newTask(t, f, o.A, &o.Member.UserID, task.StatusTODO, task.RecurrenceNONE)
	later := date.New(2026, 12, 31)
	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"the title", func() error {
			_, err := s.UpdateTask(o.Member.Ctx, tasks.UpdateTaskInput{ID: tk.ID, Title: ptr("別の件")})
			return err
		}},
		{"the due date", func() error {
			_, err := s.UpdateTask(o.Member.Ctx, tasks.UpdateTaskInput{ID: tk.ID, DueDate: &later})
			return err
		}},
		{"the assignee", func() error {
			_, err := s.UpdateTask(o.Member.Ctx, tasks.UpdateTaskInput{ID: tk.ID, Null: []string{"assigneeID"}})
			return err
		}},
		{"whether it is archived", func() error {
			_, err := s.SetArchived(o.Member.Ctx, archive.Input{ID: tk.ID}, true)
			return err
		}},
	} {
		t.Run("a member cannot change "+tc.name, func(t *testing.T) {
			before := f.Snapshot(t)
			servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), tc.do())
			f.Unchanged(t, before)
		})
	}
}

func TestTasks_UpdateTaskRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	o := f.Org
	for _, tc := range []struct {
		name  string
		in    tasks.UpdateTaskInput
		want  servicetest.Want
		check func(t *testing.T, got *ent.Task)
	}{
		{"the fields set change, the others stay", tasks.UpdateTaskInput{Title: ptr(" 新しい件名 "), Priority: ptr(task.PriorityURGENT)}, servicetest.OK, func(t *testing.T, got *ent.Task) {
			assert.Equal(t, "新しい件名", got.Title)
			assert.Equal(t, task.PriorityURGENT, got.Priority)
			assert.Equal(t, &o.Member.UserID, got.AssigneeID)
			assert.Equal(t, due, *got.DueDate)
		}},
		{"null clears the assignee", tasks.UpdateTaskInput{Null: []string{"assigneeID"}}, servicetest.OK, func(t *testing.T, got *ent.Task) {
			assert.Nil(t, got.AssigneeID)
		}},
		{"a blank description clears it", tasks.UpdateTaskInput{Description: ptr("  ")}, servicetest.OK, func(t *testing.T, got *ent.Task) {
			assert.Nil(t, got.Description)
		}},
		{"the title cannot be null", tasks.UpdateTaskInput{Null: []string{"title"}}, servicetest.Invalid("title", apperr.Required), nil},
		{"the due date cannot be null", tasks.UpdateTaskInput{Null: []string{"dueDate"}}, servicetest.Invalid("dueDate", apperr.Required), nil},
		{"the priority cannot be null", tasks.UpdateTaskInput{Null: []string{"priority"}}, servicetest.Invalid("priority", apperr.Required), nil},
		{"the recurrence cannot be null", tasks.UpdateTaskInput{Null: []string{"recurrence"}}, servicetest.Invalid("recurrence", apperr.Required), nil},
		{"a blank title is refused", tasks.UpdateTaskInput{Title: ptr(" ")}, servicetest.Invalid("title", apperr.Required), nil},
		{"a due date out of range is refused", tasks.UpdateTaskInput{DueDate: ptr(date.New(1999, 12, 31))}, servicetest.Invalid("dueDate", apperr.OutOfRange), nil},
		{"an auditor cannot be assigned", tasks.UpdateTaskInput{AssigneeID: &o.Auditor.UserID}, servicetest.Invalid("assigneeID", apperr.RoleRequired), nil},
		{"a person of another organization cannot be assigned", tasks.UpdateTaskInput{AssigneeID: &f.Other.Member.UserID}, servicetest.Invalid("assigneeID", apperr.InvalidValue), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tk := newTask(t, f, o.A, &o.Member.UserID, task.StatusTODO, task.RecurrenceNONE)
			tc.in.ID = tk.ID
			before := f.Snapshot(t)
			got, err := s.UpdateTask(o.Secretariat.Ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			tc.check(t, f.Client.Task.GetX(f.System, got.ID))
		})
	}

	t.Run("an archived task is restored before it changes", func(t *testing.T) {
		tk := newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE)
		_, err := s.SetArchived(o.Secretariat.Ctx, archive.Input{ID: tk.ID}, true)
		require.NoError(t, err)
		before := f.Snapshot(t)
		_, err = s.UpdateTask(o.Secretariat.Ctx, tasks.UpdateTaskInput{ID: tk.ID, Title: ptr("変更")})
		servicetest.Check(t, servicetest.Invalid("id", apperr.Archived), err)
		f.Unchanged(t, before)
	})
}

// Archiving an archived task keeps its first archiving time; restoring clears it.
func TestTasks_ArchiveKeepsTheFirstTime(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	ctx := f.Org.Secretariat.Ctx
	tk := newTask(t, f, f.Org.A, nil, task.StatusTODO, task.RecurrenceNONE)
	first, err := s.SetArchived(ctx, archive.Input{ID: tk.ID}, true)
	require.NoError(t, err)
	require.NotNil(t, first.ArchivedAt)
	before := f.Snapshot(t)
	again, err := s.SetArchived(ctx, archive.Input{ID: tk.ID}, true)
	require.NoError(t, err)
	assert.True(t, first.ArchivedAt.Equal(*again.ArchivedAt))
	f.Unchanged(t, before)

	restored, err := s.SetArchived(ctx, archive.Input{ID: tk.ID}, false)
	require.NoError(t, err)
	assert.Nil(t, restored.ArchivedAt)

	before = f.Snapshot(t)
	_, err = s.SetArchived(f.Org.Auditor.Ctx, archive.Input{ID: tk.ID}, false)
	servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
	f.Unchanged(t, before)
}

// Completing a recurring task creates its next occurrence, one period later, for the same
// assignee; reopening and completing it again creates no second one.
func TestTasks_RecurrenceCreatesTheNextOccurrenceOnce(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	o := f.Org
	for _, tc := range []struct {
		r    task.Recurrence
		want date.Date
	}{
		{task.RecurrenceMONTHLY, date.New(2026, 7, 31)},
		{task.RecurrenceQUARTERLY, date.New(2026, 9, 30)},
		{task.RecurrenceHALF_YEARLY, date.New(2026, 12, 31)},
		{task.RecurrenceYEARLY, date.New(2027, 6, 30)},
	} {
		t.Run(string(tc.r), func(t *testing.T) {
			tk := newTask(t, f, o.A, &o.Member.UserID, task.StatusIN_PROGRESS, tc.r)
			_, err := s.Complete(o.Member.Ctx, tasks.CompleteTaskInput{ID: tk.ID})
			require.NoError(t, err)
			next := f.Client.Task.Query().Where(task.PreviousID(tk.ID)).OnlyX(f.System)
			assert.Equal(t, tc.want, *next.DueDate)
			assert.Equal(t, task.StatusTODO, next.Status)
			assert.Equal(t, tc.r, next.Recurrence)
			assert.Equal(t, &o.Member.UserID, next.AssigneeID, "the assignee keeps the duty")

			_, err = s.SetStatus(o.Member.Ctx, tasks.SetTaskStatusInput{ID: tk.ID, Status: task.StatusTODO})
			require.NoError(t, err)
			_, err = s.Complete(o.Member.Ctx, tasks.CompleteTaskInput{ID: tk.ID})
			require.NoError(t, err)
			assert.Equal(t, 1, f.Client.Task.Query().Where(task.PreviousID(tk.ID)).CountX(f.System), "no second occurrence")
		})
	}

	t.Run("a task that does not recur has no next occurrence", func(t *testing.T) {
		tk := newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceNONE)
		_, err := s.Complete(o.Secretariat.Ctx, tasks.CompleteTaskInput{ID: tk.ID})
		require.NoError(t, err)
		assert.False(t, f.Client.Task.Query().Where(task.PreviousID(tk.ID)).ExistX(f.System))
	})

	t.Run("cancelling a recurring task creates no occurrence", func(t *testing.T) {
		tk := newTask(t, f, o.A, nil, task.StatusTODO, task.RecurrenceMONTHLY)
		_, err := s.SetStatus(o.Secretariat.Ctx, tasks.SetTaskStatusInput{ID: tk.ID, Status: task.StatusCANCELED})
		require.NoError(t, err)
		assert.False(t, f.Client.Task.Query().Where(task.PreviousID(tk.ID)).ExistX(f.System))
	})

	t.Run("an assignee who left the company does not keep the next occurrence", func(t *testing.T) {
		leaver, err := f.AddPerson(o.ID, "MEMBER", "退職者", nil, o.A)
		require.NoError(t, err)
		tk := newTask(t, f, o.A, &leaver.UserID, task.StatusTODO, task.RecurrenceMONTHLY)
		f.Client.CompanyAccess.Delete().Where(companyaccess.MembershipID(leaver.MembershipID)).ExecX(f.System)
		_, err = s.Complete(o.Owner.Ctx, tasks.CompleteTaskInput{ID: tk.ID})
		require.NoError(t, err)
		next := f.Client.Task.Query().Where(task.PreviousID(tk.ID)).OnlyX(f.System)
		assert.Nil(t, next.AssigneeID)
	})
}

// Completing a recurring task twice at the same moment creates one next occurrence: the unique
// index on the previous occurrence refuses the second, which the client sees as a conflict.
func TestTasks_ConcurrentCompletionsCreateOneOccurrence(t *testing.T) {
	servicetest.Each(t, func(t *testing.T, f *servicetest.Fixture) {
		s := tasks.NewService(f.Client, servicetest.Log)
		tk := newTask(t, f, f.Org.A, &f.Org.Member.UserID, task.StatusIN_PROGRESS, task.RecurrenceQUARTERLY)
		people := []servicetest.Person{f.Org.Member, f.Org.Secretariat, f.Org.Consultant}
		errs := make([]error, len(people))
		var wg sync.WaitGroup
		for i, p := range people {
			wg.Go(func() { _, errs[i] = s.Complete(p.Ctx, tasks.CompleteTaskInput{ID: tk.ID}) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			kind := servicetest.Problems(err)[0].Kind
			assert.Contains(t, []apperr.Kind{apperr.KindConflict, apperr.KindInvalid}, kind, "a late completion is a conflict or an out-of-order step: %v", err)
		}
		assert.GreaterOrEqual(t, ok, 1)
		assert.Equal(t, task.StatusDONE, f.Client.Task.GetX(f.System, tk.ID).Status)
		assert.Equal(t, 1, f.Client.Task.Query().Where(task.PreviousID(tk.ID)).CountX(f.System), "one next occurrence")
	})
}

// The to-do lists: the viewer's own open tasks across every company it reaches, the overdue ones
// among them (due before today in the ISMS calendar), and a company's overdue work; done and
// canceled tasks are never on them.
func TestTasks_ToDoLists(t *testing.T) {
	f := servicetest.SQLite(t)
	s := tasks.NewService(f.Client, servicetest.Log)
	o := f.Org
	today := s.Today()
	add := func(company pulid.ID, assignee *pulid.ID, status task.Status, dueIn int, title string) {
		f.Client.Task.Create().SetOrganizationID(f.OrgOf(company)).SetCompanyID(company).SetTitle(title).
			SetDueDate(today.AddDays(dueIn)).SetNillableAssigneeID(assignee).SetStatus(status).ExecX(f.System)
	}
	me := &o.Consultant.UserID
	add(o.A, me, task.StatusTODO, -3, "A: late")
	add(o.B, me, task.StatusBLOCKED, -1, "B: late")
	add(o.A, me, task.StatusIN_PROGRESS, 0, "A: due today")
	add(o.B, me, task.StatusTODO, 5, "B: later")
	add(o.A, me, task.StatusDONE, -9, "A: done")
	add(o.A, me, task.StatusCANCELED, -9, "A: canceled")
	add(o.A, &o.Member.UserID, task.StatusTODO, -2, "A: someone else's, late")
	add(f.Other.A, &f.Other.Member.UserID, task.StatusTODO, -2, "other organization, late")
	titles := func(conn *ent.TaskConnection, err error) []string {
		t.Helper()
		require.NoError(t, err)
		var out []string
		for _, e := range conn.Edges {
			out = append(out, e.Node.Title)
		}
		return out
	}
	assert.Equal(t, []string{"A: late", "B: late", "A: due today", "B: later"}, titles(s.MyTasks(o.Consultant.Ctx, tasks.FilterOpen, tasks.Page{})), "open, earliest due first")
	assert.Equal(t, []string{"A: late", "B: late"}, titles(s.MyTasks(o.Consultant.Ctx, tasks.FilterOverdue, tasks.Page{})), "due before today")
	assert.Len(t, titles(s.MyTasks(o.Consultant.Ctx, tasks.FilterAll, tasks.Page{})), 6, "every task assigned, closed ones included")
	assert.Equal(t, []string{"A: late", "A: someone else's, late"}, titles(s.Overdue(o.Secretariat.Ctx, &o.A, tasks.Page{})), "a company's overdue work")
	assert.Equal(t, []string{"A: late", "A: someone else's, late"}, titles(s.Overdue(o.Secretariat.Ctx, nil, tasks.Page{})), "every company the viewer reaches: A only")
	assert.Equal(t, []string{"A: late", "A: someone else's, late", "B: late"}, titles(s.Overdue(o.Owner.Ctx, nil, tasks.Page{})))
	_, err := s.Overdue(o.Secretariat.Ctx, &o.B, tasks.Page{})
	servicetest.Check(t, servicetest.NotFound, err)
}
