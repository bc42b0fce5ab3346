package tenancy_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/committeemember"
	"secretariat/ent/departmentrepresentative"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
)

// The secretariat's tables in the isolation suite: a committee chair, a secretariat leader and a
// department representative in every company.
func init() {
	tenantFixtures = append(tenantFixtures, func(ctx context.Context, client *ent.Client, tn *tenant, i int) {
		co := tn.companies[i]
		dept := tn.byCompany[i][2] // newTenant's department of the company
		cm := client.CommitteeMember.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetUserID(tn.owner.ID).SetRole(committeemember.RoleCHAIR).SetTitle("代表取締役").SaveX(ctx)
		sa := client.SecretariatAssignment.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetUserID(tn.owner.ID).SetResponsibility(secretariatassignment.ResponsibilityLEADER).SaveX(ctx)
		dr := client.DepartmentRepresentative.Create().SetOrganizationID(tn.org.ID).SetCompanyID(co.ID).
			SetDepartmentID(dept).SetUserID(tn.owner.ID).SaveX(ctx)
		tn.byCompany[i] = append(tn.byCompany[i], cm.ID, sa.ID, dr.ID)
	})

	probes["committee_members"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.CommitteeMember.Query().Where(committeemember.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryCommitteeMembers().Where(committeemember.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.CommitteeMember.UpdateOneID(id).SetRole(committeemember.RoleMEMBER).SetTitle("乗っ取り").Exec(ctx)
		},
	}
	probes["secretariat_assignments"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.SecretariatAssignment.Query().Where(secretariatassignment.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QuerySecretariatAssignments().Where(secretariatassignment.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.SecretariatAssignment.UpdateOneID(id).SetPosition(secretariatassignment.PositionBACKUP).Exec(ctx)
		},
	}
	probes["department_representatives"] = probe{
		list: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.DepartmentRepresentative.Query().Where(departmentrepresentative.ID(id)).Count(ctx)
		},
		traverse: func(ctx context.Context, c *ent.Client, id pulid.ID) (int, error) {
			return c.Company.Query().QueryDepartmentRepresentatives().Where(departmentrepresentative.ID(id)).Count(ctx)
		},
		update: func(ctx context.Context, c *ent.Client, id pulid.ID) error {
			return c.DepartmentRepresentative.UpdateOneID(id).SetUpdatedAt(time.Now()).Exec(ctx)
		},
		// A representative hangs on a department: naming one for another tenant's department.
		plant: func(ctx context.Context, c *ent.Client, id pulid.ID, own *tenant) error {
			return c.DepartmentRepresentative.Create().SetCompanyID(own.companies[0].ID).
				SetDepartmentID(id).SetUserID(own.owner.ID).Exec(ctx)
		},
	}
}

// The secretariat's rows are deleted, not archived: a delete must reach only the viewer's own.
func TestSecretariat_DeletesCannotReachAnotherTenant(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		raw := testdb.Raw(t, db)
		before := testdb.Snapshot(t, raw)
		c := db.Client

		for _, at := range []struct {
			name    string
			ctx     context.Context
			targets []pulid.ID
		}{
			{"another organization", as(ownerOf(b)), secretariatRows(a.byCompany[0])},
			{"another company", as(consultantOf(a)), secretariatRows(a.byCompany[1])},
		} {
			require.Len(t, at.targets, 3)
			ctx, op, err := db.BeginOperation(at.ctx, false)
			require.NoError(t, err)
			for _, id := range at.targets {
				var err error
				switch table, _ := ent.TableOfID(id); table {
				case "committee_members":
					err = c.CommitteeMember.DeleteOneID(id).Exec(ctx)
				case "secretariat_assignments":
					err = c.SecretariatAssignment.DeleteOneID(id).Exec(ctx)
				case "department_representatives":
					err = c.DepartmentRepresentative.DeleteOneID(id).Exec(ctx)
				default:
					t.Fatalf("%s: not a secretariat row", id)
				}
				assert.True(t, ent.IsNotFound(err), "%s: delete %s: %v", at.name, id, err)
			}
			require.NoError(t, op.Rollback())
		}
		assert.Equal(t, before, testdb.Snapshot(t, raw), "nothing was deleted")

		// A bulk delete takes only the viewer's rows: the consultant's one company.
		ctx, op, err := db.BeginOperation(as(consultantOf(a)), false)
		require.NoError(t, err)
		n, err := c.CommitteeMember.Delete().Exec(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		n, err = c.SecretariatAssignment.Delete().Exec(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		n, err = c.DepartmentRepresentative.Delete().Exec(ctx)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		require.NoError(t, op.Commit())
		sys := as(ownerOf(b))
		assert.Equal(t, 2, c.CommitteeMember.Query().CountX(sys), "the other organization keeps its committee")
	})
}

// A link from a secretariat row never crosses companies: a representative of one company for a
// department of another, or a person of another organization, is not found.
func TestSecretariat_LinksStayInsideTheCompany(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		ctx := as(ownerOf(a))
		_, err := db.Client.DepartmentRepresentative.Create().SetCompanyID(a.companies[0].ID).
			SetDepartmentID(a.byCompany[1][2]).SetUserID(a.owner.ID).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a department of another company")
		_, err = db.Client.CommitteeMember.Create().SetCompanyID(a.companies[0].ID).SetUserID(b.owner.ID).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("linked record", "関連するレコード"), "a person of another organization")
		_, err = db.Client.SecretariatAssignment.Create().SetCompanyID(b.companies[0].ID).SetUserID(a.owner.ID).
			SetResponsibility(secretariatassignment.ResponsibilityTRAINING).Save(ctx)
		assert.ErrorIs(t, err, apperr.NotFound("company", "会社"), "another organization's company")
	})
}

var secretariatTables = []string{"committee_members", "secretariat_assignments", "department_representatives"}

// secretariatRows picks the secretariat's rows out of a company's IDs.
func secretariatRows(ids []pulid.ID) []pulid.ID {
	var out []pulid.ID
	for _, id := range ids {
		if table, err := ent.TableOfID(id); err == nil && slices.Contains(secretariatTables, table) {
			out = append(out, id)
		}
	}
	return out
}
