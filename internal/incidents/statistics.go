package incidents

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"secretariat/ent"
	"secretariat/ent/company"
	"secretariat/ent/incident"
	"secretariat/ent/site"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// Bounds of a statistics request.
const (
	maxStatisticsCompanies = 200
	maxStatisticsDays      = 5*366 + 1
	// maxStatisticsRows bounds the incidents one request totals; a wider request is refused.
	maxStatisticsRows = 50_000
)

// StatisticsInput says whose incidents to total, and over which days of discovery.
type StatisticsInput struct {
	// CompanyIDs are the companies; none means every company the viewer reaches.
	CompanyIDs []pulid.ID `json:"companyIDs"`
	From       date.Date  `json:"from"`
	To         date.Date  `json:"to"`
}

// Validate reports every problem of the input at once.
func (in *StatisticsInput) Validate() error {
	var errs []error
	if err := validate.IDs("companyIDs", in.CompanyIDs, maxStatisticsCompanies); err != nil {
		errs = append(errs, err)
	}
	switch {
	case in.To.Before(in.From):
		errs = append(errs, apperr.Invalid("to", apperr.OutOfRange, "must not be before from", "from より前にはできません"))
	case in.From.AddDays(maxStatisticsDays).Before(in.To):
		errs = append(errs, apperr.Invalid("to", apperr.OutOfRange, "a period is at most five years", "期間は5年以内にしてください"))
	}
	return apperr.Join(errs...)
}

// The counts of Statistics: how many incidents share a category, severity, state, company, site
// or month.
type (
	CategoryCount struct {
		Category incident.Category
		Count    int
	}
	SeverityCount struct {
		// Severity is nil for the incidents not triaged yet.
		Severity *incident.Severity
		Count    int
	}
	StatusCount struct {
		Status incident.Status
		Count  int
	}
	CompanyCount struct {
		Company *ent.Company
		Count   int
	}
	SiteCount struct {
		// Site is nil for the incidents tied to no site.
		Site  *ent.Site
		Count int
	}
	MonthCount struct {
		// Month is the month of discovery, YYYY-MM (Japan).
		Month string
		Count int
	}
)

// Statistics are the totals of the incidents discovered in a period, for the committee and the
// management review: by category, severity, state, company, site and month (Japan's calendar),
// and the mean hours from discovery to triage and to closure.
type Statistics struct {
	Total             int
	ByCategory        []CategoryCount
	BySeverity        []SeverityCount
	ByStatus          []StatusCount
	ByCompany         []CompanyCount
	BySite            []SiteCount
	ByMonth           []MonthCount
	MeanHoursToTriage *float64
	MeanHoursToClose  *float64
	PersonalData      int
	ReportsOverdue    int
	// companies and sites count by ID, before the records are read.
	companies, sites map[pulid.ID]int
}

