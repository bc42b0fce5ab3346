// Package auth signs people up and in: accounts (package password), access tokens (package
// token), refresh tokens that rotate and are revoked by family, logout, switching organization,
// changing and resetting a password, and turning a request's bearer token into the viewer that
// the rest of the server trusts.
//
// A session is a refresh-token family; every access token names it (sid). The session lives
// while one of its refresh tokens is unrevoked, and Authenticate reads that from the database
// on every request, beside the membership: logout, a reused refresh token, a password change or
// reset and a removal end every access token of the session at once, and no cache outage or
// restart brings one back. Every attempt at a password (login, accepting an invitation as a
// former member, changing a password) counts in the same rate-limit buckets, per account and
// per client address; sign-ups count per address. Membership management, invitations and the
// issuing of password resets live in package members.
package auth
