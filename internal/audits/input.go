package audits

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"secretariat/ent/audit"
	"secretariat/ent/checklistitem"
	"secretariat/ent/finding"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/iso27001"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Limits of the module's texts and lists.
const (
	maxTitle      = 300
	maxText       = 10_000
	maxName       = 300
	maxQuestion   = 2000
	maxOverride   = 2000
	maxScopeRefs  = 200 // 7 clause groups with their sub-clauses and 93 controls fit
	maxPeople     = 50
	maxDays       = 365
	maxDepartment = 200
)

// Dates outside these years are typing mistakes, not plans.
var (
	earliest = date.New(2000, 1, 1)
	latest   = date.New(2100, 12, 31)
)

// CreateAuditProgrammeInput adds an audit programme for a period to a company.
type CreateAuditProgrammeInput struct {
	CompanyID   pulid.ID  `json:"companyID"`
	Title       string    `json:"title"`
	PeriodStart date.Date `json:"periodStart"`
	PeriodEnd   date.Date `json:"periodEnd"`
	Objectives  *string   `json:"objectives"`
}

// Validate reports every problem of the input at once.
func (in *CreateAuditProgrammeInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	return apperr.Join(
		validate.Required("title", in.Title, maxTitle),
		period("periodStart", "periodEnd", in.PeriodStart, in.PeriodEnd),
		validate.Text("objectives", &in.Objectives, maxText, nil),
	)
}

// PlanAuditInput plans an audit of a company: its kind, scope, auditors and dates.
type PlanAuditInput struct {
	CompanyID            pulid.ID   `json:"companyID"`
	ProgrammeID          *pulid.ID  `json:"programmeID"`
	Kind                 audit.Kind `json:"kind"`
	Title                string     `json:"title"`
	Clauses              []string   `json:"clauses"`
	Controls             []string   `json:"controls"`
	DepartmentIDs        []pulid.ID `json:"departmentIDs"`
	SiteIDs              []pulid.ID `json:"siteIDs"`
	PlannedStart         date.Date  `json:"plannedStart"`
	PlannedEnd           date.Date  `json:"plannedEnd"`
	LeadAuditorID        *pulid.ID  `json:"leadAuditorID"`
	TeamAuditorIDs       []pulid.ID `json:"teamAuditorIDs"`
	ExternalAuditorIDs   []pulid.ID `json:"externalAuditorIDs"`
	CertificationBody    *string    `json:"certificationBody"`
	ExternalLeadAuditor  *string    `json:"externalLeadAuditor"`
	IndependenceOverride *string    `json:"independenceOverride"`
	MajorResponseDays    *int       `json:"majorResponseDays"`
	MinorResponseDays    *int       `json:"minorResponseDays"`
}