// Statistics totals the incidents the viewer reads, discovered from in.From to in.To: of the
// companies named (each one the viewer does not reach is UNKNOWN_ID on companyIDs.i), or of every
// company it reaches. A MEMBER totals only what it reported, as it reads nothing else.
func (s *Service) Statistics(ctx context.Context, in StatisticsInput) (*Statistics, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("incident statistics: %w", err)
	}
	if len(in.CompanyIDs) > 0 {
		found, err := s.db.Company.Query().Where(company.IDIn(in.CompanyIDs...)).IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("incident statistics: %w", err)
		}
		if err := validate.Found("companyIDs", in.CompanyIDs, found); err != nil {
			return nil, fmt.Errorf("incident statistics: %w", err)
		}
	}
	from, to := in.From.Start(), in.To.AddDays(1).Start()
	q := s.db.Incident.Query().Where(incident.DiscoveredAtGTE(from), incident.DiscoveredAtLT(to))
	if len(in.CompanyIDs) > 0 {
		q.Where(incident.CompanyIDIn(in.CompanyIDs...))
	}
	rows, err := q.Limit(maxStatisticsRows + 1).WithDeadlines().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("incident statistics: %w", err)
	}
	if len(rows) > maxStatisticsRows {
		return nil, fmt.Errorf("incident statistics: %w", apperr.Invalid("from", apperr.OutOfRange,
			fmt.Sprintf("more than %d incidents: ask for fewer companies or a shorter period", maxStatisticsRows),
			fmt.Sprintf("インシデントが%d件を超えます。会社か期間を絞ってください", maxStatisticsRows)))
	}
	st, companies, sites := total(rows, s.Today())
	// The companies and sites counted, each list read in one statement.
	cs, err := s.db.Company.Query().Where(company.IDIn(companies...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("incident statistics: %w", err)
	}
	for _, id := range companies {
		if j := slices.IndexFunc(cs, func(c *ent.Company) bool { return c.ID == id }); j >= 0 {
			st.ByCompany = append(st.ByCompany, CompanyCount{cs[j], st.companies[id]})
		}
	}
	var named []pulid.ID
	for _, id := range sites {
		if id != "" {
			named = append(named, id)
		}
	}
	ss, err := s.db.Site.Query().Where(site.IDIn(named...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("incident statistics: %w", err)
	}
	for _, id := range sites {
		j := slices.IndexFunc(ss, func(x *ent.Site) bool { return x.ID == id })
		switch {
		case id == "":
			st.BySite = append(st.BySite, SiteCount{nil, st.sites[id]})
		case j >= 0:
			st.BySite = append(st.BySite, SiteCount{ss[j], st.sites[id]})
		}
	}
	return st, nil
}

// total counts the incidents, every list in a fixed order (by the schema's order of the values,
// months in time order); it answers the companies and sites counted, in ID order (the empty ID
// for no site), for the caller to read.
func total(rows []*ent.Incident, today date.Date) (st *Statistics, companies, sites []pulid.ID) {
	st = &Statistics{Total: len(rows), companies: map[pulid.ID]int{}, sites: map[pulid.ID]int{}}
	byCategory := map[incident.Category]int{}
	bySeverity := map[string]int{}
	byStatus := map[incident.Status]int{}
	byMonth := map[string]int{}
	var triage, closing []float64
	for _, r := range rows {
		byCategory[r.Category]++
		sev := ""
		if r.Severity != nil {
			sev = string(*r.Severity)
		}
		bySeverity[sev]++
		byStatus[r.Status]++
		st.companies[r.CompanyID]++
		var site pulid.ID
		if r.SiteID != nil {
			site = *r.SiteID
		}
		st.sites[site]++
		byMonth[r.DiscoveredAt.In(date.Calendar).Format("2006-01")]++
		if r.TriagedAt != nil {
			triage = append(triage, r.TriagedAt.Sub(r.DiscoveredAt).Hours())
		}
		if r.ClosedAt != nil && r.Status == incident.StatusCLOSED {
			closing = append(closing, r.ClosedAt.Sub(r.DiscoveredAt).Hours())
		}
		if r.PersonalData {
			st.PersonalData++
		}
		for _, d := range r.Edges.Deadlines {
			if d.FiledOn == nil && d.DueOn.Before(today) {
				st.ReportsOverdue++
			}
		}
	}
	for _, c := range categories {
		if n := byCategory[c]; n > 0 {
			st.ByCategory = append(st.ByCategory, CategoryCount{c, n})
		}
	}
	for _, v := range severities {
		if n := bySeverity[v]; n > 0 {
			var key *incident.Severity
			if v != "" {
				sev := incident.Severity(v)
				key = &sev
			}
			st.BySeverity = append(st.BySeverity, SeverityCount{key, n})
		}
	}
	for _, v := range statuses {
		if n := byStatus[v]; n > 0 {
			st.ByStatus = append(st.ByStatus, StatusCount{v, n})
		}
	}
	for _, m := range sortedKeys(byMonth) {
		st.ByMonth = append(st.ByMonth, MonthCount{m, byMonth[m]})
	}
	st.MeanHoursToTriage = mean(triage)
	st.MeanHoursToClose = mean(closing)
	return st, sortedKeys(st.companies), sortedKeys(st.sites)
}

// The orders of the enumerations, as the schema lists them; unset severity first.
var (
	categories = []incident.Category{incident.CategoryMALWARE, incident.CategoryPHISHING, incident.CategoryLOSS_THEFT,
		incident.CategoryMISDELIVERY, incident.CategoryUNAUTHORIZED_ACCESS, incident.CategoryOUTAGE,
		incident.CategoryVULNERABILITY, incident.CategoryPOLICY_VIOLATION, incident.CategoryOTHER}
	severities = []string{"", string(incident.SeverityLOW), string(incident.SeverityMEDIUM), string(incident.SeverityHIGH), string(incident.SeverityCRITICAL)}
	statuses   = []incident.Status{incident.StatusREPORTED, incident.StatusTRIAGED, incident.StatusCONTAINED,
		incident.StatusRESOLVED, incident.StatusCLOSED, incident.StatusREJECTED}
)

func sortedKeys[K cmp.Ordered](m map[K]int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// mean is the mean of xs rounded to a tenth, nil for none.
func mean(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	m := float64(int(sum/float64(len(xs))*10+0.5)) / 10
	return &m
}
