package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"secretariat/ent/privacy"
	"secretariat/internal/tenancy"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/viewer"
)

// The training module's records. Editors keep the courses and run the campaigns; everyone of the
// company reads the courses and their materials. A MEMBER reads only its own assignments (not
// the campaigns, not anyone else's results) and completes them itself; the certification AUDITOR
// reads the training history, which is evidence of 7.2 and 7.3.

// membersOwnAssignments limits a MEMBER to its own assignments.
func membersOwnAssignments() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		v := tenancy.Who(ctx).Viewer
		if v == nil || v.Role != viewer.RoleMember {
			return privacy.Skip
		}
		user := v.UserID
		return authz.OnlyRowsRead(func(s *sql.Selector) { s.Where(sql.EQ(s.C("user_id"), user)) }, viewer.RoleMember).EvalQuery(ctx, q)
	})
}

// ownCompletion allows a person to complete its own assignment, and to change nothing else of it.
func ownCompletion() privacy.MutationRule {
	return authz.AllowOwnFields("user_id", "completed_at", "expires_on", "score", "passed", "attested", "updated_at")
}

// Policy of the TrainingCourse: editors keep the courses; everyone of the company reads them.
func (TrainingCourse) Policy() ent.Policy {
	return editedBy("training courses", authz.Create|authz.Update)
}

// Policy of the TrainingMaterial: set with the course.
func (TrainingMaterial) Policy() ent.Policy {
	return editedBy("training materials", authz.AnyWrite)
}

// Policy of the TrainingCampaign: editors run campaigns; a MEMBER does not read them.
func (TrainingCampaign) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(authz.OnlyRolesRead(viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat, viewer.RoleAuditor)),
		Mutation: editorsWrite("training campaigns", authz.Create|authz.Update),
	}
}

// Policy of the TrainingAssignment: editors assign and record drill results; a person completes
// its own; a MEMBER reads only its own.
func (TrainingAssignment) Policy() ent.Policy {
	return privacy.Policy{
		Query:    authz.Reads(membersOwnAssignments()),
		Mutation: editorsWrite("training assignments", authz.Create|authz.Update, ownCompletion()),
	}
}
