// Package assets keeps a company's information-asset inventory (情報資産台帳): what the company
// must protect, its type, where it lives (site, department), who owns it, and its
// confidentiality, integrity and availability ratings (1–3). Names are unique in a company,
// because imports match on them. Assets are archived, never deleted.
//
// Isolation and roles come from the ent schema: an asset, site or department of another tenant is
// not found, and only editors write. This package checks what the schema cannot: that the site
// and the department belong to the asset's company and are not archived, and that the owner
// works in the company and is not a read-only AUDITOR. Risks link assets (package risks).
package assets

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service creates, changes, archives and restores assets.
type Service struct {
	db  *ent.Client
	log *slog.Logger
	now func() time.Time
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log, now: time.Now}
}

var errArchived = apperr.Invalid("id", apperr.Archived, "the asset is archived; restore it first", "資産はアーカイブされています。先に復元してください")

// Create adds an asset to a company the viewer reaches.
func (s *Service) Create(ctx context.Context, in CreateAssetInput) (*ent.Asset, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create asset: %w", err)
	}
	c, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("create asset: %w", validate.Reference("companyID", err))
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("create asset: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	if err := s.checkLinks(ctx, c.ID, in.SiteID, in.DepartmentID, in.OwnerID); err != nil {
		return nil, fmt.Errorf("create asset: %w", err)
	}
	if err := s.nameFree(ctx, c.ID, in.Name, ""); err != nil {
		return nil, fmt.Errorf("create asset: %w", err)
	}
	a, err := s.db.Asset.Create().
		SetCompanyID(c.ID).
		SetName(in.Name).
		SetType(in.Type).
		SetNillableSiteID(in.SiteID).
		SetNillableDepartmentID(in.DepartmentID).
		SetNillableOwnerID(in.OwnerID).
		SetNillableConfidentiality(in.Confidentiality).
		SetNillableIntegrity(in.Integrity).
		SetNillableAvailability(in.Availability).
		SetNillableLocation(in.Location).
		SetNillableRetention(in.Retention).
		SetNillableNotes(in.Notes).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create asset: %w", duplicate(err, in.Name))
	}
	return a, nil
}

// Update changes the fields set in the input.
func (s *Service) Update(ctx context.Context, in UpdateAssetInput) (*ent.Asset, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update asset: %w", err)
	}
	a, err := s.db.Asset.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update asset: %w", notFound(err))
	}
	if a.ArchivedAt != nil {
		return nil, fmt.Errorf("update asset: %w", errArchived)
	}
	if err := s.checkLinks(ctx, a.CompanyID, in.SiteID, in.DepartmentID, in.OwnerID); err != nil {
		return nil, fmt.Errorf("update asset: %w", err)
	}
	if in.Name != nil && *in.Name != a.Name {
		if err := s.nameFree(ctx, a.CompanyID, *in.Name, a.ID); err != nil {
			return nil, fmt.Errorf("update asset: %w", err)
		}
	}
	update := s.db.Asset.UpdateOneID(a.ID).
		SetNillableName(in.Name).
		SetNillableType(in.Type).
		SetNillableSiteID(in.SiteID).
		SetNillableDepartmentID(in.DepartmentID).
		SetNillableOwnerID(in.OwnerID).
		SetNillableConfidentiality(in.Confidentiality).
		SetNillableIntegrity(in.Integrity).
		SetNillableAvailability(in.Availability)
	update.SetNillableLocation(in.Location).SetNillableRetention(in.Retention).SetNillableNotes(in.Notes)
	for field, clear := range map[string]func() *ent.AssetUpdateOne{
		"siteID":       update.ClearSiteID,
		"departmentID": update.ClearDepartmentID,
		"ownerID":      update.ClearOwnerID,
		"location":     update.ClearLocation,
		"retention":    update.ClearRetention,
		"notes":        update.ClearNotes,
	} {
		if validate.IsNull(in.Null, field) {
			clear()
		}
	}
	name := a.Name
	if in.Name != nil {
		name = *in.Name
	}
	if a, err = update.Save(ctx); err != nil {
		return nil, fmt.Errorf("update asset: %w", duplicate(err, name))
	}
	return a, nil
}

