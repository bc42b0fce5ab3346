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
	errs = append(errs, nameLength("name", in.Name), nameLength("organizationName", in.OrganizationName))
	if organization.KindValidator(in.OrganizationKind) != nil {
		errs = append(errs, apperr.Invalid("organizationKind", apperr.InvalidValue,
			"must be CONSULTANCY or ENTERPRISE", "CONSULTANCY または ENTERPRISE を指定してください"))
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
		errs = append(errs, apperr.Invalid("currentPassword", apperr.Required, "must be given", "現在のパスワードを入力してください"))
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
		errs = append(errs, apperr.Invalid("token", apperr.Required, "must be given", "トークンを指定してください"))
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
		errs = append(errs, apperr.Invalid("name", apperr.Required, "cannot be null: a user has a name", "氏名は空にできません"))
	}
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		in.Name = &name
		errs = append(errs, nameLength("name", name))
	}
	if in.Locale != nil && !in.Locale.Valid() {
		errs = append(errs, apperr.Invalid("locale", apperr.InvalidValue, "must be JA or EN", "JA または EN を指定してください"))
	}
	return apperr.Join(errs...)
}

// nameLength refuses an empty name and one longer than 200 characters.
func nameLength(field, name string) error {
	switch {
	case name == "":
		return apperr.Invalid(field, apperr.Required, "must be 1 to 200 characters", "入力してください")
	case len([]rune(name)) > 200:
		return apperr.Invalid(field, apperr.TooLong, "must be 1 to 200 characters", "200文字以内で入力してください")
	}
	return nil
}
