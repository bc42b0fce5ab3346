package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/auth"
	"secretariat/internal/clientaddr"
	"secretariat/internal/members"
	"secretariat/internal/viewer"
)

// InviteMember is the resolver for the inviteMember field.
func (r *mutationResolver) InviteMember(ctx context.Context, input members.InviteMemberInput) (*members.InvitationPayload, error) {
	return r.Modules.Members.InviteMember(ctx, input)
}

// AcceptInvitation is the resolver for the acceptInvitation field.
func (r *mutationResolver) AcceptInvitation(ctx context.Context, input members.AcceptInvitationInput) (*auth.Payload, error) {
	return r.Modules.Members.AcceptInvitation(ctx, input, clientaddr.From(ctx))
}

// UpdateMembership is the resolver for the updateMembership field.
func (r *mutationResolver) UpdateMembership(ctx context.Context, input members.UpdateMembershipInput) (*ent.Membership, error) {
	return r.Modules.Members.UpdateMembership(ctx, input)
}

// RemoveMember is the resolver for the removeMember field.
func (r *mutationResolver) RemoveMember(ctx context.Context, input members.RemoveMemberInput) (*model.RemoveMemberPayload, error) {
	m, err := r.Modules.Members.RemoveMember(ctx, input)
	if err != nil {
		return nil, err
	}
	return &model.RemoveMemberPayload{RemovedMembershipID: m.ID}, nil
}

// GrantCompanyAccess is the resolver for the grantCompanyAccess field.
func (r *mutationResolver) GrantCompanyAccess(ctx context.Context, input members.CompanyAccessInput) (*ent.Membership, error) {
	return r.Modules.Members.GrantCompanyAccess(ctx, input)
}

// RevokeCompanyAccess is the resolver for the revokeCompanyAccess field.
func (r *mutationResolver) RevokeCompanyAccess(ctx context.Context, input members.CompanyAccessInput) (*ent.Membership, error) {
	return r.Modules.Members.RevokeCompanyAccess(ctx, input)
}

// IssuePasswordReset is the resolver for the issuePasswordReset field.
func (r *mutationResolver) IssuePasswordReset(ctx context.Context, input members.IssuePasswordResetInput) (*members.PasswordResetPayload, error) {
	return r.Modules.Members.IssuePasswordReset(ctx, input)
}

// UpdateOrganization is the resolver for the updateOrganization field.
func (r *mutationResolver) UpdateOrganization(ctx context.Context, input model.UpdateOrganizationInput) (*ent.Organization, error) {
	var in members.UpdateOrganizationInput
	in.Name = given(input.Name, "name", &in.Null)
	in.DefaultLocale = given(input.DefaultLocale, "defaultLocale", &in.Null)
	return r.Modules.Members.UpdateOrganization(ctx, in)
}

// SetMemberDepartment is the resolver for the setMemberDepartment field.
func (r *mutationResolver) SetMemberDepartment(ctx context.Context, input members.SetMemberDepartmentInput) (*ent.CompanyAccess, error) {
	return r.Modules.Members.SetMemberDepartment(ctx, input)
}

// ViewerRole is the resolver for the viewerRole field.
func (r *organizationResolver) ViewerRole(ctx context.Context, obj *ent.Organization) (viewer.Role, error) {
	p, err := r.Modules.Members.Permissions(ctx, obj.ID)
	return p.Role, err
}

// ViewerPermissions is the resolver for the viewerPermissions field.
func (r *organizationResolver) ViewerPermissions(ctx context.Context, obj *ent.Organization) (*members.Permissions, error) {
	p, err := r.Modules.Members.Permissions(ctx, obj.ID)
	if err != nil {
		return nil, err
	}
	return &p, nil
}
