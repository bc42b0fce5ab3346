package token

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/apperr"
	"secretariat/internal/pulid"
)

func newKey(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	return k
}

func newIssuer(t *testing.T, keys *KeySet) *Issuer {
	return NewIssuer(keys, "https://secretariat.example", "secretariat-api", 15*time.Minute)
}

var (
	user = pulid.New("US")
	org  = pulid.New("OR")
)

func TestIssue_VerifiesAndCarriesTheClaims(t *testing.T) {
	iss := newIssuer(t, NewKeySet(newKey(t)))
	raw, issued, err := iss.Issue(user, org, "OWNER", "FA1")
	require.NoError(t, err)
	c, err := iss.Verify(raw)
	require.NoError(t, err)
	assert.Equal(t, string(user), c.Subject)
	assert.Equal(t, org, c.Org)
	assert.Equal(t, "OWNER", c.Role)
	assert.Equal(t, issued.ID, c.ID)
	assert.Equal(t, "FA1", c.Session)
	assert.Equal(t, 15*time.Minute, c.ExpiresAt.Sub(c.IssuedAt.Time))

	header := decodeSegment(t, raw, 0)
	assert.Equal(t, "EdDSA", header["alg"])
	assert.Equal(t, "at+jwt", header["typ"])
	assert.Equal(t, iss.keys.ActiveKID(), header["kid"])
}

// forge signs claims with the given method, key and header, bypassing the Issuer.
func forge(t *testing.T, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	require.NoError(t, err)
	return s
}

