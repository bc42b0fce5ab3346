package controls

import (
	"context"
	"fmt"
	"slices"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/risk"
	"secretariat/ent/riskcontrol"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
)

// StatementOfApplicability is a company's SoA as the API reads it. Each part is loaded when it
// is selected; rows load the edges a client selects under them with entgql field collection,
// so the SoA costs the same few statements for one row or all 93.
type StatementOfApplicability struct {
	db      *ent.Client
	Company *ent.Company
	// Locale is the language of the titles.
	Locale locale.Locale
}

// Row is one control of the SoA: the catalogue entry, the company's row and the risks of the
// register that the control treats.
type Row struct {
	Control        *Definition
	Implementation *ent.ControlImplementation
	Risks          []*ent.Risk
}

// Summary counts the rows of a SoA.
type Summary struct {
	// Controls is the number of rows, CatalogControls the number of controls in the catalogue.
	Controls        int
	CatalogControls int
	Applicable      int
	Excluded        int
	// Unjustified rows state no reason yet for including or excluding their control.
	Unjustified int
	// ByStatus counts the applicable controls by implementation status, in workflow order.
	ByStatus []*StatusCount
}

// StatusCount is the number of applicable controls in one implementation status.
type StatusCount struct {
	Status controlimplementation.ImplementationStatus
	Count  int
}

// Statement returns the SoA of a company the viewer reaches, titles in the request's language.
func (s *Service) Statement(ctx context.Context, companyID pulid.ID, lang language.Request) (*StatementOfApplicability, error) {
	loc, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("statement of applicability: %w", err)
	}
	co, err := s.companyOf(ctx, companyID)
	if err != nil {
		return nil, fmt.Errorf("statement of applicability: %w", err)
	}
	return &StatementOfApplicability{db: s.db, Company: co, Locale: loc}, nil
}

// Selection is what a caller reads of the SoA's rows beyond the catalogue, so that Rows loads it
// with the rows, in one query each, instead of one query per row: Implementation narrows the
// rows' query to what the caller reads of them (nil: every column), Risks narrows the query of
// the risks linked to the rows' controls (nil: the risks are not read and not loaded).
type Selection struct {
	Implementation func(*ent.ControlImplementationQuery) (*ent.ControlImplementationQuery, error)
	Risks          func(*ent.RiskQuery) (*ent.RiskQuery, error)
}

// Rows lists the SoA in the natural order of control references.
func (soa *StatementOfApplicability) Rows(ctx context.Context, sel Selection) ([]*Row, error) {
	q := soa.db.ControlImplementation.Query().Where(controlimplementation.CompanyID(soa.Company.ID))
	if sel.Implementation != nil {
		var err error
		if q, err = sel.Implementation(q); err != nil {
			return nil, fmt.Errorf("statement of applicability: %w", err)
		}
		// The rows are matched to the catalogue by reference whatever the client selected.
		q.Select(controlimplementation.Columns...)
	}
	impls, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("statement of applicability: %w", err)
	}
	slices.SortStableFunc(impls, func(a, b *ent.ControlImplementation) int { return iso27001.CompareRefs(a.ControlRef, b.ControlRef) })
	var risks map[string][]*ent.Risk
	if sel.Risks != nil {
		if risks, err = soa.risksByControl(ctx, impls, sel.Risks); err != nil {
			return nil, fmt.Errorf("statement of applicability: %w", err)
		}
	}
	rows := make([]*Row, 0, len(impls))
	for _, impl := range impls {
		c, ok := iso27001.Lookup(impl.ControlRef)
		if !ok {
			c = iso27001.Control{Ref: impl.ControlRef, TitleEn: impl.ControlRef, TitleJa: impl.ControlRef}
		}
		rows = append(rows, &Row{Control: define(c, soa.Locale), Implementation: impl, Risks: nonNil(risks[impl.ControlRef])})
	}
	return rows, nil
}

