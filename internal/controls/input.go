package controls

import (
	"fmt"
	"strings"
	"time"

	"secretariat/ent/controlimplementation"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/iso27001"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Limits of the inputs.
const (
	maxJustification = 5000
	maxEvidenceNote  = 10_000
	maxChangeSummary = 2000
)

// A review date before this year is a typing mistake (0226 for 2026), not a review.
var earliestReview = date.New(2000, 1, 1)

// UpdateControlImplementationInput changes the fields of a SoA row that are set. Null names the
// fields sent as null: the justification, the evidence note (a blank one too), the owner and the
// review date are then cleared, and applicable and the status refused. The row must keep a
// justification: the reason for excluding the control, or for including it.
type UpdateControlImplementationInput struct {
	ID                   pulid.ID
	Applicable           *bool
	Justification        *string
	ImplementationStatus *controlimplementation.ImplementationStatus
	OwnerID              *pulid.ID
	// EvidenceNote says where the evidence is (記録の所在).
	EvidenceNote   *string
	LastReviewedOn *date.Date
	Null           []string
}

// Validate reports every problem of the input at once. Whether the row keeps a justification is
// checked against the stored row (justify).
func (in *UpdateControlImplementationInput) Validate(today date.Date) error {
	errs := []error{
		validate.NotNull(in.Null, "applicable", "implementationStatus"),
		validate.Text("justification", &in.Justification, maxJustification, &in.Null),
		validate.Text("evidenceNote", &in.EvidenceNote, maxEvidenceNote, &in.Null),
	}
	if in.ImplementationStatus != nil {
		if err := controlimplementation.ImplementationStatusValidator(*in.ImplementationStatus); err != nil {
			errs = append(errs, apperr.Invalid("implementationStatus", apperr.InvalidValue,
				fmt.Sprintf("unknown status %q", *in.ImplementationStatus), fmt.Sprintf("実施状況 %q は指定できません", *in.ImplementationStatus)))
		}
	}
	if in.LastReviewedOn != nil {
		switch {
		case in.LastReviewedOn.Before(earliestReview):
			errs = append(errs, apperr.Invalid("lastReviewedOn", apperr.OutOfRange, "must be in 2000 or later", "2000年以降の日付を入力してください"))
		case today.Before(*in.LastReviewedOn):
			errs = append(errs, apperr.Invalid("lastReviewedOn", apperr.OutOfRange, "a review date cannot be in the future", "レビュー日に未来の日付は指定できません"))
		}
	}
	return apperr.Join(errs...)
}

// Default is the Statement of Applicability row a company starts with for one control (a
// template set's SoA defaults).
type Default struct {
	Applicable    bool
	Justification string
}

// CheckRef trims a control reference given in a list (a template's SoA defaults, a baseline's
// decisions) and refuses one outside Annex A or named twice (seen holds the list's references).
func CheckRef(field string, ref *string, seen map[string]bool) error {
	*ref = strings.TrimSpace(*ref)
	if _, ok := iso27001.Lookup(*ref); !ok {
		return apperr.Invalid(field, apperr.InvalidValue, fmt.Sprintf("%q is not a control of Annex A", *ref), fmt.Sprintf("%q は附属書Aの管理策ではありません", *ref))
	}
	if seen[*ref] {
		return apperr.Invalid(field, apperr.Duplicate, fmt.Sprintf("control %s is named twice", *ref), fmt.Sprintf("管理策 %s が重複しています", *ref))
	}
	seen[*ref] = true
	return nil
}

// ValidateDefault checks a default as the row it becomes: a justification is given, within the
// length of a row's.
func ValidateDefault(applicable bool, justification **string) error {
	if err := validate.Text("justification", justification, maxJustification, nil); err != nil {
		return err
	}
	text := ""
	if *justification != nil {
		text = **justification
	}
	return justify(applicable, text)
}

// justify refuses a row that would be left without a justification.
func justify(applicable bool, justification string) error {
	if justification != "" {
		return nil
	}
	if applicable {
		return apperr.Invalid("justification", apperr.Required,
			"state why the control is included (a risk it treats, a legal or contractual requirement, a business need)",
			"この管理策を適用する理由（対応するリスク、法令・契約上の要求事項、事業上の必要性）を入力してください")
	}
	return apperr.Invalid("justification", apperr.Required, "state why the control is excluded", "この管理策を除外する理由を入力してください")
}

// LinkControlDocumentInput names a SoA row and a document of the same company.
type LinkControlDocumentInput struct {
	ControlImplementationID pulid.ID `json:"controlImplementationID"`
	DocumentID              pulid.ID `json:"documentID"`
}

// ApproveInput snapshots a company's SoA into its SOA document.
type ApproveInput struct {
	CompanyID     pulid.ID `json:"companyID"`
	ChangeSummary *string  `json:"changeSummary"`
}

// Validate reports every problem of the input at once.
func (in *ApproveInput) Validate() error {
	if in.ChangeSummary == nil {
		return nil
	}
	*in.ChangeSummary = strings.TrimSpace(*in.ChangeSummary)
	return validate.MaxLength("changeSummary", *in.ChangeSummary, maxChangeSummary)
}

// today is the date in the ISMS calendar every module shares (Japan).
func today(now time.Time) date.Date { return date.Today(now) }

// deref reads an optional text, empty when null.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
