package auditlog_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/auditevent"
	"secretariat/ent/organization"
	"secretariat/internal/auditlog"
	"secretariat/internal/auditlog/change"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func system() context.Context { return viewer.System(context.Background(), quiet, "test fixture") }

// tenant is an organization with its owner and two client companies, each with a site, made in
// the system context.
type tenant struct {
	db        *database.DB
	org       *ent.Organization
	owner     *ent.User
	companies [2]*ent.Company
	sites     [2]*ent.Site
}

func newTenant(t testing.TB, db *database.DB, name string) *tenant {
	t.Helper()
	sys := system()
	c := db.Client
	tn := &tenant{db: db}
	tn.org = c.Organization.Create().SetName(name).SetKind(organization.KindCONSULTANCY).SaveX(sys)
	tn.owner = c.User.Create().SetEmail(name + "@example.com").SetName(name + " owner").SaveX(sys)
	c.Membership.Create().SetOrganizationID(tn.org.ID).SetUserID(tn.owner.ID).SetRole(viewer.RoleOwner).SaveX(sys)
	for i := range tn.companies {
		tn.companies[i] = c.Company.Create().SetOrganizationID(tn.org.ID).SetName(name + " client").SaveX(sys)
		tn.sites[i] = c.Site.Create().SetOrganizationID(tn.org.ID).SetCompanyID(tn.companies[i].ID).SetName("本社").SaveX(sys)
	}
	return tn
}

// as is a viewer of the tenant with the role, reaching the companies given (every company for
// OWNER and ADMIN).
func (tn *tenant) as(role viewer.Role, companies ...int) context.Context {
	v := &viewer.Viewer{UserID: tn.owner.ID, OrganizationID: tn.org.ID, Role: role}
	for _, i := range companies {
		v.CompanyIDs = append(v.CompanyIDs, tn.companies[i].ID)
	}
	return viewer.NewContext(context.Background(), v)
}

// trail is every event of the tenant's chain, in order.
func (tn *tenant) trail(t testing.TB) []*ent.AuditEvent {
	t.Helper()
	return tn.db.Client.AuditEvent.Query().
		Where(auditevent.OrganizationID(tn.org.ID)).
		Order(auditevent.BySeq()).
		AllX(system())
}

// about is the events of one record, in order.
func (tn *tenant) about(t testing.TB, id pulid.ID) []*ent.AuditEvent {
	t.Helper()
	var out []*ent.AuditEvent
	for _, e := range tn.trail(t) {
		if e.EntityID == id {
			out = append(out, e)
		}
	}
	return out
}

// changes maps each changed field of an event to its before and after, "∅" for none.
func changes(e *ent.AuditEvent) map[string][2]string {
	out := map[string][2]string{}
	for _, c := range e.Changes {
		out[c.Field] = [2]string{text(c.Before), text(c.After)}
	}
	return out
}

func text(s *string) string {
	if s == nil {
		return "∅"
	}
	return *s
}

func actions(events []*ent.AuditEvent) []change.Action {
	out := make([]change.Action, len(events))
	for i, e := range events {
		out[i] = e.Action
	}
	return out
}

// operation runs fn as the writes of one GraphQL mutation do: in the operation's transaction,
// committed when fn succeeds and rolled back when it fails.
func operation(t testing.TB, db *database.DB, ctx context.Context, fn func(ctx context.Context) error) error {
	t.Helper()
	ctx, op, err := db.BeginOperation(ctx, false)
	require.NoError(t, err)
	if err := fn(ctx); err != nil {
		require.NoError(t, op.Rollback())
		return err
	}
	return op.Commit()
}

// verify recomputes the tenant's chain as its owner.
func (tn *tenant) verify(t testing.TB) *auditlog.Verification {
	t.Helper()
	got, err := auditlog.NewService(tn.db.Client, quiet).VerifyTrail(tn.as(viewer.RoleOwner))
	require.NoError(t, err)
	return got
}
