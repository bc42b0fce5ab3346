package documents

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"secretariat/ent"
	"secretariat/ent/documentstep"
	"secretariat/ent/documentversion"
	"secretariat/internal/apperr"
	"secretariat/internal/database"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
	"secretariat/internal/tenancy/authz"
	"secretariat/internal/validate"
)

// CreateVersion revises a document: a new DRAFT from its current version (before any approval,
// from its latest), numbered after its highest version.
func (s *Service) CreateVersion(ctx context.Context, in CreateVersionInput) (*ent.DocumentVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("revise document: %w", err)
	}
	author, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("revise document: %w", err)
	}
	doc, err := s.activeDocument(ctx, s.db, in.DocumentID)
	if err != nil {
		return nil, fmt.Errorf("revise document: %w", validate.Reference("documentID", err))
	}
	if err := s.noOpenVersion(ctx, s.db, doc); err != nil {
		return nil, fmt.Errorf("revise document: %w", err)
	}
	file, err := s.storeFile(ctx, in.File)
	if err != nil {
		return nil, fmt.Errorf("revise document: %w", err)
	}
	var created *ent.DocumentVersion
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		latest, err := tx.DocumentVersion.Query().
			Where(documentversion.DocumentID(doc.ID)).
			Order(ent.Desc(documentversion.FieldMajor), ent.Desc(documentversion.FieldMinor)).
			First(ctx)
		if err != nil {
			return fmt.Errorf("latest version: %w", err)
		}
		base := latest
		if doc.CurrentVersionID != nil {
			if base, err = tx.DocumentVersion.Get(ctx, *doc.CurrentVersionID); err != nil {
				return fmt.Errorf("current version: %w", err)
			}
		}
		major, minor := latest.Major, latest.Minor+1
		if in.Major {
			major, minor = latest.Major+1, 0
		}
		body := base.Body
		if in.Body != nil {
			body = in.Body
			if strings.TrimSpace(*body) == "" {
				body = nil // given blank: the new version has no body
			}
		}
		if file == nil {
			file = copyFile(base)
		}
		create := tx.DocumentVersion.Create().
			SetCompanyID(doc.CompanyID).
			SetDocumentID(doc.ID).
			SetMajor(major).SetMinor(minor).
			SetAuthorID(author).
			SetNillableBody(body).
			SetNillableChangeSummary(in.ChangeSummary)
		apply(file, create.Mutation())
		if created, err = create.Save(ctx); err != nil {
			return conflictOnDuplicate(err, apperr.StaleState, "another version of the document was opened at the same time", "文書の別の版が同時に作成されました")
		}
		return addStep(ctx, tx, created, documentstep.ActionDRAFTED, author, "revised from "+Number(base))
	})
	if err != nil {
		if in.File != nil {
			s.discard(ctx, file)
		}
		return nil, fmt.Errorf("revise document: %w", err)
	}
	return created, nil
}

// noOpenVersion refuses a second open version: one draft at a time keeps reviews unambiguous.
func (s *Service) noOpenVersion(ctx context.Context, db *ent.Client, doc *ent.Document) error {
	open, err := db.DocumentVersion.Query().
		Where(documentversion.DocumentID(doc.ID), documentversion.StatusIn(openStatuses...)).
		First(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open versions: %w", err)
	}
	return apperr.Conflict(apperr.InvalidTransition,
		fmt.Sprintf("version %s of the document is already open (%s): submit it and have it decided first", Number(open), open.Status),
		fmt.Sprintf("この文書の版%sが作業中（%s）です。先に提出し、承認または差し戻しを受けてください", Number(open), open.Status))
}

