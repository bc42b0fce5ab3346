package secretariat

import (
	"secretariat/ent/committeemember"
	"secretariat/ent/secretariatassignment"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// AddCommitteeMemberInput seats a person on a company's security committee. A committee has at
// most one CHAIR: naming a second one is refused as a conflict unless ReplaceChair is set, which
// makes the current chair a MEMBER in the same change, so that the chair is handed over without a
// moment with two chairs or none.
type AddCommitteeMemberInput struct {
	CompanyID    pulid.ID             `json:"companyID"`
	UserID       pulid.ID             `json:"userID"`
	Role         committeemember.Role `json:"role"`
	Title        *string              `json:"title"`
	ReplaceChair bool                 `json:"replaceChair"`
}

// Validate reports every problem of the input at once.
func (in *AddCommitteeMemberInput) Validate() error {
	if in.Role == "" {
		in.Role = committeemember.DefaultRole
	}
	return apperr.Join(validRole(in.Role), validate.Text("title", &in.Title, maxTitle, nil))
}

// UpdateCommitteeMemberInput changes a member's role or title. Null names the fields sent as
// null: the title (a blank one too) is then cleared, and the role, which a seat cannot be
// without, refused.
type UpdateCommitteeMemberInput struct {
	ID           pulid.ID
	Role         *committeemember.Role
	Title        *string
	ReplaceChair bool
	Null         []string
}

// Validate reports every problem of the input at once.
func (in *UpdateCommitteeMemberInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "role")}
	if in.Role != nil {
		errs = append(errs, validRole(*in.Role))
	}
	return apperr.Join(append(errs, validate.Text("title", &in.Title, maxTitle, &in.Null))...)
}

// AssignSecretariatResponsibilityInput gives a person a responsibility in the secretariat. A
// responsibility has at most one PRIMARY holder: naming a second one is refused as a conflict
// unless ReplacePrimary is set, which makes the current holder a BACKUP in the same change.
type AssignSecretariatResponsibilityInput struct {
	CompanyID      pulid.ID                             `json:"companyID"`
	UserID         pulid.ID                             `json:"userID"`
	Responsibility secretariatassignment.Responsibility `json:"responsibility"`
	Position       secretariatassignment.Position       `json:"position"`
	ReplacePrimary bool                                 `json:"replacePrimary"`
}

// Validate reports every problem of the input at once.
func (in *AssignSecretariatResponsibilityInput) Validate() error {
	if in.Position == "" {
		in.Position = secretariatassignment.DefaultPosition
	}
	var errs []error
	if err := secretariatassignment.ResponsibilityValidator(in.Responsibility); err != nil {
		errs = append(errs, apperr.Invalid("responsibility", apperr.InvalidValue, "unknown responsibility", "指定できない担当業務です"))
	}
	return apperr.Join(append(errs, validPosition(in.Position))...)
}

// UpdateSecretariatAssignmentInput moves an assignment between PRIMARY and BACKUP. To take on
// another responsibility, assign it; the responsibility of an assignment never changes.
type UpdateSecretariatAssignmentInput struct {
	ID             pulid.ID                       `json:"id"`
	Position       secretariatassignment.Position `json:"position"`
	ReplacePrimary bool                           `json:"replacePrimary"`
}

// Validate reports every problem of the input at once.
func (in *UpdateSecretariatAssignmentInput) Validate() error { return validPosition(in.Position) }

// AddDepartmentRepresentativeInput names a person to represent a department of the company; a
// department may have several.
type AddDepartmentRepresentativeInput struct {
	CompanyID    pulid.ID `json:"companyID"`
	DepartmentID pulid.ID `json:"departmentID"`
	UserID       pulid.ID `json:"userID"`
}

// RemoveInput names the committee member, assignment or representative to remove.
type RemoveInput struct {
	ID pulid.ID `json:"id"`
}

const maxTitle = 200

// title trims a member's position in the company; an empty one means none.
func validRole(r committeemember.Role) error {
	if committeemember.RoleValidator(r) != nil {
		return apperr.Invalid("role", apperr.InvalidValue, "unknown committee role", "指定できない委員会での役割です")
	}
	return nil
}

func validPosition(p secretariatassignment.Position) error {
	if secretariatassignment.PositionValidator(p) != nil {
		return apperr.Invalid("position", apperr.InvalidValue, "unknown position", "指定できない担当区分です")
	}
	return nil
}
