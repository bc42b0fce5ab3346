// Package token issues and verifies the API's access tokens: JWTs signed with Ed25519 (EdDSA),
// each naming its key by `kid`, with the public keys published as a JWKS. Verification pins the
// algorithm, issuer, audience and token type and requires an expiry. Refresh tokens, revocation
// and sign-in flows live elsewhere.
package token

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// KeySet is the active signing key and every public key still accepted for verification (the
// active one and those of previous keys during a rotation).
type KeySet struct {
	activeKID string
	active    ed25519.PrivateKey
	public    map[string]ed25519.PublicKey
	order     []string
}

// NewKeySet builds a key set from the active private key and the previous ones.
func NewKeySet(active ed25519.PrivateKey, previous ...ed25519.PrivateKey) *KeySet {
	ks := &KeySet{active: active, public: map[string]ed25519.PublicKey{}}
	ks.activeKID = ks.add(active.Public().(ed25519.PublicKey))
	for _, p := range previous {
		ks.add(p.Public().(ed25519.PublicKey))
	}
	return ks
}

func (ks *KeySet) add(pub ed25519.PublicKey) string {
	kid := Thumbprint(pub)
	if _, ok := ks.public[kid]; !ok {
		ks.public[kid] = pub
		ks.order = append(ks.order, kid)
	}
	return kid
}

// ActiveKID returns the key id of the signing key.
func (ks *KeySet) ActiveKID() string { return ks.activeKID }

// Thumbprint is the RFC 7638 JWK thumbprint of an Ed25519 public key, used as its kid.
func Thumbprint(pub ed25519.PublicKey) string {
	// The members in lexicographic order, no white space, as RFC 7638 requires.
	canonical := `{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(pub) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// jwk is one public key as served at /.well-known/jwks.json.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

// JWKS returns the public keys as a JSON Web Key Set, the active key first.
func (ks *KeySet) JWKS() ([]byte, error) {
	keys := make([]jwk, 0, len(ks.order))
	for _, kid := range ks.order {
		keys = append(keys, jwk{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(ks.public[kid]), Kid: kid, Use: "sig", Alg: "EdDSA"})
	}
	return json.Marshal(map[string]any{"keys": keys})
}

// ParsePrivateKey reads an Ed25519 private key from PKCS #8 PEM.
func ParsePrivateKey(pemText []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(pemText)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("not a PEM \"PRIVATE KEY\" block")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse PKCS #8 key: %w", err)
	}
	ed, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the key is a %T, not Ed25519", key)
	}
	return ed, nil
}

// EncodePrivateKey writes an Ed25519 private key as PKCS #8 PEM.
func EncodePrivateKey(key ed25519.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// keyFile is where a generated signing key is kept in the data folder.
const keyFile = "signing-key.pem"

// LoadOrGenerate returns the signing key kept in dataDir, generating it on first use, for a
// server run with no keys configured. The file is readable by its owner only.
func LoadOrGenerate(dataDir string) (ed25519.PrivateKey, error) {
	path := filepath.Join(dataDir, keyFile)
	if b, err := os.ReadFile(path); err == nil {
		key, err := ParsePrivateKey(b)
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", path, err)
		}
		return key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	b, err := EncodePrivateKey(key)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	// O_EXCL: if another process generated the key meanwhile, keep theirs.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return LoadOrGenerate(dataDir)
	}
	if err != nil {
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write signing key: %w", err)
	}
	return key, nil
}
