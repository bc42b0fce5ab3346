package tenancy_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// Tasks in the isolation suite: one recurring task of the owner in every company, with its next
// occurrence, so that the chain of occurrences is probed as a link too.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		co := tn.companies[i]
		first := client.Task.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetTitle("アクセス権の棚卸し").
			SetDueDate(date.New(2026, 1, 31)).SetAssigneeID(tn.owner.ID).SetRecurrence(task.RecurrenceMONTHLY).
			SetStatus(task.StatusDONE).SaveX(ctx)
		next := client.Task.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).SetTitle("アクセス権の棚卸し").
			SetDueDate(date.New(2026, 2, 28)).SetAssigneeID(tn.owner.ID).SetRecurrence(task.RecurrenceMONTHLY).
			SetPreviousID(first.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], first.ID, next.ID)
	})

	probes["tasks"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Task.Query().Where(task.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryTasks().Where(task.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.Task.UpdateOneID(id).SetStatus(task.StatusCANCELED).SetTitle("乗っ取り").Exec(ctx)
		},
		// A task hangs on another as its next occurrence: chaining one onto another tenant's task.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.Task.Create().SetCompanyID(own.companies[0].ID).SetTitle("植え付け").
				SetDueDate(date.New(2026, 1, 1)).SetPreviousID(id).Exec(ctx)
		},
	}
}

func TestTasks_LinksStayInsideTheTasksCompany(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		ctx := as(ownerOf(a))
		_, err := db.Client.Task.Create().SetCompanyID(a.companies[0].ID).SetTitle("越境").
			SetDueDate(date.New(2026, 1, 1)).SetAssigneeID(b.owner.ID).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an assignee of another organization")
		var otherCompanysTask pulid.ID
		for _, id := range a.byCompany[1] {
			if id[:2] == "TA" {
				otherCompanysTask = id
			}
		}
		_, err = db.Client.Task.Create().SetCompanyID(a.companies[0].ID).SetTitle("越境").
			SetDueDate(date.New(2026, 1, 1)).SetPreviousID(otherCompanysTask).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "an occurrence of a task of another company")

		consultant := as(consultantOf(a))
		visible := db.Client.Task.Query().CountX(consultant)
		n, err := db.Client.Task.Update().SetTitle("一括").Save(consultant)
		require.NoError(t, err)
		assert.Equal(t, visible, n, "a bulk update reaches only the tasks of the consultant's company")
		sys := viewer.System(context.Background(), quiet(), "test check")
		assert.False(t, db.Client.Task.Query().Where(task.CompanyID(a.companies[1].ID), task.Title("一括")).ExistX(sys),
			"the other company's tasks are untouched")
	})
}
