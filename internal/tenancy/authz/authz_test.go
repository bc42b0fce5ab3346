package authz_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	entgo "entgo.io/ent"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/department"
	"secretariat/ent/membership"
	"secretariat/ent/organization"
	"secretariat/ent/privacy"
	"secretariat/ent/site"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

var roles = []viewer.Role{
	viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant,
	viewer.RoleSecretariat, viewer.RoleMember, viewer.RoleAuditor,
}

// ops are the mutation operations, in the order of the columns of the tables below.
var ops = []entgo.Op{entgo.OpCreate, entgo.OpUpdate, entgo.OpUpdateOne, entgo.OpDelete, entgo.OpDeleteOne}

func system() context.Context {
	return viewer.System(context.Background(), slog.New(slog.DiscardHandler), "test fixture")
}

func as(role viewer.Role, user pulid.ID) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{UserID: user, OrganizationID: "OR1", Role: role})
}

// decision names what a rule decided: "allow", "deny", "skip", or the error it failed with.
func decision(err error) string {
	switch {
	case errors.Is(err, privacy.Allow):
		return "allow"
	case errors.Is(err, privacy.Deny):
		return "deny"
	case err == nil || errors.Is(err, privacy.Skip):
		return "skip"
	default:
		return "error: " + err.Error()
	}
}

// opMutation is a site mutation of any operation, for rules that read only the operation.
type opMutation struct {
	*ent.SiteMutation
	op entgo.Op
}

func (m opMutation) Op() entgo.Op { return m.op }

func mutation(op entgo.Op) entgo.Mutation {
	return opMutation{SiteMutation: ent.NewClient().Site.Update().Mutation(), op: op}
}

func query() entgo.Query { return ent.NewClient().Site.Query() }

func TestAuthz_SystemContextIsAllowedEverything(t *testing.T) {
	rule := authz.AllowSystem()
	for name, tc := range map[string]struct {
		ctx  context.Context
		want string
	}{
		"system":    {system(), "allow"},
		"no viewer": {context.Background(), "skip"},
		"OWNER":     {as(viewer.RoleOwner, "US1"), "skip"},
	} {
		assert.Equal(t, tc.want, decision(rule.EvalQuery(tc.ctx, query())), name)
		for _, op := range ops {
			assert.Equal(t, tc.want, decision(rule.EvalMutation(tc.ctx, mutation(op))), "%s %s", name, op)
		}
	}
}

func TestAuthz_NoViewerIsDeniedAsUnauthenticated(t *testing.T) {
	rule := authz.DenyIfNoViewer()
	err := rule.EvalQuery(context.Background(), query())
	assert.Equal(t, "deny", decision(err))
	assert.Equal(t, apperr.KindUnauthenticated, apperr.KindOf(err))
	for _, op := range ops {
		err := rule.EvalMutation(context.Background(), mutation(op))
		assert.Equal(t, "deny", decision(err), op)
		assert.Equal(t, apperr.KindUnauthenticated, apperr.KindOf(err), op)
	}
	for _, role := range roles {
		assert.Equal(t, "skip", decision(rule.EvalQuery(as(role, "US1"), query())), role)
		assert.Equal(t, "skip", decision(rule.EvalMutation(as(role, "US1"), mutation(entgo.OpCreate))), role)
	}
	// The system context has no viewer either: AllowSystem must come first, as in every policy.
	assert.Equal(t, "deny", decision(rule.EvalQuery(system(), query())))
}

func TestAuthz_TheAuditorWritesNothing(t *testing.T) {
	rule := authz.DenyReadOnlyRoles("sites")
	for _, role := range roles {
		for _, op := range ops {
			err := rule.EvalMutation(as(role, "US1"), mutation(op))
			if role != viewer.RoleAuditor {
				assert.Equal(t, "skip", decision(err), "%s %s", role, op)
				continue
			}
			assert.Equal(t, "deny", decision(err), op)
			assert.Equal(t, apperr.KindForbidden, apperr.KindOf(err), op)
		}
	}
	assert.Equal(t, "skip", decision(rule.EvalMutation(context.Background(), mutation(entgo.OpCreate))), "no viewer is another rule's case")
}

