package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/graph/model"
	"secretariat/internal/controls"
	"secretariat/internal/locale"
	"secretariat/internal/pulid"
)

// Control is the resolver for the control field.
func (r *controlImplementationResolver) Control(ctx context.Context, obj *ent.ControlImplementation, locale *locale.Locale) (*controls.Definition, error) {
	return r.Modules.Controls.Control(ctx, obj, languageOf(ctx, locale))
}

// InitializeStatementOfApplicability is the resolver for the initializeStatementOfApplicability field.
func (r *mutationResolver) InitializeStatementOfApplicability(ctx context.Context, companyID pulid.ID) (*controls.Initialized, error) {
	return r.Modules.Controls.Initialize(ctx, companyID, languageOf[string](ctx, nil))
}

// UpdateControlImplementation is the resolver for the updateControlImplementation field.
func (r *mutationResolver) UpdateControlImplementation(ctx context.Context, input model.UpdateControlImplementationInput) (*ent.ControlImplementation, error) {
	in := controls.UpdateControlImplementationInput{ID: input.ID}
	in.Applicable = given(input.Applicable, "applicable", &in.Null)
	in.Justification = given(input.Justification, "justification", &in.Null)
	in.ImplementationStatus = given(input.ImplementationStatus, "implementationStatus", &in.Null)
	in.OwnerID = given(input.OwnerID, "ownerID", &in.Null)
	in.EvidenceNote = given(input.EvidenceNote, "evidenceNote", &in.Null)
	in.LastReviewedOn = given(input.LastReviewedOn, "lastReviewedOn", &in.Null)
	return r.Modules.Controls.Update(ctx, in)
}

// LinkControlDocument is the resolver for the linkControlDocument field.
func (r *mutationResolver) LinkControlDocument(ctx context.Context, input controls.LinkControlDocumentInput) (*ent.ControlImplementation, error) {
	return r.Modules.Controls.LinkDocument(ctx, input)
}

// UnlinkControlDocument is the resolver for the unlinkControlDocument field.
func (r *mutationResolver) UnlinkControlDocument(ctx context.Context, input controls.LinkControlDocumentInput) (*ent.ControlImplementation, error) {
	return r.Modules.Controls.UnlinkDocument(ctx, input)
}

// ApproveStatementOfApplicability is the resolver for the approveStatementOfApplicability field.
func (r *mutationResolver) ApproveStatementOfApplicability(ctx context.Context, companyID pulid.ID, changeSummary *string) (*ent.DocumentVersion, error) {
	return r.Modules.Controls.Approve(ctx, controls.ApproveInput{CompanyID: companyID, ChangeSummary: changeSummary})
}

// ControlCatalog is the resolver for the controlCatalog field.
func (r *queryResolver) ControlCatalog(ctx context.Context, framework string, locale *locale.Locale) ([]*controls.Definition, error) {
	return r.Modules.Controls.Catalog(ctx, framework, languageOf(ctx, locale))
}

// ManagementSystemClauses is the resolver for the managementSystemClauses field.
func (r *queryResolver) ManagementSystemClauses(ctx context.Context, framework string, locale *locale.Locale) ([]*controls.ClauseDefinition, error) {
	return r.Modules.Controls.Clauses(ctx, framework, languageOf(ctx, locale))
}

// StatementOfApplicability is the resolver for the statementOfApplicability field.
func (r *queryResolver) StatementOfApplicability(ctx context.Context, companyID pulid.ID, locale *locale.Locale) (*controls.StatementOfApplicability, error) {
	return r.Modules.Controls.Statement(ctx, companyID, languageOf(ctx, locale))
}

// Rows is the resolver for the rows field.
func (r *statementOfApplicabilityResolver) Rows(ctx context.Context, obj *controls.StatementOfApplicability) ([]*controls.Row, error) {
	return obj.Rows(ctx, soaSelection(ctx))
}

// StatementOfApplicability returns generated.StatementOfApplicabilityResolver implementation.
func (r *Resolver) StatementOfApplicability() generated.StatementOfApplicabilityResolver {
	return &statementOfApplicabilityResolver{r}
}

type statementOfApplicabilityResolver struct{ *Resolver }
