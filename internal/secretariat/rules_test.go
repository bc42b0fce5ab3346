package secretariat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent/committeemember"
	"secretariat/ent/departmentrepresentative"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/secretariat"
	"secretariat/internal/servicetest"
)

func ptr[T any](v T) *T { return &v }

// The committee's members work in the company, not as its auditor; it has at most one chair,
// handed over only with replaceChair; no one is seated twice; only editors seat anyone.
func TestSecretariat_CommitteeRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := secretariat.NewService(f.Client, servicetest.Log)
	o := f.Org
	chair, err := s.AddCommitteeMember(o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{CompanyID: o.A, UserID: o.Owner.UserID, Role: committeemember.RoleCHAIR})
	require.NoError(t, err)
	f.Client.Company.UpdateOneID(o.B).SetArchivedAt(time.Now()).ExecX(f.System)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   secretariat.AddCommitteeMemberInput
		want servicetest.Want
	}{
		{"an editor seats a member of the company", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Member.UserID, Title: ptr(" 情報システム部長 ")}, servicetest.OK},
		{"the role is MEMBER unless given", o.Consultant.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Consultant.UserID}, servicetest.OK},
		{"a member seats no one", o.Member.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Member.UserID}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor seats no one", o.Auditor.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Member.UserID}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an auditor takes no seat in the ISMS it audits", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Auditor.UserID}, servicetest.Invalid("userID", apperr.RoleRequired)},
		{"a person of another organization takes no seat", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: f.Other.Member.UserID}, servicetest.Invalid("userID", apperr.InvalidValue)},
		{"a person who never existed takes no seat, answered alike", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: pulid.New("US")}, servicetest.Invalid("userID", apperr.InvalidValue)},
		{"no one is seated twice", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Owner.UserID}, servicetest.Conflict(apperr.Duplicate)},
		{"a second chair is refused", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Admin.UserID, Role: committeemember.RoleCHAIR}, servicetest.Conflict(apperr.Duplicate)},
		{"an unknown role is refused", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Admin.UserID, Role: "SPEAKER"}, servicetest.Invalid("role", apperr.InvalidValue)},
		{"the title has at most 200 characters", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{UserID: o.Admin.UserID, Title: ptr(strings.Repeat("長", 201))}, servicetest.Invalid("title", apperr.TooLong)},
		{"a company not granted is unknown", o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{CompanyID: o.B, UserID: o.Admin.UserID}, servicetest.Invalid("companyID", apperr.UnknownID)},
		{"an archived company seats no one", o.Owner.Ctx, secretariat.AddCommitteeMemberInput{CompanyID: o.B, UserID: o.Admin.UserID}, servicetest.Invalid("companyID", apperr.Archived)},
		{"a company of another organization is unknown", o.Owner.Ctx, secretariat.AddCommitteeMemberInput{CompanyID: f.Other.A, UserID: f.Other.Member.UserID}, servicetest.Invalid("companyID", apperr.UnknownID)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.CompanyID == "" {
				tc.in.CompanyID = o.A
			}
			before := f.Snapshot(t)
			m, err := s.AddCommitteeMember(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			stored := f.Client.CommitteeMember.GetX(f.System, m.ID)
			assert.Equal(t, committeemember.RoleMEMBER, stored.Role)
			if tc.in.Title != nil {
				assert.Equal(t, ptr(strings.TrimSpace(*tc.in.Title)), stored.Title)
			}
		})
	}

	t.Run("replaceChair hands the chair over, the former chair stays a member", func(t *testing.T) {
		next, err := s.AddCommitteeMember(o.Secretariat.Ctx, secretariat.AddCommitteeMemberInput{CompanyID: o.A, UserID: o.Admin.UserID, Role: committeemember.RoleCHAIR, ReplaceChair: true})
		require.NoError(t, err)
		assert.Equal(t, committeemember.RoleCHAIR, next.Role)
		assert.Equal(t, committeemember.RoleMEMBER, f.Client.CommitteeMember.GetX(f.System, chair.ID).Role)
		assert.Equal(t, 1, f.Client.CommitteeMember.Query().Where(committeemember.RoleEQ(committeemember.RoleCHAIR)).CountX(f.System))
	})
	t.Run("a member made chair needs replaceChair too", func(t *testing.T) {
		before := f.Snapshot(t)
		_, err := s.UpdateCommitteeMember(o.Secretariat.Ctx, secretariat.UpdateCommitteeMemberInput{ID: chair.ID, Role: ptr(committeemember.RoleCHAIR)})
		servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)
		f.Unchanged(t, before)
		got, err := s.UpdateCommitteeMember(o.Secretariat.Ctx, secretariat.UpdateCommitteeMemberInput{ID: chair.ID, Role: ptr(committeemember.RoleCHAIR), ReplaceChair: true, Title: ptr("")})
		require.NoError(t, err)
		assert.Equal(t, committeemember.RoleCHAIR, got.Role)
		assert.Nil(t, got.Title, "an empty title clears it")
		assert.Equal(t, 1, f.Client.CommitteeMember.Query().Where(committeemember.RoleEQ(committeemember.RoleCHAIR)).CountX(f.System))
	})
	t.Run("a member changes and removes no seat", func(t *testing.T) {
		before := f.Snapshot(t)
		_, err := s.UpdateCommitteeMember(o.Member.Ctx, secretariat.UpdateCommitteeMemberInput{ID: chair.ID, Title: ptr("x")})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		_, err = s.RemoveCommitteeMember(o.Member.Ctx, secretariat.RemoveInput{ID: chair.ID})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		_, err = s.RemoveCommitteeMember(f.Other.Owner.Ctx, secretariat.RemoveInput{ID: chair.ID})
		servicetest.Check(t, servicetest.NotFound, err)
		f.Unchanged(t, before)
	})
	t.Run("removing the chair leaves the committee without one", func(t *testing.T) {
		removed, err := s.RemoveCommitteeMember(o.Secretariat.Ctx, secretariat.RemoveInput{ID: chair.ID})
		require.NoError(t, err)
		assert.Equal(t, chair.ID, removed.RemovedID)
		assert.Equal(t, o.A, removed.Company.ID)
		assert.False(t, f.Client.CommitteeMember.Query().Where(committeemember.ID(chair.ID)).ExistX(f.System), "an appointment is deleted, not archived")
		assert.Equal(t, 0, f.Client.CommitteeMember.Query().Where(committeemember.RoleEQ(committeemember.RoleCHAIR)).CountX(f.System))
	})
}

