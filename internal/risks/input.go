package risks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"secretariat/ent/risk"
	"secretariat/ent/task"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
	"secretariat/internal/validate"
)

// Limits of a risk's texts (the ent schema's, checked here to answer on the field).
const (
	maxCode  = 50
	maxTitle = 300
	maxText  = 10_000
	maxLinks = 100
)

// CreateRiskInput adds a risk to a company's register. Score, level, residual score and
// residual level are computed by the company's method, never taken from input.
type CreateRiskInput struct {
	CompanyID pulid.ID `json:"companyID"`
	// Code is the register number; empty, the next free number.
	Code             *string         `json:"code"`
	Title            string          `json:"title"`
	Threat           *string         `json:"threat"`
	Vulnerability    *string         `json:"vulnerability"`
	Likelihood       int             `json:"likelihood"`
	Impact           int             `json:"impact"`
	OwnerID          *pulid.ID       `json:"ownerID"`
	Treatment        *risk.Treatment `json:"treatment"`
	TreatmentPlan    *string         `json:"treatmentPlan"`
	TargetLikelihood *int            `json:"targetLikelihood"`
	TargetImpact     *int            `json:"targetImpact"`
	// The acceptance by management (リスク受容): approver, date, expiry.
	AcceptedByID        *pulid.ID    `json:"acceptedByID"`
	AcceptedOn          *date.Date   `json:"acceptedOn"`
	AcceptanceExpiresOn *date.Date   `json:"acceptanceExpiresOn"`
	Status              *risk.Status `json:"status"`
	NextReviewOn        *date.Date   `json:"nextReviewOn"`
	// AssetIDs are assets of the risk's company; ControlRefs Annex A references ("5.1").
	AssetIDs    []pulid.ID `json:"assetIDs"`
	ControlRefs []string   `json:"controlRefs"`
}

// Validate reports every problem of the input that needs no database, all at once.
func (in *CreateRiskInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validate.Optional("code", in.Code, maxCode),
		validate.Text("threat", &in.Threat, maxText, nil),
		validate.Text("vulnerability", &in.Vulnerability, maxText, nil),
		validate.Text("treatmentPlan", &in.TreatmentPlan, maxText, nil),
		enumValue("treatment", in.Treatment, risk.TreatmentValidator),
		enumValue("status", in.Status, risk.StatusValidator),
		targets(in.TargetLikelihood, in.TargetImpact),
		dates(in.AcceptedOn, in.AcceptanceExpiresOn),
		links(in.AssetIDs, in.ControlRefs),
	}
	var err error
	in.ControlRefs, err = normalizeRefs(in.ControlRefs)
	errs = append(errs, err)
	return apperr.Join(errs...)
}

// UpdateRiskInput changes the fields that are set. Null names the fields sent as null: the
// threat, the vulnerability and the treatment plan (blank ones too), the owner, the treatment,
// the target values, the acceptance's approver, date and expiry, the next review day and the
// asset and control links are then cleared; the code, the title, the likelihood, the impact and
// the status, which a risk cannot be without, refused. What the risk becomes must still hold
// together: both target values or neither, an acceptance with both its approver and its date.
// AssetIDs and ControlRefs, when given (an empty list included), replace the risk's links; nil
// leaves them as they are.
type UpdateRiskInput struct {
	ID                  pulid.ID
	Code                *string
	Title               *string
	Threat              *string
	Vulnerability       *string
	Likelihood          *int
	Impact              *int
	OwnerID             *pulid.ID
	Treatment           *risk.Treatment
	TreatmentPlan       *string
	TargetLikelihood    *int
	TargetImpact        *int
	AcceptedByID        *pulid.ID
	AcceptedOn          *date.Date
	AcceptanceExpiresOn *date.Date
	Status              *risk.Status
	NextReviewOn        *date.Date
	AssetIDs            []pulid.ID
	ControlRefs         []string
	Null                []string
}

// Validate reports every problem of the input that needs no database, all at once.
func (in *UpdateRiskInput) Validate() error {
	errs := []error{validate.NotNull(in.Null, "code", "title", "likelihood", "impact", "status")}
	if in.Code != nil {
		*in.Code = strings.TrimSpace(*in.Code)
		errs = append(errs, validate.Required("code", *in.Code, maxCode))
	}
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	errs = append(errs,
		validate.Text("threat", &in.Threat, maxText, &in.Null),
		validate.Text("vulnerability", &in.Vulnerability, maxText, &in.Null),
		enumValue("treatment", in.Treatment, risk.TreatmentValidator),
		validate.Text("treatmentPlan", &in.TreatmentPlan, maxText, &in.Null),
		enumValue("status", in.Status, risk.StatusValidator),
		links(in.AssetIDs, in.ControlRefs),
	)
	if validate.IsNull(in.Null, "assetIDs") {
		in.AssetIDs = []pulid.ID{}
	}
	if validate.IsNull(in.Null, "controlRefs") {
		in.ControlRefs = []string{}
	}
	var err error
	in.ControlRefs, err = normalizeRefs(in.ControlRefs)
	errs = append(errs, err)
	return apperr.Join(errs...)
}

// AcceptRiskInput records management's acceptance of a risk (リスク受容) and sets it ACCEPTED.
type AcceptRiskInput struct {
	ID pulid.ID `json:"id"`
	// ApproverID defaults to the viewer.
	ApproverID *pulid.ID `json:"approverID"`
	// AcceptedOn defaults to today (Japan's calendar day).
	AcceptedOn *date.Date `json:"acceptedOn"`
	// ExpiresOn is when the acceptance must be reviewed; required, after AcceptedOn.
	ExpiresOn date.Date `json:"expiresOn"`
}

