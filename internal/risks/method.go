package risks

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"secretariat/ent"
	"secretariat/ent/risk"
	"secretariat/ent/riskmethod"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
	"secretariat/internal/validate"
)

// Method returns the company's effective risk assessment method: the one it stored, or
// riskscale.Default while it has none. The company must be one the viewer reaches.
func (s *Service) Method(ctx context.Context, companyID pulid.ID) (riskscale.Method, error) {
	if _, err := s.db.Company.Get(ctx, companyID); err != nil {
		return riskscale.Method{}, fmt.Errorf("risk method: %w", notFound(err, "company", "会社"))
	}
	m, _, err := s.method(ctx, s.db, companyID)
	return m, err
}

// method is the company's method and its stored row (nil for the default).
func (s *Service) method(ctx context.Context, db *ent.Client, companyID pulid.ID) (riskscale.Method, *ent.RiskMethod, error) {
	row, err := db.RiskMethod.Query().Where(riskmethod.CompanyID(companyID)).Only(ctx)
	if ent.IsNotFound(err) {
		return riskscale.Default(), nil, nil
	}
	if err != nil {
		return riskscale.Method{}, nil, fmt.Errorf("load risk method: %w", err)
	}
	return row.Method, row, nil
}

// MethodView is a company's method as the API shows it, labels in one locale and in both.
type MethodView struct {
	CompanyID pulid.ID
	// RiskMethod is the stored row; nil while the company uses the default method.
	RiskMethod          *ent.RiskMethod
	Locale              locale.Locale
	Likelihood          []ScaleStep
	Impact              []ScaleStep
	Rule                riskscale.Rule
	Bands               []LevelBand
	AcceptanceThreshold int
}

// IsDefault reports whether the company uses the default method.
func (v *MethodView) IsDefault() bool { return v.RiskMethod == nil }

// ScaleStep is one step of a scale.
type ScaleStep struct {
	Value   int
	Label   string
	LabelJa string
	LabelEn string
}

// LevelBand is one level: the scores from MinScore to MaxScore.
type LevelBand struct {
	MinScore       int
	MaxScore       int
	Level          string
	Label          string
	LabelJa        string
	LabelEn        string
	AboveThreshold bool
}

func label(l locale.Locale, ja, en string) string {
	if l == locale.English {
		return en
	}
	return ja
}

// View shows a method in a locale.
func View(companyID pulid.ID, row *ent.RiskMethod, m riskscale.Method, l locale.Locale) *MethodView {
	v := &MethodView{CompanyID: companyID, RiskMethod: row, Locale: l, Rule: m.Rule, AcceptanceThreshold: m.AcceptanceThreshold}
	steps := func(in []riskscale.Step) []ScaleStep {
		out := make([]ScaleStep, len(in))
		for i, s := range in {
			out[i] = ScaleStep{Value: s.Value, Label: label(l, s.LabelJa, s.LabelEn), LabelJa: s.LabelJa, LabelEn: s.LabelEn}
		}
		return out
	}
	v.Likelihood, v.Impact = steps(m.Likelihood), steps(m.Impact)
	for i, b := range m.Bands {
		top := m.MaxScore()
		if i+1 < len(m.Bands) {
			top = m.Bands[i+1].MinScore - 1
		}
		v.Bands = append(v.Bands, LevelBand{MinScore: b.MinScore, MaxScore: top, Level: b.Level,
			Label: label(l, b.LabelJa, b.LabelEn), LabelJa: b.LabelJa, LabelEn: b.LabelEn, AboveThreshold: m.AboveThreshold(top)})
	}
	return v
}

// MethodView returns the company's method with its labels in the request's language.
func (s *Service) MethodView(ctx context.Context, companyID pulid.ID, lang language.Request) (*MethodView, error) {
	if _, err := s.db.Company.Get(ctx, companyID); err != nil {
		return nil, fmt.Errorf("risk method: %w", notFound(err, "company", "会社"))
	}
	m, row, err := s.method(ctx, s.db, companyID)
	if err != nil {
		return nil, err
	}
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("risk method: %w", err)
	}
	return View(companyID, row, m, l), nil
}