// A responsibility has at most one PRIMARY holder, handed over only with replacePrimary, and
// any number of backups; a person holds a responsibility once.
func TestSecretariat_AssignmentRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := secretariat.NewService(f.Client, servicetest.Log)
	o := f.Org
	leader, err := s.AssignSecretariatResponsibility(o.Owner.Ctx, secretariat.AssignSecretariatResponsibilityInput{CompanyID: o.A, UserID: o.Secretariat.UserID,
		Responsibility: secretariatassignment.ResponsibilityDOCUMENT_CONTROL})
	require.NoError(t, err)
	assert.Equal(t, secretariatassignment.PositionPRIMARY, leader.Position, "PRIMARY unless given")
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   secretariat.AssignSecretariatResponsibilityInput
		want servicetest.Want
	}{
		{"a backup joins the primary holder", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Member.UserID, Position: secretariatassignment.PositionBACKUP}, servicetest.OK},
		{"backups are not limited", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Consultant.UserID, Position: secretariatassignment.PositionBACKUP}, servicetest.OK},
		{"a second primary holder is refused", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Admin.UserID}, servicetest.Conflict(apperr.Duplicate)},
		{"a person holds a responsibility once", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Secretariat.UserID, Position: secretariatassignment.PositionBACKUP}, servicetest.Conflict(apperr.Duplicate)},
		{"an auditor holds no responsibility", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Auditor.UserID, Position: secretariatassignment.PositionBACKUP}, servicetest.Invalid("userID", apperr.RoleRequired)},
		{"a person of another organization holds none", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: f.Other.Secretariat.UserID, Position: secretariatassignment.PositionBACKUP}, servicetest.Invalid("userID", apperr.InvalidValue)},
		{"a member assigns no one", o.Member.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Admin.UserID, Position: secretariatassignment.PositionBACKUP}, servicetest.Forbidden(apperr.RoleRequired)},
		{"an unknown responsibility is refused", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Admin.UserID, Responsibility: "COFFEE"}, servicetest.Invalid("responsibility", apperr.InvalidValue)},
		{"an unknown position is refused", o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{UserID: o.Admin.UserID, Position: "DEPUTY"}, servicetest.Invalid("position", apperr.InvalidValue)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.CompanyID = o.A
			if tc.in.Responsibility == "" {
				tc.in.Responsibility = secretariatassignment.ResponsibilityDOCUMENT_CONTROL
			}
			before := f.Snapshot(t)
			a, err := s.AssignSecretariatResponsibility(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				f.Unchanged(t, before)
				return
			}
			assert.Equal(t, tc.in.Position, f.Client.SecretariatAssignment.GetX(f.System, a.ID).Position)
		})
	}

	t.Run("one person holds several responsibilities", func(t *testing.T) {
		_, err := s.AssignSecretariatResponsibility(o.Secretariat.Ctx, secretariat.AssignSecretariatResponsibilityInput{CompanyID: o.A, UserID: o.Secretariat.UserID,
			Responsibility: secretariatassignment.ResponsibilityTRAINING})
		assert.NoError(t, err)
	})
	t.Run("replacePrimary makes the former primary holder a backup", func(t *testing.T) {
		backup := f.Client.SecretariatAssignment.Query().Where(secretariatassignment.UserID(o.Member.UserID)).OnlyX(f.System)
		before := f.Snapshot(t)
		_, err := s.UpdateSecretariatAssignment(o.Secretariat.Ctx, secretariat.UpdateSecretariatAssignmentInput{ID: backup.ID, Position: secretariatassignment.PositionPRIMARY})
		servicetest.Check(t, servicetest.Conflict(apperr.Duplicate), err)
		f.Unchanged(t, before)
		got, err := s.UpdateSecretariatAssignment(o.Secretariat.Ctx, secretariat.UpdateSecretariatAssignmentInput{ID: backup.ID, Position: secretariatassignment.PositionPRIMARY, ReplacePrimary: true})
		require.NoError(t, err)
		assert.Equal(t, secretariatassignment.PositionPRIMARY, got.Position)
		assert.Equal(t, secretariatassignment.PositionBACKUP, f.Client.SecretariatAssignment.GetX(f.System, leader.ID).Position)
	})
	t.Run("unassigning the primary holder leaves the backups backups", func(t *testing.T) {
		primary := f.Client.SecretariatAssignment.Query().Where(secretariatassignment.UserID(o.Member.UserID)).OnlyX(f.System)
		before := f.Snapshot(t)
		_, err := s.UnassignSecretariatResponsibility(o.Member.Ctx, secretariat.RemoveInput{ID: primary.ID})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		f.Unchanged(t, before)
		_, err = s.UnassignSecretariatResponsibility(o.Secretariat.Ctx, secretariat.RemoveInput{ID: primary.ID})
		require.NoError(t, err)
		assert.Equal(t, 0, f.Client.SecretariatAssignment.Query().Where(
			secretariatassignment.ResponsibilityEQ(secretariatassignment.ResponsibilityDOCUMENT_CONTROL),
			secretariatassignment.PositionEQ(secretariatassignment.PositionPRIMARY)).CountX(f.System))
		assert.Equal(t, 2, f.Client.SecretariatAssignment.Query().Where(
			secretariatassignment.ResponsibilityEQ(secretariatassignment.ResponsibilityDOCUMENT_CONTROL)).CountX(f.System))
	})
}

