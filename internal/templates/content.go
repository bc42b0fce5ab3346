package templates

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"secretariat/ent/document"
	"secretariat/ent/meeting"
	"secretariat/ent/task"
	"secretariat/ent/trainingcourse"
	"secretariat/internal/apperr"
	"secretariat/internal/controls"
	"secretariat/internal/date"
	"secretariat/internal/documents"
	"secretariat/internal/iso27001"
	"secretariat/internal/meetings"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/riskscale"
	"secretariat/internal/tasks"
	"secretariat/internal/training"
	"secretariat/internal/validate"
)

// Bounds of a version's content.
const (
	maxDocuments  = 100
	maxChecklists = 20
	maxTasks      = 100
	maxMeetings   = 20
	maxCourses    = 50
	maxDueInDays  = 730
)

// Content is what a template set version holds. Every part is optional; a version holds at
// least one item.
type Content struct {
	// Documents are drafted in the company, placeholders filled in.
	Documents []Document `json:"documents"`
	// ChecklistTemplateIDs are the organization's checklist templates copied into the company
	// as its own checklists.
	ChecklistTemplateIDs []pulid.ID `json:"checklistTemplateIDs"`
	// RiskMethod replaces the default method; nil leaves the default.
	RiskMethod *riskscale.Method `json:"riskMethod"`
	// Controls are the SoA defaults: a control not named is applicable with no justification.
	Controls []ControlDefault `json:"controls"`
	// Tasks are created in the company, due a number of days after its start.
	Tasks []Task `json:"tasks"`
	// Meetings are cadences: each schedules its meetings over the company's first year.
	Meetings []MeetingCadence `json:"meetings"`
	// Courses are the company's training courses.
	Courses []Course `json:"courses"`
}

// Document is a document template.
type Document struct {
	// Key names the template across the set's versions, so that a pushed version finds the
	// company's document made from an earlier one: a-z, 0-9 and '-', unique in the version.
	Key                     string                   `json:"key"`
	Code                    *string                  `json:"code"`
	Title                   string                   `json:"title"`
	Kind                    document.Kind            `json:"kind"`
	Folder                  *string                  `json:"folder"`
	Classification          *document.Classification `json:"classification"`
	ReviewIntervalMonths    *int                     `json:"reviewIntervalMonths"`
	RequiresAcknowledgement *bool                    `json:"requiresAcknowledgement"`
	// Body is Markdown with placeholders ({{company.name}} …).
	Body string `json:"body"`
}

// ControlDefault is the SoA default of one Annex A control.
type ControlDefault struct {
	Ref           string  `json:"ref"`
	Applicable    bool    `json:"applicable"`
	Justification *string `json:"justification"`
}

// Task is a standard task.
type Task struct {
	Title       string           `json:"title"`
	Description *string          `json:"description"`
	Priority    *task.Priority   `json:"priority"`
	Recurrence  *task.Recurrence `json:"recurrence"`
	// DueInDays counts from the company's start day.
	DueInDays int `json:"dueInDays"`
}

// MeetingCadence is a standard meeting and how often it is held.
type MeetingCadence struct {
	Kind  meeting.Kind `json:"kind"`
	Title string       `json:"title"`
	// EveryMonths is 1, 2, 3, 4, 6 or 12: the meetings fall every EveryMonths months after the
	// start day, over one year.
	EveryMonths int `json:"everyMonths"`
	// At is the time of day, HH:MM in Japan.
	At     string   `json:"at"`
	Agenda []string `json:"agenda"`
}

// Course is a standard training course.
type Course struct {
	Title          string                `json:"title"`
	Description    *string               `json:"description"`
	Kind           trainingcourse.Kind   `json:"kind"`
	Drill          *trainingcourse.Drill `json:"drill"`
	PassMark       *int                  `json:"passMark"`
	ValidityMonths *int                  `json:"validityMonths"`
	DueDays        *int                  `json:"dueDays"`
}

// decode reads a stored content.
func decode(raw []byte) (*Content, error) {
	var c Content
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("template content: %w", err)
	}
	return &c, nil
}

// Placeholders are what a document template's title and body may hold.
var Placeholders = []string{"company.name", "company.alternateName", "company.scopeStatement", "company.certificationBody", "startOn"}

var placeholder = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// meetingMonths are the cadences a meeting may have.
var meetingMonths = []int{1, 2, 3, 4, 6, 12}

// sample is the company the content's items are validated for: the modules' own rules decide
// what an item may hold.
const sample = pulid.ID("CO00000000000000000000000000")