func TestAuthz_RolesAreAllowedTheirOperations(t *testing.T) {
	rule := authz.AllowRoles(authz.Create|authz.Update, viewer.RoleOwner, viewer.RoleSecretariat)
	// Columns: create, update, updateOne, delete, deleteOne; A allows, . skips.
	want := map[viewer.Role]string{
		viewer.RoleOwner:       "AAA..",
		viewer.RoleAdmin:       ".....",
		viewer.RoleConsultant:  ".....",
		viewer.RoleSecretariat: "AAA..",
		viewer.RoleMember:      ".....",
		viewer.RoleAuditor:     ".....",
	}
	for _, role := range roles {
		got := ""
		for _, op := range ops {
			switch d := decision(rule.EvalMutation(as(role, "US1"), mutation(op))); d {
			case "allow":
				got += "A"
			case "skip":
				got += "."
			default:
				t.Fatalf("%s %s: %s", role, op, d)
			}
		}
		assert.Equal(t, want[role], got, role)
	}
	assert.Equal(t, "skip", decision(rule.EvalMutation(context.Background(), mutation(entgo.OpCreate))))
	assert.Equal(t, "allow", decision(authz.AllowRoles(authz.Delete, viewer.RoleAdmin).EvalMutation(as(viewer.RoleAdmin, "US1"), mutation(entgo.OpDeleteOne))))
}

func TestAuthz_TheLastRuleDeniesNamingTheRoleAndTheWrite(t *testing.T) {
	rule := authz.DenyWrites("sites")
	for op, message := range map[entgo.Op]string{
		entgo.OpCreate:    "the MEMBER role cannot create sites",
		entgo.OpUpdate:    "the MEMBER role cannot change sites",
		entgo.OpUpdateOne: "the MEMBER role cannot change sites",
		entgo.OpDelete:    "the MEMBER role cannot delete sites",
		entgo.OpDeleteOne: "the MEMBER role cannot delete sites",
	} {
		err := rule.EvalMutation(as(viewer.RoleMember, "US1"), mutation(op))
		assert.Equal(t, "deny", decision(err), op)
		e, ok := apperr.As(err)
		require.True(t, ok, op)
		assert.Equal(t, apperr.KindForbidden, e.Kind, op)
		assert.Equal(t, message, e.Text.EN, op)
		assert.Equal(t, apperr.RoleRequired, e.Reason, op)
		assert.Contains(t, e.Text.JA, "MEMBERロールでは拠点を", op)
	}
	err := rule.EvalMutation(context.Background(), mutation(entgo.OpCreate))
	assert.Equal(t, apperr.KindUnauthenticated, apperr.KindOf(err))
}

// fixture is one organization with two members, Alice and Bob, and a department that Alice heads.
type fixture struct {
	client     *ent.Client
	org        *ent.Organization
	alice, bob *ent.User
	aliceM     *ent.Membership
	bobM       *ent.Membership
	company    *ent.Company
	site       *ent.Site
	dept       *ent.Department
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := testdb.Open(t, "sqlite").Client
	ctx := system()
	f := &fixture{client: c}
	f.org = c.Organization.Create().SetName("さくら").SetKind(organization.KindCONSULTANCY).SaveX(ctx)
	f.alice = c.User.Create().SetEmail("alice@example.com").SetName("Alice").SaveX(ctx)
	f.bob = c.User.Create().SetEmail("bob@example.com").SetName("Bob").SaveX(ctx)
	f.aliceM = c.Membership.Create().SetOrganizationID(f.org.ID).SetUserID(f.alice.ID).SetRole(viewer.RoleMember).SaveX(ctx)
	f.bobM = c.Membership.Create().SetOrganizationID(f.org.ID).SetUserID(f.bob.ID).SetRole(viewer.RoleMember).SaveX(ctx)
	f.company = c.Company.Create().SetOrganizationID(f.org.ID).SetName("client").SaveX(ctx)
	f.site = c.Site.Create().SetOrganizationID(f.org.ID).SetCompanyID(f.company.ID).SetName("本社").SaveX(ctx)
	f.dept = c.Department.Create().SetOrganizationID(f.org.ID).SetCompanyID(f.company.ID).SetName("総務部").SetHeadID(f.alice.ID).SaveX(ctx)
	return f
}

// as returns the context of the user with the role in the fixture's organization and company.
func (f *fixture) as(u *ent.User, role viewer.Role) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{
		UserID: u.ID, OrganizationID: f.org.ID, Role: role, CompanyIDs: []pulid.ID{f.company.ID},
	})
}

