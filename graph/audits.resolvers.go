package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/graph/model"
	"secretariat/internal/audits"
	"secretariat/internal/date"
	"secretariat/internal/pulid"
)

// Company is the resolver for the company field.
func (r *findingsStatusResolver) Company(ctx context.Context, obj *audits.FindingsStatus) (*ent.Company, error) {
	return r.Client.Company.Get(ctx, obj.CompanyID)
}

// CreateAuditProgramme is the resolver for the createAuditProgramme field.
func (r *mutationResolver) CreateAuditProgramme(ctx context.Context, input audits.CreateAuditProgrammeInput) (*ent.AuditProgramme, error) {
	return r.Modules.Audits.CreateProgramme(ctx, input)
}

// PlanAudit is the resolver for the planAudit field.
func (r *mutationResolver) PlanAudit(ctx context.Context, input audits.PlanAuditInput) (*ent.Audit, error) {
	return r.Modules.Audits.PlanAudit(ctx, input, languageOf[string](ctx, nil))
}

// SetAuditStatus is the resolver for the setAuditStatus field.
func (r *mutationResolver) SetAuditStatus(ctx context.Context, input audits.SetAuditStatusInput) (*ent.Audit, error) {
	return r.Modules.Audits.SetAuditStatus(ctx, input, languageOf[string](ctx, nil))
}

// AddChecklistItem is the resolver for the addChecklistItem field.
func (r *mutationResolver) AddChecklistItem(ctx context.Context, input audits.AddChecklistItemInput) (*ent.ChecklistItem, error) {
	return r.Modules.Audits.AddChecklistItem(ctx, input)
}

// RecordChecklistResult is the resolver for the recordChecklistResult field.
func (r *mutationResolver) RecordChecklistResult(ctx context.Context, input audits.RecordChecklistResultInput) (*ent.ChecklistItem, error) {
	return r.Modules.Audits.RecordChecklistResult(ctx, input)
}

// RaiseFinding is the resolver for the raiseFinding field.
func (r *mutationResolver) RaiseFinding(ctx context.Context, input audits.RaiseFindingInput) (*ent.Finding, error) {
	return r.Modules.Audits.RaiseFinding(ctx, input)
}

// RespondToFinding is the resolver for the respondToFinding field.
func (r *mutationResolver) RespondToFinding(ctx context.Context, input model.RespondToFindingInput) (*ent.Finding, error) {
	in := audits.RespondToFindingInput{ID: input.ID}
	in.Correction = given(input.Correction, "correction", &in.Null)
	in.RootCause = given(input.RootCause, "rootCause", &in.Null)
	in.ResponseDue = given(input.ResponseDue, "responseDue", &in.Null)
	return r.Modules.Audits.RespondToFinding(ctx, in)
}

// AddCorrectiveAction is the resolver for the addCorrectiveAction field.
func (r *mutationResolver) AddCorrectiveAction(ctx context.Context, input audits.AddCorrectiveActionInput) (*ent.CorrectiveAction, error) {
	return r.Modules.Audits.AddCorrectiveAction(ctx, input)
}

// ReviewEffectiveness is the resolver for the reviewEffectiveness field.
func (r *mutationResolver) ReviewEffectiveness(ctx context.Context, input audits.ReviewEffectivenessInput) (*ent.Finding, error) {
	return r.Modules.Audits.ReviewEffectiveness(ctx, input)
}

// CloseFinding is the resolver for the closeFinding field.
func (r *mutationResolver) CloseFinding(ctx context.Context, input model.CloseFindingInput) (*ent.Finding, error) {
	return r.Modules.Audits.CloseFinding(ctx, input.ID)
}

// ScheduleInterview is the resolver for the scheduleInterview field.
func (r *mutationResolver) ScheduleInterview(ctx context.Context, input audits.ScheduleInterviewInput) (*ent.Interview, error) {
	return r.Modules.Audits.ScheduleInterview(ctx, input)
}

// RemoveInterview is the resolver for the removeInterview field.
func (r *mutationResolver) RemoveInterview(ctx context.Context, input model.RemoveInterviewInput) (*ent.Audit, error) {
	return r.Modules.Audits.RemoveInterview(ctx, input.ID)
}

// AddExternalAuditor is the resolver for the addExternalAuditor field.
func (r *mutationResolver) AddExternalAuditor(ctx context.Context, input audits.AddExternalAuditorInput) (*ent.Audit, error) {
	return r.Modules.Audits.AddExternalAuditor(ctx, input)
}

// FileAuditorRequest is the resolver for the fileAuditorRequest field.
func (r *mutationResolver) FileAuditorRequest(ctx context.Context, input audits.FileAuditorRequestInput) (*ent.AuditorRequest, error) {
	return r.Modules.Audits.FileRequest(ctx, input)
}

// RouteAuditorRequest is the resolver for the routeAuditorRequest field.
func (r *mutationResolver) RouteAuditorRequest(ctx context.Context, input audits.RouteAuditorRequestInput) (*ent.AuditorRequest, error) {
	return r.Modules.Audits.RouteRequest(ctx, input)
}

