package portfolio

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/company"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/finding"
	"secretariat/ent/incident"
	"secretariat/ent/meeting"
	"secretariat/ent/secretariatassignment"
	"secretariat/ent/task"
	"secretariat/ent/trainingassignment"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/secretariat"
)

// readFigures reads the figures of the companies as of now: one grouped statement per kind of
// record, whatever the number of companies, through the viewer's client.
func readFigures(ctx context.Context, db *ent.Client, companies []*ent.Company, now time.Time) (map[pulid.ID]*Figures, error) {
	ids := make([]pulid.ID, len(companies))
	out := make(map[pulid.ID]*Figures, len(companies))
	responsibilities := len(secretariat.Responsibilities())
	for i, c := range companies {
		ids[i] = c.ID
		out[c.ID] = &Figures{UncoveredResponsibilities: responsibilities}
	}
	r := reader{db: db, ids: ids, out: out, today: date.Today(now)}
	for _, read := range []func(context.Context) error{r.companies, r.audits, r.managementReviews, r.findings, r.tasks, r.documents, r.training, r.soa, r.secretariat, r.incidents} {
		if err := read(ctx); err != nil {
			return nil, err
		}
	}
	return out, nil
}

type reader struct {
	db    *ent.Client
	ids   []pulid.ID
	out   map[pulid.ID]*Figures
	today date.Date
}

// agg is fn(column) AS alias.
func agg(fn, column, alias string) ent.AggregateFunc {
	return func(s *sql.Selector) string { return sql.As(fmt.Sprintf("%s(%s)", fn, s.C(column)), alias) }
}

// companies: the certificate's expiry, and the next audit's day as the company records it (the
// audits read after it come first).
func (r reader) companies(ctx context.Context) error {
	cs, err := r.db.Company.Query().Where(company.IDIn(r.ids...)).
		Select(company.FieldID, company.FieldCertificateExpiresOn, company.FieldNextAuditOn).All(ctx)
	if err != nil {
		return fmt.Errorf("read companies: %w", err)
	}
	for _, c := range cs {
		f := r.out[c.ID]
		f.CertificateExpiresOn, f.NextCertificationAuditOn = c.CertificateExpiresOn, c.NextAuditOn
	}
	return nil
}

var certificationKinds = []audit.Kind{audit.KindSTAGE1, audit.KindSTAGE2, audit.KindSURVEILLANCE, audit.KindRECERTIFICATION}

// audits: the earliest open audit of each kind and the last completed internal audit.
func (r reader) audits(ctx context.Context) error {
	var groups []struct {
		CompanyID string     `json:"company_id"`
		Kind      audit.Kind `json:"kind"`
		Status    string     `json:"status"`
		Start     date.Date  `json:"start"`
		Completed instant    `json:"completed"`
	}
	err := r.db.Audit.Query().
		Where(audit.CompanyIDIn(r.ids...), audit.ArchivedAtIsNil(), audit.Or(
			audit.StatusIn(audit.StatusPLANNED, audit.StatusIN_PROGRESS),
			audit.And(audit.KindEQ(audit.KindINTERNAL), audit.StatusEQ(audit.StatusCOMPLETED)))).
		GroupBy(audit.FieldCompanyID, audit.FieldKind, audit.FieldStatus).
		Aggregate(agg("MIN", audit.FieldPlannedStart, "start"), agg("MAX", audit.FieldCompletedAt, "completed")).
		Scan(ctx, &groups)
	if err != nil {
		return fmt.Errorf("read audits: %w", err)
	}
	lastInternal := map[pulid.ID]time.Time{}
	for _, g := range groups {
		f := r.out[pulid.ID(g.CompanyID)]
		switch {
		case g.Status == string(audit.StatusCOMPLETED):
			if !g.Completed.IsZero() {
				lastInternal[pulid.ID(g.CompanyID)] = g.Completed.Time
			}
		case g.Kind == audit.KindINTERNAL:
			f.InternalAuditDueOn = earlier(f.InternalAuditDueOn, g.Start)
		case slices.Contains(certificationKinds, g.Kind):
			if f.NextCertificationAuditKind == nil || g.Start.Before(*f.NextCertificationAuditOn) {
				kind := g.Kind
				f.NextCertificationAuditOn, f.NextCertificationAuditKind = ptr(g.Start), &kind
			}
		}
	}
	for id, at := range lastInternal {
		if f := r.out[id]; f.InternalAuditDueOn == nil {
			f.InternalAuditDueOn = ptr(date.Today(at).AddMonths(12))
		}
	}
	return nil
}

