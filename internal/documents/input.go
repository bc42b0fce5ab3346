package documents

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"secretariat/ent/document"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Limits of the inputs.
const (
	maxTitle         = 300
	maxCode          = 50
	maxFolder        = 300
	maxSummary       = 2000
	maxComment       = 2000
	maxBodyBytes     = 1 << 20
	minReviewMonths  = 1
	maxReviewMonths  = 60
	defaultMonths    = 12
	reviewTaskPrefix = "文書レビュー: "
)

// CreateDocumentInput creates a document with its version 1.0 as DRAFT. Body, File or both make
// the content; either may be left for later edits of the draft.
type CreateDocumentInput struct {
	CompanyID pulid.ID `json:"companyID"`
	// Code is the document number (ISMS-P-001); empty, the next of the kind's series.
	Code           *string                  `json:"code"`
	Title          string                   `json:"title"`
	Kind           document.Kind            `json:"kind"`
	Folder         *string                  `json:"folder"`
	Classification *document.Classification `json:"classification"`
	// OwnerID is the person responsible for the document; empty, the viewer.
	OwnerID                 *pulid.ID    `json:"ownerID"`
	ReviewIntervalMonths    *int         `json:"reviewIntervalMonths"`
	NextReviewOn            *date.Date   `json:"nextReviewOn"`
	RequiresAcknowledgement *bool        `json:"requiresAcknowledgement"`
	Body                    *string      `json:"body"`
	ChangeSummary           *string      `json:"changeSummary"`
	File                    *blob.Upload `json:"file"`
}

// Validate reports every problem of the input at once.
func (in *CreateDocumentInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validCode(in.Code),
		validate.Text("folder", &in.Folder, maxFolder, nil),
		validate.Text("changeSummary", &in.ChangeSummary, maxSummary, nil),
		validBody(&in.Body, nil),
		validFile(in.File),
		validInterval(in.ReviewIntervalMonths),
	}
	if err := document.KindValidator(in.Kind); err != nil {
		errs = append(errs, unknownKind(in.Kind))
	}
	if in.Classification != nil {
		if err := document.ClassificationValidator(*in.Classification); err != nil {
			errs = append(errs, unknownClassification(*in.Classification))
		}
	}
	return apperr.Join(errs...)
}

// UpdateDocumentInput changes the fields that are set. Null names the fields sent as null: the
// folder (a blank one too), the owner and the next review date are then cleared, and the other
// fields, which a document cannot be without, refused. The review interval applies from the next
// approval; nextReviewOn moves the present due date.
type UpdateDocumentInput struct {
	ID                      pulid.ID
	Code                    *string
	Title                   *string
	Kind                    *document.Kind
	Folder                  *string
	Classification          *document.Classification
	OwnerID                 *pulid.ID
	ReviewIntervalMonths    *int
	NextReviewOn            *date.Date
	RequiresAcknowledgement *bool
	Null                    []string
}

// Validate reports every problem of the input at once.
func (in *UpdateDocumentInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "code", "title", "kind", "classification", "reviewIntervalMonths", "requiresAcknowledgement")}
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	if in.Code != nil && strings.TrimSpace(*in.Code) == "" {
		errs = append(errs, apperr.Invalid("code", apperr.Required, "must not be empty", "入力してください"))
	} else {
		errs = append(errs, validCode(in.Code))
	}
	if in.Kind != nil {
		if err := document.KindValidator(*in.Kind); err != nil {
			errs = append(errs, unknownKind(*in.Kind))
		}
	}
	if in.Classification != nil {
		if err := document.ClassificationValidator(*in.Classification); err != nil {
			errs = append(errs, unknownClassification(*in.Classification))
		}
	}
	errs = append(errs, validate.Text("folder", &in.Folder, maxFolder, &in.Null), validInterval(in.ReviewIntervalMonths))
	return apperr.Join(errs...)
}

// ArchiveDocumentInput names the document to archive or restore.
type ArchiveDocumentInput struct {
	ID pulid.ID `json:"id"`
}

// CreateVersionInput opens a new DRAFT of a document from its current version (revising). The
// body and the file are carried over unless given; a blank body given leaves the new version
// without one.
type CreateVersionInput struct {
	DocumentID pulid.ID `json:"documentID"`
	// Major asks for the next major number (1.3 → 2.0) instead of the next minor (1.3 → 1.4).
	Major         bool         `json:"major"`
	Body          *string      `json:"body"`
	ChangeSummary *string      `json:"changeSummary"`
	File          *blob.Upload `json:"file"`
}