func TestAuthz_OwnRowsAreThoseThatNameTheViewer(t *testing.T) {
	f := newFixture(t)
	c := f.client
	alice := f.as(f.alice, viewer.RoleMember)
	self := authz.AllowOwnRows(authz.RowID)
	byUser := authz.AllowOwnRows(membership.FieldUserID)
	byHead := authz.AllowOwnRows(department.FieldHeadID)
	for name, tc := range map[string]struct {
		rule privacy.MutationRule
		m    entgo.Mutation
		want string
	}{
		"the user row itself":                {self, c.User.UpdateOneID(f.alice.ID).SetName("A").Mutation(), "allow"},
		"another user row":                   {self, c.User.UpdateOneID(f.bob.ID).SetName("B").Mutation(), "skip"},
		"users in bulk":                      {self, c.User.Update().SetName("all").Mutation(), "skip"},
		"a new user":                         {self, c.User.Create().SetEmail("x@example.com").SetName("x").Mutation(), "skip"},
		"a new row naming the viewer":        {byUser, c.Membership.Create().SetUserID(f.alice.ID).SetRole(viewer.RoleMember).Mutation(), "allow"},
		"a new row naming someone else":      {byUser, c.Membership.Create().SetUserID(f.bob.ID).SetRole(viewer.RoleMember).Mutation(), "skip"},
		"a stored row naming the viewer":     {byUser, c.Membership.UpdateOneID(f.aliceM.ID).SetRole(viewer.RoleAdmin).Mutation(), "allow"},
		"a stored row naming someone else":   {byUser, c.Membership.UpdateOneID(f.bobM.ID).SetRole(viewer.RoleAdmin).Mutation(), "skip"},
		"rows in bulk":                       {byUser, c.Membership.Update().SetRole(viewer.RoleAdmin).Mutation(), "skip"},
		"an optional field naming viewer":    {byHead, c.Department.UpdateOneID(f.dept.ID).SetName("総務課").Mutation(), "allow"},
		"a row handed to someone else":       {byHead, c.Department.UpdateOneID(f.dept.ID).SetHeadID(f.bob.ID).Mutation(), "skip"},
		"a row whose field is cleared":       {byHead, c.Department.UpdateOneID(f.dept.ID).ClearHeadID().Mutation(), "skip"},
		"a row that names nobody":            {byHead, c.Department.Create().SetCompanyID(f.company.ID).SetName("x").Mutation(), "skip"},
		"a new row with the field to viewer": {byHead, c.Department.Create().SetCompanyID(f.company.ID).SetName("x").SetHeadID(f.alice.ID).Mutation(), "allow"},
	} {
		assert.Equal(t, tc.want, decision(tc.rule.EvalMutation(alice, tc.m)), name)
	}
	bob := f.as(f.bob, viewer.RoleMember)
	assert.Equal(t, "skip", decision(byHead.EvalMutation(bob, c.Department.UpdateOneID(f.dept.ID).SetHeadID(f.bob.ID).Mutation())),
		"taking over someone else's row")
	assert.Equal(t, "skip", decision(self.EvalMutation(context.Background(), c.User.UpdateOneID(f.alice.ID).Mutation())), "no viewer")
}

func TestAuthz_AUserChangesOnlyItsOwnAccount(t *testing.T) {
	f := newFixture(t)
	c := f.client
	require.NoError(t, c.User.UpdateOneID(f.alice.ID).SetName("Alice A.").Exec(f.as(f.alice, viewer.RoleMember)))

	for name, tc := range map[string]struct {
		ctx     context.Context
		update  func(context.Context) error
		message string
	}{
		"another user": {f.as(f.alice, viewer.RoleOwner), func(ctx context.Context) error {
			return c.User.UpdateOneID(f.bob.ID).SetName("taken").Exec(ctx)
		}, "the OWNER role cannot change users"},
		"users in bulk": {f.as(f.alice, viewer.RoleMember), func(ctx context.Context) error {
			return c.User.Update().SetName("taken").Exec(ctx)
		}, "the MEMBER role cannot change users"},
		"an auditor, even itself": {f.as(f.bob, viewer.RoleAuditor), func(ctx context.Context) error {
			return c.User.UpdateOneID(f.bob.ID).SetName("taken").Exec(ctx)
		}, "the AUDITOR role cannot change users"},
	} {
		err := tc.update(tc.ctx)
		e, ok := apperr.As(err)
		require.True(t, ok, "%s: %v", name, err)
		assert.Equal(t, apperr.KindForbidden, e.Kind, name)
		assert.Equal(t, tc.message, e.Text.EN, name)
		assert.Contains(t, e.Text.JA, "ユーザーを変更できません", name)
	}
	err := c.User.UpdateOneID(f.alice.ID).SetName("x").Exec(context.Background())
	assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindUnauthenticated})

	names := map[string]bool{}
	for _, u := range c.User.Query().AllX(system()) {
		names[u.Name] = true
	}
	assert.Equal(t, map[string]bool{"Alice A.": true, "Bob": true}, names, "only Alice's own change was made")
	require.NoError(t, c.User.UpdateOneID(f.bob.ID).SetName("Bob B.").Exec(system()), "the system context changes anyone")
}

