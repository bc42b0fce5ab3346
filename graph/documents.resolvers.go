package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/documents"
	"secretariat/internal/publicurl"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// IsOverdue is the resolver for the isOverdue field.
func (r *documentResolver) IsOverdue(ctx context.Context, obj *ent.Document) (bool, error) {
	return r.Modules.Documents.IsOverdue(obj), nil
}

// OpenVersion is the resolver for the openVersion field.
func (r *documentResolver) OpenVersion(ctx context.Context, obj *ent.Document) (*ent.DocumentVersion, error) {
	return r.Modules.Documents.OpenVersion(ctx, obj)
}

// History is the resolver for the history field.
func (r *documentResolver) History(ctx context.Context, obj *ent.Document, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int) (*ent.DocumentStepConnection, error) {
	return r.Modules.Documents.History(ctx, obj, documents.Page{After: after, First: first, Before: before, Last: last})
}

// AcknowledgementReport is the resolver for the acknowledgementReport field.
func (r *documentResolver) AcknowledgementReport(ctx context.Context, obj *ent.Document) (*documents.AcknowledgementReport, error) {
	return r.Modules.Documents.Report(ctx, obj)
}

// Number is the resolver for the number field.
func (r *documentVersionResolver) Number(ctx context.Context, obj *ent.DocumentVersion) (string, error) {
	return documents.Number(obj), nil
}

// DownloadURL is the resolver for the downloadURL field.
func (r *documentVersionResolver) DownloadURL(ctx context.Context, obj *ent.DocumentVersion) (*string, error) {
	if obj.FileKey == "" {
		return nil, nil
	}
	url := publicurl.Absolute(ctx, documents.DownloadPath(obj.ID))
	return &url, nil
}

// ViewerCanApprove is the resolver for the viewerCanApprove field.
func (r *documentVersionResolver) ViewerCanApprove(ctx context.Context, obj *ent.DocumentVersion) (bool, error) {
	return r.Modules.Documents.CanApprove(ctx, obj)
}

// CreateDocument is the resolver for the createDocument field.
func (r *mutationResolver) CreateDocument(ctx context.Context, input documents.CreateDocumentInput) (*ent.Document, error) {
	return r.Modules.Documents.CreateDocument(ctx, input)
}

// UpdateDocument is the resolver for the updateDocument field.
func (r *mutationResolver) UpdateDocument(ctx context.Context, input model.UpdateDocumentInput) (*ent.Document, error) {
	in := documents.UpdateDocumentInput{ID: input.ID}
	in.Code = given(input.Code, "code", &in.Null)
	in.Title = given(input.Title, "title", &in.Null)
	in.Kind = given(input.Kind, "kind", &in.Null)
	in.Folder = given(input.Folder, "folder", &in.Null)
	in.Classification = given(input.Classification, "classification", &in.Null)
	in.OwnerID = given(input.OwnerID, "ownerID", &in.Null)
	in.ReviewIntervalMonths = given(input.ReviewIntervalMonths, "reviewIntervalMonths", &in.Null)
	in.NextReviewOn = given(input.NextReviewOn, "nextReviewOn", &in.Null)
	in.RequiresAcknowledgement = given(input.RequiresAcknowledgement, "requiresAcknowledgement", &in.Null)
	return r.Modules.Documents.UpdateDocument(ctx, in)
}

// ArchiveDocument is the resolver for the archiveDocument field.
func (r *mutationResolver) ArchiveDocument(ctx context.Context, input archive.Input) (*ent.Document, error) {
	return r.Modules.Documents.SetArchived(ctx, documents.ArchiveDocumentInput(input), true)
}

// RestoreDocument is the resolver for the restoreDocument field.
func (r *mutationResolver) RestoreDocument(ctx context.Context, input archive.Input) (*ent.Document, error) {
	return r.Modules.Documents.SetArchived(ctx, documents.ArchiveDocumentInput(input), false)
}

// CreateDocumentVersion is the resolver for the createDocumentVersion field.
func (r *mutationResolver) CreateDocumentVersion(ctx context.Context, input documents.CreateVersionInput) (*ent.DocumentVersion, error) {
	return r.Modules.Documents.CreateVersion(ctx, input)
}

// UpdateDocumentVersion is the resolver for the updateDocumentVersion field.
func (r *mutationResolver) UpdateDocumentVersion(ctx context.Context, input model.UpdateDocumentVersionInput) (*ent.DocumentVersion, error) {
	in := documents.UpdateVersionInput{ID: input.ID}
	in.Body = given(input.Body, "body", &in.Null)
	in.ChangeSummary = given(input.ChangeSummary, "changeSummary", &in.Null)
	in.File = given(input.File, "file", &in.Null)
	return r.Modules.Documents.UpdateVersion(ctx, in)
}

// SubmitDocumentVersion is the resolver for the submitDocumentVersion field.
func (r *mutationResolver) SubmitDocumentVersion(ctx context.Context, input documents.StepInput) (*ent.DocumentVersion, error) {
	return r.Modules.Documents.Submit(ctx, input)
}

// ApproveDocumentVersion is the resolver for the approveDocumentVersion field.
func (r *mutationResolver) ApproveDocumentVersion(ctx context.Context, input documents.StepInput) (*ent.DocumentVersion, error) {
	return r.Modules.Documents.Approve(ctx, input)
}

// RejectDocumentVersion is the resolver for the rejectDocumentVersion field.
func (r *mutationResolver) RejectDocumentVersion(ctx context.Context, input documents.RejectInput) (*ent.DocumentVersion, error) {
	return r.Modules.Documents.Reject(ctx, input)
}

// AcknowledgeDocument is the resolver for the acknowledgeDocument field.
func (r *mutationResolver) AcknowledgeDocument(ctx context.Context, input documents.AcknowledgeInput) (*ent.DocumentAcknowledgement, error) {
	return r.Modules.Documents.Acknowledge(ctx, input)
}

// ScheduleDocumentReviews is the resolver for the scheduleDocumentReviews field.
func (r *mutationResolver) ScheduleDocumentReviews(ctx context.Context, companyID pulid.ID) ([]*ent.Task, error) {
	return r.Modules.Documents.ScheduleReviews(ctx, companyID)
}

// OverdueDocuments is the resolver for the overdueDocuments field.
func (r *queryResolver) OverdueDocuments(ctx context.Context, companyID pulid.ID, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, orderBy *ent.DocumentOrder) (*ent.DocumentConnection, error) {
	return r.Modules.Documents.Overdue(ctx, companyID, documents.Page{After: after, First: first, Before: before, Last: last}, orderBy)
}

// DocumentDiff is the resolver for the documentDiff field.
func (r *queryResolver) DocumentDiff(ctx context.Context, fromVersionID pulid.ID, toVersionID pulid.ID) (*documents.Diff, error) {
	return r.Modules.Documents.Diff(ctx, fromVersionID, toVersionID)
}