// risksByControl loads, in one query with what the client selected under risks, the risks of the
// register (archived ones left out) linked to the rows' controls, by control reference and code.
func (soa *StatementOfApplicability) risksByControl(ctx context.Context, impls []*ent.ControlImplementation, narrow func(*ent.RiskQuery) (*ent.RiskQuery, error)) (map[string][]*ent.Risk, error) {
	refs := make([]string, len(impls))
	for i, impl := range impls {
		refs[i] = impl.ControlRef
	}
	q, err := narrow(soa.db.Risk.Query().
		Where(risk.CompanyID(soa.Company.ID), risk.ArchivedAtIsNil(), risk.HasControlLinksWith(riskcontrol.ControlRefIn(refs...))).
		Order(risk.ByCode(), risk.ByID()))
	if err != nil {
		return nil, err
	}
	found, err := q.WithControlLinks(func(q *ent.RiskControlQuery) { q.Where(riskcontrol.ControlRefIn(refs...)) }).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("risks: %w", err)
	}
	byRef := map[string][]*ent.Risk{}
	for _, r := range found {
		for _, link := range r.Edges.ControlLinks {
			byRef[link.ControlRef] = append(byRef[link.ControlRef], r)
		}
	}
	return byRef, nil
}

// Summary counts the rows: applicable, excluded, without justification, and the applicable ones
// by implementation status.
func (soa *StatementOfApplicability) Summary(ctx context.Context) (*Summary, error) {
	impls, err := soa.db.ControlImplementation.Query().
		Where(controlimplementation.CompanyID(soa.Company.ID)).
		Select(controlimplementation.FieldApplicable, controlimplementation.FieldImplementationStatus, controlimplementation.FieldJustification).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("summary of the statement of applicability: %w", err)
	}
	return summarize(impls), nil
}

func summarize(impls []*ent.ControlImplementation) *Summary {
	sum := &Summary{Controls: len(impls), CatalogControls: len(iso27001.AnnexA())}
	byStatus := map[controlimplementation.ImplementationStatus]int{}
	for _, impl := range impls {
		if deref(impl.Justification) == "" {
			sum.Unjustified++
		}
		if !impl.Applicable {
			sum.Excluded++
			continue
		}
		sum.Applicable++
		byStatus[impl.ImplementationStatus]++
	}
	for _, status := range statuses {
		sum.ByStatus = append(sum.ByStatus, &StatusCount{Status: status, Count: byStatus[status]})
	}
	return sum
}

// Initialized reports whether every control of the catalogue has its row.
func (soa *StatementOfApplicability) Initialized(ctx context.Context) (bool, error) {
	n, err := soa.db.ControlImplementation.Query().
		Where(controlimplementation.CompanyID(soa.Company.ID), controlimplementation.ControlRefIn(refs()...)).
		Count(ctx)
	if err != nil {
		return false, fmt.Errorf("statement of applicability: %w", err)
	}
	return n == len(iso27001.AnnexA()), nil
}

// Document is the company's SOA document, where approved snapshots go; nil before the first.
func (soa *StatementOfApplicability) Document(ctx context.Context) (*ent.Document, error) {
	q, err := soaDocuments(soa.db, soa.Company.ID).CollectFields(ctx)
	if err != nil {
		return nil, fmt.Errorf("SoA document: %w", err)
	}
	doc, err := q.First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return doc, err
}

// soaDocuments are the company's documents of kind SOA in use, the oldest first: the first is
// the one the SoA is filed in.
func soaDocuments(db *ent.Client, companyID pulid.ID) *ent.DocumentQuery {
	return db.Document.Query().
		Where(document.CompanyID(companyID), document.KindEQ(document.KindSOA), document.ArchivedAtIsNil()).
		Order(document.ByCreatedAt(), document.ByID())
}

// statuses are the implementation statuses in workflow order.
var statuses = []controlimplementation.ImplementationStatus{
	controlimplementation.ImplementationStatusNOT_STARTED,
	controlimplementation.ImplementationStatusPLANNED,
	controlimplementation.ImplementationStatusPARTIAL,
	controlimplementation.ImplementationStatusIMPLEMENTED,
}

func refs() []string {
	out := make([]string, len(iso27001.AnnexA()))
	for i, c := range iso27001.AnnexA() {
		out[i] = c.Ref
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
