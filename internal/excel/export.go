package excel

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"secretariat/ent"
	"secretariat/ent/asset"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/risk"
	"secretariat/internal/apperr"
	"secretariat/internal/date"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
)

// Workbook names an export.
type Workbook string

// The exports.
const (
	AssetsWorkbook    Workbook = "assets"
	RisksWorkbook     Workbook = "risks"
	SoAWorkbook       Workbook = "soa"
	FindingsWorkbook  Workbook = "findings"
	IncidentsWorkbook Workbook = "incidents"
)

// Export builds a workbook of a company the viewer reaches, with headers in the locale's
// language; archived assets, risks and findings are left out. A company of another tenant is
// NOT_FOUND.
func (s *Service) Export(ctx context.Context, companyID pulid.ID, w Workbook, l locale.Locale) ([]byte, error) {
	if !l.Valid() {
		l = locale.Default
	}
	c, err := s.db.Company.Get(ctx, companyID)
	if ent.IsNotFound(err) {
		err = apperr.NotFound("company", "会社")
	}
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", w, err)
	}
	var rows [][]any
	var layout sheet
	switch w {
	case AssetsWorkbook:
		layout = assetSheet
		rows, err = s.assetRows(ctx, c.ID)
	case RisksWorkbook:
		layout = riskSheet
		rows, err = s.riskRows(ctx, c.ID, l)
	case SoAWorkbook:
		layout = soaSheet
		rows, err = s.soaRows(ctx, c.ID, l)
	case FindingsWorkbook:
		layout = findingSheet
		rows, err = s.findingRows(ctx, c.ID)
	case IncidentsWorkbook:
		layout = incidentSheet
		rows, err = s.incidentRows(ctx, c.ID)
	default:
		return nil, fmt.Errorf("export: %w", apperr.NotFound("workbook", "ワークブック"))
	}
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", w, err)
	}
	b, err := write(layout, l, rows)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", w, err)
	}
	return b, nil
}

func (s *Service) assetRows(ctx context.Context, companyID pulid.ID) ([][]any, error) {
	assets, err := s.db.Asset.Query().
		Where(asset.CompanyID(companyID), asset.ArchivedAtIsNil()).
		WithSite().WithDepartment().WithOwner().
		Order(asset.ByName()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(assets))
	for _, a := range assets {
		var site, dept, owner any
		if a.Edges.Site != nil {
			site = a.Edges.Site.Name
		}
		if a.Edges.Department != nil {
			dept = a.Edges.Department.Name
		}
		if a.Edges.Owner != nil {
			owner = a.Edges.Owner.Email
		}
		rows = append(rows, []any{a.Name, string(a.Type), site, dept, owner,
			a.Confidentiality, a.Integrity, a.Availability,
			optTextOf(a.Location), optTextOf(a.Retention), optTextOf(a.Notes)})
	}
	return rows, nil
}

func (s *Service) riskRows(ctx context.Context, companyID pulid.ID, l locale.Locale) ([][]any, error) {
	risks, err := s.db.Risk.Query().
		Where(risk.CompanyID(companyID), risk.ArchivedAtIsNil()).
		WithOwner().WithAcceptedBy().
		WithAssetLinks(func(q *ent.RiskAssetQuery) { q.WithAsset() }).
		WithControlLinks().
		Order(risk.ByCode()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	m, err := method(ctx, s.db, companyID)
	if err != nil {
		return nil, err
	}
	label := func(level string) string {
		for _, b := range m.Bands {
			if b.Level == level {
				if l == locale.English {
					return b.LabelEn
				}
				return b.LabelJa
			}
		}
		return level
	}
	rows := make([][]any, 0, len(risks))
	for _, r := range risks {
		var assets, controls []string
		for _, link := range r.Edges.AssetLinks {
			if link.Edges.Asset != nil {
				assets = append(assets, link.Edges.Asset.Name)
			}
		}
		for _, link := range r.Edges.ControlLinks {
			controls = append(controls, link.ControlRef)
		}
		slices.Sort(assets)
		slices.SortFunc(controls, compareRefs)
		var owner, acceptedBy, treatment, residualLevel any
		if r.Edges.Owner != nil {
			owner = r.Edges.Owner.Email
		}
		if r.Edges.AcceptedBy != nil {
			acceptedBy = r.Edges.AcceptedBy.Email
		}
		if r.Treatment != nil {
			treatment = string(*r.Treatment)
		}
		if r.ResidualLevel != nil {
			residualLevel = label(*r.ResidualLevel)
		}
		rows = append(rows, []any{r.Code, r.Title, optText(strings.Join(assets, "\n")),
			optTextOf(r.Threat), optTextOf(r.Vulnerability), r.Likelihood, r.Impact, r.Score, label(r.Level),
			owner, treatment, optTextOf(r.TreatmentPlan), optText(strings.Join(controls, ", ")),
			optInt(r.TargetLikelihood), optInt(r.TargetImpact), optInt(r.ResidualScore), residualLevel,
			acceptedBy, optDate(r.AcceptedOn), optDate(r.AcceptanceExpiresOn), string(r.Status), optDate(r.NextReviewOn)})
	}
	return rows, nil
}

var themeLabels = map[string][2]string{
	"ORGANIZATIONAL": {"組織的管理策", "Organizational"},
	"PEOPLE":         {"人的管理策", "People"},
	"PHYSICAL":       {"物理的管理策", "Physical"},
	"TECHNOLOGICAL":  {"技術的管理策", "Technological"},
}

func (s *Service) soaRows(ctx context.Context, companyID pulid.ID, l locale.Locale) ([][]any, error) {
	impls, err := s.db.ControlImplementation.Query().
		Where(controlimplementation.CompanyID(companyID)).
		WithOwner().
		All(ctx)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(impls, func(a, b *ent.ControlImplementation) int { return compareRefs(a.ControlRef, b.ControlRef) })
	catalog := s.controls()
	yes, no := "適用", "除外"
	if l == locale.English {
		yes, no = "Yes", "No"
	}
	rows := make([][]any, 0, len(impls))
	for _, ci := range impls {
		c := catalog[ci.ControlRef]
		title, theme := c.TitleJa, themeLabels[c.Theme][0]
		if l == locale.English {
			title, theme = c.TitleEn, themeLabels[c.Theme][1]
		}
		applicable := yes
		if !ci.Applicable {
			applicable = no
		}
		var owner any
		if ci.Edges.Owner != nil {
			owner = ci.Edges.Owner.Email
		}
		rows = append(rows, []any{ci.ControlRef, optText(title), optText(theme), applicable,
			optTextOf(ci.Justification), string(ci.ImplementationStatus), owner,
			optTextOf(ci.EvidenceNote), optDate(ci.LastReviewedOn)})
	}
	return rows, nil
}

// compareRefs orders control references numerically: 5.2 before 5.10.
func compareRefs(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea != nil || eb != nil {
			if c := strings.Compare(pa[i], pb[i]); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func optText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// optTextOf is optText of an optional text, nil when null.
func optTextOf(p *string) any {
	if p == nil {
		return nil
	}
	return optText(*p)
}

func optInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func optDate(p *date.Date) any {
	if p == nil {
		return nil
	}
	return *p
}
