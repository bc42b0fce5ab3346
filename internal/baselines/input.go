package baselines

import (
	"fmt"
	"slices"
	"strings"

	"secretariat/ent/baselineoverlay"
	"secretariat/internal/apperr"
	"secretariat/internal/controls"
	"secretariat/internal/iso27001"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
	"secretariat/internal/riskscale"
	"secretariat/internal/validate"
)

const (
	maxName        = 200
	maxDescription = 2000
	maxNote        = 2000
	maxReason      = 2000
	maxDocuments   = 100
)

// ContentInput is a version's items as the head office gives them: master documents are named
// by an approved version of one of its documents, copied when the version is published.
type ContentInput struct {
	Controls   []Control       `json:"controls"`
	Documents  []DocumentInput `json:"documents"`
	RiskMethod *MethodInput    `json:"riskMethod"`
}

// DocumentInput names a master document.
type DocumentInput struct {
	// Key names the document across versions: a-z, 0-9 and '-', unique in the version.
	Key               string   `json:"key"`
	DocumentVersionID pulid.ID `json:"documentVersionID"`
	Rule              Rule     `json:"rule"`
}

// MethodInput is the baseline's risk method and its rule.
type MethodInput struct {
	Method riskscale.Method `json:"method"`
	Rule   Rule             `json:"rule"`
}

func validRule(field string, r Rule) error {
	if !slices.Contains(r.Values(), string(r)) {
		return apperr.Invalid(field, apperr.InvalidValue, "must be LOCKED, EXTEND or OVERRIDABLE", "LOCKED、EXTEND、OVERRIDABLE のいずれかを指定してください")
	}
	return nil
}

// validate reports every problem of the content, each on its path under field.
func (c *ContentInput) validate(field string) error {
	if len(c.Controls)+len(c.Documents) == 0 && c.RiskMethod == nil {
		return apperr.Invalid(field, apperr.Required, "a version holds at least one item", "項目を1件以上含めてください")
	}
	if err := apperr.Join(validate.AtMost(field+".controls", len(c.Controls), len(iso27001.AnnexA())),
		validate.AtMost(field+".documents", len(c.Documents), maxDocuments)); err != nil {
		return err // the lists are too long to look into
	}
	var errs []error
	refs := map[string]bool{}
	for i := range c.Controls {
		d := &c.Controls[i]
		at := fmt.Sprintf("%s.controls.%d", field, i)
		j := &d.Justification
		errs = append(errs, controls.CheckRef(at+".ref", &d.Ref, refs), apperr.Nest(at, controls.ValidateDefault(d.Applicable, &j)), validRule(at+".rule", d.Rule))
		if j != nil {
			d.Justification = *j // trimmed
		}
	}
	keys := map[string]bool{}
	for i := range c.Documents {
		d := &c.Documents[i]
		at := fmt.Sprintf("%s.documents.%d", field, i)
		errs = append(errs, validate.Key(at+".key", &d.Key, keys), validRule(at+".rule", d.Rule))
	}
	if m := c.RiskMethod; m != nil {
		method, err := risks.CheckMethod(field+".riskMethod.method", m.Method)
		errs = append(errs, err, validRule(field+".riskMethod.rule", m.Rule))
		m.Method = method
	}
	return apperr.Join(errs...)
}

// CreateBaselineInput adds a baseline with its version 1.
type CreateBaselineInput struct {
	Name        string       `json:"name"`
	Description *string      `json:"description"`
	Note        *string      `json:"note"`
	Content     ContentInput `json:"content"`
}

// Validate reports every problem of the input at once.
func (in *CreateBaselineInput) Validate() error {
	in.Name = strings.TrimSpace(in.Name)
	return apperr.Join(validate.Required("name", in.Name, maxName), validate.Text("description", &in.Description, maxDescription, nil),
		validate.Text("note", &in.Note, maxNote, nil), in.Content.validate("content"))
}

// PublishBaselineVersionInput adds the next version of a baseline.
type PublishBaselineVersionInput struct {
	BaselineID pulid.ID     `json:"baselineID"`
	Note       *string      `json:"note"`
	Content    ContentInput `json:"content"`
}

// Validate reports every problem of the input at once.
func (in *PublishBaselineVersionInput) Validate() error {
	return apperr.Join(validate.Text("note", &in.Note, maxNote, nil), in.Content.validate("content"))
}

