package controls

import (
	"context"
	"fmt"
	"strings"

	"secretariat/ent"
	"secretariat/ent/controlimplementation"
	"secretariat/ent/document"
	"secretariat/ent/documentversion"
	"secretariat/ent/soadocumentlink"
	"secretariat/internal/apperr"
	"secretariat/internal/documents"
	"secretariat/internal/iso27001"
	"secretariat/internal/locale"
)

// Approve snapshots the company's SoA as a Markdown table into its SOA document and submits the
// version for review, to be approved by another person with approveDocumentVersion. The SOA
// document is the oldest of kind SOA in use, created (ISMS-SOA-001 unless that number is taken)
// when there is none; the snapshot is its version 1.0, a new version after its latest, or its
// open DRAFT rewritten. It returns the submitted version.
//
// The documents service writes in transactions of its own: through the API, the mutation's
// savepoint makes the whole snapshot all or nothing.
func (s *Service) Approve(ctx context.Context, in ApproveInput) (*ent.DocumentVersion, error) {
	if err := in.Validate(); err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	co, err := s.companyOf(ctx, in.CompanyID)
	if err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	if co.ArchivedAt != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", errArchivedCompany)
	}
	rows, err := s.db.ControlImplementation.Query().
		Where(controlimplementation.CompanyID(co.ID)).
		WithOwner().
		WithDocumentLinks(func(q *ent.SoaDocumentLinkQuery) {
			q.WithDocument().Order(soadocumentlink.ByCreatedAt(), soadocumentlink.ByID())
		}).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	if err := complete(rows); err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	org, err := s.db.Organization.Get(ctx, co.OrganizationID)
	if err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	loc := org.DefaultLocale
	if !loc.Valid() {
		loc = locale.Default
	}
	body := Markdown(co.Name, rows, loc)
	summary := in.ChangeSummary
	if summary == nil || *summary == "" {
		sum := summarize(rows)
		text := fmt.Sprintf("適用宣言書の承認申請（適用 %d・除外 %d）", sum.Applicable, sum.Excluded)
		if loc == locale.English {
			text = fmt.Sprintf("Statement of Applicability for approval (%d included, %d excluded)", sum.Applicable, sum.Excluded)
		}
		summary = &text
	}
	version, err := s.draft(ctx, co, loc, body, summary)
	if err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	if version, err = s.documents.Submit(ctx, documents.StepInput{ID: version.ID}); err != nil {
		return nil, fmt.Errorf("approve statement of applicability: %w", err)
	}
	return version, nil
}

// draft writes the snapshot as a DRAFT of the company's SOA document.
func (s *Service) draft(ctx context.Context, co *ent.Company, loc locale.Locale, body string, summary *string) (*ent.DocumentVersion, error) {
	doc, err := soaDocuments(s.db, co.ID).First(ctx)
	if ent.IsNotFound(err) {
		title := "情報セキュリティ適用宣言書"
		if loc == locale.English {
			title = "Statement of Applicability"
		}
		if doc, err = s.documents.CreateDocument(ctx, documents.CreateDocumentInput{
			CompanyID: co.ID, Title: title, Kind: document.KindSOA, Body: &body, ChangeSummary: summary,
		}); err != nil {
			return nil, err
		}
		return s.openVersion(ctx, doc)
	}
	if err != nil {
		return nil, fmt.Errorf("SoA document: %w", err)
	}
	open, err := s.openVersion(ctx, doc)
	switch {
	case ent.IsNotFound(err):
		return s.documents.CreateVersion(ctx, documents.CreateVersionInput{DocumentID: doc.ID, Body: &body, ChangeSummary: summary})
	case err != nil:
		return nil, err
	case open.Status == documentversion.StatusIN_REVIEW:
		return nil, apperr.Conflict(apperr.InvalidTransition,
			fmt.Sprintf("version %s of %s is in review: approve or reject it first", documents.Number(open), doc.Code),
			fmt.Sprintf("%sの版%sはレビュー中です。先に承認または差し戻しをしてください", doc.Code, documents.Number(open)))
	default:
		return s.documents.UpdateVersion(ctx, documents.UpdateVersionInput{ID: open.ID, Body: &body, ChangeSummary: summary})
	}
}

func (s *Service) openVersion(ctx context.Context, doc *ent.Document) (*ent.DocumentVersion, error) {
	return s.db.DocumentVersion.Query().
		Where(documentversion.DocumentID(doc.ID), documentversion.StatusIn(documentversion.StatusDRAFT, documentversion.StatusIN_REVIEW)).
		Only(ctx)
}

// complete refuses a SoA that is not ready for approval: not initialized, missing controls of
// the catalogue, or rows that state no reason for including or excluding their control.
func complete(rows []*ent.ControlImplementation) error {
	if len(rows) == 0 {
		return apperr.Conflict(apperr.StaleState, "the statement of applicability is not initialized: initialize it first", "適用宣言書が初期化されていません。先に初期化してください")
	}
	have := make(map[string]bool, len(rows))
	var unjustified []string
	for _, r := range rows {
		have[r.ControlRef] = true
		if deref(r.Justification) == "" {
			unjustified = append(unjustified, r.ControlRef)
		}
	}
	var missing []string
	for _, c := range iso27001.AnnexA() {
		if !have[c.Ref] {
			missing = append(missing, c.Ref)
		}
	}
	if len(missing) > 0 {
		return apperr.Conflict(apperr.StaleState,
			fmt.Sprintf("%d controls of the catalogue have no row (%s): initialize the statement of applicability again", len(missing), some(missing)),
			fmt.Sprintf("管理策一覧のうち%d件の行がありません（%s）。適用宣言書をもう一度初期化してください", len(missing), some(missing)))
	}
	if len(unjustified) > 0 {
		sortRefs(unjustified)
		return apperr.Conflict(apperr.StaleState,
			fmt.Sprintf("%d controls state no justification yet (%s): give the reason for including or excluding each", len(unjustified), some(unjustified)),
			fmt.Sprintf("%d件の管理策に採否の理由がまだありません（%s）。それぞれ適用または除外の理由を入力してください", len(unjustified), some(unjustified)))
	}
	return nil
}

// some names the first references of a list.
func some(refs []string) string {
	const shown = 10
	if len(refs) <= shown {
		return strings.Join(refs, ", ")
	}
	return strings.Join(refs[:shown], ", ") + ", …"
}
