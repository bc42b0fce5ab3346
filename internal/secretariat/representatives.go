package secretariat

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/departmentrepresentative"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
)

// AddDepartmentRepresentative names a person to represent a department of the company towards
// the secretariat.
func (s *Service) AddDepartmentRepresentative(ctx context.Context, in AddDepartmentRepresentativeInput) (*ent.DepartmentRepresentative, error) {
	var out *ent.DepartmentRepresentative
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if _, err := activeCompany(ctx, tx, in.CompanyID); err != nil {
			return err
		}
		create := tx.DepartmentRepresentative.Create().
			SetCompanyID(in.CompanyID).
			SetDepartmentID(in.DepartmentID).
			SetUserID(in.UserID)
		if err := authz.Check(ctx, departmentrepresentative.Policy, create.Mutation()); err != nil {
			return err
		}
		if err := problems(
			checkDepartment(ctx, tx, in.DepartmentID, in.CompanyID),
			checkPerson(ctx, tx, "userID", in.UserID, in.CompanyID),
		); err != nil {
			return err
		}
		named, err := tx.DepartmentRepresentative.Query().
			Where(departmentrepresentative.DepartmentID(in.DepartmentID), departmentrepresentative.UserID(in.UserID)).
			Exist(ctx)
		if err != nil {
			return err
		}
		if named {
			return apperr.Conflict(apperr.Duplicate, "the person already represents the department", "この方はすでにこの部署の代表者です")
		}
		out, err = create.Save(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add department representative: %w", err)
	}
	return out, nil
}

// RemoveDepartmentRepresentative takes a representative off a department.
func (s *Service) RemoveDepartmentRepresentative(ctx context.Context, in RemoveInput) (*Removal, error) {
	var out *Removal
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		r, err := tx.DepartmentRepresentative.Query().Where(departmentrepresentative.ID(in.ID)).WithCompany().Only(ctx)
		if err != nil {
			return err
		}
		if err := tx.DepartmentRepresentative.DeleteOne(r).Exec(ctx); err != nil {
			return err
		}
		out = &Removal{RemovedID: r.ID, Company: r.Edges.Company}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("remove department representative: %w", err)
	}
	return out, nil
}

// checkDepartment refuses a department that is not one of the company's, or is archived. A
// department the viewer cannot reach gets the same answer as one that never existed.
func checkDepartment(ctx context.Context, tx *ent.Client, departmentID, companyID pulid.ID) error {
	d, err := tx.Department.Get(ctx, departmentID)
	switch {
	case ent.IsNotFound(err):
		return apperr.Invalid("departmentID", apperr.UnknownID, "must be a department of the company", "この会社の部署を指定してください")
	case err != nil:
		return err
	case d.CompanyID != companyID:
		return apperr.Invalid("departmentID", apperr.InvalidValue, "must be a department of the company", "この会社の部署を指定してください")
	case d.ArchivedAt != nil:
		return apperr.Invalid("departmentID", apperr.Archived, "the department is archived; restore it first", "部署はアーカイブされています。先に復元してください")
	}
	return nil
}
