// Package portfolio is the consultancy's view of its clients: one row per client company the
// viewer reaches, with the certification cycle (the next certification audit and its kind, the
// certificate's expiry, when the next internal audit, management review and SoA review are due)
// and the work (open findings by grade, overdue tasks, document reviews and training, SoA
// progress, secretariat responsibilities nobody holds, incidents of the last 90 days), filtered
// and sorted by any of them.
//
// The figures of every company are read together, one grouped statement per kind of record, so
// the statements of a portfolio do not depend on how many clients it has. They are cached per
// company (kv.Cache: Redis, or in process without it) under the company's data version, which
// every write of the company's records moves in its own transaction (internal/auditlog), and
// under the day: a read after a write never sees the old figures, on any replica, and a write
// in one client leaves the others' cached. The companies and the viewer's reach are read from the
// database on every request; only figures are cached.
//
// The portfolio is the secretariat's planning view: OWNER, ADMIN, CONSULTANT and SECRETARIAT,
// who read every record of their companies, so one company's figures are the same for each of
// them. A MEMBER or an AUDITOR is FORBIDDEN.
package portfolio

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/company"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/kv"
	"secretariat/internal/page"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Bounds of a portfolio.
const (
	// maxCompanies is the most companies a portfolio covers: past it, name the companies.
	maxCompanies = 1000
	// maxNamed is the most companies an input names.
	maxNamed   = 200
	maxFilters = 20
	// cacheTTL bounds how long a company's figures stay cached; the key's day ends them first.
	cacheTTL = 24 * time.Hour
	// cacheFormat names the shape of a cached row: change it when Figures changes.
	cacheFormat = "portfolio/2"
)

// Figures are a client's figures: what is cached.
type Figures struct {
	// NextCertificationAuditOn is the first day of the earliest certification audit (STAGE1,
	// STAGE2, SURVEILLANCE, RECERTIFICATION) still PLANNED or IN_PROGRESS, of the kind
	// NextCertificationAuditKind; else the company's nextAuditOn with no kind.
	NextCertificationAuditOn   *date.Date
	NextCertificationAuditKind *audit.Kind
	// InternalAuditDueOn is the first day of the earliest internal audit PLANNED or
	// IN_PROGRESS; without one, a year after the last completed internal audit.
	InternalAuditDueOn *date.Date
	// ManagementReviewDueOn is the day of the earliest management review SCHEDULED; without
	// one, a year after the last one held.
	ManagementReviewDueOn *date.Date
	// SoAReviewDueOn is the earliest review day of the company's SOA documents.
	SoAReviewDueOn *date.Date
	// CertificateExpiresOn is the company's own: a change of the company moves its version too.
	CertificateExpiresOn      *date.Date
	OpenMajorFindings         int
	OpenMinorFindings         int
	OpenObservations          int
	OpenOpportunities         int
	OverdueTasks              int
	OverdueDocumentReviews    int
	OverdueTraining           int
	SoAControls               int
	SoAApplicableControls     int
	SoAImplementedControls    int
	UncoveredResponsibilities int
	IncidentsLast90Days       int
}

// SoAProgress is the share of applicable controls implemented, in percent (rounded down); nil
// before the SoA has an applicable control.
func (f *Figures) SoAProgress() *int {
	if f.SoAApplicableControls == 0 {
		return nil
	}
	p := f.SoAImplementedControls * 100 / f.SoAApplicableControls
	return &p
}

// Row is one client of the portfolio: the company, read now, and its figures.
type Row struct {
	Company *ent.Company
	Figures
}

// Page is a page of the portfolio.
type Page struct {
	Edges      []Edge
	PageInfo   ent.PageInfo
	TotalCount int
}

// Edge is one row of a page and its cursor (the company's ID).
type Edge struct {
	Cursor ent.Cursor
	Node   *Row
}

// Service reads the portfolio.
type Service struct {
	db    *ent.Client
	cache kv.Cache
	log   *slog.Logger
	now   func() time.Time

	hits, misses atomic.Uint64
}

// Option configures the service.
type Option func(*Service)

