package documents

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"secretariat/ent"
	"secretariat/ent/document"
	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
	"secretariat/internal/archive"
	"secretariat/internal/blob"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/members"
	"secretariat/internal/pulid"
	"secretariat/internal/validate"
	"secretariat/internal/viewer"
)

// Service keeps documents, their versions, history and acknowledgements.
type Service struct {
	db    *ent.Client
	blobs blob.Store
	log   *slog.Logger
	now   func() time.Time
}

// NewService returns the service over the ent client, keeping attached files in blobs.
func NewService(db *ent.Client, blobs blob.Store, log *slog.Logger) *Service {
	return &Service{db: db, blobs: blobs, log: log, now: time.Now}
}

// today is the date in the ISMS calendar that every module shares (date.Calendar, Japan), so a
// document and its review task agree on what is overdue whatever the server's zone.
func (s *Service) today() date.Date { return date.Today(s.now()) }

// actor is the user making a change; history steps and versions always name one.
func actor(ctx context.Context) (pulid.ID, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return "", errNoAuthor
	}
	return v.UserID, nil
}

// CreateDocument creates a document and its version 1.0 as DRAFT, in one transaction.
func (s *Service) CreateDocument(ctx context.Context, in CreateDocumentInput) (*ent.Document, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("create document: %w", err)
	}
	author, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("create document: %w", err)
	}
	co, err := s.db.Company.Get(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("create document: %w", validate.Reference("companyID", err))
	}
	if co.ArchivedAt != nil {
		return nil, fmt.Errorf("create document: %w", apperr.Invalid("companyID", apperr.Archived, "the company is archived; restore it first", "会社はアーカイブされています。先に復元してください"))
	}
	owner := author
	if in.OwnerID != nil {
		owner = *in.OwnerID
	}
	if err := s.checkOwner(ctx, owner, co.ID); err != nil {
		return nil, fmt.Errorf("create document: %w", err)
	}
	file, err := s.storeFile(ctx, in.File)
	if err != nil {
		return nil, fmt.Errorf("create document: %w", err)
	}
	var doc *ent.Document
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		code, err := s.codeFor(ctx, tx, co.ID, in.Code, in.Kind)
		if err != nil {
			return err
		}
		create := tx.Document.Create().
			SetCompanyID(co.ID).
			SetCode(code).
			SetTitle(in.Title).
			SetKind(in.Kind).
			SetOwnerID(owner).
			SetNillableClassification(in.Classification).
			SetNillableReviewIntervalMonths(in.ReviewIntervalMonths).
			SetNillableNextReviewOn(in.NextReviewOn).
			SetNillableRequiresAcknowledgement(in.RequiresAcknowledgement)
		if in.Folder != nil {
			create.SetFolder(*in.Folder)
		}
		if doc, err = create.Save(ctx); err != nil {
			return conflictOnDuplicate(err, apperr.Duplicate, fmt.Sprintf("document code %s is already used in this company", code), codeUsedJA(code))
		}
		v := tx.DocumentVersion.Create().
			SetCompanyID(co.ID).
			SetDocumentID(doc.ID).
			SetMajor(1).SetMinor(0).
			SetAuthorID(author).
			SetNillableBody(in.Body).
			SetNillableChangeSummary(in.ChangeSummary)
		apply(file, v.Mutation())
		version, err := v.Save(ctx)
		if err != nil {
			return err
		}
		return addStep(ctx, tx, version, documentstep.ActionDRAFTED, author, "")
	})
	if err != nil {
		s.discard(ctx, file)
		return nil, fmt.Errorf("create document: %w", err)
	}
	return doc, nil
}