// managementReviews: the earliest scheduled management review, else a year after the last held.
func (r reader) managementReviews(ctx context.Context) error {
	var groups []struct {
		CompanyID string  `json:"company_id"`
		Status    string  `json:"status"`
		Next      instant `json:"next"`
		Held      instant `json:"held"`
	}
	err := r.db.Meeting.Query().
		Where(meeting.CompanyIDIn(r.ids...), meeting.ArchivedAtIsNil(), meeting.KindEQ(meeting.KindMANAGEMENT_REVIEW),
			meeting.StatusIn(meeting.StatusSCHEDULED, meeting.StatusHELD)).
		GroupBy(meeting.FieldCompanyID, meeting.FieldStatus).
		Aggregate(agg("MIN", meeting.FieldScheduledAt, "next"), agg("MAX", meeting.FieldHeldAt, "held")).
		Scan(ctx, &groups)
	if err != nil {
		return fmt.Errorf("read management reviews: %w", err)
	}
	held := map[pulid.ID]time.Time{}
	for _, g := range groups {
		f := r.out[pulid.ID(g.CompanyID)]
		switch {
		case g.Status == string(meeting.StatusSCHEDULED) && !g.Next.IsZero():
			f.ManagementReviewDueOn = ptr(date.Today(g.Next.Time))
		case g.Status == string(meeting.StatusHELD) && !g.Held.IsZero():
			held[pulid.ID(g.CompanyID)] = g.Held.Time
		}
	}
	for id, at := range held {
		if f := r.out[id]; f.ManagementReviewDueOn == nil {
			f.ManagementReviewDueOn = ptr(date.Today(at).AddMonths(12))
		}
	}
	return nil
}

// findings: the open findings by grade.
func (r reader) findings(ctx context.Context) error {
	var groups []struct {
		CompanyID string        `json:"company_id"`
		Grade     finding.Grade `json:"grade"`
		Count     int           `json:"count"`
	}
	err := r.db.Finding.Query().
		Where(finding.CompanyIDIn(r.ids...), finding.ArchivedAtIsNil(), finding.StatusEQ(finding.StatusOPEN)).
		GroupBy(finding.FieldCompanyID, finding.FieldGrade).
		Aggregate(ent.Count()).
		Scan(ctx, &groups)
	if err != nil {
		return fmt.Errorf("read findings: %w", err)
	}
	for _, g := range groups {
		f := r.out[pulid.ID(g.CompanyID)]
		switch g.Grade {
		case finding.GradeMAJOR:
			f.OpenMajorFindings = g.Count
		case finding.GradeMINOR:
			f.OpenMinorFindings = g.Count
		case finding.GradeOBSERVATION:
			f.OpenObservations = g.Count
		case finding.GradeOPPORTUNITY:
			f.OpenOpportunities = g.Count
		}
	}
	return nil
}

// countBy runs a grouped COUNT(*) by company and hands each company's count to set.
func (r reader) countBy(ctx context.Context, what string, q interface {
	Scan(context.Context, any) error
}, set func(*Figures, int)) error {
	var groups []struct {
		CompanyID string `json:"company_id"`
		Count     int    `json:"count"`
	}
	if err := q.Scan(ctx, &groups); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	for _, g := range groups {
		set(r.out[pulid.ID(g.CompanyID)], g.Count)
	}
	return nil
}

// tasks: the open tasks past their due day.
func (r reader) tasks(ctx context.Context) error {
	q := r.db.Task.Query().
		Where(task.CompanyIDIn(r.ids...), task.ArchivedAtIsNil(), task.StatusIn(task.StatusTODO, task.StatusIN_PROGRESS, task.StatusBLOCKED), task.DueDateLT(r.today)).
		GroupBy(task.FieldCompanyID).Aggregate(ent.Count())
	return r.countBy(ctx, "tasks", q, func(f *Figures, n int) { f.OverdueTasks = n })
}

// training: the assignments not completed past their due day.
func (r reader) training(ctx context.Context) error {
	q := r.db.TrainingAssignment.Query().
		Where(trainingassignment.CompanyIDIn(r.ids...), trainingassignment.CompletedAtIsNil(), trainingassignment.DueOnLT(r.today)).
		GroupBy(trainingassignment.FieldCompanyID).Aggregate(ent.Count())
	return r.countBy(ctx, "training", q, func(f *Figures, n int) { f.OverdueTraining = n })
}

// incidents: the incidents discovered in the last 90 days.
func (r reader) incidents(ctx context.Context) error {
	q := r.db.Incident.Query().
		Where(incident.CompanyIDIn(r.ids...), incident.DiscoveredAtGTE(r.today.AddDays(-90).Start())).
		GroupBy(incident.FieldCompanyID).Aggregate(ent.Count())
	return r.countBy(ctx, "incidents", q, func(f *Figures, n int) { f.IncidentsLast90Days = n })
}

