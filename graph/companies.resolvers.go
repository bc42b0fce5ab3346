package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/generated"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/companies"
)

// CreateCompany is the resolver for the createCompany field.
func (r *mutationResolver) CreateCompany(ctx context.Context, input companies.CreateCompanyInput) (*ent.Company, error) {
	return r.Modules.Companies.CreateCompany(ctx, input)
}

// UpdateCompany is the resolver for the updateCompany field.
func (r *mutationResolver) UpdateCompany(ctx context.Context, input model.UpdateCompanyInput) (*ent.Company, error) {
	in := companies.UpdateCompanyInput{ID: input.ID}
	in.Name = given(input.Name, "name", &in.Null)
	in.AlternateName = given(input.AlternateName, "alternateName", &in.Null)
	in.Industry = given(input.Industry, "industry", &in.Null)
	in.ScopeStatement = given(input.ScopeStatement, "scopeStatement", &in.Null)
	in.CertificationBody = given(input.CertificationBody, "certificationBody", &in.Null)
	in.CertificateNumber = given(input.CertificateNumber, "certificateNumber", &in.Null)
	in.CertificateExpiresOn = given(input.CertificateExpiresOn, "certificateExpiresOn", &in.Null)
	in.NextAuditOn = given(input.NextAuditOn, "nextAuditOn", &in.Null)
	return r.Modules.Companies.UpdateCompany(ctx, in)
}

// ArchiveCompany is the resolver for the archiveCompany field.
func (r *mutationResolver) ArchiveCompany(ctx context.Context, input archive.Input) (*ent.Company, error) {
	return r.Modules.Companies.SetCompanyArchived(ctx, input, true)
}

// RestoreCompany is the resolver for the restoreCompany field.
func (r *mutationResolver) RestoreCompany(ctx context.Context, input archive.Input) (*ent.Company, error) {
	return r.Modules.Companies.SetCompanyArchived(ctx, input, false)
}

// CreateSite is the resolver for the createSite field.
func (r *mutationResolver) CreateSite(ctx context.Context, input companies.CreateSiteInput) (*ent.Site, error) {
	return r.Modules.Companies.CreateSite(ctx, input)
}

// UpdateSite is the resolver for the updateSite field.
func (r *mutationResolver) UpdateSite(ctx context.Context, input model.UpdateSiteInput) (*ent.Site, error) {
	in := companies.UpdateSiteInput{ID: input.ID}
	in.Name = given(input.Name, "name", &in.Null)
	in.Address = given(input.Address, "address", &in.Null)
	in.Headcount = given(input.Headcount, "headcount", &in.Null)
	return r.Modules.Companies.UpdateSite(ctx, in)
}

// ArchiveSite is the resolver for the archiveSite field.
func (r *mutationResolver) ArchiveSite(ctx context.Context, input archive.Input) (*ent.Site, error) {
	return r.Modules.Companies.SetSiteArchived(ctx, input, true)
}

// RestoreSite is the resolver for the restoreSite field.
func (r *mutationResolver) RestoreSite(ctx context.Context, input archive.Input) (*ent.Site, error) {
	return r.Modules.Companies.SetSiteArchived(ctx, input, false)
}

// CreateDepartment is the resolver for the createDepartment field.
func (r *mutationResolver) CreateDepartment(ctx context.Context, input companies.CreateDepartmentInput) (*ent.Department, error) {
	return r.Modules.Companies.CreateDepartment(ctx, input)
}

// UpdateDepartment is the resolver for the updateDepartment field.
func (r *mutationResolver) UpdateDepartment(ctx context.Context, input model.UpdateDepartmentInput) (*ent.Department, error) {
	in := companies.UpdateDepartmentInput{ID: input.ID}
	in.Name = given(input.Name, "name", &in.Null)
	in.SiteID = given(input.SiteID, "siteID", &in.Null)
	in.HeadID = given(input.HeadID, "headID", &in.Null)
	return r.Modules.Companies.UpdateDepartment(ctx, in)
}

// ArchiveDepartment is the resolver for the archiveDepartment field.
func (r *mutationResolver) ArchiveDepartment(ctx context.Context, input archive.Input) (*ent.Department, error) {
	return r.Modules.Companies.SetDepartmentArchived(ctx, input, true)
}

// RestoreDepartment is the resolver for the restoreDepartment field.
func (r *mutationResolver) RestoreDepartment(ctx context.Context, input archive.Input) (*ent.Department, error) {
	return r.Modules.Companies.SetDepartmentArchived(ctx, input, false)
}

// Mutation returns generated.MutationResolver implementation.
func (r *Resolver) Mutation() generated.MutationResolver { return &mutationResolver{r} }

type mutationResolver struct{ *Resolver }
