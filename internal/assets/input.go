package assets

import (
	"fmt"
	"strings"

	"secretariat/ent/asset"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Limits of an asset's texts (the ent schema's limits, checked here to answer on the field).
const (
	maxName      = 300
	maxLocation  = 300
	maxRetention = 200
	maxNotes     = 10_000
)

// CreateAssetInput adds an asset to a company's inventory. Ratings left out are 2 (medium).
type CreateAssetInput struct {
	CompanyID       pulid.ID   `json:"companyID"`
	Name            string     `json:"name"`
	Type            asset.Type `json:"type"`
	SiteID          *pulid.ID  `json:"siteID"`
	DepartmentID    *pulid.ID  `json:"departmentID"`
	OwnerID         *pulid.ID  `json:"ownerID"`
	Confidentiality *int       `json:"confidentiality"`
	Integrity       *int       `json:"integrity"`
	Availability    *int       `json:"availability"`
	Location        *string    `json:"location"`
	Retention       *string    `json:"retention"`
	Notes           *string    `json:"notes"`
}

// Validate reports every problem of the input at once.
func (in *CreateAssetInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	errs := []error{validate.Required("name", in.Name, maxName), assetType(&in.Type)}
	errs = append(errs, common(in.Confidentiality, in.Integrity, in.Availability, &in.Location, &in.Retention, &in.Notes, nil)...)
	return apperr.Join(errs...)
}

// UpdateAssetInput changes the fields that are set. Null names the fields sent as null: the
// site, the department, the owner and the location, retention and notes (blank ones too) are
// then cleared, and the name, the type and the ratings refused.
type UpdateAssetInput struct {
	ID              pulid.ID
	Name            *string
	Type            *asset.Type
	SiteID          *pulid.ID
	DepartmentID    *pulid.ID
	OwnerID         *pulid.ID
	Confidentiality *int
	Integrity       *int
	Availability    *int
	Location        *string
	Retention       *string
	Notes           *string
	Null            []string
}

// Validate reports every problem of the input at once.
func (in *UpdateAssetInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "name", "type", "confidentiality", "integrity", "availability")}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		errs = append(errs, validate.Required("name", *in.Name, maxName))
	}
	if in.Type != nil {
		errs = append(errs, assetType(in.Type))
	}
	errs = append(errs, common(in.Confidentiality, in.Integrity, in.Availability, &in.Location, &in.Retention, &in.Notes, &in.Null)...)
	return apperr.Join(errs...)
}

// common checks the ratings and normalises the optional texts (validate.Text; null is the
// update's fields sent as null, nil on a create).
func common(c, i, a *int, location, retention, notes **string, null *[]string) []error {
	return []error{
		rating("confidentiality", c), rating("integrity", i), rating("availability", a),
		validate.Text("location", location, maxLocation, null),
		validate.Text("retention", retention, maxRetention, null),
		validate.Text("notes", notes, maxNotes, null),
	}
}

func assetType(t *asset.Type) error {
	if err := asset.TypeValidator(*t); err != nil {
		return apperr.Invalid("type", apperr.InvalidValue, fmt.Sprintf("unknown asset type %q", *t), fmt.Sprintf("資産の種類 %q は指定できません", *t))
	}
	return nil
}

// rating checks a confidentiality, integrity or availability rating: 1 (low) to 3 (high).
func rating(field string, v *int) error {
	if v != nil && (*v < 1 || *v > 3) {
		return apperr.Invalid(field, apperr.OutOfRange, "must be 1 (low), 2 (medium) or 3 (high)", "1（低）、2（中）、3（高）のいずれかを指定してください")
	}
	return nil
}
