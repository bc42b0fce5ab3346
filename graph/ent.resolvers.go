package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/internal/pulid"

	"entgo.io/contrib/entgql"
)

// Node is the resolver for the node field.
func (r *queryResolver) Node(ctx context.Context, id pulid.ID) (ent.Noder, error) {
	return r.Client.Noder(ctx, id, ent.WithNodeType(nodeType))
}

// Nodes is the resolver for the nodes field.
func (r *queryResolver) Nodes(ctx context.Context, ids []pulid.ID) ([]ent.Noder, error) {
	return r.Client.Noders(ctx, ids, ent.WithNodeType(nodeType))
}

// Companies is the resolver for the companies field.
func (r *queryResolver) Companies(ctx context.Context, after *entgql.Cursor[pulid.ID], first *int, before *entgql.Cursor[pulid.ID], last *int, orderBy *ent.CompanyOrder, where *ent.CompanyWhereInput, includeArchived *bool) (*ent.CompanyConnection, error) {
	// AroundFields (PrepareConnection) has narrowed where unless includeArchived.
	return r.Client.Company.Query().Paginate(ctx, after, first, before, last,
		ent.WithCompanyOrder(orderBy), ent.WithCompanyFilter(where.Filter))
}

// BaselineAdoption returns generated.BaselineAdoptionResolver implementation.
func (r *Resolver) BaselineAdoption() generated.BaselineAdoptionResolver {
	return &baselineAdoptionResolver{r}
}

// BaselineVersion returns generated.BaselineVersionResolver implementation.
func (r *Resolver) BaselineVersion() generated.BaselineVersionResolver {
	return &baselineVersionResolver{r}
}

// Company returns generated.CompanyResolver implementation.
func (r *Resolver) Company() generated.CompanyResolver { return &companyResolver{r} }

// ControlImplementation returns generated.ControlImplementationResolver implementation.
func (r *Resolver) ControlImplementation() generated.ControlImplementationResolver {
	return &controlImplementationResolver{r}
}

// Document returns generated.DocumentResolver implementation.
func (r *Resolver) Document() generated.DocumentResolver { return &documentResolver{r} }

// DocumentVersion returns generated.DocumentVersionResolver implementation.
func (r *Resolver) DocumentVersion() generated.DocumentVersionResolver {
	return &documentVersionResolver{r}
}

// IncidentDeadline returns generated.IncidentDeadlineResolver implementation.
func (r *Resolver) IncidentDeadline() generated.IncidentDeadlineResolver {
	return &incidentDeadlineResolver{r}
}

// Organization returns generated.OrganizationResolver implementation.
func (r *Resolver) Organization() generated.OrganizationResolver { return &organizationResolver{r} }

// Query returns generated.QueryResolver implementation.
func (r *Resolver) Query() generated.QueryResolver { return &queryResolver{r} }

// RiskMethod returns generated.RiskMethodResolver implementation.
func (r *Resolver) RiskMethod() generated.RiskMethodResolver { return &riskMethodResolver{r} }

// Task returns generated.TaskResolver implementation.
func (r *Resolver) Task() generated.TaskResolver { return &taskResolver{r} }

// TemplateApplication returns generated.TemplateApplicationResolver implementation.
func (r *Resolver) TemplateApplication() generated.TemplateApplicationResolver {
	return &templateApplicationResolver{r}
}

// TemplateSetVersion returns generated.TemplateSetVersionResolver implementation.
func (r *Resolver) TemplateSetVersion() generated.TemplateSetVersionResolver {
	return &templateSetVersionResolver{r}
}

// TrainingCampaign returns generated.TrainingCampaignResolver implementation.
func (r *Resolver) TrainingCampaign() generated.TrainingCampaignResolver {
	return &trainingCampaignResolver{r}
}

type (
	baselineAdoptionResolver      struct{ *Resolver }
	baselineVersionResolver       struct{ *Resolver }
	companyResolver               struct{ *Resolver }
	controlImplementationResolver struct{ *Resolver }
	documentResolver              struct{ *Resolver }
	documentVersionResolver       struct{ *Resolver }
	incidentDeadlineResolver      struct{ *Resolver }
	organizationResolver          struct{ *Resolver }
	queryResolver                 struct{ *Resolver }
	riskMethodResolver            struct{ *Resolver }
	taskResolver                  struct{ *Resolver }
	templateApplicationResolver   struct{ *Resolver }
	templateSetVersionResolver    struct{ *Resolver }
	trainingCampaignResolver      struct{ *Resolver }
)