// UpdateVersion edits a DRAFT.
func (s *Service) UpdateVersion(ctx context.Context, in UpdateVersionInput) (*ent.DocumentVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("edit version: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("edit version: %w", err)
	}
	v, err := s.versionAt(ctx, in.ID, "edited", documentversion.StatusDRAFT)
	if err != nil {
		return nil, fmt.Errorf("edit version: %w", err)
	}
	file, err := s.storeFile(ctx, in.File)
	if err != nil {
		return nil, fmt.Errorf("edit version: %w", err)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		update := tx.DocumentVersion.UpdateOneID(v.ID).
			Where(documentversion.StatusEQ(documentversion.StatusDRAFT)).
			SetNillableBody(in.Body).
			SetNillableChangeSummary(in.ChangeSummary)
		apply(file, update.Mutation())
		if validate.IsNull(in.Null, "body") {
			update.ClearBody()
		}
		if validate.IsNull(in.Null, "changeSummary") {
			update.ClearChangeSummary()
		}
		if validate.IsNull(in.Null, "file") {
			update.ClearFileKey().ClearFileName().ClearFileContentType().ClearFileSize().ClearFileSha256()
		}
		if v, err = update.Save(ctx); err != nil {
			return raced(err)
		}
		return addStep(ctx, tx, v, documentstep.ActionEDITED, by, "")
	})
	if err != nil {
		s.discard(ctx, file)
		return nil, fmt.Errorf("edit version: %w", err)
	}
	return v, nil
}

// Submit sends a DRAFT to review; from then on its content never changes.
func (s *Service) Submit(ctx context.Context, in StepInput) (*ent.DocumentVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("submit version: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("submit version: %w", err)
	}
	v, err := s.versionAt(ctx, in.ID, "submitted", documentversion.StatusDRAFT)
	if err != nil {
		return nil, fmt.Errorf("submit version: %w", err)
	}
	if (v.Body == nil || strings.TrimSpace(*v.Body) == "") && v.FileKey == "" {
		return nil, fmt.Errorf("submit version: %w", apperr.Conflict(apperr.InvalidTransition,
			fmt.Sprintf("version %s has neither a body nor a file: add its content first", Number(v)),
			fmt.Sprintf("版%sには本文もファイルもありません。先に内容を追加してください", Number(v))))
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if v, err = tx.DocumentVersion.UpdateOneID(v.ID).
			Where(documentversion.StatusEQ(documentversion.StatusDRAFT)).
			SetStatus(documentversion.StatusIN_REVIEW).
			SetSubmittedAt(s.now()).
			Save(ctx); err != nil {
			return raced(err)
		}
		return addStep(ctx, tx, v, documentstep.ActionSUBMITTED, by, deref(in.Comment))
	})
	if err != nil {
		return nil, fmt.Errorf("submit version: %w", err)
	}
	return v, nil
}

// Approve makes a version IN_REVIEW the current one: the version it replaces is SUPERSEDED and
// the next review falls one interval after today. The author cannot approve their own version.
func (s *Service) Approve(ctx context.Context, in StepInput) (*ent.DocumentVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("approve version: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("approve version: %w", err)
	}
	v, err := s.versionAt(ctx, in.ID, "approved", documentversion.StatusIN_REVIEW)
	if err != nil {
		return nil, fmt.Errorf("approve version: %w", err)
	}
	if err := s.mayDecide(ctx, v); err != nil {
		return nil, fmt.Errorf("approve version: %w", err)
	}
	now := s.now()
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		doc, err := s.activeDocument(ctx, tx, v.DocumentID)
		if err != nil {
			return err
		}
		if doc.CurrentVersionID != nil {
			previous, err := tx.DocumentVersion.UpdateOneID(*doc.CurrentVersionID).
				Where(documentversion.StatusEQ(documentversion.StatusAPPROVED)).
				SetStatus(documentversion.StatusSUPERSEDED).
				Save(ctx)
			if err != nil {
				return fmt.Errorf("supersede %s: %w", *doc.CurrentVersionID, raced(err))
			}
			if err := addStep(ctx, tx, previous, documentstep.ActionSUPERSEDED, by, "superseded by "+Number(v)); err != nil {
				return err
			}
		}
		if v, err = tx.DocumentVersion.UpdateOneID(v.ID).
			Where(documentversion.StatusEQ(documentversion.StatusIN_REVIEW)).
			SetStatus(documentversion.StatusAPPROVED).
			SetDecidedByID(by).
			SetDecidedAt(now).
			Save(ctx); err != nil {
			return raced(conflictOnDuplicate(err, apperr.StaleState, "another version of the document was approved at the same time", "文書の別の版が同時に承認されました"))
		}
		if err := addStep(ctx, tx, v, documentstep.ActionAPPROVED, by, deref(in.Comment)); err != nil {
			return err
		}
		return tx.Document.UpdateOneID(doc.ID).
			SetCurrentVersionID(v.ID).
			SetNextReviewOn(date.Today(now).AddMonths(doc.ReviewIntervalMonths)).
			Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("approve version: %w", err)
	}
	return v, nil
}

