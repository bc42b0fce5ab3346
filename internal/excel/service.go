package excel

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/riskmethod"
	"secretariat/internal/assets"
	"secretariat/internal/audits"
	"secretariat/internal/pulid"
	"secretariat/internal/risks"
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

// Service exports the asset inventory, the risk register, the Statement of Applicability, the
// findings register and an audit's checklist as workbooks, and imports assets, risks and checklist
// results from them through the services that own them.
type Service struct {
	db      *ent.Client
	catalog Catalog
	assets  Assets
	risks   Risks
	audits  Audits
	drills  Drills
	log     *slog.Logger
	now     func() time.Time
}

// Option configures the service.
type Option func(*Service)

// Assets writes assets: the assets module's service, whose rules an import follows as the API
// does.
type Assets interface {
	Create(ctx context.Context, in assets.CreateAssetInput) (*ent.Asset, error)
	Update(ctx context.Context, in assets.UpdateAssetInput) (*ent.Asset, error)
}

// Risks writes risks: the risks module's service.
type Risks interface {
	Create(ctx context.Context, in risks.CreateRiskInput) (*ent.Risk, error)
	Update(ctx context.Context, in risks.UpdateRiskInput) (*ent.Risk, error)
}

// Audits records checklist results: the audits module's service, whose rules (an audit in
// progress, a nonconformity raising its finding) a checklist import follows as the API does.
type Audits interface {
	RecordChecklistResult(ctx context.Context, in audits.RecordChecklistResultInput) (*ent.ChecklistItem, error)
}

// NewService returns the service over the ent client, the control catalogue and the services
// that write what the imports bring.
func NewService(db *ent.Client, catalog Catalog, assetService Assets, riskService Risks, auditService Audits, log *slog.Logger, opts ...Option) *Service {
	s := &Service{db: db, catalog: catalog, assets: assetService, risks: riskService, audits: auditService, log: log, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// SetClock makes the service read the time from now (the status of a training history).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

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