// AdoptBaselineInput makes a company, or one of its sites, run a version of a baseline.
type AdoptBaselineInput struct {
	BaselineVersionID pulid.ID  `json:"baselineVersionID"`
	CompanyID         pulid.ID  `json:"companyID"`
	SiteID            *pulid.ID `json:"siteID"`
}

// AddBaselineOverlayInput adds an adopter's own item on top of its baseline.
type AddBaselineOverlayInput struct {
	AdoptionID pulid.ID             `json:"adoptionID"`
	Kind       baselineoverlay.Kind `json:"kind"`
	// Target is a control reference, a master document's key (or a local document's own key),
	// or empty for the risk method.
	Target string `json:"target"`
	// Applicable and Justification are a control's decision.
	Applicable    *bool   `json:"applicable"`
	Justification *string `json:"justification"`
	// DocumentID is the adopter's own document; Replace says it replaces the master document
	// (an override) rather than supplements it.
	DocumentID *pulid.ID `json:"documentID"`
	Replace    bool      `json:"replace"`
	// AcceptanceThreshold is the adopter's risk acceptance threshold.
	AcceptanceThreshold *int   `json:"acceptanceThreshold"`
	Reason              string `json:"reason"`
}

// Validate reports every problem of the input at once; what the baseline allows is checked
// against it.
func (in *AddBaselineOverlayInput) Validate() error {
	in.Target = strings.TrimSpace(in.Target)
	in.Reason = strings.TrimSpace(in.Reason)
	errs := []error{validate.Required("reason", in.Reason, maxReason), validate.Enum("kind", &in.Kind, baselineoverlay.KindValidator)}
	// Each kind takes its own fields: another kind's is refused rather than stored unused.
	notFor := func(field string, given bool) {
		if given {
			errs = append(errs, apperr.Invalid(field, apperr.ConflictingFields, fmt.Sprintf("a %s item does not take %s", in.Kind, field), fmt.Sprintf("%s の項目に %s は指定できません", in.Kind, field)))
		}
	}
	control, doc, method := in.Kind == baselineoverlay.KindCONTROL, in.Kind == baselineoverlay.KindDOCUMENT, in.Kind == baselineoverlay.KindRISK_METHOD
	notFor("applicable", in.Applicable != nil && !control)
	notFor("justification", in.Justification != nil && !control)
	notFor("documentID", in.DocumentID != nil && !doc)
	notFor("replace", in.Replace && !doc)
	notFor("acceptanceThreshold", in.AcceptanceThreshold != nil && !method)
	notFor("target", in.Target != "" && method)
	switch in.Kind {
	case baselineoverlay.KindCONTROL:
		if _, ok := iso27001.Lookup(in.Target); !ok {
			errs = append(errs, apperr.Invalid("target", apperr.InvalidValue, fmt.Sprintf("%q is not a control of Annex A", in.Target), fmt.Sprintf("%q は附属書Aの管理策ではありません", in.Target)))
		}
		if in.Applicable == nil {
			errs = append(errs, apperr.Invalid("applicable", apperr.Required, "a control's item says whether it is included", "適用の有無を指定してください"))
		} else {
			errs = append(errs, controls.ValidateDefault(*in.Applicable, &in.Justification))
		}
	case baselineoverlay.KindDOCUMENT:
		errs = append(errs, validate.Key("target", &in.Target, map[string]bool{}))
		if in.DocumentID == nil {
			errs = append(errs, apperr.Invalid("documentID", apperr.Required, "a document's item names the adopter's own document", "自社の文書を指定してください"))
		}
	case baselineoverlay.KindRISK_METHOD:
		if in.AcceptanceThreshold == nil {
			errs = append(errs, apperr.Invalid("acceptanceThreshold", apperr.Required, "the risk method's item gives an acceptance threshold", "リスク受容基準を入力してください"))
		}
	}
	return apperr.Join(errs...)
}

// DecideBaselineOverrideInput approves or rejects an override.
type DecideBaselineOverrideInput struct {
	ID      pulid.ID `json:"id"`
	Approve bool     `json:"approve"`
	Note    *string  `json:"note"`
}

// PromoteBaselineOverlayInput makes a local addition part of the baseline's next version.
type PromoteBaselineOverlayInput struct {
	OverlayID pulid.ID `json:"overlayID"`
	Rule      Rule     `json:"rule"`
	Note      *string  `json:"note"`
}
