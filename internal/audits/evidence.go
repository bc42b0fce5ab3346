package audits

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/audit"
	"secretariat/ent/auditorrequest"
	"secretariat/ent/checklistitem"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
	"secretariat/internal/blob"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
)

// maxEvidenceNote bounds what a piece of evidence says it shows.
const maxEvidenceNote = 500

// AttachEvidenceInput keeps one piece of evidence with one record: a checklist item of an audit
// in progress, an open finding, or an auditor's request not yet accepted (a file its answer
// hands over). The evidence is an approved (or since superseded) document version of the company,
// or a file.
type AttachEvidenceInput struct {
	ChecklistItemID   *pulid.ID    `json:"checklistItemID"`
	FindingID         *pulid.ID    `json:"findingID"`
	AuditorRequestID  *pulid.ID    `json:"auditorRequestID"`
	DocumentVersionID *pulid.ID    `json:"documentVersionID"`
	File              *blob.Upload `json:"file"`
	Description       *string      `json:"description"`
}

// Validate reports every problem of the input at once.
func (in *AttachEvidenceInput) Validate() error {
	errs := []error{
		validate.Text("description", &in.Description, maxEvidenceNote, nil),
		blob.CheckUpload("file", in.File),
	}
	owners := 0
	for _, o := range []struct {
		field string
		id    *pulid.ID
	}{{"checklistItemID", in.ChecklistItemID}, {"findingID", in.FindingID}, {"auditorRequestID", in.AuditorRequestID}} {
		if o.id == nil {
			continue
		}
		if owners++; owners > 1 {
			errs = append(errs, apperr.Invalid(o.field, apperr.ConflictingFields, "evidence belongs to one record: a checklist item, a finding or an auditor's request", "証跡は1件の記録（チェックリスト項目、所見、審査員依頼のいずれか）に添付します"))
		}
	}
	if owners == 0 {
		errs = append(errs, apperr.Invalid("checklistItemID", apperr.Required, "name the checklist item, finding or auditor's request the evidence belongs to", "証跡を添付するチェックリスト項目、所見、審査員依頼のいずれかを指定してください"))
	}
	switch {
	case in.DocumentVersionID == nil && in.File == nil:
		errs = append(errs, apperr.Invalid("file", apperr.Required, "evidence is a file or a document version", "ファイルか文書の版を指定してください"))
	case in.DocumentVersionID != nil && in.File != nil:
		errs = append(errs, apperr.Invalid("file", apperr.ConflictingFields, "one piece of evidence is a file or a document version, not both", "ファイルと文書の版は別々の証跡として添付してください"))
	case in.DocumentVersionID != nil && in.AuditorRequestID != nil:
		errs = append(errs, apperr.Invalid("documentVersionID", apperr.ConflictingFields, "an answer hands document versions over with answerAuditorRequest", "回答に添付する文書は answerAuditorRequest で指定してください"))
	}
	return apperr.Join(errs...)
}

// AttachEvidence keeps a piece of evidence with its record. A file is stored before the
// transaction and removed again if the write fails.
func (s *Service) AttachEvidence(ctx context.Context, in AttachEvidenceInput) (*ent.AuditEvidence, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("attach evidence: %w", err)
	}
	if s.blobs == nil && in.File != nil {
		return nil, fmt.Errorf("attach evidence: no file store")
	}
	file, err := blob.Accept(ctx, s.blobs, "file", in.File)
	if err != nil {
		return nil, fmt.Errorf("attach evidence: %w", err)
	}
	var ev *ent.AuditEvidence
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		companyID, err := evidenceOwner(ctx, tx, in.ChecklistItemID, in.FindingID, in.AuditorRequestID)
		if err != nil {
			return err
		}
		create := tx.AuditEvidence.Create().
			SetCompanyID(companyID).
			SetNillableChecklistItemID(in.ChecklistItemID).
			SetNillableFindingID(in.FindingID).
			SetNillableRequestID(in.AuditorRequestID).
			SetNillableDescription(in.Description)
		if in.DocumentVersionID != nil {
			v, err := tx.DocumentVersion.Get(ctx, *in.DocumentVersionID)
			switch {
			case err == nil && v.CompanyID != companyID:
				return validate.Reference("documentVersionID", apperr.NotFound("document version", "文書の版"))
			case err != nil:
				return validate.Reference("documentVersionID", err)
			case v.Status != documentversion.StatusAPPROVED && v.Status != documentversion.StatusSUPERSEDED:
				return apperr.Invalid("documentVersionID", apperr.InvalidValue, "evidence is an approved version of a document (or one since superseded), never a draft", "証跡にできるのは承認済み（または改訂済み）の版のみです")
			}
			create.SetDocumentVersionID(v.ID)
		}
		if file != nil {
			create.SetFileKey(file.Key).SetFileName(file.Name).SetFileContentType(file.ContentType).SetFileSize(file.Size).SetFileSha256(file.SHA256)
		}
		ev, err = create.Save(ctx)
		return err
	})
	if err != nil {
		blob.Discard(ctx, s.blobs, s.log, file)
		return nil, fmt.Errorf("attach evidence: %w", err)
	}
	return ev, nil
}