// Validate reports every problem of the input at once. The references are checked against the
// catalogue and sorted into the order of the standard; the people and departments against the
// database, by the service.
func (in *PlanAuditInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validate.Enum("kind", &in.Kind, audit.KindValidator),
		period("plannedStart", "plannedEnd", in.PlannedStart, in.PlannedEnd),
		validate.Text("certificationBody", &in.CertificationBody, maxName, nil),
		validate.Text("externalLeadAuditor", &in.ExternalLeadAuditor, maxName, nil),
		validate.Text("independenceOverride", &in.IndependenceOverride, maxOverride, nil),
		days("majorResponseDays", in.MajorResponseDays),
		days("minorResponseDays", in.MinorResponseDays),
		listLength("departmentIDs", len(in.DepartmentIDs), maxDepartment),
		listLength("siteIDs", len(in.SiteIDs), maxDepartment),
		listLength("teamAuditorIDs", len(in.TeamAuditorIDs), maxPeople),
		listLength("externalAuditorIDs", len(in.ExternalAuditorIDs), maxPeople),
	}
	var err error
	in.Clauses, err = clauseRefs("clauses", in.Clauses)
	errs = append(errs, err)
	in.Controls, err = controlRefs("controls", in.Controls)
	errs = append(errs, err)
	if in.Kind == audit.KindINTERNAL {
		if in.CertificationBody != nil {
			errs = append(errs, apperr.Invalid("certificationBody", apperr.ConflictingFields, "an internal audit has no certification body", "内部監査には認証機関を指定できません"))
		}
		if in.ExternalLeadAuditor != nil {
			errs = append(errs, apperr.Invalid("externalLeadAuditor", apperr.ConflictingFields, "an internal audit has no external lead auditor", "内部監査には外部の主任審査員を指定できません"))
		}
		if len(in.ExternalAuditorIDs) > 0 {
			errs = append(errs, apperr.Invalid("externalAuditorIDs", apperr.ConflictingFields, "an internal audit has no certification auditors", "内部監査には認証審査員を指定できません"))
		}
	} else {
		if in.CertificationBody == nil {
			errs = append(errs, apperr.Invalid("certificationBody", apperr.Required, "a certification audit names its certification body", "認証審査には認証機関を入力してください"))
		}
		if in.LeadAuditorID != nil {
			errs = append(errs, apperr.Invalid("leadAuditorID", apperr.ConflictingFields, "a certification audit is led by the certification body's auditor (externalLeadAuditor)", "認証審査の主任審査員は認証機関の審査員です（externalLeadAuditor に入力してください）"))
		}
		if len(in.TeamAuditorIDs) > 0 {
			errs = append(errs, apperr.Invalid("teamAuditorIDs", apperr.ConflictingFields, "a certification audit has no internal auditors", "認証審査には内部監査員を指定できません"))
		}
	}
	var lead []pulid.ID
	if in.LeadAuditorID != nil {
		lead = []pulid.ID{*in.LeadAuditorID}
	}
	errs = append(errs,
		repeats("teamAuditorIDs", lead, in.TeamAuditorIDs, "an auditor", "監査員"),
		repeats("externalAuditorIDs", nil, in.ExternalAuditorIDs, "an auditor", "審査員"),
		repeats("departmentIDs", nil, in.DepartmentIDs, "a department", "部署"),
		repeats("siteIDs", nil, in.SiteIDs, "a site", "拠点"))
	return apperr.Join(errs...)
}

// AddExternalAuditorInput gives a certification auditor's account (a member whose role is
// AUDITOR) a certification audit: it then reads the audit's records and files its requests.
type AddExternalAuditorInput struct {
	AuditID pulid.ID `json:"auditID"`
	UserID  pulid.ID `json:"userID"`
}

// SetAuditStatusInput moves an audit along its workflow. Completing a STAGE2 or RECERTIFICATION
// audit may record the certificate it granted: its number and expiry, which the company then
// shows.
type SetAuditStatusInput struct {
	ID                   pulid.ID     `json:"id"`
	Status               audit.Status `json:"status"`
	CertificateNumber    *string      `json:"certificateNumber"`
	CertificateExpiresOn *date.Date   `json:"certificateExpiresOn"`
}

// Validate reports every problem of the input at once.
func (in *SetAuditStatusInput) Validate() error {
	errs := []error{
		validate.Enum("status", &in.Status, audit.StatusValidator),
		validate.Text("certificateNumber", &in.CertificateNumber, maxName, nil),
	}
	if in.CertificateExpiresOn != nil {
		errs = append(errs, inRange("certificateExpiresOn", *in.CertificateExpiresOn))
	}
	if (in.CertificateNumber != nil || in.CertificateExpiresOn != nil) && in.Status != audit.StatusCOMPLETED {
		errs = append(errs, apperr.Invalid("certificateNumber", apperr.ConflictingFields, "a certificate is recorded when its audit is COMPLETED", "認証書は審査の完了（COMPLETED）時に登録します"))
	}
	return apperr.Join(errs...)
}

