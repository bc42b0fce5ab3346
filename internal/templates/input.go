package templates

import (
	"io"
	"strings"
	"time"

	"secretariat/internal/apperr"
	"secretariat/internal/companies"
	"secretariat/internal/date"
	"secretariat/internal/enum"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

const (
	maxName        = 200
	maxDescription = 2000
	maxNote        = 2000
	// maxPush bounds the companies one push reaches.
	maxPush = 50
)

// CreateTemplateSetInput adds a template set with its version 1.
type CreateTemplateSetInput struct {
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Note        *string `json:"note"`
	Content     Content `json:"content"`
}

// Validate reports every problem of the input at once.
func (in *CreateTemplateSetInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	return apperr.Join(
		validate.Required("name", in.Name, maxName),
		validate.Text("description", &in.Description, maxDescription, nil),
		validate.Text("note", &in.Note, maxNote, nil),
		in.Content.validate("content"),
	)
}

// UpdateTemplateSetInput renames a set or changes its description; its content changes only by
// a new version. Null names the fields sent as null: the description is then cleared.
type UpdateTemplateSetInput struct {
	ID          pulid.ID `json:"id"`
	Name        *string  `json:"name"`
	Description *string  `json:"description"`
	Null        []string `json:"-"`
}

// Validate reports every problem of the input at once.
func (in *UpdateTemplateSetInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "name"), validate.Text("description", &in.Description, maxDescription, &in.Null)}
	if in.Name != nil {
		*in.Name = strings.TrimSpace(*in.Name)
		errs = append(errs, validate.Required("name", *in.Name, maxName))
	}
	return apperr.Join(errs...)
}

// PublishTemplateSetVersionInput adds the next version of a set.
type PublishTemplateSetVersionInput struct {
	TemplateSetID pulid.ID `json:"templateSetID"`
	Note          *string  `json:"note"`
	Content       Content  `json:"content"`
}

// Validate reports every problem of the input at once.
func (in *PublishTemplateSetVersionInput) Validate() error {
	return apperr.Join(validate.Text("note", &in.Note, maxNote, nil), in.Content.validate("content"))
}

// CreateCompanyFromTemplateInput creates a client company set up from a template set version.
type CreateCompanyFromTemplateInput struct {
	TemplateSetVersionID pulid.ID                     `json:"templateSetVersionID"`
	Company              companies.CreateCompanyInput `json:"company"`
	// StartOn is the day the tasks' due days and the meetings count from; today when not given.
	StartOn *date.Date `json:"startOn"`
}

// Validate reports every problem of the input at once.
func (in *CreateCompanyFromTemplateInput) Validate() error {
	errs := []error{apperr.Nest("company", in.Company.Validate())}
	if in.StartOn != nil && (in.StartOn.Before(date.New(2000, time.January, 1)) || date.New(2100, time.January, 1).Before(*in.StartOn)) {
		errs = append(errs, apperr.Invalid("startOn", apperr.OutOfRange, "must be between the years 2000 and 2099", "2000年から2099年までの日付を入力してください"))
	}
	return apperr.Join(errs...)
}

// PushTemplateSetVersionInput brings a version's documents to chosen client companies as drafts.
type PushTemplateSetVersionInput struct {
	TemplateSetVersionID pulid.ID   `json:"templateSetVersionID"`
	CompanyIDs           []pulid.ID `json:"companyIDs"`
}

// Validate reports every problem of the input at once.
func (in *PushTemplateSetVersionInput) Validate() error {
	if len(in.CompanyIDs) == 0 {
		return apperr.Invalid("companyIDs", apperr.Required, "name at least one company", "会社を1社以上指定してください")
	}
	return validate.IDs("companyIDs", in.CompanyIDs, maxPush)
}

// Outcome is what became of a document template in a company.
type Outcome string

// The outcomes.
const (
	// Created: the company had no document from the template; a draft document was made.
	Created Outcome = "CREATED"
	// Drafted: the company's document from the template got a new draft version for its review.
	Drafted Outcome = "DRAFTED"
	// Unchanged: the template is as the company last received it; nothing was written.
	Unchanged Outcome = "UNCHANGED"
	// Skipped: the company's document could not take a draft (archived, or a version already
	// open); Reason says which.
	Skipped Outcome = "SKIPPED"
)

// Values lists the outcomes (for the GraphQL enum).
func (Outcome) Values() []string {
	return []string{string(Created), string(Drafted), string(Unchanged), string(Skipped)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (o *Outcome) UnmarshalGQL(v any) (err error) {
	*o, err = enum.Unmarshal[Outcome](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (o Outcome) MarshalGQL(w io.Writer) { enum.Marshal(w, o) }

// DocumentResult is what a set-up or push did with one document template.
type DocumentResult struct {
	Key        string    `json:"key"`
	Title      string    `json:"title"`
	Outcome    Outcome   `json:"outcome"`
	DocumentID *pulid.ID `json:"documentID,omitempty"`
	VersionID  *pulid.ID `json:"versionID,omitempty"`
	// Reason says why a document was skipped, in English and Japanese.
	Reason   *string `json:"reason,omitempty"`
	ReasonJa *string `json:"reasonJa,omitempty"`
	// Digest identifies the template (title and body) as the company received it, for telling
	// whether a later version changed it.
	Digest string `json:"digest"`
}
