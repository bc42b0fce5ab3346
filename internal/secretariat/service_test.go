package secretariat_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/committeemember"
	"secretariat/ent/migrate"
	"secretariat/ent/organization"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/secretariat"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// company is an organization with one client company and n people of its organization.
type company struct {
	id     pulid.ID
	owner  context.Context // the OWNER's viewer
	system context.Context
	people []pulid.ID
}

func newCompany(t *testing.T, c *ent.Client, n int) company {
	t.Helper()
	sys := viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
	org := c.Organization.Create().SetName("さくら").SetKind(organization.KindENTERPRISE).SaveX(sys)
	co := c.Company.Create().SetOrganizationID(org.ID).SetName("さくら精工").SaveX(sys)
	out := company{id: co.ID, system: sys}
	for i := range n + 1 {
		u := c.User.Create().SetEmail(string(pulid.New("x")) + "@example.com").SetName("担当者").SaveX(sys)
		c.Membership.Create().SetOrganizationID(org.ID).SetUserID(u.ID).SetRole(viewer.RoleOwner).ExecX(sys)
		if i == 0 {
			out.owner = viewer.NewContext(context.Background(), &viewer.Viewer{UserID: u.ID, OrganizationID: org.ID, Role: viewer.RoleOwner})
			continue
		}
		out.people = append(out.people, u.ID)
	}
	return out
}

// The rule of one chair and one primary holder holds when appointments race: the check in the
// service cannot see another transaction's insert, the partial unique index can.
func TestService_ConcurrentAppointmentsNameOneChairAndOnePrimary(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		co := newCompany(t, db.Client, 6)
		s := secretariat.NewService(db.Client, slog.New(slog.DiscardHandler))
		race := func(appoint func(person pulid.ID) error) (ok, conflicts int) {
			var mu sync.Mutex
			var wg sync.WaitGroup
			for _, person := range co.people {
				wg.Go(func() {
					err := appoint(person)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case apperr.KindOf(err) == apperr.KindConflict || ent.IsConstraintError(err):
						conflicts++
					default:
						t.Errorf("appointing %s: %v", person, err)
					}
				})
			}
			wg.Wait()
			return ok, conflicts
		}

		ok, conflicts := race(func(person pulid.ID) error {
			_, err := s.AddCommitteeMember(co.owner, secretariat.AddCommitteeMemberInput{CompanyID: co.id, UserID: person, Role: committeemember.RoleCHAIR})
			return err
		})
		assert.Equal(t, 1, ok, "one chair is seated")
		assert.Equal(t, len(co.people)-1, conflicts)
		assert.Equal(t, 1, db.Client.CommitteeMember.Query().Where(committeemember.RoleEQ(committeemember.RoleCHAIR)).CountX(co.system))

		ok, conflicts = race(func(person pulid.ID) error {
			_, err := s.AssignSecretariatResponsibility(co.owner, secretariat.AssignSecretariatResponsibilityInput{
				CompanyID: co.id, UserID: person, Responsibility: secretariatassignment.ResponsibilityLEADER})
			return err
		})
		assert.Equal(t, 1, ok, "one primary holder")
		assert.Equal(t, len(co.people)-1, conflicts)
	})
}

// The indexes hold for every writer, the system context included; backups are not limited.
func TestSchema_OneChairAndOnePrimaryPerResponsibility(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		co := newCompany(t, db.Client, 3)
		c, ctx := db.Client, co.owner
		c.CommitteeMember.Create().SetCompanyID(co.id).SetUserID(co.people[0]).SetRole(committeemember.RoleCHAIR).ExecX(ctx)
		err := c.CommitteeMember.Create().SetCompanyID(co.id).SetUserID(co.people[1]).SetRole(committeemember.RoleCHAIR).Exec(ctx)
		assert.True(t, ent.IsConstraintError(err), "a second chair: %v", err)
		c.CommitteeMember.Create().SetCompanyID(co.id).SetUserID(co.people[1]).SetRole(committeemember.RoleVICE_CHAIR).ExecX(ctx)
		c.CommitteeMember.Create().SetCompanyID(co.id).SetUserID(co.people[2]).SetRole(committeemember.RoleVICE_CHAIR).ExecX(ctx)

		assign := func(person pulid.ID, p secretariatassignment.Position) error {
			return c.SecretariatAssignment.Create().SetCompanyID(co.id).SetUserID(person).
				SetResponsibility(secretariatassignment.ResponsibilityMEETINGS).SetPosition(p).Exec(ctx)
		}
		require.NoError(t, assign(co.people[0], secretariatassignment.PositionPRIMARY))
		assert.True(t, ent.IsConstraintError(assign(co.people[1], secretariatassignment.PositionPRIMARY)), "a second primary holder")
		assert.NoError(t, assign(co.people[1], secretariatassignment.PositionBACKUP))
		assert.NoError(t, assign(co.people[2], secretariatassignment.PositionBACKUP))
		require.NoError(t, c.SecretariatAssignment.Create().SetCompanyID(co.id).SetUserID(co.people[1]).
			SetResponsibility(secretariatassignment.ResponsibilityTRAINING).Exec(ctx), "one person, several responsibilities")
	})
}

// Every responsibility the schema knows has a label in every locale, in the one table.
func TestLabels_EveryResponsibilityHasALabelInEveryLocale(t *testing.T) {
	var values []string
	for _, col := range migrate.SecretariatAssignmentsTable.Columns {
		if col.Name == secretariatassignment.FieldResponsibility {
			values = col.Enums
		}
	}
	require.NotEmpty(t, values)
	db := testdb.Open(t, "sqlite")
	co := newCompany(t, db.Client, 0)
	s := secretariat.NewService(db.Client, slog.New(slog.DiscardHandler))
	c := db.Client.Company.GetX(co.owner, co.id)
	for _, loc := range []locale.Locale{locale.Japanese, locale.English} {
		coverage, err := s.Overview(c, language.Request{Asked: string(loc)}).ByResponsibility(co.owner)
		require.NoError(t, err)
		require.Len(t, coverage, len(values), "every responsibility, in order")
		seen := map[string]bool{}
		for i, cv := range coverage {
			assert.Equal(t, values[i], string(cv.Responsibility))
			assert.NotEmpty(t, cv.Label, "%s in %s", cv.Responsibility, loc)
			assert.False(t, seen[cv.Label], "labels are distinct")
			seen[cv.Label] = true
		}
	}
}
