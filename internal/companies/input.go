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
		validate.Text("alternateName", &in.AlternateName, 200, nil),
		validate.Text("industry", &in.Industry, 200, nil),
		validate.Text("scopeStatement", &in.ScopeStatement, 5000, nil),
		validate.Text("certificationBody", &in.CertificationBody, 200, nil),
		validate.Text("certificateNumber", &in.CertificateNumber, 100, nil),
	)
}

// UpdateCompanyInput changes the fields that are set. Null names the fields sent as null: an
// optional text (a blank one too) or date is then cleared, and the name refused.
type UpdateCompanyInput struct {
	ID                   pulid.ID
	Name                 *string
	AlternateName        *string
	Industry             *string
	ScopeStatement       *string
	CertificationBody    *string
	CertificateNumber    *string
	CertificateExpiresOn *date.Date
	NextAuditOn          *date.Date
	Null                 []string
}

// Validate reports every problem of the input at once.
func (in *UpdateCompanyInput) Validate() error {
	var nameErr error
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		nameErr = validate.Required("name", *in.Name, 200)
	}
	return apperr.Join(
		validate.NotNull(in.Null, "name"),
		nameErr,
		validate.Text("alternateName", &in.AlternateName, 200, &in.Null),
		validate.Text("industry", &in.Industry, 200, &in.Null),
		validate.Text("scopeStatement", &in.ScopeStatement, 5000, &in.Null),
		validate.Text("certificationBody", &in.CertificationBody, 200, &in.Null),
		validate.Text("certificateNumber", &in.CertificateNumber, 100, &in.Null),
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
		validate.Text("address", &in.Address, 500, nil),
		headcount(in.Headcount),
	)
}

// UpdateSiteInput changes the fields that are set. Null names the fields sent as null: the
// address (a blank one too) and the headcount are then cleared, and the name refused.
type UpdateSiteInput struct {
	ID        pulid.ID
	Name      *string
	Address   *string
	Headcount *int
	Null      []string
}

// Validate reports every problem of the input at once.
func (in *UpdateSiteInput) Validate() error {
	var nameErr error
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		nameErr = validate.Required("name", *in.Name, 200)
	}
	return apperr.Join(validate.NotNull(in.Null, "name"), nameErr,
		validate.Text("address", &in.Address, 500, &in.Null), headcount(in.Headcount))
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

// UpdateDepartmentInput changes the fields that are set. Null names the fields sent as null:
// the site and the head are then unlinked, and the name refused.
type UpdateDepartmentInput struct {
	ID     pulid.ID
	Name   *string
	SiteID *pulid.ID
	HeadID *pulid.ID
	Null   []string
}

// Validate reports every problem of the input at once.
func (in *UpdateDepartmentInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "name")}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		errs = append(errs, validate.Required("name", *in.Name, 200))
	}
	return apperr.Join(errs...)
}

func headcount(n *int) error {
	if n != nil && (*n < 0 || *n > 10_000_000) {
		return apperr.Invalid("headcount", apperr.OutOfRange, "must be between 0 and 10000000", "0から10000000までの値を入力してください")
	}
	return nil
}
