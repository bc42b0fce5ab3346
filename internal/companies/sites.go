package companies

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/site"
	"secretariat/internal/archive"
	"secretariat/internal/billing"
	"secretariat/internal/validate"
)

// CreateSite adds a site to a company the viewer reaches.
func (s *Service) CreateSite(ctx context.Context, in CreateSiteInput) (*ent.Site, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create site: %w", err)
	}
	if _, err := s.activeCompany(ctx, in.CompanyID); err != nil {
		return nil, fmt.Errorf("create site: %w", err)
	}
	site, err := s.db.Site.Create().
		SetCompanyID(in.CompanyID).
		SetName(in.Name).
		SetNillableAddress(in.Address).
		SetNillableHeadcount(in.Headcount).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create site: %w", err)
	}
	if err := s.counted(ctx, billing.SiteUnit, site.ID, "created"); err != nil {
		return nil, fmt.Errorf("create site: %w", err)
	}
	return site, nil
}

// UpdateSite changes the fields set in the input.
func (s *Service) UpdateSite(ctx context.Context, in UpdateSiteInput) (*ent.Site, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update site: %w", err)
	}
	current, err := s.db.Site.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update site: %w", err)
	}
	if current.ArchivedAt != nil {
		return nil, fmt.Errorf("update site: %w", errArchived("site", "拠点"))
	}
	u := current.Update().
		SetNillableName(in.Name).
		SetNillableAddress(in.Address).
		SetNillableHeadcount(in.Headcount)
	if validate.IsNull(in.Null, "address") {
		u.ClearAddress()
	}
	if validate.IsNull(in.Null, "headcount") {
		u.ClearHeadcount()
	}
	site, err := u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update site: %w", err)
	}
	return site, nil
}

// SetSiteArchived archives (archived true) or restores a site.
func (s *Service) SetSiteArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Site, error) {
	rec, err := archive.Set[*ent.SiteMutation](ctx, site.Policy,
		func(ctx context.Context) (*ent.Site, error) { return s.db.Site.Get(ctx, in.ID) },
		func(r *ent.Site) *time.Time { return r.ArchivedAt },
		(*ent.Site).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive site: %w", err)
	}
	if err := s.counted(ctx, billing.SiteUnit, rec.ID, archiveVerb(archived)); err != nil {
		return nil, fmt.Errorf("archive site: %w", err)
	}
	return rec, nil
}
