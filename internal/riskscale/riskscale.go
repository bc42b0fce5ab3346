// Package riskscale is a company's risk assessment method: the likelihood and impact scales, the
// rule that turns them into a score, the level bands of the score and the acceptance threshold.
// It imports nothing of the project but apperr (which the ent schema imports too), so that the
// ent schema can store its types.
package riskscale

import (
	"errors"
	"fmt"
	"slices"

	"secretariat/internal/apperr"
)

// Step is one step of a scale: its value (1, 2, 3 …) and its label in Japanese and English.
type Step struct {
	Value   int    `json:"value"`
	LabelJa string `json:"labelJa"`
	LabelEn string `json:"labelEn"`
}

// Band is a risk level: every score from MinScore up to the next band's MinScore.
type Band struct {
	MinScore int    `json:"minScore"`
	Level    string `json:"level"` // a short code: LOW, MEDIUM, HIGH …
	LabelJa  string `json:"labelJa"`
	LabelEn  string `json:"labelEn"`
}

// Rule turns a likelihood and an impact into a score.
type Rule string

// The rules.
const (
	Product Rule = "PRODUCT" // likelihood × impact, the common choice
	Sum     Rule = "SUM"     // likelihood + impact
	Max     Rule = "MAX"     // the larger of the two
)

// Method is a company's risk assessment method.
type Method struct {
	Likelihood []Step `json:"likelihood"`
	Impact     []Step `json:"impact"`
	Rule       Rule   `json:"rule"`
	Bands      []Band `json:"bands"`
	// AcceptanceThreshold: a risk whose score is above it may not simply be accepted; it needs a
	// treatment or an acceptance by management.
	AcceptanceThreshold int `json:"acceptanceThreshold"`
}

// Default is the method a company starts with: 3 × 3, product, three levels, accept up to 3.
func Default() Method {
	return Method{
		Likelihood: []Step{{1, "低い（めったに起きない）", "Low (rare)"}, {2, "中（起こりうる）", "Medium (possible)"}, {3, "高い（よく起きる）", "High (likely)"}},
		Impact:     []Step{{1, "小", "Minor"}, {2, "中", "Moderate"}, {3, "大", "Severe"}},
		Rule:       Product,
		Bands: []Band{
			{1, "LOW", "低", "Low"},
			{4, "MEDIUM", "中", "Medium"},
			{6, "HIGH", "高", "High"},
		},
		AcceptanceThreshold: 3,
	}
}

// Validate reports what is wrong with the method, field by field (nil when it is sound), each
// problem as bad input in its field.
func (m Method) Validate() map[string]*apperr.Error {
	problems := map[string]*apperr.Error{}
	problem := func(field string, reason apperr.Reason, en, ja string) {
		problems[field] = apperr.Invalid(field, reason, en, ja)
	}
	for field, scale := range map[string][]Step{"likelihood": m.Likelihood, "impact": m.Impact} {
		if len(scale) < 2 || len(scale) > 10 {
			problem(field, apperr.OutOfRange, "must have 2 to 10 steps", "段階は2から10までにしてください")
			continue
		}
		for i, s := range scale {
			if s.Value != i+1 {
				problem(field, apperr.InvalidValue, "steps must be valued 1, 2, 3 … in order", "段階の値は1、2、3…の順にしてください")
				break
			}
			if s.LabelJa == "" || s.LabelEn == "" {
				problem(field, apperr.Required, fmt.Sprintf("step %d needs a Japanese and an English label", s.Value),
					fmt.Sprintf("段階%dには日本語と英語のラベルを入力してください", s.Value))
				break
			}
		}
	}
	if !slices.Contains([]Rule{Product, Sum, Max}, m.Rule) {
		problem("rule", apperr.InvalidValue, "must be PRODUCT, SUM or MAX", "PRODUCT、SUM、MAXのいずれかを指定してください")
	}
	switch {
	case len(m.Bands) == 0:
		problem("bands", apperr.Required, "needs at least one level", "レベルを1つ以上指定してください")
	case m.Bands[0].MinScore > m.minScore():
		problem("bands", apperr.InvalidValue,
			fmt.Sprintf("the first level must start at or below the lowest score, %d", m.minScore()),
			fmt.Sprintf("最初のレベルは最低スコア%d以下から始めてください", m.minScore()))
	default:
		for i, b := range m.Bands {
			if b.Level == "" || b.LabelJa == "" || b.LabelEn == "" {
				problem("bands", apperr.Required, "every level needs a code and a Japanese and an English label",
					"各レベルにはコードと日本語・英語のラベルを入力してください")
				break
			}
			if i > 0 && b.MinScore <= m.Bands[i-1].MinScore {
				problem("bands", apperr.InvalidValue, "levels must start at increasing scores", "レベルの開始スコアは昇順にしてください")
				break
			}
		}
	}
	if _, ok := problems["rule"]; !ok && len(problems) == 0 {
		if m.AcceptanceThreshold < m.minScore() || m.AcceptanceThreshold > m.maxScore() {
			problem("acceptanceThreshold", apperr.OutOfRange,
				fmt.Sprintf("must be a score from %d to %d", m.minScore(), m.maxScore()),
				fmt.Sprintf("%dから%dまでのスコアを指定してください", m.minScore(), m.maxScore()))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return problems
}

// ErrOutOfScale is returned for a likelihood or impact outside the method's scales.
var ErrOutOfScale = errors.New("outside the scale")

// Score returns the score of a likelihood and an impact, and its level.
func (m Method) Score(likelihood, impact int) (score int, level Band, err error) {
	if likelihood < 1 || likelihood > len(m.Likelihood) {
		return 0, Band{}, fmt.Errorf("likelihood %d: %w 1–%d", likelihood, ErrOutOfScale, len(m.Likelihood))
	}
	if impact < 1 || impact > len(m.Impact) {
		return 0, Band{}, fmt.Errorf("impact %d: %w 1–%d", impact, ErrOutOfScale, len(m.Impact))
	}
	score = m.Rule.apply(likelihood, impact)
	return score, m.LevelOf(score), nil
}

// LevelOf returns the band a score falls in.
func (m Method) LevelOf(score int) Band {
	level := m.Bands[0]
	for _, b := range m.Bands {
		if score >= b.MinScore {
			level = b
		}
	}
	return level
}

// AboveThreshold reports whether a score needs more than a plain acceptance.
func (m Method) AboveThreshold(score int) bool { return score > m.AcceptanceThreshold }

func (r Rule) apply(l, i int) int {
	switch r {
	case Sum:
		return l + i
	case Max:
		return max(l, i)
	default:
		return l * i
	}
}

func (m Method) minScore() int { return m.Rule.apply(1, 1) }

func (m Method) maxScore() int { return m.Rule.apply(len(m.Likelihood), len(m.Impact)) }
