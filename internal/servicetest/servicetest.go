// Package servicetest is the fixture of the services' table tests: one organization with two
// client companies and a member of every role, each with the viewer context it calls a service
// with, and a second organization whose records stand for "not found". The rows are written with
// ent under the system context, as a seed would, so that a test of one service does not depend on
// another. It also checks errors by kind, reason and field, and that a refusal changed nothing.
//
// It holds no rules: what a role may do is the services' and the schema's to decide, and the tests
// beside each service to state.
package servicetest

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/organization"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// Log discards what the services log.
var Log = slog.New(slog.DiscardHandler)

// Person is a member of an organization.
type Person struct {
	UserID       pulid.ID
	MembershipID pulid.ID
	Role         viewer.Role
	// Ctx is the person's viewer context, with the companies its role reaches.
	Ctx context.Context
}

// Org is an organization with its client companies and one member of each role.
type Org struct {
	ID pulid.ID
	// A and B are its client companies.
	A, B pulid.ID
	// Owner and Admin reach both companies. Consultant is granted A and B; Secretariat, Member
	// and Auditor only A. The auditor's access ends in thirty days.
	Owner, Admin, Consultant, Secretariat, Member, Auditor Person
}

// People lists the members in the order of their roles' power, from OWNER to AUDITOR.
func (o *Org) People() []Person {
	return []Person{o.Owner, o.Admin, o.Consultant, o.Secretariat, o.Member, o.Auditor}
}

// Fixture is a fresh database holding two organizations: Org, where the tests act, and Other,
// whose records the viewers of Org must not find.
type Fixture struct {
	DB     *database.DB
	Client *ent.Client
	// System is the system context, for setting up rows and reading them back past the filters.
	System context.Context
	Org    Org
	Other  Org
}

// SQLite returns the fixture on a fresh SQLite database: for rules of pure logic.
func SQLite(t *testing.T) *Fixture {
	t.Helper()
	return New(t, testdb.Open(t, "sqlite"))
}

// Each runs fn on a fixture over every dialect (SQLite and PostgreSQL): for rules that rest on
// the database (unique indexes, races, row-level security).
func Each(t *testing.T, fn func(t *testing.T, f *Fixture)) {
	t.Helper()
	testdb.Each(t, func(t *testing.T, db *database.DB) { fn(t, New(t, db)) })
}

// New writes the two organizations into db.
func New(t testing.TB, db *database.DB) *Fixture {
	t.Helper()
	f := &Fixture{DB: db, Client: db.Client, System: viewer.System(context.Background(), Log, "test fixture")}
	f.Org = f.organization(t, "さくらコンサルティング", organization.KindCONSULTANCY, "さくら精工", "みなと物流")
	f.Other = f.organization(t, "よその会社", organization.KindENTERPRISE, "よその本社", "よその支社")
	return f
}

func (f *Fixture) organization(t testing.TB, name string, kind organization.Kind, a, b string) Org {
	t.Helper()
	c, sys := f.Client, f.System
	org, err := c.Organization.Create().SetName(name).SetKind(kind).Save(sys)
	require.NoError(t, err)
	o := Org{ID: org.ID}
	o.A = c.Company.Create().SetOrganizationID(org.ID).SetName(a).SaveX(sys).ID
	o.B = c.Company.Create().SetOrganizationID(org.ID).SetName(b).SaveX(sys).ID
	expires := time.Now().Add(30 * 24 * time.Hour)
	o.Owner = f.person(t, org.ID, viewer.RoleOwner, "オーナー", nil)
	o.Admin = f.person(t, org.ID, viewer.RoleAdmin, "管理者", nil)
	o.Consultant = f.person(t, org.ID, viewer.RoleConsultant, "コンサルタント", nil, o.A, o.B)
	o.Secretariat = f.person(t, org.ID, viewer.RoleSecretariat, "事務局", nil, o.A)
	o.Member = f.person(t, org.ID, viewer.RoleMember, "社員", nil, o.A)
	o.Auditor = f.person(t, org.ID, viewer.RoleAuditor, "審査員", &expires, o.A)
	return o
}

// person adds a user with a membership of the role and grants of the companies.
func (f *Fixture) person(t testing.TB, org pulid.ID, role viewer.Role, name string, expires *time.Time, companies ...pulid.ID) Person {
	t.Helper()
	p, err := f.AddPerson(org, role, name, expires, companies...)
	require.NoError(t, err)
	return p
}

// AddPerson adds one more member to an organization: a new user with a membership of the role,
// ending at expires when given, and grants of the companies.
func (f *Fixture) AddPerson(org pulid.ID, role viewer.Role, name string, expires *time.Time, companies ...pulid.ID) (Person, error) {
	c, sys := f.Client, f.System
	u, err := c.User.Create().SetEmail(strings.ToLower(string(pulid.New("x"))) + "@example.com").SetName(name).Save(sys)
	if err != nil {
		return Person{}, err
	}
	m, err := c.Membership.Create().SetOrganizationID(org).SetUserID(u.ID).SetRole(role).SetNillableExpiresAt(expires).Save(sys)
	if err != nil {
		return Person{}, err
	}
	for _, co := range companies {
		if err := c.CompanyAccess.Create().SetOrganizationID(org).SetCompanyID(co).SetMembershipID(m.ID).Exec(sys); err != nil {
			return Person{}, err
		}
	}
	v := &viewer.Viewer{UserID: u.ID, OrganizationID: org, Role: role, CompanyIDs: companies}
	return Person{UserID: u.ID, MembershipID: m.ID, Role: role, Ctx: viewer.NewContext(context.Background(), v)}, nil
}