// AddChecklistItemInput appends a question to an audit's checklist.
type AddChecklistItemInput struct {
	AuditID  pulid.ID `json:"auditID"`
	Clause   *string  `json:"clause"`
	Control  *string  `json:"control"`
	Question string   `json:"question"`
}

// Validate reports every problem of the input at once.
func (in *AddChecklistItemInput) Validate() error {
	in.Question = strings.TrimSpace(in.Question)
	errs := []error{validate.Required("question", in.Question, maxQuestion)}
	errs = append(errs, oneRef("clause", &in.Clause, clauseRefs))
	errs = append(errs, oneRef("control", &in.Control, controlRefs))
	return apperr.Join(errs...)
}

// RecordChecklistResultInput records what the auditor concluded on a checklist item. Grade is
// the grade of the finding a NONCONFORMITY raises (MAJOR or MINOR; MINOR when not given).
type RecordChecklistResultInput struct {
	ID       pulid.ID             `json:"id"`
	Result   checklistitem.Result `json:"result"`
	Evidence *string              `json:"evidence"`
	Notes    *string              `json:"notes"`
	Grade    *finding.Grade       `json:"grade"`
}

// Validate reports every problem of the input at once.
func (in *RecordChecklistResultInput) Validate() error {
	errs := []error{
		validate.Enum("result", &in.Result, checklistitem.ResultValidator),
		validate.Text("evidence", &in.Evidence, maxText, nil),
		validate.Text("notes", &in.Notes, maxText, nil),
	}
	if in.Grade != nil {
		switch {
		case in.Result != checklistitem.ResultNONCONFORMITY:
			errs = append(errs, apperr.Invalid("grade", apperr.ConflictingFields, "only a NONCONFORMITY raises a finding with a grade", "等級を指定できるのは不適合（NONCONFORMITY）のみです"))
		case *in.Grade != finding.GradeMAJOR && *in.Grade != finding.GradeMINOR:
			errs = append(errs, apperr.Invalid("grade", apperr.InvalidValue, "a nonconformity is MAJOR or MINOR", "不適合の等級は MAJOR か MINOR です"))
		}
	}
	return apperr.Join(errs...)
}

// RaiseFindingInput records a finding: of an audit (auditID), or raised from an incident or
// directly (source).
type RaiseFindingInput struct {
	CompanyID     pulid.ID        `json:"companyID"`
	AuditID       *pulid.ID       `json:"auditID"`
	IncidentID    *pulid.ID       `json:"incidentID"`
	Source        *finding.Source `json:"source"`
	Grade         finding.Grade   `json:"grade"`
	Clause        *string         `json:"clause"`
	Control       *string         `json:"control"`
	Statement     string          `json:"statement"`
	Evidence      *string         `json:"evidence"`
	DepartmentIDs []pulid.ID      `json:"departmentIDs"`
	SiteIDs       []pulid.ID      `json:"siteIDs"`
	ResponseDue   *date.Date      `json:"responseDue"`
}