// A representative works in the company and represents one of its departments, not archived,
// once.
func TestSecretariat_RepresentativeRules(t *testing.T) {
	f := servicetest.SQLite(t)
	s := secretariat.NewService(f.Client, servicetest.Log)
	o := f.Org
	dept := func(company pulid.ID, archived bool) pulid.ID {
		c := f.Client.Department.Create().SetOrganizationID(f.OrgOf(company)).SetCompanyID(company).SetName("総務部")
		if archived {
			c.SetArchivedAt(time.Now())
		}
		return c.SaveX(f.System).ID
	}
	general, ofB, closed, ofOther := dept(o.A, false), dept(o.B, false), dept(o.A, true), dept(f.Other.A, false)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		in   secretariat.AddDepartmentRepresentativeInput
		want servicetest.Want
	}{
		{"an editor names a representative", o.Secretariat.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: general, UserID: o.Member.UserID}, servicetest.OK},
		{"a department may have several", o.Secretariat.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: general, UserID: o.Secretariat.UserID}, servicetest.OK},
		{"a person represents a department once", o.Secretariat.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: general, UserID: o.Member.UserID}, servicetest.Conflict(apperr.Duplicate)},
		{"the department is of the company", o.Owner.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: ofB, UserID: o.Admin.UserID}, servicetest.Invalid("departmentID", apperr.InvalidValue)},
		{"a department not reached is unknown", o.Secretariat.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: ofB, UserID: o.Admin.UserID}, servicetest.Invalid("departmentID", apperr.UnknownID)},
		{"a department of another organization is unknown", o.Owner.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: ofOther, UserID: o.Admin.UserID}, servicetest.Invalid("departmentID", apperr.UnknownID)},
		{"an archived department takes no representative", o.Owner.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: closed, UserID: o.Admin.UserID}, servicetest.Invalid("departmentID", apperr.Archived)},
		{"an auditor represents no department", o.Owner.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: general, UserID: o.Auditor.UserID}, servicetest.Invalid("userID", apperr.RoleRequired)},
		{"both problems are told at once", o.Owner.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: closed, UserID: f.Other.Member.UserID}, servicetest.Invalid("userID", apperr.InvalidValue)},
		{"a member names no one", o.Member.Ctx, secretariat.AddDepartmentRepresentativeInput{DepartmentID: general, UserID: o.Admin.UserID}, servicetest.Forbidden(apperr.RoleRequired)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.CompanyID = o.A
			before := f.Snapshot(t)
			r, err := s.AddDepartmentRepresentative(tc.ctx, tc.in)
			if !servicetest.Check(t, tc.want, err) {
				return
			}
			if tc.want.Fails() {
				if tc.name == "both problems are told at once" {
					servicetest.Check(t, servicetest.Invalid("departmentID", apperr.Archived), err)
				}
				f.Unchanged(t, before)
				return
			}
			assert.Equal(t, general, f.Client.DepartmentRepresentative.GetX(f.System, r.ID).DepartmentID)
		})
	}
	t.Run("a representative is removed by an editor only", func(t *testing.T) {
		r := f.Client.DepartmentRepresentative.Query().Where(departmentrepresentative.UserID(o.Member.UserID)).OnlyX(f.System)
		before := f.Snapshot(t)
		_, err := s.RemoveDepartmentRepresentative(o.Auditor.Ctx, secretariat.RemoveInput{ID: r.ID})
		servicetest.Check(t, servicetest.Forbidden(apperr.RoleRequired), err)
		f.Unchanged(t, before)
		_, err = s.RemoveDepartmentRepresentative(o.Consultant.Ctx, secretariat.RemoveInput{ID: r.ID})
		require.NoError(t, err)
		assert.False(t, f.Client.DepartmentRepresentative.Query().Where(departmentrepresentative.ID(r.ID)).ExistX(f.System))
	})
}