// validate reports every problem of the content, each on its path under field.
func (c *Content) validate(field string) error {
	if len(c.Documents)+len(c.ChecklistTemplateIDs)+len(c.Controls)+len(c.Tasks)+len(c.Meetings)+len(c.Courses) == 0 && c.RiskMethod == nil {
		return apperr.Invalid(field, apperr.Required, "a version holds at least one template", "テンプレートを1件以上含めてください")
	}
	errs := []error{
		validate.AtMost(field+".documents", len(c.Documents), maxDocuments),
		validate.IDs(field+".checklistTemplateIDs", c.ChecklistTemplateIDs, maxChecklists),
		validate.AtMost(field+".controls", len(c.Controls), len(iso27001.AnnexA())),
		validate.AtMost(field+".tasks", len(c.Tasks), maxTasks),
		validate.AtMost(field+".meetings", len(c.Meetings), maxMeetings),
		validate.AtMost(field+".courses", len(c.Courses), maxCourses),
	}
	if err := apperr.Join(errs...); err != nil {
		return err // the lists are too long to look into
	}
	keys := map[string]bool{}
	for i := range c.Documents {
		d := &c.Documents[i]
		at := fmt.Sprintf("%s.documents.%d", field, i)
		body := d.Body
		in := documents.CreateDocumentInput{CompanyID: sample, Code: d.Code, Title: d.Title, Kind: d.Kind, Folder: d.Folder, Classification: d.Classification,
			ReviewIntervalMonths: d.ReviewIntervalMonths, RequiresAcknowledgement: d.RequiresAcknowledgement, Body: &body}
		errs = append(errs, validate.Key(at+".key", &d.Key, keys), apperr.Nest(at, in.Validate()), placeholders(at+".title", d.Title), placeholders(at+".body", d.Body))
		d.Title, d.Code, d.Folder = in.Title, in.Code, in.Folder
	}
	if c.RiskMethod != nil {
		m, err := risks.CheckMethod(field+".riskMethod", *c.RiskMethod)
		errs = append(errs, err)
		*c.RiskMethod = m
	}
	refs := map[string]bool{}
	for i := range c.Controls {
		d := &c.Controls[i]
		at := fmt.Sprintf("%s.controls.%d", field, i)
		errs = append(errs, controls.CheckRef(at+".ref", &d.Ref, refs), apperr.Nest(at, controls.ValidateDefault(d.Applicable, &d.Justification)))
	}
	for i := range c.Tasks {
		d := &c.Tasks[i]
		at := fmt.Sprintf("%s.tasks.%d", field, i)
		in := tasks.CreateTaskInput{CompanyID: sample, Title: d.Title, Description: d.Description, DueDate: date.New(2030, time.January, 1), Priority: d.Priority, Recurrence: d.Recurrence}
		errs = append(errs, apperr.Nest(at, in.Validate()))
		if d.DueInDays < 0 || d.DueInDays > maxDueInDays {
			errs = append(errs, apperr.Invalid(at+".dueInDays", apperr.OutOfRange, fmt.Sprintf("must be 0 to %d", maxDueInDays), fmt.Sprintf("0から%dまでの日数を入力してください", maxDueInDays)))
		}
		d.Title, d.Description = in.Title, in.Description
	}
	for i := range c.Meetings {
		d := &c.Meetings[i]
		at := fmt.Sprintf("%s.meetings.%d", field, i)
		agenda := make([]meetings.AgendaItemDraft, len(d.Agenda))
		for j, title := range d.Agenda {
			agenda[j] = meetings.AgendaItemDraft{Title: title}
		}
		in := meetings.CreateMeetingInput{CompanyID: sample, Kind: d.Kind, Title: d.Title, ScheduledAt: time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC), Agenda: agenda}
		errs = append(errs, apperr.Nest(at, in.Validate()))
		if !slices.Contains(meetingMonths, d.EveryMonths) {
			errs = append(errs, apperr.Invalid(at+".everyMonths", apperr.InvalidValue, "must be 1, 2, 3, 4, 6 or 12", "1、2、3、4、6、12のいずれかを入力してください"))
		}
		if _, err := time.Parse("15:04", d.At); err != nil {
			errs = append(errs, apperr.Invalid(at+".at", apperr.InvalidFormat, "must be a time of day, HH:MM", "時刻を HH:MM の形式で入力してください"))
		}
		d.Title = in.Title
		for j := range d.Agenda {
			d.Agenda[j] = in.Agenda[j].Title
		}
	}
	for i := range c.Courses {
		d := &c.Courses[i]
		in := training.CreateTrainingCourseInput{CompanyID: sample, Title: d.Title, Description: d.Description, Kind: d.Kind, Drill: d.Drill,
			PassMark: d.PassMark, ValidityMonths: d.ValidityMonths, DueDays: d.DueDays}
		errs = append(errs, apperr.Nest(fmt.Sprintf("%s.courses.%d", field, i), in.Validate()))
		d.Title, d.Description = in.Title, in.Description
	}
	return apperr.Join(errs...)
}

// placeholders refuses a placeholder the set-up cannot fill.
func placeholders(field, text string) error {
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(Placeholders, m[1]) {
			return apperr.Invalid(field, apperr.InvalidValue,
				fmt.Sprintf("unknown placeholder {{%s}}; known: %s", m[1], strings.Join(Placeholders, ", ")),
				fmt.Sprintf("プレースホルダー {{%s}} は使えません（使えるもの: %s）", m[1], strings.Join(Placeholders, ", ")))
		}
	}
	return nil
}

// fill replaces the placeholders of text with the values.
func fill(text string, values map[string]string) string {
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		return values[placeholder.FindStringSubmatch(m)[1]]
	})
}
