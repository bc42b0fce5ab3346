// Package calendar puts the dated work of every client company a viewer reaches on one calendar,
// in time order: audits and their interview slots, meetings (management reviews among them),
// document reviews, open tasks and training campaigns by their due days, certificate expiries and
// the reports the law asks of an incident. It reads through the viewer's client, so an entry is
// there only when the viewer reads its record: a company out of reach has no entry, a MEMBER sees
// only what it reads elsewhere. It writes nothing.
//
// A period is at most 366 days and a calendar at most 5,000 entries: past that, narrow the period
// or the companies. Entries are ordered by day, then all-day entries before timed ones, by time,
// then by kind and record; a page's cursor carries that order.
package calendar

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/company"
	"secretariat/ent/document"
	"secretariat/ent/incidentdeadline"
	"secretariat/ent/interview"
	"secretariat/ent/meeting"
	"secretariat/ent/task"
	"secretariat/ent/trainingcampaign"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/enum"
	"secretariat/internal/page"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Kind is what an entry is.
type Kind string

// The kinds of entry, in the order entries of one moment are listed.
const (
	KindCertificateExpiry Kind = "CERTIFICATE_EXPIRY"
	KindAudit             Kind = "AUDIT"
	KindInterview         Kind = "INTERVIEW"
	KindMeeting           Kind = "MEETING"
	KindDocumentReview    Kind = "DOCUMENT_REVIEW"
	KindIncidentDeadline  Kind = "INCIDENT_DEADLINE"
	KindTaskDue           Kind = "TASK_DUE"
	KindTrainingDue       Kind = "TRAINING_DUE"
)

// Kinds lists every kind.
var Kinds = []Kind{KindCertificateExpiry, KindAudit, KindInterview, KindMeeting, KindDocumentReview, KindIncidentDeadline, KindTaskDue, KindTrainingDue}

// Bounds of a calendar.
const (
	maxDays      = 366
	maxCompanies = 200
	maxEntries   = 5000
)

// Entry is one dated thing on the calendar: on a day (and, for meetings and interview slots, at
// a time), of a company, from a record.
type Entry struct {
	Kind Kind
	// On is the day (Japan's calendar); EndsOn the last day of an audit that spans several.
	On     date.Date
	EndsOn *date.Date
	// StartsAt and EndsAt are the times of a meeting or an interview slot; nil for a day's entry.
	StartsAt, EndsAt *time.Time
	Title            string
	CompanyID        pulid.ID
	Company          *ent.Company
	Record           ent.Noder
	RecordID         pulid.ID
	key              string
}

// Input asks for the calendar of a period: of the companies named (each one the viewer reaches,
// else UNKNOWN_ID on companyIDs.i) or of every company it reaches, of the kinds named or all.
type Input struct {
	From       date.Date  `json:"from"`
	To         date.Date  `json:"to"`
	CompanyIDs []pulid.ID `json:"companyIDs"`
	Kinds      []Kind     `json:"kinds"`
}

// Validate reports every problem of the input at once.
func (in *Input) Validate() error {
	errs := []error{validate.IDs("companyIDs", in.CompanyIDs, maxCompanies)}
	switch {
	case in.To.Before(in.From):
		errs = append(errs, apperr.Invalid("to", apperr.OutOfRange, "must not be before from", "from より前にはできません"))
	case in.From.AddDays(maxDays).Before(in.To):
		errs = append(errs, apperr.Invalid("to", apperr.OutOfRange, fmt.Sprintf("a calendar covers at most %d days", maxDays), fmt.Sprintf("期間は%d日以内にしてください", maxDays)))
	}
	for i, k := range in.Kinds {
		if !slices.Contains(Kinds, k) {
			errs = append(errs, apperr.Invalid(fmt.Sprintf("kinds.%d", i), apperr.InvalidValue, "unknown kind", "不明な種類です"))
		}
	}
	return apperr.Join(errs...)
}

// Page is a page of the calendar: its entries with their cursors, whether more come before or
// after, and how many entries the whole calendar has.
type Page struct {
	Edges      []Edge
	PageInfo   ent.PageInfo
	TotalCount int
}

// Edge is one entry of a page and its cursor.
type Edge struct {
	Cursor ent.Cursor
	Node   *Entry
}

// Service reads the calendar.
type Service struct {
	db  *ent.Client
	log *slog.Logger
}

// NewService returns the service over the ent client.
func NewService(db *ent.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log}
}