// SetArchived archives (archived true) or restores an asset. An archived asset stays linked to
// its risks; it takes no new links and no changes until restored.
func (s *Service) SetArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Asset, error) {
	rec, err := archive.Set[*ent.AssetMutation](ctx, asset.Policy,
		func(ctx context.Context) (*ent.Asset, error) {
			a, err := s.db.Asset.Get(ctx, in.ID)
			return a, notFound(err)
		},
		func(r *ent.Asset) *time.Time { return r.ArchivedAt },
		(*ent.Asset).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive asset: %w", err)
	}
	return rec, nil
}

// checkLinks refuses a site or department of another company or archived, and an owner who
// does not work in the company or only reads it.
func (s *Service) checkLinks(ctx context.Context, companyID pulid.ID, siteID, departmentID, ownerID *pulid.ID) error {
	var errs []error
	if siteID != nil {
		site, err := s.db.Site.Get(ctx, *siteID)
		switch {
		case err != nil:
			return validate.Reference("siteID", err)
		case site.CompanyID != companyID:
			errs = append(errs, apperr.Invalid("siteID", apperr.InvalidValue, "must be a site of the asset's company", "資産と同じ会社の拠点を指定してください"))
		case site.ArchivedAt != nil:
			errs = append(errs, apperr.Invalid("siteID", apperr.Archived, "the site is archived", "拠点はアーカイブされています"))
		}
	}
	if departmentID != nil {
		d, err := s.db.Department.Get(ctx, *departmentID)
		switch {
		case err != nil:
			return validate.Reference("departmentID", err)
		case d.CompanyID != companyID:
			errs = append(errs, apperr.Invalid("departmentID", apperr.InvalidValue, "must be a department of the asset's company", "資産と同じ会社の部署を指定してください"))
		case d.ArchivedAt != nil:
			errs = append(errs, apperr.Invalid("departmentID", apperr.Archived, "the department is archived", "部署はアーカイブされています"))
		}
	}
	if ownerID != nil {
		role, ok, err := members.RoleIn(ctx, s.db, *ownerID, companyID)
		switch {
		case err != nil:
			return err
		case !ok:
			errs = append(errs, apperr.Invalid("ownerID", apperr.InvalidValue, "must be a member who works in the asset's company", "資産の会社で業務を行うメンバーを指定してください"))
		case role == viewer.RoleAuditor:
			errs = append(errs, apperr.Invalid("ownerID", apperr.RoleRequired, "an auditor reads only and cannot own an asset", "監査人は閲覧のみのため、資産の管理者にはできません"))
		}
	}
	return apperr.Join(errs...)
}

// nameFree refuses a name already used by another asset of the company, archived ones included.
func (s *Service) nameFree(ctx context.Context, companyID pulid.ID, name string, self pulid.ID) error {
	q := s.db.Asset.Query().Where(asset.CompanyID(companyID), asset.Name(name))
	if self != "" {
		q.Where(asset.IDNEQ(self))
	}
	used, err := q.Exist(ctx)
	if err != nil {
		return fmt.Errorf("check name: %w", err)
	}
	if used {
		return errDuplicateName(name)
	}
	return nil
}

func notFound(err error) error {
	if ent.IsNotFound(err) {
		return apperr.NotFound("asset", "資産")
	}
	return err
}

func errDuplicateName(name string) error {
	return apperr.Conflict(apperr.Duplicate,
		fmt.Sprintf("an asset named %s already exists in this company", name),
		fmt.Sprintf("この会社には「%s」という名前の資産がすでにあります", name))
}

func duplicate(err error, name string) error {
	if ent.IsConstraintError(err) {
		return errDuplicateName(name)
	}
	return err
}