// Validate reports every problem of the input at once. A blank body stays given (and blank),
// so that the service tells it from a body left out, which carries the current one over.
func (in *CreateVersionInput) Validate() error {
	body := in.Body
	return apperr.Join(validBody(&body, nil), validate.Text("changeSummary", &in.ChangeSummary, maxSummary, nil), validFile(in.File))
}

// UpdateVersionInput edits a DRAFT version: the fields that are set, or a new file. Null names
// the fields sent as null: the body and the change summary (blank ones too) are then cleared,
// and the attached file (file) removed.
type UpdateVersionInput struct {
	ID            pulid.ID
	Body          *string
	ChangeSummary *string
	File          *blob.Upload
	Null          []string
}

// Validate reports every problem of the input at once.
func (in *UpdateVersionInput) Validate() error {
	return apperr.Join(validBody(&in.Body, &in.Null), validate.Text("changeSummary", &in.ChangeSummary, maxSummary, &in.Null), validFile(in.File))
}

// StepInput moves a version one step (submit, approve) with an optional comment.
type StepInput struct {
	ID      pulid.ID `json:"id"`
	Comment *string  `json:"comment"`
}

// Validate reports every problem of the input at once.
func (in *StepInput) Validate() error { return validate.Optional("comment", in.Comment, maxComment) }

// RejectInput rejects a version in review, with the reason the author will read.
type RejectInput struct {
	ID     pulid.ID `json:"id"`
	Reason string   `json:"reason"`
}

// Validate reports every problem of the input at once.
func (in *RejectInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	return validate.Required("reason", in.Reason, maxComment)
}

// AcknowledgeInput acknowledges, as the viewer, the current version of a document.
type AcknowledgeInput struct {
	DocumentID pulid.ID `json:"documentID"`
}

// validCode trims the code and refuses spaces and control characters: a code is quoted in
// other documents and file names.
func validCode(code *string) error {
	if code == nil {
		return nil
	}
	*code = strings.TrimSpace(*code)
	if *code == "" {
		return nil
	}
	if strings.IndexFunc(*code, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return apperr.Invalid("code", apperr.InvalidValue, "must not contain spaces", "空白を含めないでください")
	}
	return validate.MaxLength("code", *code, maxCode)
}

// validBody keeps the Markdown as written (leading spaces matter), but refuses one that is not
// text or too large, and makes an empty or all-blank one nil (on an update, named in null like
// one sent as null).
func validBody(body **string, null *[]string) error {
	if *body == nil {
		return nil
	}
	b := **body
	if !utf8.ValidString(b) {
		return apperr.Invalid("body", apperr.InvalidFormat, "must be UTF-8 text", "UTF-8のテキストにしてください")
	}
	if strings.TrimSpace(b) == "" {
		return validate.Text("body", body, maxBodyBytes, null) // nil, and named in null on an update
	}
	if len(b) > maxBodyBytes {
		return apperr.Invalid("body", apperr.TooLong, fmt.Sprintf("must be at most %d bytes", maxBodyBytes), fmt.Sprintf("%dバイト以内にしてください", maxBodyBytes))
	}
	return nil
}

func validFile(f *blob.Upload) error { return blob.CheckUpload("file", f) }

func unknownKind(k document.Kind) error {
	return apperr.Invalid("kind", apperr.InvalidValue, fmt.Sprintf("unknown kind %q", k), fmt.Sprintf("文書の種類 %q は指定できません", k))
}

func unknownClassification(c document.Classification) error {
	return apperr.Invalid("classification", apperr.InvalidValue, fmt.Sprintf("unknown classification %q", c), fmt.Sprintf("機密区分 %q は指定できません", c))
}

func validInterval(months *int) error {
	if months != nil && (*months < minReviewMonths || *months > maxReviewMonths) {
		return apperr.Invalid("reviewIntervalMonths", apperr.OutOfRange,
			fmt.Sprintf("must be between %d and %d", minReviewMonths, maxReviewMonths),
			fmt.Sprintf("%dから%dまでの値を入力してください", minReviewMonths, maxReviewMonths))
	}
	return nil
}
