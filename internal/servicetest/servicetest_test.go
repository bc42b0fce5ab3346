package servicetest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/servicetest"
	"secretariat/internal/viewer"
)

// The fixture's people reach the companies their roles say, and nothing of the other
// organization.
func TestFixture_EachRoleReachesItsCompanies(t *testing.T) {
	f := servicetest.SQLite(t)
	o := f.Org
	for _, tc := range []struct {
		who  servicetest.Person
		role viewer.Role
		sees []pulid.ID
	}{
		{o.Owner, viewer.RoleOwner, []pulid.ID{o.A, o.B}},
		{o.Admin, viewer.RoleAdmin, []pulid.ID{o.A, o.B}},
		{o.Consultant, viewer.RoleConsultant, []pulid.ID{o.A, o.B}},
		{o.Secretariat, viewer.RoleSecretariat, []pulid.ID{o.A}},
		{o.Member, viewer.RoleMember, []pulid.ID{o.A}},
		{o.Auditor, viewer.RoleAuditor, []pulid.ID{o.A}},
		{f.Other.Owner, viewer.RoleOwner, []pulid.ID{f.Other.A, f.Other.B}},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			assert.Equal(t, tc.role, tc.who.Role)
			ids := f.Client.Company.Query().Order(ent.Asc(company.FieldID)).IDsX(tc.who.Ctx)
			assert.ElementsMatch(t, tc.sees, ids)
			m := f.Client.Membership.GetX(f.System, tc.who.MembershipID)
			assert.Equal(t, tc.who.UserID, m.UserID)
			assert.Equal(t, tc.role, m.Role)
		})
	}
	assert.NotNil(t, f.Client.Membership.GetX(f.System, o.Auditor.MembershipID).ExpiresAt, "the auditor's access ends")
	assert.Len(t, o.People(), 6)
}

// recorder stands for a test, keeping whether an assertion failed.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(string, ...any)     { r.failed = true }
func (r *recorder) Fatalf(f string, a ...any) { r.failed = true; panic(fmt.Sprintf(f, a...)) }
func (r *recorder) FailNow()                  { r.failed = true }
func (r *recorder) Logf(string, ...any)       {}
func (r *recorder) Name() string              { return "recorder" }
func (r *recorder) Cleanup(func())            {}
func (r *recorder) Setenv(string, string)     {}
func (r *recorder) TempDir() string           { return "" }
func (r *recorder) Log(...any)                {}
func (r *recorder) Error(...any)              { r.failed = true }

// Check holds a failure to its kind, reason and field, reads ent's errors as the presenter does,
// and fails on success when a failure is expected and the other way round.
func TestCheck_MatchesKindReasonAndField(t *testing.T) {
	bad := apperr.Invalid("title", apperr.Required, "must not be empty", "入力してください")
	joined := apperr.Join(apperr.Invalid("dueDate", apperr.OutOfRange, "x", "x"), bad)
	for _, tc := range []struct {
		name string
		want servicetest.Want
		err  error
		ok   bool
	}{
		{"the same problem", servicetest.Invalid("title", apperr.Required), bad, true},
		{"one of several problems", servicetest.Invalid("title", apperr.Required), fmt.Errorf("create: %w", joined), true},
		{"another field", servicetest.Invalid("name", apperr.Required), bad, false},
		{"another reason", servicetest.Invalid("title", apperr.TooLong), bad, false},
		{"another kind", servicetest.Forbidden(apperr.Required), bad, false},
		{"no error where one was expected", servicetest.NotFound, nil, false},
		{"an error where none was expected", servicetest.OK, bad, false},
		{"ent's not found is NOT_FOUND", servicetest.NotFound, fmt.Errorf("get: %w", &ent.NotFoundError{}), true},
		{"a plain error is internal", servicetest.NotFound, fmt.Errorf("boom"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			got := servicetest.Check(r, tc.want, tc.err)
			assert.Equal(t, tc.ok, got)
			assert.Equal(t, !tc.ok, r.failed)
		})
	}
}

// Unchanged notices a row written behind a refusal's back.
func TestUnchanged_NoticesAWrite(t *testing.T) {
	f := servicetest.SQLite(t)
	before := f.Snapshot(t)
	r := &recorder{}
	require.True(t, f.Unchanged(r, before))
	f.Client.Company.UpdateOneID(f.Org.A).SetName("改名").ExecX(f.System)
	assert.False(t, f.Unchanged(r, before))
	assert.True(t, r.failed)
}
