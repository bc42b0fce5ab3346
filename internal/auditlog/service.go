package auditlog

import (
	"context"
	"fmt"
	"log/slog"

	gen "secretariat/ent"
	"secretariat/ent/auditevent"
	"secretariat/ent/company"
	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// Service reads the trail and verifies its chain. Nothing here writes: events are appended by
// the audit hook alone.
type Service struct {
	db  *gen.Client
	log *slog.Logger
}

// NewService returns the service over db.
func NewService(db *gen.Client, log *slog.Logger) *Service {
	return &Service{db: db, log: log}
}

// Events returns the events the viewer may read, of one company when companyID is set. Who reads
// what is decided by the data layer: OWNER and ADMIN read every event of the organization;
// SECRETARIAT and AUDITOR only those of the companies they reach, never an organization-wide one
// (memberships, invitations); other roles none. A company the viewer does not reach is not
// found.
func (s *Service) Events(ctx context.Context, companyID *pulid.ID) (*gen.AuditEventQuery, error) {
	q := s.db.AuditEvent.Query()
	if companyID == nil {
		return q, nil
	}
	exists, err := s.db.Company.Query().Where(company.ID(*companyID)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit events: %w", err)
	}
	if !exists {
		return nil, fmt.Errorf("audit events: %w", apperr.NotFound("company", "会社"))
	}
	return q.Where(auditevent.CompanyID(*companyID)), nil
}
