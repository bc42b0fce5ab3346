package baselines

import (
	"context"
	"fmt"
	"io"
	"slices"

	"secretariat/ent"
	"secretariat/ent/baseline"
	"secretariat/ent/baselineadoption"
	"secretariat/ent/baselineoverlay"
	"secretariat/ent/baselineversion"
	"secretariat/ent/predicate"
	"secretariat/internal/enum"
	"secretariat/internal/iso27001"
	"secretariat/internal/pulid"
)

// DriftStatus says how an adopter stands to its baseline.
type DriftStatus string

// The drift statuses.
const (
	// InSync: the latest version, no approved override.
	InSync DriftStatus = "IN_SYNC"
	// Behind: an older version, no approved override.
	Behind DriftStatus = "BEHIND"
	// Deviating: approved overrides replace baseline items (whatever the version).
	Deviating DriftStatus = "DEVIATING"
)

// Values lists the statuses (for the GraphQL enum).
func (DriftStatus) Values() []string {
	return []string{string(InSync), string(Behind), string(Deviating)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *DriftStatus) UnmarshalGQL(v any) (err error) {
	*d, err = enum.Unmarshal[DriftStatus](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (d DriftStatus) MarshalGQL(w io.Writer) { enum.Marshal(w, d) }

// Change is one difference between the adopter's version and the latest.
type Change struct {
	Kind   baselineoverlay.Kind
	Key    string
	Change string // ADDED, REMOVED or CHANGED
	Before *string
	After  *string
}

// Drift is where an adopter stands: its status, the changes an upgrade would bring, and its
// local items in effect.
type Drift struct {
	Status        DriftStatus
	Behind        bool
	LatestVersion int
	Changes       []*Change
	Local         []*ent.BaselineOverlay
}

// Source says where an effective value comes from.
type Source string

// The sources.
const (
	FromBaseline Source = "BASELINE"
	Tightened    Source = "TIGHTENED"
	Overridden   Source = "OVERRIDDEN"
	Local        Source = "LOCAL"
)

// Values lists the sources (for the GraphQL enum).
func (Source) Values() []string {
	return []string{string(FromBaseline), string(Tightened), string(Overridden), string(Local)}
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (s *Source) UnmarshalGQL(v any) (err error) {
	*s, err = enum.Unmarshal[Source](v)
	return err
}

// MarshalGQL implements graphql.Marshaler.
func (s Source) MarshalGQL(w io.Writer) { enum.Marshal(w, s) }

// Decision is a control's applicability and justification.
type Decision struct {
	Applicable    bool
	Justification string
}

// EffectiveControl is a control as the adopter runs it.
type EffectiveControl struct {
	Ref       string
	Rule      *Rule // nil for a local addition
	Baseline  *Decision
	Own       *Decision
	Effective Decision
	Source    Source
	// Pending is an override waiting for the head office.
	Pending bool
}

// EffectiveDocument is a document as the adopter runs it.
type EffectiveDocument struct {
	Key    string
	Rule   *Rule
	Master *Document
	// LocalDocumentID is the adopter's own document: a supplement, a replacement or an addition.
	LocalDocumentID *pulid.ID
	Source          Source
	Pending         bool
}

// EffectiveMethod is the risk acceptance threshold as the adopter runs it.
type EffectiveMethod struct {
	Rule      Rule
	Baseline  int
	Own       *int
	Effective int
	Source    Source
	Pending   bool
}

// Effective is an adopter's SoA decisions, documents and risk threshold: for each item its own
// and its effective value and where it comes from.
type Effective struct {
	Controls   []*EffectiveControl
	Documents  []*EffectiveDocument
	RiskMethod *EffectiveMethod
}

// View is what a list of adoptions shows of each.
type View struct {
	Drift     *Drift
	Effective *Effective
}

// Views computes the drift and the effective items of the adoptions, in the same statements for
// one adoption or many.
func (s *Service) Views(ctx context.Context, adoptionIDs []pulid.ID) (map[pulid.ID]*View, error) {
	adoptions, err := s.db.BaselineAdoption.Query().Where(baselineadoption.IDIn(adoptionIDs...)).
		WithOverlay(func(q *ent.BaselineOverlayQuery) {
			q.Where(baselineoverlay.ArchivedAtIsNil()).Order(ent.Asc(baselineoverlay.FieldID))
		}).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("baseline drift: %w", err)
	}
	var baselines, versions []pulid.ID
	for _, a := range adoptions {
		baselines = append(baselines, a.BaselineID)
		versions = append(versions, a.BaselineVersionID)
	}
	latest, err := s.db.Baseline.Query().Where(baseline.IDIn(baselines...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("baseline drift: %w", err)
	}
	latestOf := map[pulid.ID]int{}
	wanted := []predicate.BaselineVersion{baselineversion.IDIn(versions...)}
	for _, b := range latest {
		latestOf[b.ID] = b.LatestVersion
		wanted = append(wanted, baselineversion.And(baselineversion.BaselineID(b.ID), baselineversion.Number(b.LatestVersion)))
	}
	rows, err := s.db.BaselineVersion.Query().Where(baselineversion.Or(wanted...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("baseline drift: %w", err)
	}
	contents := map[pulid.ID]*Content{}
	latestContent := map[pulid.ID]*Content{}
	for _, v := range rows {
		c, err := decode(v.Content)
		if err != nil {
			return nil, err
		}
		contents[v.ID] = c
		if latestOf[v.BaselineID] == v.Number {
			latestContent[v.BaselineID] = c
		}
	}
	out := map[pulid.ID]*View{}
	for _, a := range adoptions {
		own, next := contents[a.BaselineVersionID], latestContent[a.BaselineID]
		if own == nil || next == nil {
			return nil, fmt.Errorf("baseline drift: versions of adoption %s not found", a.ID)
		}
		out[a.ID] = &View{Drift: drift(a, own, next, latestOf[a.BaselineID]), Effective: effective(own, a.Edges.Overlay)}
	}
	return out, nil
}

func drift(a *ent.BaselineAdoption, own, next *Content, latest int) *Drift {
	d := &Drift{Status: InSync, Behind: a.VersionNumber < latest, LatestVersion: latest, Changes: []*Change{}, Local: []*ent.BaselineOverlay{}}
	for _, o := range a.Edges.Overlay {
		if o.Status == baselineoverlay.StatusIN_EFFECT {
			d.Local = append(d.Local, o)
			if o.Action == baselineoverlay.ActionOVERRIDE {
				d.Status = Deviating
			}
		}
	}
	if d.Behind && d.Status != Deviating {
		d.Status = Behind
	}
	if !d.Behind {
		return d
	}
	add := func(kind baselineoverlay.Kind, key, change string, before, after *string) {
		d.Changes = append(d.Changes, &Change{Kind: kind, Key: key, Change: change, Before: before, After: after})
	}
	text := func(s string) *string { return &s }
	for _, c := range own.Controls {
		if n := next.control(c.Ref); n == nil {
			add(baselineoverlay.KindCONTROL, c.Ref, "REMOVED", text(c.describe()), nil)
		} else if *n != c {
			add(baselineoverlay.KindCONTROL, c.Ref, "CHANGED", text(c.describe()), text(n.describe()))
		}
	}
	for _, n := range next.Controls {
		if own.control(n.Ref) == nil {
			add(baselineoverlay.KindCONTROL, n.Ref, "ADDED", nil, text(n.describe()))
		}
	}
	for _, doc := range own.Documents {
		if n := next.document(doc.Key); n == nil {
			add(baselineoverlay.KindDOCUMENT, doc.Key, "REMOVED", text(doc.describe()), nil)
		} else if n.SourceVersionID != doc.SourceVersionID || n.Rule != doc.Rule {
			add(baselineoverlay.KindDOCUMENT, doc.Key, "CHANGED", text(doc.describe()), text(n.describe()))
		}
	}
	for _, n := range next.Documents {
		if own.document(n.Key) == nil {
			add(baselineoverlay.KindDOCUMENT, n.Key, "ADDED", nil, text(n.describe()))
		}
	}
	switch {
	case own.RiskMethod == nil && next.RiskMethod != nil:
		add(baselineoverlay.KindRISK_METHOD, "", "ADDED", nil, text(next.RiskMethod.describe()))
	case own.RiskMethod != nil && next.RiskMethod == nil:
		add(baselineoverlay.KindRISK_METHOD, "", "REMOVED", text(own.RiskMethod.describe()), nil)
	case own.RiskMethod != nil && own.RiskMethod.describe() != next.RiskMethod.describe():
		add(baselineoverlay.KindRISK_METHOD, "", "CHANGED", text(own.RiskMethod.describe()), text(next.RiskMethod.describe()))
	}
	return d
}

func effective(c *Content, overlay []*ent.BaselineOverlay) *Effective {
	e := &Effective{Controls: []*EffectiveControl{}, Documents: []*EffectiveDocument{}}
	find := func(kind baselineoverlay.Kind, key string) *ent.BaselineOverlay {
		for _, o := range overlay {
			if o.Kind == kind && o.Target == key && o.Status != baselineoverlay.StatusREJECTED {
				return o
			}
		}
		return nil
	}
	for i := range c.Controls {
		b := c.Controls[i]
		row := &EffectiveControl{Ref: b.Ref, Rule: &b.Rule, Baseline: &Decision{b.Applicable, b.Justification}, Effective: Decision{b.Applicable, b.Justification}, Source: FromBaseline}
		if o := find(baselineoverlay.KindCONTROL, b.Ref); o != nil {
			row.Own = &Decision{*o.Applicable, deref(o.Justification)}
			row.Pending = o.Status == baselineoverlay.StatusPENDING
			if !row.Pending {
				row.Effective, row.Source = *row.Own, sourceOf(o.Action)
			}
		}
		e.Controls = append(e.Controls, row)
	}
	for i := range c.Documents {
		b := &c.Documents[i]
		row := &EffectiveDocument{Key: b.Key, Rule: &b.Rule, Master: b, Source: FromBaseline}
		if o := find(baselineoverlay.KindDOCUMENT, b.Key); o != nil {
			row.LocalDocumentID, row.Pending = o.DocumentID, o.Status == baselineoverlay.StatusPENDING
			if !row.Pending {
				row.Source = sourceOf(o.Action)
			}
		}
		e.Documents = append(e.Documents, row)
	}
	for _, o := range overlay {
		if o.Action != baselineoverlay.ActionADD {
			continue
		}
		switch o.Kind {
		case baselineoverlay.KindCONTROL:
			own := Decision{*o.Applicable, deref(o.Justification)}
			e.Controls = append(e.Controls, &EffectiveControl{Ref: o.Target, Own: &own, Effective: own, Source: Local})
		case baselineoverlay.KindDOCUMENT:
			e.Documents = append(e.Documents, &EffectiveDocument{Key: o.Target, LocalDocumentID: o.DocumentID, Source: Local})
		}
	}
	slices.SortStableFunc(e.Controls, func(a, b *EffectiveControl) int { return compareRefs(a.Ref, b.Ref) })
	if m := c.RiskMethod; m != nil {
		row := &EffectiveMethod{Rule: m.Rule, Baseline: m.Method.AcceptanceThreshold, Effective: m.Method.AcceptanceThreshold, Source: FromBaseline}
		if o := find(baselineoverlay.KindRISK_METHOD, ""); o != nil {
			row.Own, row.Pending = o.AcceptanceThreshold, o.Status == baselineoverlay.StatusPENDING
			if !row.Pending {
				row.Effective, row.Source = *o.AcceptanceThreshold, sourceOf(o.Action)
			}
		}
		e.RiskMethod = row
	}
	return e
}

func sourceOf(a baselineoverlay.Action) Source {
	switch a {
	case baselineoverlay.ActionTIGHTEN:
		return Tightened
	case baselineoverlay.ActionOVERRIDE:
		return Overridden
	}
	return Local
}

// compareRefs orders controls as the Annex A catalogue does.
func compareRefs(a, b string) int {
	return catalogIndex(a) - catalogIndex(b)
}

func catalogIndex(ref string) int {
	for i, c := range iso27001.AnnexA() {
		if c.Ref == ref {
			return i
		}
	}
	return len(iso27001.AnnexA())
}
