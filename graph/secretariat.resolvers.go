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
	return r.ISMSRoles.Overview(obj, languageOf(ctx, locale)), nil
}

// AddCommitteeMember is the resolver for the addCommitteeMember field.
func (r *mutationResolver) AddCommitteeMember(ctx context.Context, input secretariat.AddCommitteeMemberInput) (*ent.CommitteeMember, error) {
	return r.ISMSRoles.AddCommitteeMember(ctx, input)
}

// UpdateCommitteeMember is the resolver for the updateCommitteeMember field.
func (r *mutationResolver) UpdateCommitteeMember(ctx context.Context, input model.UpdateCommitteeMemberInput) (*ent.CommitteeMember, error) {
	in := secretariat.UpdateCommitteeMemberInput{ID: input.ID, ReplaceChair: input.ReplaceChair}
	in.Role = given(input.Role, "role", &in.Null)
	in.Title = given(input.Title, "title", &in.Null)
	return r.ISMSRoles.UpdateCommitteeMember(ctx, in)
}

// RemoveCommitteeMember is the resolver for the removeCommitteeMember field.
func (r *mutationResolver) RemoveCommitteeMember(ctx context.Context, input secretariat.RemoveInput) (*secretariat.Removal, error) {
	return r.ISMSRoles.RemoveCommitteeMember(ctx, input)
}

// AssignSecretariatResponsibility is the resolver for the assignSecretariatResponsibility field.
func (r *mutationResolver) AssignSecretariatResponsibility(ctx context.Context, input secretariat.AssignSecretariatResponsibilityInput) (*ent.SecretariatAssignment, error) {
	return r.ISMSRoles.AssignSecretariatResponsibility(ctx, input)
}

// UpdateSecretariatAssignment is the resolver for the updateSecretariatAssignment field.
func (r *mutationResolver) UpdateSecretariatAssignment(ctx context.Context, input secretariat.UpdateSecretariatAssignmentInput) (*ent.SecretariatAssignment, error) {
	return r.ISMSRoles.UpdateSecretariatAssignment(ctx, input)
}

// UnassignSecretariatResponsibility is the resolver for the unassignSecretariatResponsibility field.
func (r *mutationResolver) UnassignSecretariatResponsibility(ctx context.Context, input secretariat.RemoveInput) (*secretariat.Removal, error) {
	return r.ISMSRoles.UnassignSecretariatResponsibility(ctx, input)
}

// AddDepartmentRepresentative is the resolver for the addDepartmentRepresentative field.
func (r *mutationResolver) AddDepartmentRepresentative(ctx context.Context, input secretariat.AddDepartmentRepresentativeInput) (*ent.DepartmentRepresentative, error) {
	return r.ISMSRoles.AddDepartmentRepresentative(ctx, input)
}

// RemoveDepartmentRepresentative is the resolver for the removeDepartmentRepresentative field.
func (r *mutationResolver) RemoveDepartmentRepresentative(ctx context.Context, input secretariat.RemoveInput) (*secretariat.Removal, error) {
	return r.ISMSRoles.RemoveDepartmentRepresentative(ctx, input)
}
