package controls

import (
	"context"
	"fmt"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/soadocumentlink"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/iso27001"
	"secretariat/internal/language"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Initialized is the outcome of initializing a SoA: how many rows were created (0 when every
// control already had its row) and the SoA itself.
type Initialized struct {
	Created                  int
	AlreadyInitialized       bool
	StatementOfApplicability *StatementOfApplicability
}

// Initialize creates, in one transaction, a row for every control of the catalogue that the
// company's SoA does not have yet: applicable, NOT_STARTED, with no justification. Calling it
// again creates none.
func (s *Service) Initialize(ctx context.Context, companyID pulid.ID, lang language.Request) (*Initialized, error) {
	return s.InitializeWith(ctx, companyID, nil, lang)
}

// InitializeWith is Initialize with defaults by control reference: a control named there starts
// with its applicability and justification (a template set's SoA defaults, already validated
// with ValidateDefault).
func (s *Service) InitializeWith(ctx context.Context, companyID pulid.ID, defaults map[string]Default, lang language.Request) (*Initialized, error) {
	soa, err := s.Statement(ctx, companyID, lang)
	if err != nil {
		return nil, fmt.Errorf("initialize statement of applicability: %w", err)
	}
	co := soa.Company
	if co.ArchivedAt != nil {
		return nil, fmt.Errorf("initialize statement of applicability: %w", errArchivedCompany)
	}
	// A role that may not write is refused even when there is nothing left to create.
	if err := authz.Check(ctx, controlimplementation.Policy, s.db.ControlImplementation.Create().SetCompanyID(co.ID).Mutation()); err != nil {
		return nil, fmt.Errorf("initialize statement of applicability: %w", err)
	}
	created := 0
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		have, err := tx.ControlImplementation.Query().
			Where(controlimplementation.CompanyID(co.ID)).
			Select(controlimplementation.FieldControlRef).
			Strings(ctx)
		if err != nil {
			return fmt.Errorf("rows in place: %w", err)
		}
		var missing []*ent.ControlImplementationCreate
		for _, c := range iso27001.AnnexA() {
			if !contains(have, c.Ref) {
				row := tx.ControlImplementation.Create().SetCompanyID(co.ID).SetControlRef(c.Ref)
				if d, ok := defaults[c.Ref]; ok {
					row.SetApplicable(d.Applicable).SetJustification(d.Justification)
				}
				missing = append(missing, row)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		if err := tx.ControlImplementation.CreateBulk(missing...).Exec(ctx); err != nil {
			if ent.IsConstraintError(err) {
				return apperr.Conflict(apperr.StaleState, "the statement of applicability was initialized at the same time; reload it",
					"適用宣言書が同時に初期化されました。再読み込みしてください")
			}
			return err
		}
		created = len(missing)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("initialize statement of applicability: %w", err)
	}
	return &Initialized{Created: created, AlreadyInitialized: created == 0, StatementOfApplicability: soa}, nil
}

// Update changes a SoA row. The row keeps a justification, and its owner reaches the company.
func (s *Service) Update(ctx context.Context, in UpdateControlImplementationInput) (*ent.ControlImplementation, error) {
	if err := in.Validate(today(s.now())); err != nil {
		return nil, fmt.Errorf("update control implementation: %w", err)
	}
	row, err := s.activeRow(ctx, in.ID, "id")
	if err != nil {
		return nil, fmt.Errorf("update control implementation: %w", err)
	}
	applicable, justification := row.Applicable, row.Justification
	if in.Applicable != nil {
		applicable = *in.Applicable
	}
	if in.Justification != nil || validate.IsNull(in.Null, "justification") {
		justification = in.Justification
	}
	errs := []error{justify(applicable, deref(justification))}
	if in.OwnerID != nil {
		errs = append(errs, s.checkOwner(ctx, *in.OwnerID, row.CompanyID))
	}
	if err := apperr.Join(errs...); err != nil {
		return nil, fmt.Errorf("update control implementation: %w", err)
	}
	update := row.Update().
		SetNillableApplicable(in.Applicable).
		SetNillableJustification(in.Justification).
		SetNillableImplementationStatus(in.ImplementationStatus).
		SetNillableOwnerID(in.OwnerID).
		SetNillableLastReviewedOn(in.LastReviewedOn)
	update.SetNillableEvidenceNote(in.EvidenceNote)
	for field, clear := range map[string]func() *ent.ControlImplementationUpdateOne{
		"justification":  update.ClearJustification,
		"ownerID":        update.ClearOwnerID,
		"evidenceNote":   update.ClearEvidenceNote,
		"lastReviewedOn": update.ClearLastReviewedOn,
	} {
		if validate.IsNull(in.Null, field) {
			clear()
		}
	}
	if row, err = update.Save(ctx); err != nil {
		return nil, fmt.Errorf("update control implementation: %w", err)
	}
	return row, nil
}

// LinkDocument links a document of the row's company to the row; linking it again changes
// nothing.
func (s *Service) LinkDocument(ctx context.Context, in LinkControlDocumentInput) (*ent.ControlImplementation, error) {
	row, doc, err := s.rowAndDocument(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("link document: %w", err)
	}
	if doc.ArchivedAt != nil {
		return nil, fmt.Errorf("link document: %w", apperr.Invalid("documentID", apperr.Archived, "the document is archived; restore it first", "文書はアーカイブされています。先に復元してください"))
	}
	linked, err := s.db.SoaDocumentLink.Query().
		Where(soadocumentlink.ControlImplementationID(row.ID), soadocumentlink.DocumentID(doc.ID)).
		Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("link document: %w", err)
	}
	if linked {
		if err := authz.Check(ctx, soadocumentlink.Policy, s.db.SoaDocumentLink.Create().Mutation()); err != nil {
			return nil, fmt.Errorf("link document: %w", err)
		}
		return row, nil
	}
	err = s.db.SoaDocumentLink.Create().
		SetCompanyID(row.CompanyID).
		SetControlImplementationID(row.ID).
		SetDocumentID(doc.ID).
		Exec(ctx)
	if err != nil {
		if ent.IsConstraintError(err) {
			return nil, fmt.Errorf("link document: %w", apperr.Conflict(apperr.StaleState, "the document was linked at the same time; reload the row", "文書が同時にリンクされました。行を再読み込みしてください"))
		}
		return nil, fmt.Errorf("link document: %w", err)
	}
	return row, nil
}

// UnlinkDocument removes a document from the row; unlinking a document that is not linked
// changes nothing.
func (s *Service) UnlinkDocument(ctx context.Context, in LinkControlDocumentInput) (*ent.ControlImplementation, error) {
	row, doc, err := s.rowAndDocument(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("unlink document: %w", err)
	}
	n, err := s.db.SoaDocumentLink.Delete().
		Where(soadocumentlink.ControlImplementationID(row.ID), soadocumentlink.DocumentID(doc.ID)).
		Exec(ctx)
	if err != nil {
		return nil, fmt.Errorf("unlink document: %w", err)
	}
	if n == 0 {
		// Nothing to delete: the role is asked all the same (links' policy treats every write alike).
		if err := authz.Check(ctx, soadocumentlink.Policy, s.db.SoaDocumentLink.Create().Mutation()); err != nil {
			return nil, fmt.Errorf("unlink document: %w", err)
		}
	}
	return row, nil
}

// rowAndDocument loads the row and the document of a link, both reached by the viewer and of the
// same company.
func (s *Service) rowAndDocument(ctx context.Context, in LinkControlDocumentInput) (*ent.ControlImplementation, *ent.Document, error) {
	row, err := s.activeRow(ctx, in.ControlImplementationID, "controlImplementationID")
	if err != nil {
		return nil, nil, err
	}
	doc, err := s.db.Document.Get(ctx, in.DocumentID)
	if err != nil {
		return nil, nil, validate.Reference("documentID", err)
	}
	if doc.CompanyID != row.CompanyID {
		return nil, nil, apperr.Invalid("documentID", apperr.InvalidValue, "must be a document of the same company as the control", "管理策と同じ会社の文書を指定してください")
	}
	return row, doc, nil
}

// activeRow loads a row the viewer reaches, of a company that is not archived.
func (s *Service) activeRow(ctx context.Context, id pulid.ID, field string) (*ent.ControlImplementation, error) {
	row, err := s.db.ControlImplementation.Query().
		Where(controlimplementation.ID(id)).
		WithCompany().
		Only(ctx)
	if err != nil {
		return nil, notFound(err, "control implementation", "適用宣言書の行")
	}
	if co := row.Edges.Company; co == nil || co.ArchivedAt != nil {
		return nil, apperr.Invalid(field, apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")
	}
	return row, nil
}

// checkOwner refuses an owner who does not reach the company, or reaches it read-only.
func (s *Service) checkOwner(ctx context.Context, owner, companyID pulid.ID) error {
	role, ok, err := members.RoleIn(ctx, s.db, owner, companyID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Invalid("ownerID", apperr.InvalidValue, "must be a member who reaches the company", "この会社を担当するメンバーを指定してください")
	}
	if role == viewer.RoleAuditor {
		return apperr.Invalid("ownerID", apperr.RoleRequired, "an auditor cannot own a control", "監査人は管理策の責任者にはできません")
	}
	return nil
}

var errArchivedCompany = apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください")

// notFound turns ent's not-found into the API's, naming what was looked for; other errors pass.
func notFound(err error, en, ja string) error {
	if ent.IsNotFound(err) {
		return apperr.NotFound(en, ja)
	}
	return err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
