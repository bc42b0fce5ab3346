package documents

import (
	"context"
	"fmt"
	"sort"

	"secretariat/ent"
	"secretariat/ent/companyaccess"
	"secretariat/ent/documentacknowledgement"
	"secretariat/ent/membership"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/viewer"
)

// Acknowledge records that the viewer read the document's current version (周知確認).
// Acknowledging again returns the first acknowledgement.
func (s *Service) Acknowledge(ctx context.Context, in AcknowledgeInput) (*ent.DocumentAcknowledgement, error) {
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("acknowledge document: %w", err)
	}
	doc, err := s.activeDocument(ctx, s.db, in.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("acknowledge document: %w", err)
	}
	if doc.CurrentVersionID == nil {
		return nil, fmt.Errorf("acknowledge document: %w", apperr.Conflict(apperr.InvalidTransition, "the document has no approved version to acknowledge yet", "この文書には確認できる承認済みの版がまだありません"))
	}
	existing := func(db *ent.Client) (*ent.DocumentAcknowledgement, error) {
		return db.DocumentAcknowledgement.Query().
			Where(documentacknowledgement.VersionID(*doc.CurrentVersionID), documentacknowledgement.UserID(by)).
			Only(ctx)
	}
	ack, err := existing(s.db)
	if err == nil {
		return ack, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("acknowledge document: %w", err)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		ack, err = tx.DocumentAcknowledgement.Create().
			SetCompanyID(doc.CompanyID).
			SetVersionID(*doc.CurrentVersionID).
			SetUserID(by).
			Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		// A second request that raced the first (a double click): the first one counts. The
		// savepoint of WithTx kept the operation's transaction usable after the failure.
		ack, err = existing(s.db)
	}
	if err != nil {
		return nil, fmt.Errorf("acknowledge document: %w", err)
	}
	return ack, nil
}

// AcknowledgementReport is who has and who has not yet acknowledged a document's current
// version.
type AcknowledgementReport struct {
	// Version is the current version; nil before the first approval, when nobody can
	// acknowledge and nobody is pending.
	Version *ent.DocumentVersion `json:"version"`
	// Acknowledged are the acknowledgements of the current version, oldest first.
	Acknowledged []*ent.DocumentAcknowledgement `json:"acknowledged"`
	// Pending are the people who reach the company and have not acknowledged it, by name.
	Pending []*ent.User `json:"pending"`
}

// AcknowledgedCount is the number of acknowledgements.
func (r *AcknowledgementReport) AcknowledgedCount() int { return len(r.Acknowledged) }

// PendingCount is the number of people still to acknowledge.
func (r *AcknowledgementReport) PendingCount() int { return len(r.Pending) }

// Report lists, for the document's current version, the acknowledgements and the people still
// to acknowledge: every member who reaches the company (OWNER and ADMIN, and the members granted
// it) except auditors and memberships past their end.
func (s *Service) Report(ctx context.Context, doc *ent.Document) (*AcknowledgementReport, error) {
	r := &AcknowledgementReport{Acknowledged: []*ent.DocumentAcknowledgement{}, Pending: []*ent.User{}}
	if doc.CurrentVersionID == nil {
		return r, nil
	}
	var err error
	if r.Version, err = s.db.DocumentVersion.Get(ctx, *doc.CurrentVersionID); err != nil {
		return nil, fmt.Errorf("acknowledgement report: %w", err)
	}
	if r.Acknowledged, err = s.db.DocumentAcknowledgement.Query().
		Where(documentacknowledgement.VersionID(r.Version.ID)).
		Order(ent.Asc(documentacknowledgement.FieldCreatedAt), ent.Asc(documentacknowledgement.FieldID)).
		All(ctx); err != nil {
		return nil, fmt.Errorf("acknowledgement report: %w", err)
	}
	done := map[string]bool{}
	for _, a := range r.Acknowledged {
		done[string(a.UserID)] = true
	}
	reaching, err := s.db.Membership.Query().
		Where(
			membership.RoleNEQ(viewer.RoleAuditor),
			membership.Or(membership.ExpiresAtIsNil(), membership.ExpiresAtGT(s.now())),
			membership.Or(
				membership.RoleIn(viewer.RoleOwner, viewer.RoleAdmin),
				membership.HasCompanyAccessesWith(companyaccess.CompanyID(doc.CompanyID)),
			),
		).
		WithUser().
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("acknowledgement report: %w", err)
	}
	for _, m := range reaching {
		if u := m.Edges.User; u != nil && !done[string(u.ID)] {
			r.Pending = append(r.Pending, u)
		}
	}
	sort.Slice(r.Pending, func(i, j int) bool { return r.Pending[i].Name < r.Pending[j].Name })
	return r, nil
}
