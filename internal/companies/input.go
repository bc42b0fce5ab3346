package companies

import (
	"strings"

	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// CreateCompanyInput creates a client company (one ISMS workspace) in the viewer's organization.
type CreateCompanyInput struct {
	Name                 string     `json:"name"`
	AlternateName        *string    `json:"alternateName"`
	Industry             *string    `json:"industry"`
	ScopeStatement       *string    `json:"scopeStatement"`
	CertificationBody    *string    `json:"certificationBody"`
	CertificateNumber    *string    `json:"certificateNumber"`
	CertificateExpiresOn *date.Date `json:"certificateExpiresOn"`
	NextAuditOn          *date.Date `json:"nextAuditOn"`
}

// Validate reports every problem of the input at once.
func (in *CreateCompanyInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	return apperr.Join(
		validate.Required("name", in.Name, 200),
		validate.Optional("alternateName", in.AlternateName, 200),
		validate.Optional("industry", in.Industry, 200),
		validate.Optional("scopeStatement", in.ScopeStatement, 5000),
		validate.Optional("certificationBody", in.CertificationBody, 200),
		validate.Optional("certificateNumber", in.CertificateNumber, 100),
	)
}

// UpdateCompanyInput changes the fields that are set; an empty string clears an optional text.
type UpdateCompanyInput struct {
	ID                   pulid.ID   `json:"id"`
	Name                 *string    `json:"name"`
	AlternateName        *string    `json:"alternateName"`
	Industry             *string    `json:"industry"`
	ScopeStatement       *string    `json:"scopeStatement"`
	CertificationBody    *string    `json:"certificationBody"`
	CertificateNumber    *string    `json:"certificateNumber"`
	CertificateExpiresOn *date.Date `json:"certificateExpiresOn"`
	NextAuditOn          *date.Date `json:"nextAuditOn"`
}

// Validate reports every problem of the input at once.
func (in *UpdateCompanyInput) Validate() error {
	var nameErr error
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		nameErr = validate.Required("name", *in.Name, 200)
	}
	return apperr.Join(
		nameErr,
		validate.Optional("alternateName", in.AlternateName, 200),
		validate.Optional("industry", in.Industry, 200),
		validate.Optional("scopeStatement", in.ScopeStatement, 5000),
		validate.Optional("certificationBody", in.CertificationBody, 200),
		validate.Optional("certificateNumber", in.CertificateNumber, 100),
	)
}

// CreateSiteInput creates a site (拠点) of a company.
type CreateSiteInput struct {
	CompanyID pulid.ID `json:"companyID"`
	Name      string   `json:"name"`
	Address   *string  `json:"address"`
	Headcount *int     `json:"headcount"`
}

// Validate reports every problem of the input at once.
func (in *CreateSiteInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	return apperr.Join(
		validate.Required("name", in.Name, 200),
		validate.Optional("address", in.Address, 500),
		headcount(in.Headcount),
	)
}

// UpdateSiteInput changes the fields that are set.
type UpdateSiteInput struct {
	ID        pulid.ID `json:"id"`
	Name      *string  `json:"name"`
	Address   *string  `json:"address"`
	Headcount *int     `json:"headcount"`
}

// Validate reports every problem of the input at once.
func (in *UpdateSiteInput) Validate() error {
	var nameErr error
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		nameErr = validate.Required("name", *in.Name, 200)
	}
	return apperr.Join(nameErr, validate.Optional("address", in.Address, 500), headcount(in.Headcount))
}

// CreateDepartmentInput creates a department (部署) of a company, optionally at one of its sites
// and with a head from the organization's members.
type CreateDepartmentInput struct {
	CompanyID pulid.ID  `json:"companyID"`
	Name      string    `json:"name"`
	SiteID    *pulid.ID `json:"siteID"`
	HeadID    *pulid.ID `json:"headID"`
}

// Validate reports every problem of the input at once.
func (in *CreateDepartmentInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	return validate.Required("name", in.Name, 200)
}

// UpdateDepartmentInput changes the fields that are set; clearSite and clearHead remove them.
type UpdateDepartmentInput struct {
	ID        pulid.ID  `json:"id"`
	Name      *string   `json:"name"`
	SiteID    *pulid.ID `json:"siteID"`
	ClearSite bool      `json:"clearSite"`
	HeadID    *pulid.ID `json:"headID"`
	ClearHead bool      `json:"clearHead"`
}

// Validate reports every problem of the input at once.
func (in *UpdateDepartmentInput) Validate() error {
	var errs []error
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		errs = append(errs, validate.Required("name", *in.Name, 200))
	}
	if in.ClearSite && in.SiteID != nil {
		errs = append(errs, apperr.Invalid("clearSite", apperr.ConflictingFields, "cannot both set and clear the site", "拠点の設定と解除は同時に指定できません"))
	}
	if in.ClearHead && in.HeadID != nil {
		errs = append(errs, apperr.Invalid("clearHead", apperr.ConflictingFields, "cannot both set and clear the head", "部署長の設定と解除は同時に指定できません"))
	}
	return apperr.Join(errs...)
}

// ArchiveInput names the record to archive or restore.
type ArchiveInput struct {
	ID pulid.ID `json:"id"`
}

func headcount(n *int) error {
	if n != nil && (*n < 0 || *n > 10_000_000) {
		return apperr.Invalid("headcount", apperr.OutOfRange, "must be between 0 and 10000000", "0から10000000までの値を入力してください")
	}
	return nil
}
