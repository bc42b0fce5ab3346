package auth

import (
	"slices"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/organization"
	"secretariat/internal/apperr"
	"secretariat/internal/auth/password"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
)

// SignUpInput creates a user, an organization and the user's OWNER membership.
type SignUpInput struct {
	Email            string            `json:"email"`
	Password         string            `json:"password"`
	Name             string            `json:"name"`
	OrganizationName string            `json:"organizationName"`
	OrganizationKind organization.Kind `json:"organizationKind"`
}

// Validate normalises the input and reports every problem at once.
func (in *SignUpInput) Validate() error {
	email, emailErr := password.NormalizeEmail(in.Email)
	in.Email = email
	in.Name = strings.TrimSpace(in.Name)
	in.OrganizationName = strings.TrimSpace(in.OrganizationName)
	var errs = []error{emailErr, password.Validate(in.Password)}
	if in.Name == "" || len([]rune(in.Name)) > 200 {
		errs = append(errs, apperr.InvalidEN("name", "must be 1 to 200 characters"))
	}
	if in.OrganizationName == "" || len([]rune(in.OrganizationName)) > 200 {
		errs = append(errs, apperr.InvalidEN("organizationName", "must be 1 to 200 characters"))
	}
	if organization.KindValidator(in.OrganizationKind) != nil {
		errs = append(errs, apperr.InvalidEN("organizationKind", "must be CONSULTANCY or ENTERPRISE"))
	}
	return apperr.Join(errs...)
}

// LoginInput signs a user in, into the given organization or the first one they belong to.
type LoginInput struct {
	Email          string    `json:"email"`
	Password       string    `json:"password"`
	OrganizationID *pulid.ID `json:"organizationID"`
}

// RefreshTokenInput exchanges a refresh token for a new pair.
type RefreshTokenInput struct {
	RefreshToken string `json:"refreshToken"`
}

// Payload is what signing up, in, or refreshing answers.
type Payload struct {
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	User         *ent.User
	Organization *ent.Organization
}

// ChangePasswordInput changes the signed-in user's password.
type ChangePasswordInput struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

// Validate reports every problem at once.
func (in *ChangePasswordInput) Validate() error {
	var errs []error
	if in.CurrentPassword == "" {
		errs = append(errs, apperr.InvalidEN("currentPassword", "must be given"))
	}
	if err := password.Validate(in.NewPassword); err != nil {
		errs = append(errs, inField("newPassword", err))
	}
	return apperr.Join(errs...)
}

// ResetPasswordInput sets a new password with a reset token.
type ResetPasswordInput struct {
	Token       string `json:"token"`
	NewPassword string `json:"newPassword"`
}

// Validate reports every problem at once.
func (in *ResetPasswordInput) Validate() error {
	var errs []error
	if in.Token == "" {
		errs = append(errs, apperr.InvalidEN("token", "must be given"))
	}
	if err := password.Validate(in.NewPassword); err != nil {
		errs = append(errs, inField("newPassword", err))
	}
	return apperr.Join(errs...)
}

// inField names field as the one at fault in err, a refusal of a password rule, which package
// password names "password".
func inField(field string, err error) error {
	if e, ok := apperr.As(err); ok {
		moved := *e
		moved.Field = field
		return &moved
	}
	return err
}

// UpdateProfileInput changes the signed-in user's own name and language. A nil field stays as
// it is; one named in Null was sent as null: the locale is then cleared, and a name refused.
type UpdateProfileInput struct {
	Name   *string
	Locale *locale.Locale
	Null   []string
}

// Validate normalises the input and reports every problem at once.
func (in *UpdateProfileInput) Validate() error {
	var errs []error
	if slices.Contains(in.Null, "name") {
		errs = append(errs, apperr.InvalidEN("name", "cannot be null: a user has a name"))
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		in.Name = &name
		if name == "" || len([]rune(name)) > 200 {
			errs = append(errs, apperr.InvalidEN("name", "must be 1 to 200 characters"))
		}
	}
	if in.Locale != nil && !in.Locale.Valid() {
		errs = append(errs, apperr.InvalidEN("locale", "must be JA or EN"))
	}
	return apperr.Join(errs...)
}
