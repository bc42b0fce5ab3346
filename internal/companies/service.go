// Package companies owns the structure of each ISMS workspace: client companies, their sites
// (拠点) and departments (部署). It validates every input, and relies on the tenancy layer of the
// ent schema for isolation: a record of another organization or of an ungranted company is not
// found.
package companies

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// Service creates, changes, archives and restores companies, sites and departments.
type Service struct {
	db  *ent.Client
	log *slog.Logger
	now func() time.Time
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log, now: time.Now}
}

// Roles that may shape a workspace; OWNER and ADMIN alone may add client companies, since a
// company-scoped role would not reach the company it made.
var (
	companyCreators  = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin}
	structureEditors = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat}
)

func requireRole(ctx context.Context, roles []viewer.Role) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return tenancy.ErrNoViewer
	}
	if !slices.Contains(roles, v.Role) {
		return apperr.Forbidden(fmt.Sprintf("the %s role cannot change the structure of a company", v.Role))
	}
	return nil
}

// CreateCompany adds a client company to the viewer's organization.
func (s *Service) CreateCompany(ctx context.Context, in CreateCompanyInput) (*ent.Company, error) {
	if err := requireRole(ctx, companyCreators); err != nil {
		return nil, fmt.Errorf("create company: %w", err)
	}
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
	return c, nil
}

// UpdateCompany changes the fields set in the input.
func (s *Service) UpdateCompany(ctx context.Context, in UpdateCompanyInput) (*ent.Company, error) {
	if err := requireRole(ctx, structureEditors); err != nil {
		return nil, fmt.Errorf("update company: %w", err)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update company: %w", err)
	}
	c, err := s.db.Company.UpdateOneID(in.ID).
		SetNillableName(in.Name).
		SetNillableAlternateName(in.AlternateName).
		SetNillableIndustry(in.Industry).
		SetNillableScopeStatement(in.ScopeStatement).
		SetNillableCertificationBody(in.CertificationBody).
		SetNillableCertificateNumber(in.CertificateNumber).
		SetNillableCertificateExpiresOn(in.CertificateExpiresOn).
		SetNillableNextAuditOn(in.NextAuditOn).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update company: %w", err)
	}
	return c, nil
}

// SetCompanyArchived archives (archived true) or restores a company.
func (s *Service) SetCompanyArchived(ctx context.Context, in ArchiveInput, archived bool) (*ent.Company, error) {
	if err := requireRole(ctx, structureEditors); err != nil {
		return nil, fmt.Errorf("archive company: %w", err)
	}
	rec, err := setArchived(ctx,
		func(ctx context.Context) (*ent.Company, error) { return s.db.Company.Get(ctx, in.ID) },
		func(r *ent.Company) *time.Time { return r.ArchivedAt },
		(*ent.Company).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive company: %w", err)
	}
	return rec, nil
}

// activeCompany returns the company a new site or department goes into, refusing an archived one.
func (s *Service) activeCompany(ctx context.Context, id pulid.ID) (*ent.Company, error) {
	c, err := s.db.Company.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.ArchivedAt != nil {
		return nil, apperr.Invalid("companyID", "the company is archived; restore it first")
	}
	return c, nil
}