// Validate reports every problem of the input at once.
func (in *AcceptRiskInput) Validate() error {
	if in.ExpiresOn.IsZero() {
		return apperr.Invalid("expiresOn", apperr.Required, "must be a date in the form YYYY-MM-DD", "受容の期限を YYYY-MM-DD の形式で入力してください")
	}
	return nil
}

// AddTreatmentTaskInput adds one item of a risk's treatment plan as a task (source
// RISK_TREATMENT) in the risk's company.
type AddTreatmentTaskInput struct {
	RiskID      pulid.ID       `json:"riskID"`
	Title       string         `json:"title"`
	Description *string        `json:"description"`
	DueDate     date.Date      `json:"dueDate"`
	AssigneeID  *pulid.ID      `json:"assigneeID"`
	Priority    *task.Priority `json:"priority"`
}

// UpdateMethodInput replaces a company's risk assessment method.
type UpdateMethodInput struct {
	CompanyID           pulid.ID         `json:"companyID"`
	Likelihood          []riskscale.Step `json:"likelihood"`
	Impact              []riskscale.Step `json:"impact"`
	Rule                riskscale.Rule   `json:"rule"`
	Bands               []riskscale.Band `json:"bands"`
	AcceptanceThreshold int              `json:"acceptanceThreshold"`
	// Locale is the locale of the labels of the answer.
	Locale *locale.Locale `json:"locale"`
}

// Method is the method the input describes, labels and codes trimmed.
func (in UpdateMethodInput) Method() riskscale.Method {
	trimSteps := func(steps []riskscale.Step) []riskscale.Step {
		out := make([]riskscale.Step, len(steps))
		for i, s := range steps {
			out[i] = riskscale.Step{Value: s.Value, LabelJa: strings.TrimSpace(s.LabelJa), LabelEn: strings.TrimSpace(s.LabelEn)}
		}
		return out
	}
	bands := make([]riskscale.Band, len(in.Bands))
	for i, b := range in.Bands {
		bands[i] = riskscale.Band{MinScore: b.MinScore, Level: strings.ToUpper(strings.TrimSpace(b.Level)),
			LabelJa: strings.TrimSpace(b.LabelJa), LabelEn: strings.TrimSpace(b.LabelEn)}
	}
	return riskscale.Method{Likelihood: trimSteps(in.Likelihood), Impact: trimSteps(in.Impact), Rule: in.Rule,
		Bands: bands, AcceptanceThreshold: in.AcceptanceThreshold}
}

// CheckMethod checks a method as updateRiskMethod checks it (a template's or a baseline's), each
// problem on its field under at, and returns it with its labels and codes trimmed.
func CheckMethod(at string, m riskscale.Method) (riskscale.Method, error) {
	in := UpdateMethodInput{Likelihood: m.Likelihood, Impact: m.Impact, Rule: m.Rule, Bands: m.Bands, AcceptanceThreshold: m.AcceptanceThreshold}
	if err := in.Validate(); err != nil {
		return m, apperr.Nest(at, err)
	}
	return in.Method(), nil
}

// Validate reports the problems of the method, field by field (riskscale.Validate), and labels
// or level codes too long to store.
func (in UpdateMethodInput) Validate() error {
	m := in.Method()
	var errs []error
	problems := m.Validate()
	for _, field := range slices.Sorted(maps.Keys(problems)) {
		errs = append(errs, problems[field])
	}
	for _, s := range append(append([]riskscale.Step{}, m.Likelihood...), m.Impact...) {
		if utf8.RuneCountInString(s.LabelJa) > 100 || utf8.RuneCountInString(s.LabelEn) > 100 {
			errs = append(errs, apperr.Invalid("likelihood", apperr.TooLong, "labels must be at most 100 characters", "ラベルは100文字以内で入力してください"))
			break
		}
	}
	for _, b := range m.Bands {
		if len(b.Level) > 50 || utf8.RuneCountInString(b.LabelJa) > 100 || utf8.RuneCountInString(b.LabelEn) > 100 {
			errs = append(errs, apperr.Invalid("bands", apperr.TooLong, "level codes must be at most 50 characters and labels 100", "レベルのコードは50文字以内、ラベルは100文字以内で入力してください"))
			break
		}
	}
	return apperr.Join(errs...)
}

var errHalfTarget = apperr.Invalid("targetImpact", apperr.ConflictingFields,
	"give both the target likelihood and the target impact, or neither", "目標の発生可能性と影響度は両方指定するか、どちらも指定しないでください")

var errExpiresBeforeAcceptance = apperr.Invalid("acceptanceExpiresOn", apperr.OutOfRange,
	"must be after the acceptance date", "受容日より後の日付を指定してください")

func targets(l, i *int) error {
	if (l == nil) != (i == nil) {
		return errHalfTarget
	}
	return nil
}

func dates(accepted, expires *date.Date) error {
	if accepted != nil && expires != nil && !expires.After(*accepted) {
		return errExpiresBeforeAcceptance
	}
	return nil
}

func links(assets []pulid.ID, refs []string) error {
	if len(assets) > maxLinks {
		return apperr.Invalid("assetIDs", apperr.TooLong, fmt.Sprintf("at most %d assets", maxLinks), fmt.Sprintf("資産は%d件以内で指定してください", maxLinks))
	}
	if len(refs) > maxLinks {
		return apperr.Invalid("controlRefs", apperr.TooLong, fmt.Sprintf("at most %d controls", maxLinks), fmt.Sprintf("管理策は%d件以内で指定してください", maxLinks))
	}
	return nil
}

func enumValue[E any](field string, v *E, valid func(E) error) error {
	if v == nil {
		return nil
	}
	if err := valid(*v); err != nil {
		return apperr.Invalid(field, apperr.InvalidValue, err.Error(), fmt.Sprintf("%v は指定できない値です", *v))
	}
	return nil
}
