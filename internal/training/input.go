package training

import (
	"fmt"
	"slices"
	"strings"

	"secretariat/ent/trainingassignment"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/audience"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Bounds of the inputs.
const (
	maxTitle     = 300
	maxText      = 10_000
	maxMaterials = 20
	maxAudience  = 200
	maxResults   = 5000
	// maxAssignees bounds the people one campaign assigns.
	maxAssignees = 5000
)

// CreateTrainingCourseInput adds a course to a company.
type CreateTrainingCourseInput struct {
	CompanyID          pulid.ID              `json:"companyID"`
	Title              string                `json:"title"`
	Description        *string               `json:"description"`
	Kind               trainingcourse.Kind   `json:"kind"`
	Drill              *trainingcourse.Drill `json:"drill"`
	PassMark           *int                  `json:"passMark"`
	ValidityMonths     *int                  `json:"validityMonths"`
	DueDays            *int                  `json:"dueDays"`
	MaterialVersionIDs []pulid.ID            `json:"materialVersionIDs"`
}

// Validate reports every problem of the input at once.
func (in *CreateTrainingCourseInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validate.Text("description", &in.Description, maxText, nil),
		validate.Enum("kind", &in.Kind, trainingcourse.KindValidator),
		validate.Enum("drill", in.Drill, trainingcourse.DrillValidator),
		between("passMark", in.PassMark, 0, 100),
		between("validityMonths", in.ValidityMonths, 1, 60),
		between("dueDays", in.DueDays, 1, 365),
		validate.IDs("materialVersionIDs", in.MaterialVersionIDs, maxMaterials),
	}
	switch {
	case in.Kind == trainingcourse.KindDRILL && in.Drill == nil:
		errs = append(errs, apperr.Invalid("drill", apperr.Required, "a drill says what it is: PHISHING, PASSWORD or OTHER", "訓練の種類（PHISHING、PASSWORD、OTHER）を指定してください"))
	case in.Kind != trainingcourse.KindDRILL && in.Drill != nil:
		errs = append(errs, apperr.Invalid("drill", apperr.ConflictingFields, "only a DRILL course is a drill", "訓練の種類を指定できるのは DRILL のみです"))
	}
	if in.Kind == trainingcourse.KindDRILL {
		errs = append(errs, notForDrill(in.PassMark, in.ValidityMonths)...)
	}
	return apperr.Join(errs...)
}

// notForDrill refuses a pass mark and a validity on a drill: a drill is neither scored nor
// renewed (each drill is a campaign of its own).
func notForDrill(passMark, validityMonths *int) []error {
	var errs []error
	if passMark != nil {
		errs = append(errs, apperr.Invalid("passMark", apperr.ConflictingFields, "a drill is not scored", "訓練に合格点はありません"))
	}
	if validityMonths != nil {
		errs = append(errs, apperr.Invalid("validityMonths", apperr.ConflictingFields, "a drill does not expire: run a new campaign", "訓練に有効期間はありません。新しいキャンペーンを実施してください"))
	}
	return errs
}

// UpdateTrainingCourseInput changes a course: a field left nil stays as it is; Null names the
// optional fields the client cleared (description, passMark, validityMonths). When SetMaterials
// is true, MaterialVersionIDs replaces the materials (empty or nil removes them all). The kind
// and the drill never change: assignments were given for them.
type UpdateTrainingCourseInput struct {
	ID                 pulid.ID   `json:"id"`
	Title              *string    `json:"title"`
	Description        *string    `json:"description"`
	PassMark           *int       `json:"passMark"`
	ValidityMonths     *int       `json:"validityMonths"`
	DueDays            *int       `json:"dueDays"`
	MaterialVersionIDs []pulid.ID `json:"materialVersionIDs"`
	SetMaterials       bool       `json:"-"`
	Null               []string   `json:"-"`
}

// Validate reports every problem of the input at once.
func (in *UpdateTrainingCourseInput) Validate() error {
	errs := []error{
		validate.NotNull(in.Null, "title", "dueDays"),
		validate.Text("description", &in.Description, maxText, &in.Null),
		between("passMark", in.PassMark, 0, 100),
		between("validityMonths", in.ValidityMonths, 1, 60),
		between("dueDays", in.DueDays, 1, 365),
		validate.IDs("materialVersionIDs", in.MaterialVersionIDs, maxMaterials),
	}
	if in.Title != nil {
		*in.Title = strings.TrimSpace(*in.Title)
		errs = append(errs, validate.Required("title", *in.Title, maxTitle))
	}
	return apperr.Join(errs...)
}