// mayDecide is the rule on who approves a version, which Approve applies and CanApprove
// reports: not its author (segregation of duties), and a role that may decide versions (the
// entity's write policy, asked about the very update that approving makes).
func (s *Service) mayDecide(ctx context.Context, v *ent.DocumentVersion) error {
	by, err := actor(ctx)
	if err != nil {
		return err
	}
	if v.AuthorID == by {
		return ErrSelfApproval
	}
	return authz.Check(ctx, documentversion.Policy, s.db.DocumentVersion.UpdateOne(v).SetStatus(documentversion.StatusAPPROVED).Mutation())
}

// CanApprove reports whether Approve would accept the viewer approving v now, by the same
// checks: v is IN_REVIEW, its document is not archived, and mayDecide. It reads the document
// only for a version that passes the other checks (one in review that the viewer did not write),
// so a list of versions costs a read per version the viewer could approve.
func (s *Service) CanApprove(ctx context.Context, v *ent.DocumentVersion) (bool, error) {
	if v.Status != documentversion.StatusIN_REVIEW {
		return false, nil
	}
	if err := s.mayDecide(ctx, v); err != nil {
		if apperr.KindOf(err) == apperr.KindForbidden {
			return false, nil
		}
		return false, fmt.Errorf("can approve: %w", err)
	}
	if _, err := s.activeDocument(ctx, s.db, v.DocumentID); err != nil {
		if errors.Is(err, errArchived) {
			return false, nil
		}
		return false, fmt.Errorf("can approve: %w", err)
	}
	return true, nil
}

// Reject closes a version IN_REVIEW with the reason; the document keeps its current version.
func (s *Service) Reject(ctx context.Context, in RejectInput) (*ent.DocumentVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("reject version: %w", err)
	}
	by, err := actor(ctx)
	if err != nil {
		return nil, fmt.Errorf("reject version: %w", err)
	}
	v, err := s.versionAt(ctx, in.ID, "rejected", documentversion.StatusIN_REVIEW)
	if err != nil {
		return nil, fmt.Errorf("reject version: %w", err)
	}
	err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
		if v, err = tx.DocumentVersion.UpdateOneID(v.ID).
			Where(documentversion.StatusEQ(documentversion.StatusIN_REVIEW)).
			SetStatus(documentversion.StatusREJECTED).
			SetRejectionReason(in.Reason).
			SetDecidedByID(by).
			SetDecidedAt(s.now()).
			Save(ctx); err != nil {
			return raced(err)
		}
		return addStep(ctx, tx, v, documentstep.ActionREJECTED, by, in.Reason)
	})
	if err != nil {
		return nil, fmt.Errorf("reject version: %w", err)
	}
	return v, nil
}

// versionAt loads a version of an active document in one of the statuses the step needs. The
// updates above repeat the status in their WHERE, so a concurrent step that won the race turns
// this one into not found rather than into a second transition.
func (s *Service) versionAt(ctx context.Context, id pulid.ID, step string, want ...documentversion.Status) (*ent.DocumentVersion, error) {
	v, err := s.db.DocumentVersion.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "document version", "文書の版")
	}
	if _, err := s.activeDocument(ctx, s.db, v.DocumentID); err != nil {
		return nil, err
	}
	for _, st := range want {
		if v.Status == st {
			return v, nil
		}
	}
	return nil, outOfOrder(v, step, want...)
}

// raced reports a guarded update that found its version no longer in the status it was read in:
// a concurrent step won.
func raced(err error) error {
	if ent.IsNotFound(err) {
		return apperr.Conflict(apperr.StaleState, "the version was changed by someone else at the same time; reload it", "この版は同時に他のユーザーによって変更されました。再読み込みしてください")
	}
	return err
}

// deref reads an optional value: a comment not given, a column that is null (a version without
// a body or a file), as its zero value.
func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}
