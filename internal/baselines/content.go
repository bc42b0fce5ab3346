package baselines

import (
	"encoding/json"
	"fmt"
	"io"

	"secretariat/ent/baselineoverlay"
	"secretariat/ent/document"
	"secretariat/internal/enum"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
)

// Rule is how an adopter inherits a baseline item.
type Rule string

// The rules.
const (
	// Locked: used as published; the adopter changes nothing of it.
	Locked Rule = "LOCKED"
	// Extend: the adopter may add to it and tighten it, never loosen it.
	Extend Rule = "EXTEND"
	// Overridable: the adopter may also replace it, with a reason; the replacement is in effect
	// once the head office approves it.
	Overridable Rule = "OVERRIDABLE"
)

// Values lists the rules (for the GraphQL enum).
func (Rule) Values() []string { return []string{string(Locked), string(Extend), string(Overridable)} }

// UnmarshalGQL implements graphql.Unmarshaler.
func (r *Rule) UnmarshalGQL(v any) (err error) {
	*r, err = enum.Unmarshal[Rule](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (r Rule) MarshalGQL(w io.Writer) { enum.Marshal(w, r) }

// Content is what a baseline version holds: its items, each with its rule.
type Content struct {
	Controls   []Control  `json:"controls"`
	Documents  []Document `json:"documents"`
	RiskMethod *Method    `json:"riskMethod"`
}

// Control is the baseline's SoA decision on an Annex A control.
type Control struct {
	Ref           string `json:"ref"`
	Applicable    bool   `json:"applicable"`
	Justification string `json:"justification"`
	Rule          Rule   `json:"rule"`
}

// Document is a master document: a copy of an approved version of one of the head office's
// documents, as it was when the version was published.
type Document struct {
	Key             string        `json:"key"`
	Code            string        `json:"code"`
	Title           string        `json:"title"`
	Kind            document.Kind `json:"kind"`
	Version         string        `json:"version"`
	Body            *string       `json:"body"`
	SourceVersionID pulid.ID      `json:"sourceVersionID"`
	Rule            Rule          `json:"rule"`
}

// Method is the baseline's risk method.
type Method struct {
	Method riskscale.Method `json:"method"`
	Rule   Rule             `json:"rule"`
}

func decode(raw []byte) (*Content, error) {
	var c Content
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("baseline content: %w", err)
	}
	return &c, nil
}

func (c *Content) control(ref string) *Control {
	for i := range c.Controls {
		if c.Controls[i].Ref == ref {
			return &c.Controls[i]
		}
	}
	return nil
}

func (c *Content) document(key string) *Document {
	for i := range c.Documents {
		if c.Documents[i].Key == key {
			return &c.Documents[i]
		}
	}
	return nil
}

// item names a baseline item in messages.
func item(kind baselineoverlay.Kind, key string) (en, ja string) {
	switch kind {
	case baselineoverlay.KindCONTROL:
		return "control " + key, "管理策 " + key
	case baselineoverlay.KindDOCUMENT:
		return "document " + key, "文書 " + key
	}
	return "the risk method", "リスク評価方法"
}

// describe is an item as a change lists it.
func (c Control) describe() string {
	if c.Applicable {
		return fmt.Sprintf("applicable: %s (%s)", c.Justification, c.Rule)
	}
	return fmt.Sprintf("excluded: %s (%s)", c.Justification, c.Rule)
}

func (d Document) describe() string {
	return fmt.Sprintf("%s %s %s (%s)", d.Code, d.Version, d.Title, d.Rule)
}

func (m Method) describe() string {
	return fmt.Sprintf("acceptance threshold %d, %d×%d %s (%s)", m.Method.AcceptanceThreshold, len(m.Method.Likelihood), len(m.Method.Impact), m.Method.Rule, m.Rule)
}
