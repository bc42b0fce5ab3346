package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/locale"
	"secretariat/internal/secretariat"
)

// Secretariat is the resolver for the secretariat field.
func (r *companyResolver) Secretariat(ctx context.Context, obj *ent.Company, locale *locale.Locale) (*secretariat.Overview, error) {
	return r.Modules.Secretariat.Overview(obj, languageOf(ctx, locale)), nil
}

// AddCommitteeMember is the resolver for the addCommitteeMember field.
func (r *mutationResolver) AddCommitteeMember(ctx context.Context, input secretariat.AddCommitteeMemberInput) (*ent.CommitteeMember, error) {
	return r.Modules.Secretariat.AddCommitteeMember(ctx, input)
}

// UpdateCommitteeMember is the resolver for the updateCommitteeMember field.
func (r *mutationResolver) UpdateCommitteeMember(ctx context.Context, input model.UpdateCommitteeMemberInput) (*ent.CommitteeMember, error) {
	in := secretariat.UpdateCommitteeMemberInput{ID: input.ID, ReplaceChair: input.ReplaceChair}
	in.Role = given(input.Role, "role", &in.Null)
	in.Title = given(input.Title, "title", &in.Null)
	return r.Modules.Secretariat.UpdateCommitteeMember(ctx, in)
}

// RemoveCommitteeMember is the resolver for the removeCommitteeMember field.
func (r *mutationResolver) RemoveCommitteeMember(ctx context.Context, input secretariat.RemoveInput) (*secretariat.Removal, error) {
	return r.Modules.Secretariat.RemoveCommitteeMember(ctx, input)
}

// AssignSecretariatResponsibility is the resolver for the assignSecretariatResponsibility field.
func (r *mutationResolver) AssignSecretariatResponsibility(ctx context.Context, input secretariat.AssignSecretariatResponsibilityInput) (*ent.SecretariatAssignment, error) {
	return r.Modules.Secretariat.AssignSecretariatResponsibility(ctx, input)
}

// UpdateSecretariatAssignment is the resolver for the updateSecretariatAssignment field.
func (r *mutationResolver) UpdateSecretariatAssignment(ctx context.Context, input secretariat.UpdateSecretariatAssignmentInput) (*ent.SecretariatAssignment, error) {
	return r.Modules.Secretariat.UpdateSecretariatAssignment(ctx, input)
}

// UnassignSecretariatResponsibility is the resolver for the unassignSecretariatResponsibility field.
func (r *mutationResolver) UnassignSecretariatResponsibility(ctx context.Context, input secretariat.RemoveInput) (*secretariat.Removal, error) {
	return r.Modules.Secretariat.UnassignSecretariatResponsibility(ctx, input)
}

// AddDepartmentRepresentative is the resolver for the addDepartmentRepresentative field.
func (r *mutationResolver) AddDepartmentRepresentative(ctx context.Context, input secretariat.AddDepartmentRepresentativeInput) (*ent.DepartmentRepresentative, error) {
	return r.Modules.Secretariat.AddDepartmentRepresentative(ctx, input)
}

// RemoveDepartmentRepresentative is the resolver for the removeDepartmentRepresentative field.
func (r *mutationResolver) RemoveDepartmentRepresentative(ctx context.Context, input secretariat.RemoveInput) (*secretariat.Removal, error) {
	return r.Modules.Secretariat.RemoveDepartmentRepresentative(ctx, input)
}