// Calendar returns the page of the calendar after the cursor (from the start without one), of
// first entries (20 unless given, at most 100, as every connection of the API).
func (s *Service) Calendar(ctx context.Context, in Input, after *ent.Cursor, first *int) (*Page, error) {
	n, err := page.Size(first)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	entries, err := s.Entries(ctx, in)
	if err != nil {
		return nil, err
	}
	start := 0
	if after != nil {
		key, _ := after.Value.(string)
		start, _ = slices.BinarySearchFunc(entries, key, func(e *Entry, k string) int {
			if e.key <= k {
				return -1
			}
			return 1
		})
	}
	end := min(start+n, len(entries))
	p := &Page{TotalCount: len(entries)}
	cursors := make([]ent.Cursor, 0, end-start)
	for _, e := range entries[start:end] {
		cursors = append(cursors, ent.Cursor{ID: e.RecordID, Value: e.key})
		p.Edges = append(p.Edges, Edge{Cursor: cursors[len(cursors)-1], Node: e})
	}
	p.PageInfo = page.Info(start, end, len(entries), cursors)
	return p, nil
}

// Entries returns every entry of the calendar in order, each with its company.
func (s *Service) Entries(ctx context.Context, in Input) ([]*Entry, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	if len(in.CompanyIDs) > 0 {
		found, err := s.db.Company.Query().Where(company.IDIn(in.CompanyIDs...)).IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		if err := validate.Found("companyIDs", in.CompanyIDs, found); err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
	}
	kinds := in.Kinds
	if len(kinds) == 0 {
		kinds = Kinds
	}
	r := reader{in: in, from: in.From.Start(), to: in.To.AddDays(1).Start()}
	var entries []*Entry
	for _, k := range kinds {
		got, err := r.read(ctx, s.db, k)
		if err != nil {
			return nil, fmt.Errorf("calendar: %w", err)
		}
		entries = append(entries, got...)
		if len(entries) > maxEntries {
			return nil, fmt.Errorf("calendar: %w", apperr.Invalid("to", apperr.OutOfRange,
				fmt.Sprintf("more than %d entries: ask for a shorter period, fewer companies or fewer kinds", maxEntries),
				fmt.Sprintf("予定が%d件を超えます。期間、会社、種類を絞ってください", maxEntries)))
		}
	}
	if err := withCompanies(ctx, s.db, entries); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	for _, e := range entries {
		// A day's entry ("2026-12-08") sorts before the timed ones of its day ("2026-12-08
		// 09:00:00"): the separator is below every printable character.
		when := e.On.String()
		if e.StartsAt != nil {
			when += " " + e.StartsAt.In(date.Calendar).Format("15:04:05")
		}
		e.key = fmt.Sprintf("%s\x01%02d\x01%s", when, slices.Index(Kinds, e.Kind), e.RecordID)
	}
	slices.SortFunc(entries, func(a, b *Entry) int { return cmp.Compare(a.key, b.key) })
	return entries, nil
}

