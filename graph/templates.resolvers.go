package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/archive"
	"secretariat/internal/templates"
)

// CreateTemplateSet is the resolver for the createTemplateSet field.
func (r *mutationResolver) CreateTemplateSet(ctx context.Context, input templates.CreateTemplateSetInput) (*ent.TemplateSet, error) {
	return r.Modules.Templates.CreateTemplateSet(ctx, input)
}

// UpdateTemplateSet is the resolver for the updateTemplateSet field.
func (r *mutationResolver) UpdateTemplateSet(ctx context.Context, input model.UpdateTemplateSetInput) (*ent.TemplateSet, error) {
	in := templates.UpdateTemplateSetInput{ID: input.ID}
	in.Name = given(input.Name, "name", &in.Null)
	in.Description = given(input.Description, "description", &in.Null)
	return r.Modules.Templates.UpdateTemplateSet(ctx, in)
}

// PublishTemplateSetVersion is the resolver for the publishTemplateSetVersion field.
func (r *mutationResolver) PublishTemplateSetVersion(ctx context.Context, input templates.PublishTemplateSetVersionInput) (*ent.TemplateSetVersion, error) {
	return r.Modules.Templates.PublishVersion(ctx, input)
}

// ArchiveTemplateSet is the resolver for the archiveTemplateSet field.
func (r *mutationResolver) ArchiveTemplateSet(ctx context.Context, input archive.Input) (*ent.TemplateSet, error) {
	return r.Modules.Templates.SetArchived(ctx, input, true)
}

// RestoreTemplateSet is the resolver for the restoreTemplateSet field.
func (r *mutationResolver) RestoreTemplateSet(ctx context.Context, input archive.Input) (*ent.TemplateSet, error) {
	return r.Modules.Templates.SetArchived(ctx, input, false)
}

// CreateCompanyFromTemplate is the resolver for the createCompanyFromTemplate field.
func (r *mutationResolver) CreateCompanyFromTemplate(ctx context.Context, input templates.CreateCompanyFromTemplateInput) (*ent.TemplateApplication, error) {
	return r.Modules.Templates.CreateCompanyFromTemplate(ctx, input, languageOf[string](ctx, nil))
}

// PushTemplateSetVersion is the resolver for the pushTemplateSetVersion field.
func (r *mutationResolver) PushTemplateSetVersion(ctx context.Context, input templates.PushTemplateSetVersionInput) ([]*ent.TemplateApplication, error) {
	return r.Modules.Templates.PushVersion(ctx, input)
}

// Documents is the resolver for the documents field.
func (r *templateApplicationResolver) Documents(ctx context.Context, obj *ent.TemplateApplication) ([]*templates.DocumentResult, error) {
	return r.Modules.Templates.Documents(obj)
}

// Content is the resolver for the content field.
func (r *templateSetVersionResolver) Content(ctx context.Context, obj *ent.TemplateSetVersion) (*templates.Content, error) {
	return r.Modules.Templates.Content(obj)
}