func TestAuthz_OnlyAdministratorsSeeInvitations(t *testing.T) {
	f := newFixture(t)
	inv := f.client.Invitation.Create().SetOrganizationID(f.org.ID).SetEmail("new@example.com").SetRole(viewer.RoleMember).
		SetTokenHash("hash").SetExpiresAt(time.Now().Add(time.Hour)).SetInvitedByID(f.alice.ID).SaveX(system())
	for _, role := range roles {
		ctx := f.as(f.alice, role)
		n, err := f.client.Invitation.Query().Count(ctx)
		require.NoError(t, err, role)
		_, getErr := f.client.Invitation.Get(ctx, inv.ID)
		if role == viewer.RoleOwner || role == viewer.RoleAdmin {
			assert.Equal(t, 1, n, role)
			assert.NoError(t, getErr, role)
			continue
		}
		assert.Equal(t, 0, n, role)
		assert.True(t, ent.IsNotFound(getErr), "%s: an invitation it may not read does not exist: %v", role, getErr)
	}
}

// OnlyRowsRead limits the roles given to the rows of its predicate and leaves every other viewer,
// and the system context, as it was; rows left out are not found, as rows that do not exist.
func TestAuthz_OnlyRowsReadLimitsTheRolesGivenToSomeRows(t *testing.T) {
	f := newFixture(t)
	other := f.client.Site.Create().SetOrganizationID(f.org.ID).SetCompanyID(f.company.ID).SetName("工場").SaveX(system())
	rule := authz.OnlyRowsRead(site.Name("本社"), viewer.RoleAuditor, viewer.RoleMember)
	read := func(ctx context.Context) []string {
		t.Helper()
		q := f.client.Site.Query().Order(ent.Asc(site.FieldName))
		require.Equal(t, "skip", decision(rule.EvalQuery(ctx, q)), "the rule filters and lets the next rules decide")
		names, err := q.Select(site.FieldName).Strings(ctx)
		require.NoError(t, err)
		return names
	}
	for _, role := range roles {
		want := []string{"工場", "本社"}
		if role == viewer.RoleAuditor || role == viewer.RoleMember {
			want = []string{"本社"}
		}
		assert.Equal(t, want, read(f.as(f.alice, role)), role)
	}
	assert.Equal(t, []string{"工場", "本社"}, read(system()))

	q := f.client.Site.Query().Where(site.ID(other.ID))
	require.Equal(t, "skip", decision(rule.EvalQuery(f.as(f.alice, viewer.RoleAuditor), q)))
	_, err := q.Only(f.as(f.alice, viewer.RoleAuditor))
	assert.True(t, ent.IsNotFound(err), "a row left out is not found: %v", err)
}

func TestAuthz_RefreshTokensAreForTheSystemContextAlone(t *testing.T) {
	f := newFixture(t)
	_, err := f.client.RefreshToken.Query().All(f.as(f.alice, viewer.RoleOwner))
	assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
	err = f.client.RefreshToken.Create().SetOrganizationID(f.org.ID).SetUserID(f.alice.ID).SetFamily("SE1").
		SetTokenHash("h").SetExpiresAt(time.Now().Add(time.Hour)).Exec(f.as(f.alice, viewer.RoleOwner))
	assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
	_, err = f.client.RefreshToken.Query().All(system())
	assert.NoError(t, err)
}

func TestAuthz_PasswordResetsAreForTheSystemContextAlone(t *testing.T) {
	f := newFixture(t)
	_, err := f.client.PasswordReset.Query().All(f.as(f.alice, viewer.RoleOwner))
	assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
	err = f.client.PasswordReset.Create().SetOrganizationID(f.org.ID).SetUserID(f.alice.ID).SetIssuedByID(f.alice.ID).
		SetTokenHash("h").SetExpiresAt(time.Now().Add(time.Hour)).Exec(f.as(f.alice, viewer.RoleOwner))
	assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindForbidden})
	_, err = f.client.PasswordReset.Query().All(system())
	assert.NoError(t, err)
}

func TestAuthz_CheckAsksThePolicyAboutAWriteNotMade(t *testing.T) {
	f := newFixture(t)
	m := f.client.Site.UpdateOneID(f.site.ID).Mutation()
	assert.NoError(t, authz.Check(f.as(f.alice, viewer.RoleSecretariat), site.Policy, m))
	err := authz.Check(f.as(f.alice, viewer.RoleMember), site.Policy, m)
	assert.ErrorIs(t, err, apperr.Forbidden(apperr.RoleRequired, "the MEMBER role cannot change sites", ""))
	if e, ok := apperr.As(err); assert.True(t, ok) {
		assert.Equal(t, "MEMBERロールでは拠点を変更できません", e.Text.JA)
	}
	assert.Error(t, authz.Check(system(), nil, m), "a missing policy is an error, not an allow")
}
