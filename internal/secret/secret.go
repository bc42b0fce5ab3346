// Package secret makes the opaque, single-use secrets the API hands out (refresh tokens,
// invitation tokens) and the hashes under which they are stored. 256 random bits need no slow
// hash: SHA-256 of the secret is enough to keep a database leak from revealing usable tokens.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// New returns 256 random bits, URL-safe.
func New() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Hash returns the hex SHA-256 of a secret, as stored.
func Hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
