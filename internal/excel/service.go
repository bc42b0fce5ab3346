package excel

import (
	"context"
	"fmt"
	"log/slog"

	"secretariat/ent"
	"secretariat/ent/riskmethod"
	"secretariat/internal/pulid"
	"secretariat/internal/riskscale"
)

// Control is an Annex A control of the catalogue, as the exports and imports need it.
type Control struct {
	Ref     string
	Theme   string // ORGANIZATIONAL, PEOPLE, PHYSICAL, TECHNOLOGICAL
	TitleJa string
	TitleEn string
}

// Catalog lists the controls of the catalogue in their order ("5.1" … "8.34").
type Catalog func() []Control

// Service exports the asset inventory, the risk register and the Statement of Applicability as
// workbooks, and imports assets and risks from them.
type Service struct {
	db      *ent.Client
	catalog Catalog
	log     *slog.Logger
}

// NewService returns the service over the ent client and the control catalogue.
func NewService(db *ent.Client, catalog Catalog, log *slog.Logger) *Service {
	return &Service{db: db, catalog: catalog, log: log}
}

// method returns the company's risk assessment method, the default one when it has none.
func method(ctx context.Context, db *ent.Client, companyID pulid.ID) (riskscale.Method, error) {
	m, err := db.RiskMethod.Query().Where(riskmethod.CompanyID(companyID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return riskscale.Default(), nil
	case err != nil:
		return riskscale.Method{}, fmt.Errorf("risk method: %w", err)
	}
	return m.Method, nil
}

func (s *Service) controls() map[string]Control {
	out := map[string]Control{}
	if s.catalog == nil {
		return out
	}
	for _, c := range s.catalog() {
		out[c.Ref] = c
	}
	return out
}