// StoredView shows a stored method (the RiskMethod node).
func (s *Service) StoredView(ctx context.Context, row *ent.RiskMethod, lang language.Request) (*MethodView, error) {
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("risk method: %w", err)
	}
	return View(row.CompanyID, row, row.Method, l), nil
}

// UpdateMethod stores the company's method and recomputes the score, level, residual score and
// residual level of every risk of the company (archived ones included), in one transaction. It
// refuses, changing nothing, while a risk's likelihood or impact (or target) lies outside the
// new scales, naming the risks.
func (s *Service) UpdateMethod(ctx context.Context, in UpdateMethodInput, lang language.Request) (*MethodView, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update risk method: %w", err)
	}
	c, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("update risk method: %w", validate.Reference("companyID", err))
	}
	if c.ArchivedAt != nil {
		return nil, fmt.Errorf("update risk method: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	m := in.Method()
	var row *ent.RiskMethod
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		all, err := tx.Risk.Query().Where(risk.CompanyID(c.ID)).Order(ent.Asc(risk.FieldCode)).All(ctx)
		if err != nil {
			return err
		}
		if err := offScale(m, all); err != nil {
			return err
		}
		if _, row, err = s.method(ctx, tx, c.ID); err != nil {
			return err
		}
		if row == nil {
			row, err = tx.RiskMethod.Create().SetCompanyID(c.ID).SetMethod(m).Save(ctx)
		} else {
			row, err = tx.RiskMethod.UpdateOneID(row.ID).SetMethod(m).Save(ctx)
		}
		if err != nil {
			return err
		}
		for _, r := range all {
			sc, err := stateOf(r).score(m)
			if err != nil {
				return err
			}
			if sc.score == r.Score && sc.level == r.Level && eq(sc.residualScore, r.ResidualScore) && eq(sc.residualLevel, r.ResidualLevel) {
				continue
			}
			update := tx.Risk.UpdateOneID(r.ID).SetScore(sc.score).SetLevel(sc.level)
			setOrClear(sc.residualScore, update.SetResidualScore, update.ClearResidualScore)
			setOrClear(sc.residualLevel, update.SetResidualLevel, update.ClearResidualLevel)
			if err := update.Exec(ctx); err != nil {
				return fmt.Errorf("recompute %s: %w", r.Code, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update risk method: %w", err)
	}
	if in.Locale != nil {
		lang.Asked = string(*in.Locale)
	}
	l, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("update risk method: %w", err)
	}
	return View(c.ID, row, m, l), nil
}

// offScale refuses a method whose scales leave out a risk's likelihood or impact (or target),
// naming the risks on the scale's field.
func offScale(m riskscale.Method, all []*ent.Risk) error {
	bad := map[string][]string{}
	for _, r := range all {
		if r.Likelihood > len(m.Likelihood) || (r.TargetLikelihood != nil && *r.TargetLikelihood > len(m.Likelihood)) {
			bad["likelihood"] = append(bad["likelihood"], r.Code)
		}
		if r.Impact > len(m.Impact) || (r.TargetImpact != nil && *r.TargetImpact > len(m.Impact)) {
			bad["impact"] = append(bad["impact"], r.Code)
		}
	}
	fields := make([]string, 0, len(bad))
	for f := range bad {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var errs []error
	for _, f := range fields {
		errs = append(errs, apperr.Invalid(f, apperr.StaleState,
			fmt.Sprintf("these risks lie outside the new %s scale; reassess them first: %s", f, strings.Join(bad[f], ", ")),
			fmt.Sprintf("次のリスクは新しい%sの段階の範囲外です。先に再評価してください: %s", map[string]string{"likelihood": "発生可能性", "impact": "影響度"}[f], strings.Join(bad[f], "、"))))
	}
	return apperr.Join(errs...)
}

func eq[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
