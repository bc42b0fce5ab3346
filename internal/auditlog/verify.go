package auditlog

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"secretariat/ent/auditevent"
	"secretariat/internal/apperr"
	"secretariat/internal/auditlog/change"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Verification is the result of recomputing an organization's chain.
type Verification struct {
	Intact        bool
	EventsChecked int
	// The first event that breaks the chain, and why; unset when it is intact.
	FirstBrokenEventID pulid.ID
	FirstBrokenSeq     *int64
	Reason             *string
	// The head of the chain (0 and Genesis for an empty one): kept elsewhere, it anchors the
	// chain against the deletion of its newest events, which no recomputation can see.
	HeadSeq  int64
	HeadHash string
}

// verifiers may verify the chain: it covers every company of the organization.
var verifiers = []viewer.Role{viewer.RoleOwner, viewer.RoleAdmin}

// verifyBatch is how many events one read brings.
const verifyBatch = 500

// stored is an event as the database holds it, with its changes as raw JSON so that an event
// whose changes were mangled is reported, not a failure to read.
type stored struct {
	ID             pulid.ID  `sql:"id"`
	OrganizationID pulid.ID  `sql:"organization_id"`
	CompanyID      *pulid.ID `sql:"company_id"`
	Seq            int64     `sql:"seq"`
	OccurredAt     time.Time `sql:"occurred_at"`
	ActorID        *pulid.ID `sql:"actor_id"`
	Action         string    `sql:"action"`
	EntityType     string    `sql:"entity_type"`
	EntityID       pulid.ID  `sql:"entity_id"`
	Changes        *string   `sql:"changes"`
	RequestID      *string   `sql:"request_id"`
	PrevHash       string    `sql:"prev_hash"`
	Hash           string    `sql:"hash"`
}

var storedColumns = []string{
	auditevent.FieldID, auditevent.FieldOrganizationID, auditevent.FieldCompanyID, auditevent.FieldSeq,
	auditevent.FieldOccurredAt, auditevent.FieldActorID, auditevent.FieldAction, auditevent.FieldEntityType,
	auditevent.FieldEntityID, auditevent.FieldChanges, auditevent.FieldRequestID, auditevent.FieldPrevHash,
	auditevent.FieldHash,
}

// VerifyTrail recomputes the chain of the viewer's organization from its first event and reports
// the first broken link: an event whose seq does not follow the one before (an event was
// deleted), whose prev_hash is not the hash before it, or whose content no longer gives its hash
// (it was changed). OWNER and ADMIN only.
func (s *Service) VerifyTrail(ctx context.Context) (*Verification, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, fmt.Errorf("verify audit trail: %w", apperr.Unauthenticated("authentication required", "ログインしてください"))
	}
	if !slices.Contains(verifiers, v.Role) {
		return nil, fmt.Errorf("verify audit trail: %w", apperr.Forbidden(apperr.RoleRequired,
			fmt.Sprintf("the %s role cannot verify the audit trail", v.Role),
			fmt.Sprintf("%sロールでは監査証跡を検証できません", v.Role)))
	}
	out := &Verification{Intact: true, HeadHash: Genesis}
	var last int64
	for {
		var batch []stored
		err := s.db.AuditEvent.Query().
			Where(auditevent.OrganizationID(v.OrganizationID), auditevent.SeqGT(last)).
			Order(auditevent.BySeq()).
			Limit(verifyBatch).
			Select(storedColumns...).
			Scan(ctx, &batch)
		if err != nil {
			return nil, fmt.Errorf("verify audit trail: %w", err)
		}
		for _, e := range batch {
			out.EventsChecked++
			if reason := check(e, out.HeadSeq, out.HeadHash); reason != "" {
				seq := e.Seq
				out.Intact, out.FirstBrokenEventID, out.FirstBrokenSeq, out.Reason = false, e.ID, &seq, &reason
				return out, nil
			}
			out.HeadSeq, out.HeadHash = e.Seq, e.Hash
		}
		if len(batch) < verifyBatch {
			return out, nil
		}
		last = batch[len(batch)-1].Seq
	}
}

// check returns why e does not follow the event prevSeq with hash prevHash, or "".
func check(e stored, prevSeq int64, prevHash string) string {
	if e.Seq != prevSeq+1 {
		if prevSeq+1 == e.Seq-1 {
			return fmt.Sprintf("event %d is missing: the chain goes from %d to %d", prevSeq+1, prevSeq, e.Seq)
		}
		return fmt.Sprintf("events %d to %d are missing: the chain goes from %d to %d", prevSeq+1, e.Seq-1, prevSeq, e.Seq)
	}
	if e.PrevHash != prevHash {
		return fmt.Sprintf("its prev_hash is not the hash of event %d", prevSeq)
	}
	var changes []change.Field
	if e.Changes != nil && *e.Changes != "" && *e.Changes != "null" {
		if err := json.Unmarshal([]byte(*e.Changes), &changes); err != nil {
			return "its changes are not valid JSON: it was changed after it was written"
		}
	}
	link := Link{
		OrganizationID: e.OrganizationID, Seq: e.Seq, OccurredAt: e.OccurredAt, Action: change.Action(e.Action),
		EntityType: e.EntityType, EntityID: e.EntityID, Changes: changes,
	}
	if e.CompanyID != nil {
		link.CompanyID = *e.CompanyID
	}
	if e.ActorID != nil {
		link.ActorID = *e.ActorID
	}
	if e.RequestID != nil {
		link.RequestID = *e.RequestID
	}
	if link.Hash(e.PrevHash) != e.Hash {
		return "its content does not give its hash: it was changed after it was written"
	}
	return ""
}