// evidenceOwner reads the record evidence is kept with, checks that it still takes evidence,
// and answers its company.
func evidenceOwner(ctx context.Context, tx *ent.Client, itemID, findingID, requestID *pulid.ID) (pulid.ID, error) {
	switch {
	case itemID != nil:
		item, err := tx.ChecklistItem.Query().Where(checklistitem.ID(*itemID)).WithAudit().Only(ctx)
		if err != nil {
			return "", validate.Reference("checklistItemID", err)
		}
		if a := item.Edges.Audit; a == nil || a.Status != audit.StatusIN_PROGRESS || a.ArchivedAt != nil {
			return "", apperr.Invalid("checklistItemID", apperr.StaleState, "evidence is kept with the checklist of an audit in progress", "証跡を添付できるのは実施中の監査のチェックリストのみです")
		}
		return item.CompanyID, nil
	case findingID != nil:
		f, err := openFinding(ctx, tx, *findingID, "findingID")
		if err != nil {
			return "", err
		}
		return f.CompanyID, nil
	default:
		r, err := tx.AuditorRequest.Get(ctx, *requestID)
		if err != nil {
			return "", validate.Reference("auditorRequestID", err)
		}
		if r.Status == auditorrequest.StatusACCEPTED {
			return "", apperr.Invalid("auditorRequestID", apperr.StaleState, "the auditor accepted the answer; it changes no more", "審査員が回答を受理済みのため変更できません")
		}
		return r.CompanyID, nil
	}
}

// RemoveEvidence takes a piece of evidence off its record, while the record still takes
// evidence. The audit trail keeps what it was; the stored file is kept.
func (s *Service) RemoveEvidence(ctx context.Context, id pulid.ID) (*ent.AuditEvidence, error) {
	var ev *ent.AuditEvidence
	err := database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		var err error
		if ev, err = tx.AuditEvidence.Get(ctx, id); err != nil {
			return err
		}
		if _, err := evidenceOwner(ctx, tx, ev.ChecklistItemID, ev.FindingID, ev.RequestID); err != nil {
			if f := apperr.Fields(err); len(f) == 1 {
				return apperr.Invalid("id", f[0].Reason, f[0].Text.EN, f[0].Text.JA)
			}
			return err
		}
		return tx.AuditEvidence.DeleteOne(ev).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("remove evidence: %w", err)
	}
	return ev, nil
}

// OpenEvidence opens the file of a piece of evidence the viewer reads. Evidence of another
// tenant, one the viewer does not read, or a document version, is not found; a file whose content
// changed at rest is blob.ErrIntegrity.
func (s *Service) OpenEvidence(ctx context.Context, id pulid.ID) (*blob.File, error) {
	ev, err := s.db.AuditEvidence.Get(ctx, id)
	if ent.IsNotFound(err) || err == nil && ev.FileKey == "" {
		err = apperr.NotFound("file", "ファイル")
	}
	if err != nil {
		return nil, fmt.Errorf("open evidence: %w", err)
	}
	f, err := blob.Open(ctx, s.blobs, ev.FileKey, blob.File{Name: value(ev.FileName), ContentType: value(ev.FileContentType), Size: value(ev.FileSize), SHA256: value(ev.FileSha256)})
	if err != nil {
		return nil, fmt.Errorf("open evidence %s: %w", ev.ID, err)
	}
	return f, nil
}

// value is *p, or the zero value for nil.
func value[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}
