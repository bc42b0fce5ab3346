package secretariat

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
)

// AssignSecretariatResponsibility gives a person a responsibility in the company's secretariat.
// One person may hold several responsibilities; a responsibility may have any number of backups.
func (s *Service) AssignSecretariatResponsibility(ctx context.Context, in AssignSecretariatResponsibilityInput) (*ent.SecretariatAssignment, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("assign secretariat responsibility: %w", err)
	}
	var out *ent.SecretariatAssignment
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if _, err := activeCompany(ctx, tx, in.CompanyID); err != nil {
			return err
		}
		create := tx.SecretariatAssignment.Create().
			SetCompanyID(in.CompanyID).
			SetUserID(in.UserID).
			SetResponsibility(in.Responsibility).
			SetPosition(in.Position)
		if err := authz.Check(ctx, secretariatassignment.Policy, create.Mutation()); err != nil {
			return err
		}
		if err := checkPerson(ctx, tx, "userID", in.UserID, in.CompanyID); err != nil {
			return err
		}
		held, err := tx.SecretariatAssignment.Query().
			Where(secretariatassignment.CompanyID(in.CompanyID),
				secretariatassignment.ResponsibilityEQ(in.Responsibility),
				secretariatassignment.UserID(in.UserID)).
			Exist(ctx)
		if err != nil {
			return err
		}
		if held {
			return apperr.Conflict(apperr.Duplicate, "the person already holds this responsibility; change their position instead",
				"この方はすでにこの業務を担当しています。担当区分を変更してください")
		}
		if in.Position == secretariatassignment.PositionPRIMARY {
			if err := makeRoomForPrimary(ctx, tx, in.CompanyID, in.Responsibility, "", in.ReplacePrimary); err != nil {
				return err
			}
		}
		out, err = create.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("assign secretariat responsibility: %w", err)
	}
	return out, nil
}

// UpdateSecretariatAssignment moves an assignment between PRIMARY and BACKUP.
func (s *Service) UpdateSecretariatAssignment(ctx context.Context, in UpdateSecretariatAssignmentInput) (*ent.SecretariatAssignment, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update secretariat assignment: %w", err)
	}
	var out *ent.SecretariatAssignment
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		a, err := tx.SecretariatAssignment.Get(ctx, in.ID)
		if err != nil {
			return err
		}
		update := a.Update().SetPosition(in.Position)
		if err := authz.Check(ctx, secretariatassignment.Policy, update.Mutation()); err != nil {
			return err
		}
		if in.Position == secretariatassignment.PositionPRIMARY && a.Position != secretariatassignment.PositionPRIMARY {
			if err := makeRoomForPrimary(ctx, tx, a.CompanyID, a.Responsibility, a.ID, in.ReplacePrimary); err != nil {
				return err
			}
		}
		out, err = update.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update secretariat assignment: %w", err)
	}
	return out, nil
}

// UnassignSecretariatResponsibility takes a responsibility away from a person. Taking away the
// primary holder leaves the responsibility uncovered until another is named; backups stay
// backups.
func (s *Service) UnassignSecretariatResponsibility(ctx context.Context, in RemoveInput) (*Removal, error) {
	var out *Removal
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		a, err := tx.SecretariatAssignment.Query().Where(secretariatassignment.ID(in.ID)).WithCompany().Only(ctx)
		if err != nil {
			return err
		}
		if err := tx.SecretariatAssignment.DeleteOne(a).Exec(ctx); err != nil {
			return err
		}
		out = &Removal{RemovedID: a.ID, Company: a.Edges.Company}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("unassign secretariat responsibility: %w", err)
	}
	return out, nil
}

// makeRoomForPrimary lets the assignment self (or a new one, self "") become the primary holder
// of the responsibility: with another primary holder, replace makes them a BACKUP and otherwise
// the appointment is refused. A partial unique index keeps two concurrent appointments from both
// succeeding.
func makeRoomForPrimary(ctx context.Context, tx *ent.Client, companyID pulid.ID, r secretariatassignment.Responsibility, self pulid.ID, replace bool) error {
	q := tx.SecretariatAssignment.Query().Where(
		secretariatassignment.CompanyID(companyID),
		secretariatassignment.ResponsibilityEQ(r),
		secretariatassignment.PositionEQ(secretariatassignment.PositionPRIMARY))
	if self != "" {
		q.Where(secretariatassignment.IDNEQ(self))
	}
	primary, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !replace {
		return apperr.Conflict(apperr.Duplicate, "the responsibility already has a PRIMARY holder; make them a BACKUP first, or set replacePrimary",
			"この業務にはすでに主担当（PRIMARY）がいます。先に現在の主担当をBACKUPにするか、replacePrimaryを指定してください")
	}
	return primary.Update().SetPosition(secretariatassignment.PositionBACKUP).Exec(ctx)
}