// UpdateDocument changes the fields set in the input.
func (s *Service) UpdateDocument(ctx context.Context, in UpdateDocumentInput) (*ent.Document, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("update document: %w", err)
	}
	doc, err := s.activeDocument(ctx, s.db, in.ID)
	if err != nil {
		return nil, fmt.Errorf("update document: %w", err)
	}
	if in.OwnerID != nil {
		if err := s.checkOwner(ctx, *in.OwnerID, doc.CompanyID); err != nil {
			return nil, fmt.Errorf("update document: %w", err)
		}
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		update := tx.Document.UpdateOneID(doc.ID).
			SetNillableTitle(in.Title).
			SetNillableKind(in.Kind).
			SetNillableClassification(in.Classification).
			SetNillableOwnerID(in.OwnerID).
			SetNillableReviewIntervalMonths(in.ReviewIntervalMonths).
			SetNillableNextReviewOn(in.NextReviewOn).
			SetNillableRequiresAcknowledgement(in.RequiresAcknowledgement)
		if in.Code != nil && *in.Code != doc.Code {
			if err := codeFree(ctx, tx, doc.CompanyID, *in.Code); err != nil {
				return err
			}
			update.SetCode(*in.Code)
		}
		update.SetNillableFolder(in.Folder)
		for field, clear := range map[string]func() *ent.DocumentUpdateOne{
			"folder":       update.ClearFolder,
			"ownerID":      update.ClearOwnerID,
			"nextReviewOn": update.ClearNextReviewOn,
		} {
			if validate.IsNull(in.Null, field) {
				clear()
			}
		}
		doc, err = update.Save(ctx)
		if in.Code != nil {
			err = conflictOnDuplicate(err, apperr.Duplicate, fmt.Sprintf("document code %s is already used in this company", *in.Code), codeUsedJA(*in.Code))
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update document: %w", err)
	}
	return doc, nil
}

// SetArchived archives (archived true) or restores a document. Archiving an archived document
// keeps its first archiving time; the privacy policy still decides, so a role that may not
// archive is refused either way.
func (s *Service) SetArchived(ctx context.Context, in ArchiveDocumentInput, archived bool) (*ent.Document, error) {
	rec, err := archive.Set[*ent.DocumentMutation](ctx, document.Policy,
		func(ctx context.Context) (*ent.Document, error) {
			d, err := s.db.Document.Get(ctx, in.ID)
			return d, notFound(err, "document", "文書")
		},
		func(r *ent.Document) *time.Time { return r.ArchivedAt },
		(*ent.Document).Update, archived, s.now())
	if err != nil {
		return nil, fmt.Errorf("archive document: %w", err)
	}
	return rec, nil
}

// activeDocument loads a document that may still change.
func (s *Service) activeDocument(ctx context.Context, db *ent.Client, id pulid.ID) (*ent.Document, error) {
	doc, err := db.Document.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "document", "文書")
	}
	if doc.ArchivedAt != nil {
		return nil, errArchived
	}
	return doc, nil
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
		return apperr.Invalid("ownerID", apperr.RoleRequired, "an auditor cannot own a document", "監査人は文書の責任者にはできません")
	}
	return nil
}

// addStep records one step of a version's history.
func addStep(ctx context.Context, tx *ent.Client, v *ent.DocumentVersion, action documentstep.Action, by pulid.ID, comment string) error {
	create := tx.DocumentStep.Create().
		SetCompanyID(v.CompanyID).
		SetVersionID(v.ID).
		SetAction(action).
		SetActorID(by)
	if comment != "" {
		create.SetComment(comment)
	}
	if err := create.Exec(ctx); err != nil {
		return fmt.Errorf("record %s: %w", action, err)
	}
	return nil
}

// Number is a version's number as people write it: "1.0", "2.3".
func Number(v *ent.DocumentVersion) string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// DownloadPath is where GET serves a version's file to a signed-in viewer who reaches it.
func DownloadPath(versionID pulid.ID) string { return "/files/document-versions/" + string(versionID) }

// History returns the steps of every version of the document, oldest first, a page at a time.
func (s *Service) History(ctx context.Context, doc *ent.Document, page Page) (*ent.DocumentStepConnection, error) {
	steps, err := s.db.DocumentStep.Query().
		Where(documentstep.HasVersionWith(documentversion.DocumentID(doc.ID))).
		Paginate(ctx, page.After, page.First, page.Before, page.Last)
	if err != nil {
		return nil, fmt.Errorf("history of %s: %w", doc.Code, err)
	}
	return steps, nil
}

// OpenVersion returns the document's DRAFT or IN_REVIEW version, nil when none is open.
func (s *Service) OpenVersion(ctx context.Context, doc *ent.Document) (*ent.DocumentVersion, error) {
	v, err := s.db.DocumentVersion.Query().
		Where(documentversion.DocumentID(doc.ID), documentversion.StatusIn(openStatuses...)).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open version of %s: %w", doc.Code, err)
	}
	return v, nil
}

var openStatuses = []documentversion.Status{documentversion.StatusDRAFT, documentversion.StatusIN_REVIEW}
