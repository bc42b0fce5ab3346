package incidents

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"secretariat/ent/company"
	"secretariat/ent/incident"
	"secretariat/ent/incidentevent"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/iso27001"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Bounds of the inputs.
const (
	maxTitle    = 300
	maxText     = 10_000
	maxReason   = 2000
	maxAssets   = 50
	maxRisks    = 50
	maxControls = 93
	maxNote     = 4000
)

// ReportIncidentInput is a report: what happened, when, where, what kind, what it affected and
// whether personal data is involved.
type ReportIncidentInput struct {
	CompanyID    pulid.ID          `json:"companyID"`
	Title        string            `json:"title"`
	Description  *string           `json:"description"`
	Category     incident.Category `json:"category"`
	OccurredAt   *time.Time        `json:"occurredAt"`
	DiscoveredAt time.Time         `json:"discoveredAt"`
	SiteID       *pulid.ID         `json:"siteID"`
	DepartmentID *pulid.ID         `json:"departmentID"`
	AssetIDs     []pulid.ID        `json:"assetIDs"`
	PersonalData bool              `json:"personalData"`
	Wrongful     bool              `json:"wrongful"`
}

// Validate reports every problem of the input at once. A time in the future is refused: an
// incident is reported once it has happened.
func (in *ReportIncidentInput) Validate(now time.Time) error {
	in.Title = strings.TrimSpace(in.Title)
	errs := []error{
		validate.Required("title", in.Title, maxTitle),
		validate.Text("description", &in.Description, maxText, nil),
		validate.Enum("category", &in.Category, incident.CategoryValidator),
		past("discoveredAt", in.DiscoveredAt, now),
		validate.IDs("assetIDs", in.AssetIDs, maxAssets),
	}
	if in.OccurredAt != nil {
		errs = append(errs, past("occurredAt", *in.OccurredAt, now))
		if in.OccurredAt.After(in.DiscoveredAt) {
			errs = append(errs, apperr.Invalid("occurredAt", apperr.OutOfRange, "an incident is discovered after it occurs", "発生日時は発見日時より前にしてください"))
		}
	}
	return apperr.Join(errs...)
}

// past refuses a time in the future (beyond a minute of clock drift) or before 2000.
func past(field string, t, now time.Time) error {
	if t.After(now.Add(time.Minute)) || t.Year() < 2000 {
		return apperr.Invalid(field, apperr.OutOfRange, "must not be in the future, nor before 2000", "未来または2000年より前の日時は指定できません")
	}
	return nil
}

// TriageIncidentInput triages a reported incident: its severity, who handles it, and what the
// triage found about personal data and a wrongful act.
type TriageIncidentInput struct {
	ID           pulid.ID          `json:"id"`
	Severity     incident.Severity `json:"severity"`
	AssigneeID   *pulid.ID         `json:"assigneeID"`
	PersonalData *bool             `json:"personalData"`
	Wrongful     *bool             `json:"wrongful"`
	Note         *string           `json:"note"`
}

// Validate reports every problem of the input at once.
func (in *TriageIncidentInput) Validate() error {
	return apperr.Join(validate.Enum("severity", &in.Severity, incident.SeverityValidator), validate.Text("note", &in.Note, maxNote, nil))
}

// SetIncidentStatusInput moves a triaged incident forward: CONTAINED, RESOLVED or CLOSED.
type SetIncidentStatusInput struct {
	ID     pulid.ID        `json:"id"`
	Status incident.Status `json:"status"`
	Note   *string         `json:"note"`
}

// Validate reports every problem of the input at once.
func (in *SetIncidentStatusInput) Validate() error {
	errs := []error{validate.Enum("status", &in.Status, incident.StatusValidator), validate.Text("note", &in.Note, maxNote, nil)}
	if !slices.Contains(forward[1:], in.Status) && incident.StatusValidator(in.Status) == nil {
		errs = append(errs, apperr.Invalid("status", apperr.InvalidValue, "an incident moves forward to CONTAINED, RESOLVED or CLOSED (rejectIncident rejects it)", "状態は CONTAINED、RESOLVED、CLOSED のいずれかにしてください（却下は rejectIncident）"))
	}
	return apperr.Join(errs...)
}

// forward is the handling workflow after triage, in order.
var forward = []incident.Status{incident.StatusTRIAGED, incident.StatusCONTAINED, incident.StatusRESOLVED, incident.StatusCLOSED}