// Snapshot reads every row of the database, to compare after a refusal with Unchanged.
func (f *Fixture) Snapshot(t testing.TB) map[string]string {
	t.Helper()
	return testdb.Snapshot(t, testdb.Raw(t, f.DB))
}

// Unchanged asserts that the database holds exactly the rows of before.
func (f *Fixture) Unchanged(t testing.TB, before map[string]string) bool {
	t.Helper()
	after := f.Snapshot(t)
	var changes []string
	for table, rows := range before {
		if rows == after[table] {
			continue
		}
		was := strings.Split(rows, "\n")
		is := strings.Split(after[table], "\n")
		for _, l := range was {
			if !slices.Contains(is, l) {
				changes = append(changes, table+" - "+l)
			}
		}
		for _, l := range is {
			if !slices.Contains(was, l) {
				changes = append(changes, table+" + "+l)
			}
		}
	}
	slices.Sort(changes)
	return assert.Empty(t, changes, "the refusal changed rows")
}

// OrgOf returns the organization of a company of the fixture.
func (f *Fixture) OrgOf(company pulid.ID) pulid.ID {
	if company == f.Other.A || company == f.Other.B {
		return f.Other.ID
	}
	return f.Org.ID
}

// Want is the failure a case expects: its kind and reason and, for bad input, its field. The
// zero Want expects success.
type Want struct {
	Kind   apperr.Kind
	Reason apperr.Reason
	Field  string
}

// Invalid is bad input in field for reason.
func Invalid(field string, reason apperr.Reason) Want {
	return Want{Kind: apperr.KindInvalid, Reason: reason, Field: field}
}

// Forbidden is a refusal of the viewer's role or of a rule, for reason.
func Forbidden(reason apperr.Reason) Want { return Want{Kind: apperr.KindForbidden, Reason: reason} }

// Conflict is a clash with the state of the records, for reason.
func Conflict(reason apperr.Reason) Want { return Want{Kind: apperr.KindConflict, Reason: reason} }

// NotFound is a record that does not exist or is not the viewer's to see.
var NotFound = Want{Kind: apperr.KindNotFound, Reason: apperr.NotFoundReason}

// OK expects success.
var OK = Want{}

// Fails reports whether w expects a failure.
func (w Want) Fails() bool { return w.Kind != "" }

// Check asserts that err is what w expects: no error for the zero Want, else an *apperr.Error of
// w's kind among the problems of err with w's reason and field (a validation may report several
// problems at once; one of them must be w's).
func Check(t testing.TB, w Want, err error) bool {
	t.Helper()
	if !w.Fails() {
		return assert.NoError(t, err)
	}
	if !assert.Error(t, err, "want %s %s %s", w.Kind, w.Reason, w.Field) {
		return false
	}
	got := Problems(err)
	for _, g := range got {
		if g == w {
			return true
		}
	}
	return assert.Fail(t, "unexpected error", "want %+v, got %+v from %v", w, got, err)
}

// Problems are the failures err reports, as the GraphQL presenter (internal/server) sends them:
// each *apperr.Error, and ent's not-found, validation and constraint errors under the kinds the
// presenter gives them.
func Problems(err error) []Want {
	var out []Want
	for _, e := range apperr.Fields(err) {
		out = append(out, Want{Kind: e.Kind, Reason: e.Reason, Field: e.Field})
	}
	if len(out) > 0 {
		return out
	}
	var invalid *ent.ValidationError
	switch {
	case ent.IsNotFound(err):
		return []Want{NotFound}
	case errors.As(err, &invalid):
		return []Want{Invalid(invalid.Name, apperr.InvalidValue)}
	case ent.IsConstraintError(err):
		return []Want{Conflict(apperr.Duplicate)}
	}
	return []Want{{Kind: apperr.KindInternal}}
}

// Mutation runs fn as the server runs a GraphQL mutation: in one operation (one transaction for
// every statement, scoped by the viewer of ctx), committed when fn succeeds and rolled back when
// it fails. Rules whose refusal relies on that rollback (a billing limit checked after the write)
// are tested through it.
func (f *Fixture) Mutation(t testing.TB, ctx context.Context, fn func(ctx context.Context) error) error {
	t.Helper()
	opCtx, op, err := f.DB.BeginOperation(ctx, false)
	require.NoError(t, err)
	if err := fn(opCtx); err != nil {
		require.NoError(t, op.Rollback())
		return err
	}
	require.NoError(t, op.Commit())
	return nil
}
