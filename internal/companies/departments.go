package companies

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/department"
	"secretariat/ent/user"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// CreateDepartment adds a department to a company the viewer reaches.
func (s *Service) CreateDepartment(ctx context.Context, in CreateDepartmentInput) (*ent.Department, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create department: %w", err)
	}
	if _, err := s.activeCompany(ctx, in.CompanyID); err != nil {
		return nil, fmt.Errorf("create department: %w", err)
	}
	if err := s.checkLinks(ctx, in.CompanyID, in.SiteID, in.HeadID); err != nil {
		return nil, fmt.Errorf("create department: %w", err)
	}
	d, err := s.db.Department.Create().
		SetCompanyID(in.CompanyID).
		SetName(in.Name).
		SetNillableSiteID(in.SiteID).
		SetNillableHeadID(in.HeadID).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create department: %w", err)
	}
	return d, nil
}

// UpdateDepartment changes the fields set in the input.
func (s *Service) UpdateDepartment(ctx context.Context, in UpdateDepartmentInput) (*ent.Department, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update department: %w", err)
	}
	d, err := s.db.Department.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update department: %w", err)
	}
	if d.ArchivedAt != nil {
		return nil, fmt.Errorf("update department: %w", errArchived("department", "部署"))
	}
	if err := s.checkLinks(ctx, d.CompanyID, in.SiteID, in.HeadID); err != nil {
		return nil, fmt.Errorf("update department: %w", err)
	}
	update := d.Update().SetNillableName(in.Name).SetNillableSiteID(in.SiteID).SetNillableHeadID(in.HeadID)
	if validate.IsNull(in.Null, "siteID") {
		update.ClearSiteID()
	}
	if validate.IsNull(in.Null, "headID") {
		update.ClearHeadID()
	}
	if d, err = update.Save(ctx); err != nil {
		return nil, fmt.Errorf("update department: %w", err)
	}
	return d, nil
}

// SetDepartmentArchived archives (archived true) or restores a department.
func (s *Service) SetDepartmentArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Department, error) {
	rec, err := archive.Set[*ent.DepartmentMutation](ctx, department.Policy,
		func(ctx context.Context) (*ent.Department, error) { return s.db.Department.Get(ctx, in.ID) },
		func(r *ent.Department) *time.Time { return r.ArchivedAt },
		(*ent.Department).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive department: %w", err)
	}
	return rec, nil
}

// checkLinks refuses a site of another company and a head who is not a member of the
// organization: edges never cross companies or organizations.
func (s *Service) checkLinks(ctx context.Context, companyID pulid.ID, siteID, headID *pulid.ID) error {
	var errs []error
	if siteID != nil {
		site, err := s.db.Site.Get(ctx, *siteID)
		switch {
		case ent.IsNotFound(err):
			errs = append(errs, apperr.Invalid("siteID", apperr.UnknownID,
				"must be a site of the department's company", "部署と同じ会社の拠点を指定してください"))
		case err != nil:
			return err
		case site.CompanyID != companyID:
			errs = append(errs, apperr.Invalid("siteID", apperr.InvalidValue,
				"must be a site of the department's company", "部署と同じ会社の拠点を指定してください"))
		}
	}
	if headID != nil {
		ok, err := s.db.User.Query().Where(user.ID(*headID)).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			errs = append(errs, apperr.Invalid("headID", apperr.UnknownID, "must be a member of the organization", "組織のメンバーを指定してください"))
		}
	}
	return apperr.Join(errs...)
}
