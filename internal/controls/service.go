package controls

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/internal/documents"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
)

// Publisher is what the SoA needs of the documents service to file its snapshots.
type Publisher interface {
	CreateDocument(ctx context.Context, in documents.CreateDocumentInput) (*ent.Document, error)
	CreateVersion(ctx context.Context, in documents.CreateVersionInput) (*ent.DocumentVersion, error)
	UpdateVersion(ctx context.Context, in documents.UpdateVersionInput) (*ent.DocumentVersion, error)
	Submit(ctx context.Context, in documents.StepInput) (*ent.DocumentVersion, error)
}

// Service answers the catalogue and keeps the companies' Statements of Applicability.
type Service struct {
	db        *ent.Client
	documents Publisher
	log       *slog.Logger
	now       func() time.Time
}

// NewService returns the service over the ent client, filing SoA snapshots through documents.
func NewService(db *ent.Client, documents Publisher, log *slog.Logger) *Service {
	return &Service{db: db, documents: documents, log: log, now: time.Now}
}

// Definition is a control of the catalogue as the API shows it: the title in the locale
// resolved for the request, and both titles.
type Definition struct {
	Ref     string
	Theme   iso27001.Theme
	Title   string
	TitleEn string
	TitleJa string
}

func define(c iso27001.Control, l locale.Locale) *Definition {
	return &Definition{Ref: c.Ref, Theme: c.Theme, Title: c.Title(l), TitleEn: c.TitleEn, TitleJa: c.TitleJa}
}

// ClauseDefinition is a management-system clause as the API shows it.
type ClauseDefinition struct {
	Ref       string
	ParentRef *string
	Title     string
	TitleEn   string
	TitleJa   string
}

// Catalog returns the controls of the framework with titles in the request's language.
func (s *Service) Catalog(ctx context.Context, framework string, lang language.Request) ([]*Definition, error) {
	all, err := iso27001.Controls(framework)
	if err != nil {
		return nil, fmt.Errorf("control catalogue: %w", err)
	}
	loc, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("control catalogue: %w", err)
	}
	out := make([]*Definition, len(all))
	for i, c := range all {
		out[i] = define(c, loc)
	}
	return out, nil
}

// Clauses returns the management-system clauses of the framework with titles in the request's
// language.
func (s *Service) Clauses(ctx context.Context, framework string, lang language.Request) ([]*ClauseDefinition, error) {
	all, err := iso27001.Clauses(framework)
	if err != nil {
		return nil, fmt.Errorf("management system clauses: %w", err)
	}
	loc, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("management system clauses: %w", err)
	}
	out := make([]*ClauseDefinition, len(all))
	for i, c := range all {
		d := &ClauseDefinition{Ref: c.Ref, Title: c.Title(loc), TitleEn: c.TitleEn, TitleJa: c.TitleJa}
		if c.Parent != "" {
			parent := c.Parent
			d.ParentRef = &parent
		}
		out[i] = d
	}
	return out, nil
}

// Control returns the catalogue entry of a row with its title in the request's language.
func (s *Service) Control(ctx context.Context, row *ent.ControlImplementation, lang language.Request) (*Definition, error) {
	c, ok := iso27001.Lookup(row.ControlRef)
	if !ok {
		return nil, fmt.Errorf("control %s of %s is not in the catalogue", row.ControlRef, row.ID)
	}
	loc, err := language.Resolve(ctx, s.db, lang)
	if err != nil {
		return nil, fmt.Errorf("control %s: %w", row.ControlRef, err)
	}
	return define(c, loc), nil
}

// companyOf loads a company the viewer reaches (NOT_FOUND otherwise).
func (s *Service) companyOf(ctx context.Context, id pulid.ID) (*ent.Company, error) {
	co, err := s.db.Company.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "company", "会社")
	}
	return co, nil
}