// withCompanies gives each entry its company, read in one statement.
func withCompanies(ctx context.Context, db *ent.Client, entries []*Entry) error {
	var ids []pulid.ID
	for _, e := range entries {
		if e.Company == nil && !slices.Contains(ids, e.CompanyID) {
			ids = append(ids, e.CompanyID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	cs, err := db.Company.Query().Where(company.IDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	byID := make(map[pulid.ID]*ent.Company, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	for _, e := range entries {
		if e.Company == nil {
			e.Company = byID[e.CompanyID]
		}
	}
	return nil
}

// reader reads the entries of one kind in the period, of the companies asked.
type reader struct {
	in       Input
	from, to time.Time // [from, to) in Japan
}

// limit is the rows one kind may read: one more than a calendar holds, to tell it is too long.
const limit = maxEntries + 1

func (r reader) read(ctx context.Context, db *ent.Client, k Kind) ([]*Entry, error) {
	var out []*Entry
	add := func(e *Entry) { out = append(out, e) }
	companies := r.in.CompanyIDs
	switch k {
	case KindCertificateExpiry:
		q := db.Company.Query().Where(company.CertificateExpiresOnGTE(r.in.From), company.CertificateExpiresOnLTE(r.in.To), company.ArchivedAtIsNil())
		if len(companies) > 0 {
			q.Where(company.IDIn(companies...))
		}
		rows, err := q.Limit(limit).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			add(&Entry{Kind: k, On: *c.CertificateExpiresOn, Title: c.Name, CompanyID: c.ID, Company: c, Record: c, RecordID: c.ID})
		}
	case KindAudit:
		q := db.Audit.Query().Where(audit.PlannedStartLTE(r.in.To), audit.PlannedEndGTE(r.in.From), audit.StatusNEQ(audit.StatusCANCELED), audit.ArchivedAtIsNil())
		if len(companies) > 0 {
			q.Where(audit.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, a := range rows {
			if a.PlannedStart == nil {
				continue
			}
			add(&Entry{Kind: k, On: *a.PlannedStart, EndsOn: a.PlannedEnd, Title: a.Title, CompanyID: a.CompanyID, Record: a, RecordID: a.ID})
		}
	case KindInterview:
		q := db.Interview.Query().Where(interview.StartsAtGTE(r.from), interview.StartsAtLT(r.to),
			interview.HasAuditWith(audit.StatusNEQ(audit.StatusCANCELED), audit.ArchivedAtIsNil()))
		if len(companies) > 0 {
			q.Where(interview.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).WithAudit().All(ctx)
		if err != nil {
			return nil, err
		}
		for _, i := range rows {
			title := ""
			if i.Topic != nil {
				title = *i.Topic
			} else if i.Edges.Audit != nil {
				title = i.Edges.Audit.Title
			}
			startsAt, endsAt := i.StartsAt, i.EndsAt
			add(&Entry{Kind: k, On: date.Today(startsAt), StartsAt: &startsAt, EndsAt: &endsAt, Title: title, CompanyID: i.CompanyID, Record: i, RecordID: i.ID})
		}
	case KindMeeting:
		q := db.Meeting.Query().Where(meeting.ScheduledAtGTE(r.from), meeting.ScheduledAtLT(r.to), meeting.StatusNEQ(meeting.StatusCANCELED))
		if len(companies) > 0 {
			q.Where(meeting.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range rows {
			at := m.ScheduledAt
			add(&Entry{Kind: k, On: date.Today(at), StartsAt: &at, Title: m.Title, CompanyID: m.CompanyID, Record: m, RecordID: m.ID})
		}
	case KindDocumentReview:
		q := db.Document.Query().Where(document.NextReviewOnGTE(r.in.From), document.NextReviewOnLTE(r.in.To), document.ArchivedAtIsNil())
		if len(companies) > 0 {
			q.Where(document.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range rows {
			add(&Entry{Kind: k, On: *d.NextReviewOn, Title: d.Code + " " + d.Title, CompanyID: d.CompanyID, Record: d, RecordID: d.ID})
		}
	case KindIncidentDeadline:
		q := db.IncidentDeadline.Query().Where(incidentdeadline.DueOnGTE(r.in.From), incidentdeadline.DueOnLTE(r.in.To), incidentdeadline.FiledOnIsNil())
		if len(companies) > 0 {
			q.Where(incidentdeadline.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).WithIncident().All(ctx)
		if err != nil {
			return nil, err
		}
		for _, d := range rows {
			title := string(d.Kind)
			if d.Edges.Incident != nil {
				title = d.Edges.Incident.Title
			}
			add(&Entry{Kind: k, On: d.DueOn, Title: title, CompanyID: d.CompanyID, Record: d, RecordID: d.ID})
		}
	case KindTaskDue:
		q := db.Task.Query().Where(task.DueDateGTE(r.in.From), task.DueDateLTE(r.in.To),
			task.StatusIn(task.StatusTODO, task.StatusIN_PROGRESS, task.StatusBLOCKED), task.ArchivedAtIsNil())
		if len(companies) > 0 {
			q.Where(task.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range rows {
			if t.DueDate == nil {
				continue
			}
			add(&Entry{Kind: k, On: *t.DueDate, Title: t.Title, CompanyID: t.CompanyID, Record: t, RecordID: t.ID})
		}
	case KindTrainingDue:
		q := db.TrainingCampaign.Query().Where(trainingcampaign.DueOnGTE(r.in.From), trainingcampaign.DueOnLTE(r.in.To))
		if len(companies) > 0 {
			q.Where(trainingcampaign.CompanyIDIn(companies...))
		}
		rows, err := q.Limit(limit).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range rows {
			add(&Entry{Kind: k, On: c.DueOn, Title: c.Title, CompanyID: c.CompanyID, Record: c, RecordID: c.ID})
		}
	}
	return out, nil
}

// Values lists the kinds, for the GraphQL enum.
func (Kind) Values() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *Kind) UnmarshalGQL(v any) (err error) {
	*k, err = enum.Unmarshal[Kind](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (k Kind) MarshalGQL(w io.Writer) { enum.Marshal(w, k) }
