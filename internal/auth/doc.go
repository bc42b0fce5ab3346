// Package auth signs people up and in: accounts (package password), access tokens (package
// token), refresh tokens that rotate and are revoked by family, logout, switching organization,
// and turning a request's bearer token into the viewer that the rest of the server trusts.
// Membership management lives in package members.
package auth
