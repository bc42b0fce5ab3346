package members

import (
	"context"
	"fmt"
	"strings"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/locale"
	"secretariat/internal/tenancy"
	"secretariat/internal/viewer"
)

// UpdateOrganizationInput changes the active organization's name and default language. A nil
// field stays as it is; a field sent as null cannot be applied (both are required).
type UpdateOrganizationInput struct {
	Name          *string
	DefaultLocale *locale.Locale
	// Null names the fields sent as null.
	Null []string
}

// Validate normalises the input and reports every problem at once.
func (in *UpdateOrganizationInput) Validate() error {
	var errs []error
	for _, f := range in.Null {
		errs = append(errs, apperr.Invalid(f, apperr.Required, "cannot be null: an organization has one", "組織には必須の項目のため、空にはできません"))
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		in.Name = &name
		switch {
		case name == "":
			errs = append(errs, apperr.Invalid("name", apperr.Required, "must be 1 to 200 characters", "入力してください"))
		case len([]rune(name)) > 200:
			errs = append(errs, apperr.Invalid("name", apperr.TooLong, "must be 1 to 200 characters", "200文字以内で入力してください"))
		}
	}
	if in.DefaultLocale != nil && !in.DefaultLocale.Valid() {
		errs = append(errs, apperr.Invalid("defaultLocale", apperr.InvalidValue, "must be ja or en", "ja または en を指定してください"))
	}
	return apperr.Join(errs...)
}

// UpdateOrganization changes the viewer's active organization; its policy lets OWNER and ADMIN
// alone do it (FORBIDDEN otherwise).
func (s *Service) UpdateOrganization(ctx context.Context, in UpdateOrganizationInput) (*ent.Organization, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("update organization: %w", tenancy.ErrNoViewer)
	}
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update organization: %w", err)
	}
	u := s.db.Organization.UpdateOneID(v.OrganizationID)
	if in.Name != nil {
		u.SetName(*in.Name)
	}
	if in.DefaultLocale != nil {
		u.SetDefaultLocale(*in.DefaultLocale)
	}
	org, err := u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update organization: %w", err)
	}
	return org, nil
}
