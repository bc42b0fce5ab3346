// Package password holds the rules for the two things a user types to sign in: it hashes and
// verifies passwords (argon2id in PHC string form), checks that a new password is acceptable,
// and normalises e-mail addresses so the same person always maps to the same account.
//
// It does not look accounts up, issue sessions, count failed attempts or rate-limit logins;
// those belong to the auth service that calls it. It stores nothing.
package password
