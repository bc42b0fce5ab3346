package token

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

// Type is the JWT header typ of an access token (RFC 9068), so that no other JWT signed with the
// same key, such as a future ID or invitation token, is accepted as one.
const Type = "at+jwt"

// Leeway is the clock skew tolerated on exp, nbf and iat.
const Leeway = 30 * time.Second

// Claims are the claims of an access token.
type Claims struct {
	jwt.RegisteredClaims
	// Org is the active organization; Role the member's role there.
	Org  pulid.ID `json:"org"`
	Role string   `json:"role"`
	// Session is the refresh-token family the token was issued with, so logout can end it.
	Session string `json:"sid"`
}

// Issuer signs and verifies access tokens.
type Issuer struct {
	keys     *KeySet
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
}

// NewIssuer returns an issuer for tokens valid ttl long (15 minutes if zero).
func NewIssuer(keys *KeySet, issuer, audience string, ttl time.Duration) *Issuer {
	if ttl == 0 {
		ttl = 15 * time.Minute
	}
	return &Issuer{keys: keys, issuer: issuer, audience: audience, ttl: ttl, now: time.Now}
}

// Issue signs an access token for the user acting in the organization with the role, within
// the session (refresh-token family).
func (i *Issuer) Issue(user, org pulid.ID, role, session string) (string, Claims, error) {
	now := i.now().Truncate(time.Second)
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    i.issuer,
			Subject:   string(user),
			Audience:  jwt.ClaimStrings{i.audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(i.ttl)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        string(pulid.New("TK")),
		},
		Org:     org,
		Role:    role,
		Session: session,
	}
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, c)
	t.Header["kid"] = i.keys.activeKID
	t.Header["typ"] = Type
	signed, err := t.SignedString(i.keys.active)
	if err != nil {
		return "", Claims{}, fmt.Errorf("sign access token: %w", err)
	}
	return signed, c, nil
}

// ErrInvalid is the one answer to every bad token: the client learns nothing about why.
var ErrInvalid = apperr.Unauthenticated("invalid or expired access token", "アクセストークンが無効か、有効期限が切れています")

// Verify checks a token's signature (EdDSA only, by a known kid), type, issuer, audience and
// times, and returns its claims. Every failure is ErrInvalid, wrapping the reason for the log.
func (i *Issuer) Verify(raw string) (*Claims, error) {
	var c Claims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}),
		jwt.WithIssuer(i.issuer),
		jwt.WithAudience(i.audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(Leeway),
		jwt.WithTimeFunc(i.now),
	)
	_, err := parser.ParseWithClaims(raw, &c, i.key)
	if err == nil && (c.Subject == "" || c.Org == "" || c.ID == "") {
		err = errors.New("sub, org and jti are required")
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return &c, nil
}

// key picks the public key named by the token's kid, after checking its type.
func (i *Issuer) key(t *jwt.Token) (any, error) {
	if typ, _ := t.Header["typ"].(string); typ != Type {
		return nil, fmt.Errorf("token type %q is not %q", typ, Type)
	}
	kid, _ := t.Header["kid"].(string)
	pub, ok := i.keys.public[kid]
	if !ok {
		return nil, fmt.Errorf("unknown kid %q", kid)
	}
	return ed25519.PublicKey(pub), nil
}
