package controls

import (
	"fmt"
	"strings"
	"time"

	"secretariat/ent/controlimplementation"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/tasks"
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

// UpdateControlImplementationInput changes the fields of a SoA row that are set. The row must
// keep a justification: the reason for excluding the control, or for including it.
type UpdateControlImplementationInput struct {
	ID                   pulid.ID                                    `json:"id"`
	Applicable           *bool                                       `json:"applicable"`
	Justification        *string                                     `json:"justification"`
	ImplementationStatus *controlimplementation.ImplementationStatus `json:"implementationStatus"`
	OwnerID              *pulid.ID                                   `json:"ownerID"`
	ClearOwner           bool                                        `json:"clearOwner"`
	// EvidenceNote says where the evidence is (記録の所在); an empty one clears it.
	EvidenceNote        *string    `json:"evidenceNote"`
	LastReviewedOn      *date.Date `json:"lastReviewedOn"`
	ClearLastReviewedOn bool       `json:"clearLastReviewedOn"`
}

// Validate reports every problem of the input at once. Whether the row keeps a justification is
// checked against the stored row (justify).
func (in *UpdateControlImplementationInput) Validate(today date.Date) error {
	var errs []error
	if in.Justification != nil {
		*in.Justification = strings.TrimSpace(*in.Justification)
		errs = append(errs, validate.MaxLength("justification", *in.Justification, maxJustification))
	}
	if in.EvidenceNote != nil {
		*in.EvidenceNote = strings.TrimSpace(*in.EvidenceNote)
		errs = append(errs, validate.MaxLength("evidenceNote", *in.EvidenceNote, maxEvidenceNote))
	}
	if in.ImplementationStatus != nil {
		if err := controlimplementation.ImplementationStatusValidator(*in.ImplementationStatus); err != nil {
			errs = append(errs, apperr.Invalid("implementationStatus", apperr.InvalidValue,
				fmt.Sprintf("unknown status %q", *in.ImplementationStatus), fmt.Sprintf("実施状況 %q は指定できません", *in.ImplementationStatus)))
		}
	}
	if in.OwnerID != nil && in.ClearOwner {
		errs = append(errs, apperr.Invalid("clearOwner", apperr.ConflictingFields, "cannot both set and clear the owner", "責任者の設定と解除は同時に指定できません"))
	}
	if in.LastReviewedOn != nil {
		switch {
		case in.ClearLastReviewedOn:
			errs = append(errs, apperr.Invalid("clearLastReviewedOn", apperr.ConflictingFields, "cannot both set and clear the review date", "レビュー日の設定と解除は同時に指定できません"))
		case in.LastReviewedOn.Before(earliestReview):
			errs = append(errs, apperr.Invalid("lastReviewedOn", apperr.OutOfRange, "must be in 2000 or later", "2000年以降の日付を入力してください"))
		case today.Before(*in.LastReviewedOn):
			errs = append(errs, apperr.Invalid("lastReviewedOn", apperr.OutOfRange, "a review date cannot be in the future", "レビュー日に未来の日付は指定できません"))
		}
	}
	return apperr.Join(errs...)
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
func today(now time.Time) date.Date { return date.Of(now.In(tasks.Calendar)) }
