package graph

import (
	"context"
	"secretariat/ent"
	"secretariat/graph/model"
	"secretariat/internal/auth"
	"secretariat/internal/clientaddr"
	"secretariat/internal/pulid"
)

// SignUp is the resolver for the signUp field.
func (r *mutationResolver) SignUp(ctx context.Context, input auth.SignUpInput) (*auth.Payload, error) {
	return r.Modules.Auth.SignUp(ctx, input, clientaddr.From(ctx))
}

// Login is the resolver for the login field.
func (r *mutationResolver) Login(ctx context.Context, input auth.LoginInput) (*auth.Payload, error) {
	return r.Modules.Auth.Login(ctx, input, clientaddr.From(ctx))
}

// RefreshToken is the resolver for the refreshToken field.
func (r *mutationResolver) RefreshToken(ctx context.Context, input auth.RefreshTokenInput) (*auth.Payload, error) {
	return r.Modules.Auth.Refresh(ctx, input)
}

// Logout is the resolver for the logout field.
func (r *mutationResolver) Logout(ctx context.Context) (bool, error) {
	if err := r.Modules.Auth.Logout(ctx); err != nil {
		return false, err
	}
	return true, nil
}

// SwitchOrganization is the resolver for the switchOrganization field.
func (r *mutationResolver) SwitchOrganization(ctx context.Context, organizationID pulid.ID) (*auth.Payload, error) {
	return r.Modules.Auth.SwitchOrganization(ctx, organizationID)
}

// ChangePassword is the resolver for the changePassword field.
func (r *mutationResolver) ChangePassword(ctx context.Context, input auth.ChangePasswordInput) (bool, error) {
	return done(r.Modules.Auth.ChangePassword(ctx, input, clientaddr.From(ctx)))
}

// ResetPassword is the resolver for the resetPassword field.
func (r *mutationResolver) ResetPassword(ctx context.Context, input auth.ResetPasswordInput) (bool, error) {
	return done(r.Modules.Auth.ResetPassword(ctx, input))
}

// UpdateProfile is the resolver for the updateProfile field.
func (r *mutationResolver) UpdateProfile(ctx context.Context, input model.UpdateProfileInput) (*ent.User, error) {
	var in auth.UpdateProfileInput
	in.Name = given(input.Name, "name", &in.Null)
	in.Locale = given(input.Locale, "locale", &in.Null)
	return r.Modules.Auth.UpdateProfile(ctx, in)
}