// Validate reports every problem of the input at once.
func (in *RaiseFindingInput) Validate() error {
	in.Statement = strings.TrimSpace(in.Statement)
	errs := []error{
		validate.Enum("grade", &in.Grade, finding.GradeValidator),
		validate.Enum("source", in.Source, finding.SourceValidator),
		validate.Required("statement", in.Statement, maxText),
		validate.Text("evidence", &in.Evidence, maxText, nil),
		listLength("departmentIDs", len(in.DepartmentIDs), maxDepartment),
		listLength("siteIDs", len(in.SiteIDs), maxDepartment),
	}
	switch {
	case in.IncidentID != nil && in.AuditID != nil:
		errs = append(errs, apperr.Invalid("incidentID", apperr.ConflictingFields, "a finding comes from an audit or from an incident, not both", "所見の発生源は監査かインシデントのどちらかです"))
	case in.IncidentID != nil && in.Source != nil && *in.Source != finding.SourceINCIDENT:
		errs = append(errs, apperr.Invalid("source", apperr.ConflictingFields, "a finding raised from an incident has the source INCIDENT", "インシデントからの所見の発生源は INCIDENT です"))
	case in.IncidentID != nil:
	case in.AuditID != nil && in.Source != nil:
		errs = append(errs, apperr.Invalid("source", apperr.ConflictingFields, "the finding of an audit takes its source from the audit", "監査の所見の発生源は監査から決まります"))
	case in.AuditID == nil && in.Source == nil:
		errs = append(errs, apperr.Invalid("source", apperr.Required, "a finding outside an audit says where it comes from (INCIDENT or DIRECT)", "監査以外の所見は発生源（INCIDENT か DIRECT）を指定してください"))
	case in.Source != nil && *in.Source != finding.SourceINCIDENT && *in.Source != finding.SourceDIRECT:
		errs = append(errs, apperr.Invalid("source", apperr.InvalidValue, "an audit's finding is raised with its auditID", "監査の所見は auditID を指定して登録してください"))
	}
	errs = append(errs, oneRef("clause", &in.Clause, clauseRefs))
	errs = append(errs, oneRef("control", &in.Control, controlRefs))
	if in.ResponseDue != nil {
		errs = append(errs, inRange("responseDue", *in.ResponseDue))
	}
	errs = append(errs,
		repeats("departmentIDs", nil, in.DepartmentIDs, "a department", "部署"),
		repeats("siteIDs", nil, in.SiteIDs, "a site", "拠点"))
	return apperr.Join(errs...)
}

// RespondToFindingInput records the correction and the root cause of a finding. Null names the
// fields sent as null, which are cleared.
type RespondToFindingInput struct {
	ID          pulid.ID   `json:"id"`
	Correction  *string    `json:"correction"`
	RootCause   *string    `json:"rootCause"`
	ResponseDue *date.Date `json:"responseDue"`
	Null        []string   `json:"-"`
}

// Validate reports every problem of the input at once.
func (in *RespondToFindingInput) Validate() error {
	errs := []error{
		validate.Text("correction", &in.Correction, maxText, &in.Null),
		validate.Text("rootCause", &in.RootCause, maxText, &in.Null),
	}
	if in.ResponseDue != nil {
		errs = append(errs, inRange("responseDue", *in.ResponseDue))
	}
	return apperr.Join(errs...)
}

// AddCorrectiveActionInput plans a corrective action of a finding: a task (source FINDING) for a
// department, with its owner and due date.
type AddCorrectiveActionInput struct {
	FindingID    pulid.ID  `json:"findingID"`
	DepartmentID *pulid.ID `json:"departmentID"`
	Title        string    `json:"title"`
	Description  *string   `json:"description"`
	AssigneeID   pulid.ID  `json:"assigneeID"`
	DueDate      date.Date `json:"dueDate"`
}

// Validate reports the problems the task's own input does not: the task checks its title,
// description, assignee and due date.
func (in *AddCorrectiveActionInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	return validate.Required("title", in.Title, maxTitle)
}

// ReviewEffectivenessInput records the review of a finding's corrective actions: who, when,
// the result and what was looked at.
type ReviewEffectivenessInput struct {
	FindingID  pulid.ID              `json:"findingID"`
	Result     finding.Effectiveness `json:"result"`
	ReviewerID pulid.ID              `json:"reviewerID"`
	ReviewedOn date.Date             `json:"reviewedOn"`
	Evidence   string                `json:"evidence"`
}

// Validate reports every problem of the input at once.
func (in *ReviewEffectivenessInput) Validate() error {
	in.Evidence = strings.TrimSpace(in.Evidence)
	return apperr.Join(
		validate.Enum("result", &in.Result, finding.EffectivenessValidator),
		inRange("reviewedOn", in.ReviewedOn),
		validate.Required("evidence", in.Evidence, maxText),
	)
}