// secretariat: the responsibilities with a PRIMARY holder, which leave the others uncovered.
func (r reader) secretariat(ctx context.Context) error {
	q := r.db.SecretariatAssignment.Query().
		Where(secretariatassignment.CompanyIDIn(r.ids...), secretariatassignment.PositionEQ(secretariatassignment.PositionPRIMARY)).
		GroupBy(secretariatassignment.FieldCompanyID).
		Aggregate(func(s *sql.Selector) string {
			return sql.As(fmt.Sprintf("COUNT(DISTINCT %s)", s.C(secretariatassignment.FieldResponsibility)), "count")
		})
	return r.countBy(ctx, "secretariat", q, func(f *Figures, n int) { f.UncoveredResponsibilities -= n })
}

// documents: the reviews overdue and the SOA document's review day.
func (r reader) documents(ctx context.Context) error {
	today := r.today.String() // YYYY-MM-DD, written by the date package: safe in SQL
	var groups []struct {
		CompanyID string    `json:"company_id"`
		Overdue   int       `json:"overdue"`
		SoAReview date.Date `json:"soa_review"`
	}
	err := r.db.Document.Query().
		Where(document.CompanyIDIn(r.ids...), document.ArchivedAtIsNil(), document.NextReviewOnNotNil()).
		GroupBy(document.FieldCompanyID).
		Aggregate(
			database.CountWhere("overdue", func(s *sql.Selector) string {
				return fmt.Sprintf("%s < '%s'", s.C(document.FieldNextReviewOn), today)
			}),
			func(s *sql.Selector) string {
				return sql.As(fmt.Sprintf("MIN(CASE WHEN %s = '%s' THEN %s END)", s.C(document.FieldKind), document.KindSOA, s.C(document.FieldNextReviewOn)), "soa_review")
			}).
		Scan(ctx, &groups)
	if err != nil {
		return fmt.Errorf("read documents: %w", err)
	}
	for _, g := range groups {
		f := r.out[pulid.ID(g.CompanyID)]
		f.OverdueDocumentReviews = g.Overdue
		if !g.SoAReview.IsZero() {
			f.SoAReviewDueOn = ptr(g.SoAReview)
		}
	}
	return nil
}

// soa: the Statement of Applicability's rows, applicable and implemented.
func (r reader) soa(ctx context.Context) error {
	var groups []struct {
		CompanyID   string `json:"company_id"`
		Count       int    `json:"count"`
		Applicable  int    `json:"applicable"`
		Implemented int    `json:"implemented"`
	}
	// A boolean column is its own condition, on SQLite (0 or 1) as on PostgreSQL.
	applicable := func(s *sql.Selector) string { return s.C(controlimplementation.FieldApplicable) }
	err := r.db.ControlImplementation.Query().
		Where(controlimplementation.CompanyIDIn(r.ids...)).
		GroupBy(controlimplementation.FieldCompanyID).
		Aggregate(ent.Count(), database.CountWhere("applicable", applicable), database.CountWhere("implemented", func(s *sql.Selector) string {
			return fmt.Sprintf("%s AND %s = '%s'", applicable(s), s.C(controlimplementation.FieldImplementationStatus),
				controlimplementation.ImplementationStatusIMPLEMENTED)
		})).
		Scan(ctx, &groups)
	if err != nil {
		return fmt.Errorf("read the SoA: %w", err)
	}
	for _, g := range groups {
		f := r.out[pulid.ID(g.CompanyID)]
		f.SoAControls, f.SoAApplicableControls, f.SoAImplementedControls = g.Count, g.Applicable, g.Implemented
	}
	return nil
}

func earlier(d *date.Date, e date.Date) *date.Date {
	if e.IsZero() || (d != nil && !e.Before(*d)) {
		return d
	}
	return &e
}

func ptr[T any](v T) *T { return &v }

// instant scans an aggregate of a timestamp column: PostgreSQL hands back a time, SQLite the text
// it stored.
type instant struct{ time.Time }

func (i *instant) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		i.Time = time.Time{}
		return nil
	case time.Time:
		i.Time = v
		return nil
	case []byte:
		return i.parse(string(v))
	case string:
		return i.parse(v)
	}
	return fmt.Errorf("instant: cannot scan %T", src)
}

func (i *instant) parse(s string) error {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			i.Time = t
			return nil
		}
	}
	return fmt.Errorf("instant: %q is not a time", s)
}