// between refuses a value outside [lo, hi]; nil is fine.
func between(field string, v *int, lo, hi int) error {
	if v != nil && (*v < lo || *v > hi) {
		return apperr.Invalid(field, apperr.OutOfRange, fmt.Sprintf("must be from %d to %d", lo, hi), fmt.Sprintf("%dから%dの範囲で指定してください", lo, hi))
	}
	return nil
}

// AudienceInput is who a campaign is for: everyone of the company, or the people of sites,
// departments and roles, and people by name (they add up).
type AudienceInput struct {
	Everyone      bool          `json:"everyone"`
	SiteIDs       []pulid.ID    `json:"siteIDs"`
	DepartmentIDs []pulid.ID    `json:"departmentIDs"`
	Roles         []viewer.Role `json:"roles"`
	UserIDs       []pulid.ID    `json:"userIDs"`
}

// LaunchTrainingCampaignInput runs a course for an audience, due on a day.
type LaunchTrainingCampaignInput struct {
	CourseID pulid.ID      `json:"courseID"`
	Title    string        `json:"title"`
	DueOn    date.Date     `json:"dueOn"`
	Audience AudienceInput `json:"audience"`
}

// Validate reports every problem of the input at once; today is the day it is launched.
func (in *LaunchTrainingCampaignInput) Validate(today date.Date) error {
	in.Title = strings.TrimSpace(in.Title)
	a := in.Audience
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validate.IDs("audience.siteIDs", a.SiteIDs, maxAudience),
		validate.IDs("audience.departmentIDs", a.DepartmentIDs, maxAudience),
		validate.IDs("audience.userIDs", a.UserIDs, maxAudience),
	}
	if in.DueOn.Before(today) {
		errs = append(errs, apperr.Invalid("dueOn", apperr.OutOfRange, "must not be in the past", "過去の日付は指定できません"))
	}
	for i, r := range a.Roles {
		if !slices.Contains([]viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat, viewer.RoleMember}, r) {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("audience.roles.%d", i), apperr.InvalidValue, "names no role that takes training (an AUDITOR does not)", "受講対象のロールを指定してください（AUDITOR は対象外）"))
		}
	}
	if in.audience().Empty() {
		errs = append(errs, apperr.Invalid("audience", apperr.Required, "name who the campaign is for: everyone, sites, departments, roles or people", "対象者（全員、拠点、部署、ロール、個人）を指定してください"))
	}
	return apperr.Join(errs...)
}

func (in *LaunchTrainingCampaignInput) audience() audience.Audience {
	a := audience.Audience{Everyone: in.Audience.Everyone, SiteIDs: in.Audience.SiteIDs, DepartmentIDs: in.Audience.DepartmentIDs, UserIDs: in.Audience.UserIDs}
	for _, r := range in.Audience.Roles {
		a.Roles = append(a.Roles, string(r))
	}
	return a
}

// CompleteTrainingInput records that a person completed an assignment: its score for a scored
// course, and its attestation.
type CompleteTrainingInput struct {
	ID       pulid.ID `json:"id"`
	Score    *int     `json:"score"`
	Attested bool     `json:"attested"`
}

// Validate reports every problem of the input at once.
func (in *CompleteTrainingInput) Validate() error {
	return between("score", in.Score, 0, 100)
}

// DrillResult is what one person did in a drill: for a phishing drill, CLICKED, REPORTED or
// IGNORED; for another drill, done or not.
type DrillResult struct {
	UserID pulid.ID                        `json:"userID"`
	Result *trainingassignment.DrillResult `json:"result"`
	Done   *bool                           `json:"done"`
}

// RecordDrillResultsInput records the results of a drill campaign, all or none.
type RecordDrillResultsInput struct {
	CampaignID pulid.ID      `json:"campaignID"`
	Results    []DrillResult `json:"results"`
}

// Validate reports every problem of the input at once.
func (in *RecordDrillResultsInput) Validate() error {
	if len(in.Results) == 0 {
		return apperr.Invalid("results", apperr.Required, "record at least one result", "結果を1件以上指定してください")
	}
	if len(in.Results) > maxResults {
		return apperr.Invalid("results", apperr.TooLong, fmt.Sprintf("at most %d results", maxResults), fmt.Sprintf("%d件以内にしてください", maxResults))
	}
	var errs []error
	for i, r := range in.Results {
		at := fmt.Sprintf("results.%d.", i)
		errs = append(errs, validate.Enum(at+"result", r.Result, trainingassignment.DrillResultValidator))
		if slices.IndexFunc(in.Results, func(o DrillResult) bool { return o.UserID == r.UserID }) < i {
			errs = append(errs, apperr.Invalid(at+"userID", apperr.Duplicate, "names a person already named", "同じ人が重複しています"))
		}
	}
	return apperr.Join(errs...)
}