func period(startField, endField string, start, end date.Date) error {
	errs := []error{inRange(startField, start), inRange(endField, end)}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		errs = append(errs, apperr.Invalid(endField, apperr.OutOfRange, "must not be before "+startField, startField+" より前の日付は指定できません"))
	}
	return apperr.Join(errs...)
}

func inRange(field string, d date.Date) error {
	switch {
	case d.IsZero():
		return apperr.Invalid(field, apperr.Required, "must be a date in the form YYYY-MM-DD", "YYYY-MM-DD の形式で日付を入力してください")
	case d.Before(earliest) || d.After(latest):
		return apperr.Invalid(field, apperr.OutOfRange,
			fmt.Sprintf("must be between %s and %s", earliest, latest),
			fmt.Sprintf("%sから%sまでの日付を入力してください", earliest, latest))
	}
	return nil
}

func days(field string, n *int) error {
	if n != nil && (*n < 1 || *n > maxDays) {
		return apperr.Invalid(field, apperr.OutOfRange, fmt.Sprintf("must be between 1 and %d days", maxDays), fmt.Sprintf("1日から%d日の範囲で入力してください", maxDays))
	}
	return nil
}

func listLength(field string, n, limit int) error {
	if n > limit {
		return apperr.Invalid(field, apperr.TooLong, fmt.Sprintf("must list at most %d", limit), fmt.Sprintf("%d件以内で指定してください", limit))
	}
	return nil
}

// repeats refuses each ID of ids named earlier in ids or in before (what names the kind of
// record, in English and Japanese), on its own field: field.i.
func repeats(field string, before, ids []pulid.ID, en, ja string) error {
	var errs []error
	for i, id := range ids {
		if slices.Contains(before, id) || slices.Index(ids, id) < i {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("%s.%d", field, i), apperr.Duplicate, "names "+en+" already named", "同じ"+ja+"が重複しています"))
		}
	}
	return apperr.Join(errs...)
}

// clauseRefs checks each reference against the clauses of the catalogue, drops repeats and sorts
// them in the order of the standard.
func clauseRefs(field string, refs []string) ([]string, error) {
	return catalogueRefs(field, refs, func(ref string) bool { _, ok := iso27001.LookupClause(ref); return ok },
		"is not a clause of ISO/IEC 27001 (4 to 10)", "ISO/IEC 27001 の箇条（4〜10）ではありません")
}

// controlRefs checks each reference against Annex A, drops repeats and sorts them in its order.
func controlRefs(field string, refs []string) ([]string, error) {
	return catalogueRefs(field, refs, func(ref string) bool { _, ok := iso27001.Lookup(ref); return ok },
		"is not a control of Annex A", "附属書Aの管理策ではありません")
}

func catalogueRefs(field string, refs []string, known func(string) bool, en, ja string) ([]string, error) {
	if len(refs) > maxScopeRefs {
		return nil, listLength(field, len(refs), maxScopeRefs)
	}
	var errs []error
	out := make([]string, 0, len(refs))
	for i, r := range refs {
		r = strings.TrimSpace(r)
		if !known(r) {
			at := field
			if len(refs) > 1 || strings.HasSuffix(field, "s") {
				at = field + "." + strconv.Itoa(i)
			}
			errs = append(errs, apperr.Invalid(at, apperr.InvalidValue, strconv.Quote(r)+" "+en, strconv.Quote(r)+" は"+ja))
			continue
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, iso27001.CompareRefs)
	return out, apperr.Join(errs...)
}

// oneRef checks an optional reference given alone against the catalogue (refs: clauseRefs or
// controlRefs) and stores it as the catalogue writes it.
func oneRef(field string, ref **string, refs func(string, []string) ([]string, error)) error {
	if *ref == nil {
		return nil
	}
	out, err := refs(field, []string{**ref})
	if err == nil {
		*ref = &out[0]
	}
	return err
}
