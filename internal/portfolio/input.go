package portfolio

import (
	"cmp"
	"fmt"
	"io"
	"slices"

	"secretariat/ent"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/enum"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Figure names a column of the portfolio, to filter or sort by.
type Figure string

// The figures. COMPANY_NAME sorts only.
const (
	CompanyName               Figure = "COMPANY_NAME"
	NextCertificationAuditOn  Figure = "NEXT_CERTIFICATION_AUDIT_ON"
	CertificateExpiresOn      Figure = "CERTIFICATE_EXPIRES_ON"
	InternalAuditDueOn        Figure = "INTERNAL_AUDIT_DUE_ON"
	ManagementReviewDueOn     Figure = "MANAGEMENT_REVIEW_DUE_ON"
	SoAReviewDueOn            Figure = "SOA_REVIEW_DUE_ON"
	OpenMajorFindings         Figure = "OPEN_MAJOR_FINDINGS"
	OpenMinorFindings         Figure = "OPEN_MINOR_FINDINGS"
	OpenObservations          Figure = "OPEN_OBSERVATIONS"
	OpenOpportunities         Figure = "OPEN_OPPORTUNITIES"
	OverdueTasks              Figure = "OVERDUE_TASKS"
	OverdueDocumentReviews    Figure = "OVERDUE_DOCUMENT_REVIEWS"
	OverdueTraining           Figure = "OVERDUE_TRAINING"
	SoAProgress               Figure = "SOA_PROGRESS"
	UncoveredResponsibilities Figure = "UNCOVERED_RESPONSIBILITIES"
	IncidentsLast90Days       Figure = "INCIDENTS_LAST_90_DAYS"
)

// days are the figures that are days; counts are the figures that are numbers (SOA_PROGRESS
// may be null).
var (
	days = map[Figure]func(*Row) *date.Date{
		NextCertificationAuditOn: func(r *Row) *date.Date { return r.NextCertificationAuditOn },
		CertificateExpiresOn:     func(r *Row) *date.Date { return r.CertificateExpiresOn },
		InternalAuditDueOn:       func(r *Row) *date.Date { return r.InternalAuditDueOn },
		ManagementReviewDueOn:    func(r *Row) *date.Date { return r.ManagementReviewDueOn },
		SoAReviewDueOn:           func(r *Row) *date.Date { return r.SoAReviewDueOn },
	}
	counts = map[Figure]func(*Row) *int{
		OpenMajorFindings:         func(r *Row) *int { return &r.OpenMajorFindings },
		OpenMinorFindings:         func(r *Row) *int { return &r.OpenMinorFindings },
		OpenObservations:          func(r *Row) *int { return &r.OpenObservations },
		OpenOpportunities:         func(r *Row) *int { return &r.OpenOpportunities },
		OverdueTasks:              func(r *Row) *int { return &r.OverdueTasks },
		OverdueDocumentReviews:    func(r *Row) *int { return &r.OverdueDocumentReviews },
		OverdueTraining:           func(r *Row) *int { return &r.OverdueTraining },
		SoAProgress:               func(r *Row) *int { return r.SoAProgress() },
		UncoveredResponsibilities: func(r *Row) *int { return &r.UncoveredResponsibilities },
		IncidentsLast90Days:       func(r *Row) *int { return &r.IncidentsLast90Days },
	}
)

// Values lists the figures (for the GraphQL enum).
func (Figure) Values() []string {
	out := []string{string(CompanyName)}
	for _, f := range []Figure{NextCertificationAuditOn, CertificateExpiresOn, InternalAuditDueOn, ManagementReviewDueOn, SoAReviewDueOn,
		OpenMajorFindings, OpenMinorFindings, OpenObservations, OpenOpportunities, OverdueTasks, OverdueDocumentReviews,
		OverdueTraining, SoAProgress, UncoveredResponsibilities, IncidentsLast90Days} {
		out = append(out, string(f))
	}
	return out
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (f *Figure) UnmarshalGQL(v any) (err error) {
	*f, err = enum.Unmarshal[Figure](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (f Figure) MarshalGQL(w io.Writer) { enum.Marshal(w, f) }

// Filter keeps the rows whose figure is within the bounds given: AtLeast and AtMost for a number,
// From and To for a day (a row without the day is left out).
type Filter struct {
	Figure  Figure     `json:"figure"`
	AtLeast *int       `json:"atLeast"`
	AtMost  *int       `json:"atMost"`
	From    *date.Date `json:"from"`
	To      *date.Date `json:"to"`
}

// Order sorts the rows by a figure; rows without it come last either way, and ties go by the
// company's name.
type Order struct {
	Figure    Figure             `json:"figure"`
	Direction ent.OrderDirection `json:"direction"`
}

// Input asks for the portfolio of the companies named (each one the viewer reaches, else
// UNKNOWN_ID on companyIDs.i, archived or not) or of every company it reaches and has not archived.
type Input struct {
	CompanyIDs []pulid.ID `json:"companyIDs"`
	Where      []*Filter  `json:"where"`
	OrderBy    *Order     `json:"orderBy"`
}

// Validate reports every problem of the input at once.
func (in *Input) Validate() error {
	errs := []error{validate.IDs("companyIDs", in.CompanyIDs, maxNamed)}
	if len(in.Where) > maxFilters {
		errs = append(errs, apperr.Invalid("where", apperr.OutOfRange, fmt.Sprintf("at most %d filters", maxFilters), fmt.Sprintf("条件は%d個までです", maxFilters)))
	}
	for i, f := range in.Where {
		field := fmt.Sprintf("where.%d", i)
		_, isDay := days[f.Figure]
		_, isCount := counts[f.Figure]
		switch {
		case isDay && (f.AtLeast != nil || f.AtMost != nil):
			errs = append(errs, apperr.Invalid(field, apperr.ConflictingFields, "a day is bounded by from and to", "日付は from と to で絞り込みます"))
		case isCount && (f.From != nil || f.To != nil):
			errs = append(errs, apperr.Invalid(field, apperr.ConflictingFields, "a number is bounded by atLeast and atMost", "数値は atLeast と atMost で絞り込みます"))
		case !isDay && !isCount:
			errs = append(errs, apperr.Invalid(field+".figure", apperr.InvalidValue, "the companies are chosen by companyIDs", "会社は companyIDs で指定してください"))
		case f.AtLeast == nil && f.AtMost == nil && f.From == nil && f.To == nil:
			errs = append(errs, apperr.Invalid(field, apperr.Required, "give a bound", "範囲を指定してください"))
		}
	}
	if o := in.OrderBy; o != nil && !slices.Contains(Figure("").Values(), string(o.Figure)) {
		errs = append(errs, apperr.Invalid("orderBy.figure", apperr.InvalidValue, "unknown figure", "不明な項目です"))
	}
	return apperr.Join(errs...)
}

// matches reports whether the row passes every filter.
func (in *Input) matches(r *Row) bool {
	for _, f := range in.Where {
		if get, ok := days[f.Figure]; ok {
			d := get(r)
			if d == nil || (f.From != nil && d.Before(*f.From)) || (f.To != nil && d.After(*f.To)) {
				return false
			}
			continue
		}
		n := counts[f.Figure](r)
		if n == nil || (f.AtLeast != nil && *n < *f.AtLeast) || (f.AtMost != nil && *n > *f.AtMost) {
			return false
		}
	}
	return true
}

// sort orders the rows by the input's order, by company name without one.
func (in *Input) sort(rows []*Row) {
	by := func(a, b *Row) int { return 0 }
	desc := in.OrderBy != nil && in.OrderBy.Direction == ent.OrderDirectionDesc
	if in.OrderBy != nil {
		if get, ok := days[in.OrderBy.Figure]; ok {
			by = func(a, b *Row) int {
				return nullsLast(get(a), get(b), desc, func(x, y date.Date) int { return x.Time().Compare(y.Time()) })
			}
		} else if get, ok := counts[in.OrderBy.Figure]; ok {
			by = func(a, b *Row) int { return nullsLast(get(a), get(b), desc, cmp.Compare[int]) }
		} else if desc {
			by = func(a, b *Row) int { return compareNames(b.Company, a.Company) }
		}
	}
	slices.SortStableFunc(rows, func(a, b *Row) int { return cmp.Or(by(a, b), compareNames(a.Company, b.Company)) })
}

// nullsLast compares two optional values in the direction asked, an absent one after any value.
func nullsLast[T any](a, b *T, desc bool, compare func(x, y T) int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	case desc:
		return compare(*b, *a)
	default:
		return compare(*a, *b)
	}
}