// AnswerAuditorRequest is the resolver for the answerAuditorRequest field.
func (r *mutationResolver) AnswerAuditorRequest(ctx context.Context, input audits.AnswerAuditorRequestInput) (*ent.AuditorRequest, error) {
	return r.Modules.Audits.AnswerRequest(ctx, input)
}

// AcceptAuditorRequest is the resolver for the acceptAuditorRequest field.
func (r *mutationResolver) AcceptAuditorRequest(ctx context.Context, input model.AcceptAuditorRequestInput) (*ent.AuditorRequest, error) {
	return r.Modules.Audits.AcceptRequest(ctx, input.ID)
}

// ReopenAuditorRequest is the resolver for the reopenAuditorRequest field.
func (r *mutationResolver) ReopenAuditorRequest(ctx context.Context, input audits.ReopenAuditorRequestInput) (*ent.AuditorRequest, error) {
	return r.Modules.Audits.ReopenRequest(ctx, input)
}

// DraftImprovementReport is the resolver for the draftImprovementReport field.
func (r *mutationResolver) DraftImprovementReport(ctx context.Context, input model.DraftImprovementReportInput) (*ent.Audit, error) {
	return r.Modules.Audits.DraftImprovementReport(ctx, input.AuditID, languageOf[string](ctx, nil))
}

// CreateChecklistTemplate is the resolver for the createChecklistTemplate field.
func (r *mutationResolver) CreateChecklistTemplate(ctx context.Context, input audits.CreateChecklistTemplateInput) (*ent.ChecklistTemplate, error) {
	return r.Modules.Audits.CreateTemplate(ctx, input)
}

// UpdateChecklistTemplate is the resolver for the updateChecklistTemplate field.
func (r *mutationResolver) UpdateChecklistTemplate(ctx context.Context, input audits.UpdateChecklistTemplateInput) (*ent.ChecklistTemplate, error) {
	return r.Modules.Audits.UpdateTemplate(ctx, input)
}

// ApplyChecklistTemplate is the resolver for the applyChecklistTemplate field.
func (r *mutationResolver) ApplyChecklistTemplate(ctx context.Context, input audits.ApplyChecklistTemplateInput) (*ent.Audit, error) {
	return r.Modules.Audits.ApplyTemplate(ctx, input)
}

// CopyChecklistTemplate is the resolver for the copyChecklistTemplate field.
func (r *mutationResolver) CopyChecklistTemplate(ctx context.Context, input audits.CopyChecklistTemplateInput) (*ent.CompanyChecklist, error) {
	return r.Modules.Audits.CopyTemplate(ctx, input)
}

// UpdateCompanyChecklist is the resolver for the updateCompanyChecklist field.
func (r *mutationResolver) UpdateCompanyChecklist(ctx context.Context, input audits.UpdateChecklistTemplateInput) (*ent.CompanyChecklist, error) {
	return r.Modules.Audits.UpdateCompanyChecklist(ctx, input)
}

// PublishAuditProgramme is the resolver for the publishAuditProgramme field.
func (r *mutationResolver) PublishAuditProgramme(ctx context.Context, input model.PublishAuditProgrammeInput) (*ent.AuditProgramme, error) {
	return r.Modules.Audits.PublishProgramme(ctx, input.ID, languageOf[string](ctx, nil))
}

// AttachEvidence is the resolver for the attachEvidence field.
func (r *mutationResolver) AttachEvidence(ctx context.Context, input audits.AttachEvidenceInput) (*ent.AuditEvidence, error) {
	return r.Modules.Audits.AttachEvidence(ctx, input)
}

// RemoveEvidence is the resolver for the removeEvidence field.
func (r *mutationResolver) RemoveEvidence(ctx context.Context, id pulid.ID) (pulid.ID, error) {
	ev, err := r.Modules.Audits.RemoveEvidence(ctx, id)
	if err != nil {
		return "", err
	}
	return ev.ID, nil
}

// CommentOnAuditorRequest is the resolver for the commentOnAuditorRequest field.
func (r *mutationResolver) CommentOnAuditorRequest(ctx context.Context, input audits.CommentOnAuditorRequestInput) (*ent.AuditorRequestComment, error) {
	return r.Modules.Audits.CommentOnRequest(ctx, input)
}

// FindingsStatus is the resolver for the findingsStatus field.
func (r *queryResolver) FindingsStatus(ctx context.Context, companyID pulid.ID) (*audits.FindingsStatus, error) {
	return r.Modules.Audits.FindingsStatus(ctx, companyID)
}

// AuditDay is the resolver for the auditDay field.
func (r *queryResolver) AuditDay(ctx context.Context, auditID pulid.ID, date date.Date) ([]*ent.Interview, error) {
	return r.Modules.Audits.AuditDay(ctx, auditID, date)
}

// FindingsStatus returns generated.FindingsStatusResolver implementation.
func (r *Resolver) FindingsStatus() generated.FindingsStatusResolver {
	return &findingsStatusResolver{r}
}

type findingsStatusResolver struct{ *Resolver }