func TestVerify_RefusesEveryForgedOrStaleToken(t *testing.T) {
	active := newKey(t)
	keys := NewKeySet(active)
	iss := newIssuer(t, keys)
	now := time.Now()
	good := func() jwt.MapClaims {
		return jwt.MapClaims{
			"iss": "https://secretariat.example", "aud": "secretariat-api", "sub": string(user), "org": string(org),
			"role": "OWNER", "jti": "TK1", "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Minute).Unix(),
		}
	}
	with := func(k string, v any) jwt.MapClaims { c := good(); c[k] = v; return c }
	without := func(k string) jwt.MapClaims { c := good(); delete(c, k); return c }
	hdr := map[string]any{"kid": keys.ActiveKID(), "typ": Type}
	valid := forge(t, jwt.SigningMethodEdDSA, active, hdr, good())
	_, err := iss.Verify(valid)
	require.NoError(t, err, "the baseline forged with the real key is valid")

	pub := []byte(active.Public().(ed25519.PublicKey))
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"`+string(user)+`","org":"OR-other","role":"OWNER"}`)) + "." + parts[2]
	cases := map[string]string{
		"alg none":          forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, hdr, good()),
		"HS256 with public": forge(t, jwt.SigningMethodHS256, pub, hdr, good()),
		"wrong audience":    forge(t, jwt.SigningMethodEdDSA, active, hdr, with("aud", "another-api")),
		"wrong issuer":      forge(t, jwt.SigningMethodEdDSA, active, hdr, with("iss", "https://evil.example")),
		"expired":           forge(t, jwt.SigningMethodEdDSA, active, hdr, with("exp", now.Add(-time.Minute).Unix())),
		"not yet valid":     forge(t, jwt.SigningMethodEdDSA, active, hdr, with("nbf", now.Add(time.Minute).Unix())),
		"no expiry":         forge(t, jwt.SigningMethodEdDSA, active, hdr, without("exp")),
		"no organization":   forge(t, jwt.SigningMethodEdDSA, active, hdr, without("org")),
		"unknown kid":       forge(t, jwt.SigningMethodEdDSA, active, map[string]any{"kid": "nope", "typ": Type}, good()),
		"another key":       forge(t, jwt.SigningMethodEdDSA, newKey(t), hdr, good()),
		"wrong type":        forge(t, jwt.SigningMethodEdDSA, active, map[string]any{"kid": keys.ActiveKID(), "typ": "JWT"}, good()),
		"tampered payload":  tampered,
		"garbage":           "not.a.token",
		"empty":             "",
	}
	for name, raw := range cases {
		_, err := iss.Verify(raw)
		assert.ErrorIs(t, err, &apperr.Error{Kind: apperr.KindUnauthenticated}, name)
		ae, ok := apperr.As(err)
		if assert.True(t, ok, name) {
			assert.Equal(t, "invalid or expired access token", ae.Text.EN, "%s: the reason is not shown", name)
			assert.Equal(t, apperr.CredentialRefused, ae.Reason, name)
			assert.Equal(t, "アクセストークンが無効か、有効期限が切れています", ae.Text.JA, name)
		}
	}
}

func TestVerify_ToleratesSmallClockSkew(t *testing.T) {
	iss := newIssuer(t, NewKeySet(newKey(t)))
	raw, _, err := iss.Issue(user, org, "MEMBER", "FA1")
	require.NoError(t, err)
	iss.now = func() time.Time { return time.Now().Add(15*time.Minute + Leeway/2) }
	_, err = iss.Verify(raw)
	assert.NoError(t, err, "within the leeway")
	iss.now = func() time.Time { return time.Now().Add(15*time.Minute + 2*Leeway) }
	_, err = iss.Verify(raw)
	assert.Error(t, err, "past the leeway")
}

func TestRotation_TokensOfThePreviousKeyStillVerify(t *testing.T) {
	old, current := newKey(t), newKey(t)
	before := newIssuer(t, NewKeySet(old))
	raw, _, err := before.Issue(user, org, "ADMIN", "FA1")
	require.NoError(t, err)

	after := newIssuer(t, NewKeySet(current, old))
	_, err = after.Verify(raw)
	assert.NoError(t, err, "a token signed before the rotation")
	fresh, _, err := after.Issue(user, org, "ADMIN", "FA1")
	require.NoError(t, err)
	assert.Equal(t, Thumbprint(current.Public().(ed25519.PublicKey)), decodeSegment(t, fresh, 0)["kid"], "new tokens use the new key")

	retired := newIssuer(t, NewKeySet(current))
	_, err = retired.Verify(raw)
	assert.Error(t, err, "once the old key is dropped its tokens stop working")
}

func TestJWKS_PublishesEveryVerificationKey(t *testing.T) {
	old, current := newKey(t), newKey(t)
	keys := NewKeySet(current, old)
	b, err := keys.JWKS()
	require.NoError(t, err)
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(b, &set))
	require.Len(t, set.Keys, 2)
	assert.Equal(t, keys.ActiveKID(), set.Keys[0]["kid"])
	for _, k := range set.Keys {
		assert.Equal(t, "OKP", k["kty"])
		assert.Equal(t, "Ed25519", k["crv"])
		assert.Equal(t, "EdDSA", k["alg"])
		assert.NotContains(t, k, "d", "no private part")
		x, err := base64.RawURLEncoding.DecodeString(k["x"])
		require.NoError(t, err)
		assert.Equal(t, k["kid"], Thumbprint(x))
	}
}

func TestThumbprint_MatchesRFC8037Example(t *testing.T) {
	// RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
	x, err := base64.RawURLEncoding.DecodeString("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
	require.NoError(t, err)
	assert.Equal(t, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", Thumbprint(x))
}

func TestLoadOrGenerate_MakesOneKeyAndKeepsIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LoadOrGenerate(dir)
	require.NoError(t, err)
	second, err := LoadOrGenerate(dir)
	require.NoError(t, err)
	assert.True(t, first.Equal(second), "the key survives a restart")
	info, err := os.Stat(filepath.Join(dir, keyFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	require.NoError(t, os.WriteFile(filepath.Join(dir, keyFile), []byte("garbage"), 0o600))
	_, err = LoadOrGenerate(dir)
	assert.Error(t, err, "a damaged key is reported, never silently replaced")
}

func decodeSegment(t *testing.T, raw string, i int) map[string]any {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(raw, ".")[i])
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

func TestLoadKeySet_FromFilesWithPreviousKeys(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, k ed25519.PrivateKey) string {
		b, err := EncodePrivateKey(k)
		require.NoError(t, err)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, b, 0o600))
		return path
	}
	active, old := newKey(t), newKey(t)
	ks, err := LoadKeySet(write("active.pem", active), []string{write("old.pem", old)}, dir)
	require.NoError(t, err)
	assert.Equal(t, Thumbprint(active.Public().(ed25519.PublicKey)), ks.ActiveKID())
	assert.Len(t, ks.public, 2)

	_, err = LoadKeySet(filepath.Join(dir, "missing.pem"), nil, dir)
	assert.Error(t, err)

	generated, err := LoadKeySet("", nil, filepath.Join(dir, "data"))
	require.NoError(t, err)
	again, err := LoadKeySet("", nil, filepath.Join(dir, "data"))
	require.NoError(t, err)
	assert.Equal(t, generated.ActiveKID(), again.ActiveKID(), "the generated key is kept")
}