// WithClock makes the service read the time from now (tests move the day).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// NewService returns the service over the ent client, caching figures in cache.
func NewService(db *ent.Client, cache kv.Cache, log *slog.Logger, opts ...Option) *Service {
	s := &Service{db: db, cache: cache, log: log, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// CacheStats returns how many companies' figures were found cached and how many were read.
func (s *Service) CacheStats() (hits, misses uint64) { return s.hits.Load(), s.misses.Load() }

// Portfolio returns the page of the portfolio after the cursor, of first rows (20 unless given,
// at most 100).
func (s *Service) Portfolio(ctx context.Context, in Input, after *ent.Cursor, first *int) (*Page, error) {
	n, err := page.Size(first)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	rows, err := s.rank(ctx, in)
	if err != nil {
		return nil, err
	}
	start := 0
	if after != nil {
		i := slices.IndexFunc(rows, func(r *Row) bool { return r.Company.ID == after.ID })
		if i < 0 {
			return nil, fmt.Errorf("portfolio: %w", apperr.Invalid("after", apperr.InvalidValue, "the company of the cursor is no longer in the portfolio: start again", "カーソルの会社はもう一覧にありません。最初から読み直してください"))
		}
		start = i + 1
	}
	end := min(start+n, len(rows))
	if err := s.withCompanies(ctx, rows[start:end]); err != nil {
		return nil, err
	}
	p := &Page{TotalCount: len(rows)}
	cursors := make([]ent.Cursor, 0, end-start)
	for _, r := range rows[start:end] {
		cursors = append(cursors, ent.Cursor{ID: r.Company.ID})
		p.Edges = append(p.Edges, Edge{Cursor: cursors[len(cursors)-1], Node: r})
	}
	p.PageInfo = page.Info(start, end, len(rows), cursors)
	return p, nil
}

// Rows returns every row of the portfolio, filtered and in order.
func (s *Service) Rows(ctx context.Context, in Input) ([]*Row, error) {
	rows, err := s.rank(ctx, in)
	if err != nil {
		return nil, err
	}
	if err := s.withCompanies(ctx, rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// withCompanies reads the whole company of each row, in one statement.
func (s *Service) withCompanies(ctx context.Context, rows []*Row) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]pulid.ID, len(rows))
	for i, r := range rows {
		ids[i] = r.Company.ID
	}
	cs, err := s.db.Company.Query().Where(company.IDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("portfolio: %w", err)
	}
	byID := make(map[pulid.ID]*ent.Company, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	for _, r := range rows {
		if c, ok := byID[r.Company.ID]; ok {
			r.Company = c
		}
	}
	return nil
}

// rank returns every row of the portfolio, filtered and in order, each with the company's ID,
// name and data version alone: the companies are many, a page few.
func (s *Service) rank(ctx context.Context, in Input) ([]*Row, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	v := viewer.FromContext(ctx)
	if v == nil || !slices.Contains(readers, v.Role) {
		return nil, fmt.Errorf("portfolio: %w", apperr.Forbidden(apperr.RoleRequired,
			"the portfolio is for OWNER, ADMIN, CONSULTANT and SECRETARIAT", "ポートフォリオは OWNER、ADMIN、CONSULTANT、SECRETARIAT のみ閲覧できます"))
	}
	// The companies, read through the viewer's client: only those it reaches.
	// Archived companies only when named.
	q := s.db.Company.Query()
	if len(in.CompanyIDs) > 0 {
		q.Where(company.IDIn(in.CompanyIDs...))
	} else {
		q.Where(company.ArchivedAtIsNil())
	}
	// Three columns into small structs: the companies are many, a page of them few.
	var refs []struct {
		ID          pulid.ID `json:"id"`
		Name        string   `json:"name"`
		DataVersion int64    `json:"data_version"`
	}
	err := q.Limit(maxCompanies+1).Select(company.FieldID, company.FieldName, company.FieldDataVersion).Scan(ctx, &refs)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	companies := make([]*ent.Company, len(refs))
	for i, r := range refs {
		companies[i] = &ent.Company{ID: r.ID, Name: r.Name, DataVersion: r.DataVersion}
	}
	if len(in.CompanyIDs) > 0 {
		found := make([]pulid.ID, len(companies))
		for i, c := range companies {
			found[i] = c.ID
		}
		if err := validate.Found("companyIDs", in.CompanyIDs, found); err != nil {
			return nil, fmt.Errorf("portfolio: %w", err)
		}
	}
	if len(companies) > maxCompanies {
		return nil, fmt.Errorf("portfolio: %w", apperr.Invalid("companyIDs", apperr.OutOfRange,
			fmt.Sprintf("more than %d companies: name the companies", maxCompanies), fmt.Sprintf("会社が%d社を超えます。会社を指定してください", maxCompanies)))
	}
	figures, err := s.figures(ctx, companies)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	rows := make([]*Row, 0, len(companies))
	for _, c := range companies {
		r := &Row{Company: c, Figures: *figures[c.ID]}
		if in.matches(r) {
			rows = append(rows, r)
		}
	}
	in.sort(rows)
	return rows, nil
}

// readers are the roles that read the portfolio.
var readers = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin, viewer.RoleConsultant, viewer.RoleSecretariat}

// figures returns the figures of each company: cached under its data version and the day, else
// read, in one statement per kind of record for all the companies missing, and cached.
func (s *Service) figures(ctx context.Context, companies []*ent.Company) (map[pulid.ID]*Figures, error) {
	today := date.Today(s.now())
	day := today.String()
	key := func(c *ent.Company) string {
		return cacheFormat + ":" + string(c.ID) + ":" + strconv.FormatInt(c.DataVersion, 10) + ":" + day
	}
	keys := make([]string, len(companies))
	for i, c := range companies {
		keys[i] = key(c)
	}
	out := make(map[pulid.ID]*Figures, len(companies))
	cached, err := s.cache.GetMany(ctx, keys)
	if err != nil {
		// The figures can always be read again: a cache that fails is only slower.
		s.log.WarnContext(ctx, "portfolio cache unavailable", "error", err)
		cached = nil
	}
	var missing []*ent.Company
	for i, c := range companies {
		if b, ok := cached[keys[i]]; ok {
			if f, err := decode(b); err == nil {
				out[c.ID] = f
				continue
			}
		}
		missing = append(missing, c)
	}
	s.hits.Add(uint64(len(companies) - len(missing)))
	s.misses.Add(uint64(len(missing)))
	if len(missing) == 0 {
		return out, nil
	}
	read, err := readFigures(ctx, s.db, missing, s.now())
	if err != nil {
		return nil, err
	}
	entries := make(map[string][]byte, len(missing))
	for _, c := range missing {
		out[c.ID] = read[c.ID]
		entries[key(c)] = read[c.ID].encode()
	}
	if err := s.cache.SetMany(ctx, entries, cacheTTL); err != nil {
		s.log.WarnContext(ctx, "portfolio cache unavailable", "error", err)
	}
	return out, nil
}

// compareNames orders companies by name, then ID.
func compareNames(a, b *ent.Company) int {
	return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(string(a.ID), string(b.ID)))
}
