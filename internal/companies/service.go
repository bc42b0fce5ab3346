// Package companies owns the structure of each ISMS workspace: client companies, their sites
// (拠点) and departments (部署). It validates every input, and relies on the ent schema for
// isolation and roles: a record of another organization or of an ungranted company is not found
// (layer 1, tenancy), and a role that may not make the change is refused at the write (layer 2,
// the privacy policies built from package authz).
package companies

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/billing"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Service creates, changes, archives and restores companies, sites and departments.
type Service struct {
	db      *ent.Client
	billing Billing
	log     *slog.Logger
	now     func() time.Time
}

// Billing is what the service asks of billing after a company or site is created, archived or
// restored, in the same transaction: to refuse a change over the plan's limits
// (PLAN_LIMIT_REACHED, which undoes the change) and to queue the new billed quantity.
type Billing interface {
	UnitsChanged(ctx context.Context, c billing.Change) error
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, b Billing, log *slog.Logger) *Service {
	return &Service{db: db, billing: b, log: log, now: time.Now}
}

// counted tells billing that a company or site was created, archived or restored.
func (s *Service) counted(ctx context.Context, unit billing.Unit, id pulid.ID, verb string) error {
	return s.billing.UnitsChanged(ctx, billing.Change{Unit: unit, Adds: verb != "archived", Reason: fmt.Sprintf("%s %s %s", unit, id, verb)})
}

// errArchived refuses to change an archived record: it is read-only until restored.
func errArchived(what, whatJA string) error {
	return apperr.Invalid("id", apperr.Archived, fmt.Sprintf("the %s is archived; restore it first", what), fmt.Sprintf("%sはアーカイブされています。先に復元してください", whatJA))
}

// archiveVerb names an archive change for billing.
func archiveVerb(archived bool) string {
	if archived {
		return "archived"
	}
	return "restored"
}

// CreateCompany adds a client company to the viewer's organization.
func (s *Service) CreateCompany(ctx context.Context, in CreateCompanyInput) (*ent.Company, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create company: %w", err)
	}
	c, err := s.db.Company.Create().
		SetName(in.Name).
		SetNillableAlternateName(in.AlternateName).
		SetNillableIndustry(in.Industry).
		SetNillableScopeStatement(in.ScopeStatement).
		SetNillableCertificationBody(in.CertificationBody).
		SetNillableCertificateNumber(in.CertificateNumber).
		SetNillableCertificateExpiresOn(in.CertificateExpiresOn).
		SetNillableNextAuditOn(in.NextAuditOn).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create company: %w", err)
	}
	if err := s.counted(ctx, billing.CompanyUnit, c.ID, "created"); err != nil {
		return nil, fmt.Errorf("create company: %w", err)
	}
	return c, nil
}

// UpdateCompany changes the fields set in the input.
func (s *Service) UpdateCompany(ctx context.Context, in UpdateCompanyInput) (*ent.Company, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update company: %w", err)
	}
	c, err := s.db.Company.Get(ctx, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update company: %w", err)
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("update company: %w", errArchived("company", "会社"))
	}
	u := c.Update().
		SetNillableName(in.Name).
		SetNillableAlternateName(in.AlternateName).
		SetNillableIndustry(in.Industry).
		SetNillableScopeStatement(in.ScopeStatement).
		SetNillableCertificationBody(in.CertificationBody).
		SetNillableCertificateNumber(in.CertificateNumber).
		SetNillableCertificateExpiresOn(in.CertificateExpiresOn).
		SetNillableNextAuditOn(in.NextAuditOn)
	for field, clear := range map[string]func() *ent.CompanyUpdateOne{
		"alternateName":        u.ClearAlternateName,
		"industry":             u.ClearIndustry,
		"scopeStatement":       u.ClearScopeStatement,
		"certificationBody":    u.ClearCertificationBody,
		"certificateNumber":    u.ClearCertificateNumber,
		"certificateExpiresOn": u.ClearCertificateExpiresOn,
		"nextAuditOn":          u.ClearNextAuditOn,
	} {
		if validate.IsNull(in.Null, field) {
			clear()
		}
	}
	if c, err = u.Save(ctx); err != nil {
		return nil, fmt.Errorf("update company: %w", err)
	}
	return c, nil
}

// SetCompanyArchived archives (archived true) or restores a company.
func (s *Service) SetCompanyArchived(ctx context.Context, in archive.Input, archived bool) (*ent.Company, error) {
	rec, err := archive.Set[*ent.CompanyMutation](ctx, company.Policy,
		func(ctx context.Context) (*ent.Company, error) { return s.db.Company.Get(ctx, in.ID) },
		func(r *ent.Company) *time.Time { return r.ArchivedAt },
		(*ent.Company).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive company: %w", err)
	}
	if err := s.counted(ctx, billing.CompanyUnit, rec.ID, archiveVerb(archived)); err != nil {
		return nil, fmt.Errorf("archive company: %w", err)
	}
	return rec, nil
}

// activeCompany returns the company a new site or department goes into, refusing an archived one.
func (s *Service) activeCompany(ctx context.Context, id pulid.ID) (*ent.Company, error) {
	c, err := s.db.Company.Get(ctx, id)
	if err != nil {
		return nil, validate.Reference("companyID", err)
	}
	if c.ArchivedAt != nil {
		return nil, apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
	}
	return c, nil
}