// RejectIncidentInput decides that a report is not an incident, with the reason.
type RejectIncidentInput struct {
	ID     pulid.ID `json:"id"`
	Reason string   `json:"reason"`
}

// Validate reports every problem of the input at once.
func (in *RejectIncidentInput) Validate() error {
	in.Reason = strings.TrimSpace(in.Reason)
	return validate.Required("reason", in.Reason, maxReason)
}

// AddIncidentNoteInput appends a comment or an action taken to an incident's timeline.
type AddIncidentNoteInput struct {
	ID   pulid.ID           `json:"id"`
	Kind incidentevent.Kind `json:"kind"`
	Text string             `json:"text"`
}

// Validate reports every problem of the input at once.
func (in *AddIncidentNoteInput) Validate() error {
	in.Text = strings.TrimSpace(in.Text)
	errs := []error{validate.Required("text", in.Text, maxNote)}
	if in.Kind != incidentevent.KindCOMMENT && in.Kind != incidentevent.KindACTION {
		errs = append(errs, apperr.Invalid("kind", apperr.InvalidValue, "a note is a COMMENT or an ACTION", "メモの種類は COMMENT か ACTION です"))
	}
	return apperr.Join(errs...)
}

// LinkIncidentInput links an incident to the risks it raised or updated, more assets it affected,
// and the Annex A controls it concerns (which replace the ones recorded).
type LinkIncidentInput struct {
	ID       pulid.ID   `json:"id"`
	RiskIDs  []pulid.ID `json:"riskIDs"`
	AssetIDs []pulid.ID `json:"assetIDs"`
	Controls []string   `json:"controls"`
}

// Validate reports every problem of the input at once; the controls are checked against the
// catalogue and sorted into the order of the standard.
func (in *LinkIncidentInput) Validate() error {
	errs := []error{validate.IDs("riskIDs", in.RiskIDs, maxRisks), validate.IDs("assetIDs", in.AssetIDs, maxAssets)}
	if in.Controls != nil {
		refs, err := controlRefs(in.Controls)
		errs = append(errs, err)
		in.Controls = refs
	}
	if len(in.RiskIDs) == 0 && len(in.AssetIDs) == 0 && in.Controls == nil {
		errs = append(errs, apperr.Invalid("riskIDs", apperr.Required, "name risks, assets or controls to link", "紐づけるリスク、資産、管理策を指定してください"))
	}
	return apperr.Join(errs...)
}

// controlRefs checks each reference against the Annex A catalogue, drops repeats and sorts them
// in the order of the standard.
func controlRefs(refs []string) ([]string, error) {
	if len(refs) > maxControls {
		return nil, apperr.Invalid("controls", apperr.TooLong, fmt.Sprintf("must list at most %d", maxControls), fmt.Sprintf("%d件以内で指定してください", maxControls))
	}
	controls, err := iso27001.Controls(iso27001.Framework)
	if err != nil {
		return nil, err
	}
	var out []string
	var errs []error
	for _, c := range controls {
		if slices.Contains(refs, c.Ref) {
			out = append(out, c.Ref)
		}
	}
	for i, ref := range refs {
		if !slices.Contains(out, ref) {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("controls.%d", i), apperr.InvalidValue, "names no Annex A control", "附属書Aの管理策を指定してください"))
		}
	}
	if out == nil {
		out = []string{}
	}
	return out, apperr.Join(errs...)
}

// FileIncidentReportInput records that a report the law requires was filed, on the day given.
type FileIncidentReportInput struct {
	DeadlineID pulid.ID  `json:"deadlineID"`
	FiledOn    date.Date `json:"filedOn"`
	Note       *string   `json:"note"`
}

// Validate reports every problem of the input at once.
func (in *FileIncidentReportInput) Validate() error {
	return validate.Text("note", &in.Note, maxNote, nil)
}

// SetIncidentRoutingInput sets where a company's incident reports go first.
type SetIncidentRoutingInput struct {
	CompanyID pulid.ID                `json:"companyID"`
	Routing   company.IncidentRouting `json:"routing"`
}

// Validate reports every problem of the input at once.
func (in *SetIncidentRoutingInput) Validate() error {
	return validate.Enum("routing", &in.Routing, company.IncidentRoutingValidator)
}
