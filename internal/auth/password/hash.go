package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// params are the argon2id cost parameters stored in every hash.
type params struct {
	memory  uint32 // KiB
	time    uint32 // passes over the memory
	threads uint8  // lanes
}

// current is what new hashes use, sized for an interactive login on a 2-core server.
// OWASP's floor for argon2id is m=19 MiB, t=2, p=1. Memory is what makes GPU and ASIC guessing
// expensive, so we spend 64 MiB (RFC 9106's second recommended size) with t=2; p=2 lets both
// cores fill that memory in parallel, which keeps a login around 50-100 ms of wall time.
// Each login in flight holds 64 MiB, so the login rate limiter is what bounds memory use.
var current = params{memory: 64 * 1024, time: 2, threads: 2}

const (
	saltLen = 16 // RFC 9106 recommends 128 bits
	keyLen  = 32 // 256-bit tag; longer adds nothing against guessing
)

// Bounds on what Verify will accept from a stored hash. The hash decides how much work a login
// does, so a corrupt or planted row must not make one request allocate gigabytes or spin for
// minutes. They leave room to raise current a few times before they need to move.
const (
	maxMemory  = 256 * 1024
	maxTime    = 10
	maxThreads = 8
	minSaltLen = 8 // RFC 9106 minimum
	maxSaltLen = 64
	minKeyLen  = 16
	maxKeyLen  = 64
)

// ErrInvalidHash is wrapped by every error Verify returns: the stored string is not an argon2id
// hash this package can check. It is a server-side fault, never the user's.
var ErrInvalidHash = errors.New("password: invalid stored hash")

var b64 = base64.RawStdEncoding.Strict()

// Hash returns the argon2id hash of password with a fresh random salt, as a PHC string:
// $argon2id$v=19$m=65536,t=2,p=2$<salt>$<hash>.
func Hash(password string) (string, error) {
	reuse := reused.Load()
	if reuse != nil {
		if h, ok := reuse.Load(password); ok {
			return h.(string), nil
		}
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: read salt: %w", err)
	}
	h := encode(current, salt, password, keyLen)
	if reuse != nil {
		reuse.Store(password, h)
	}
	return h, nil
}

// reused holds, once ReuseHashesInTests was called, the hash Hash made of each password; nil
// (the server's case) costs Hash one atomic load.
var reused atomic.Pointer[sync.Map]

// ReuseHashesInTests makes Hash return, for a password it has hashed before in this process, that
// same hash (same salt, same parameters) instead of spending a new argon2id derivation on it.
// Verify is unchanged: every login still does the full work against a current-parameter hash.
// Only test binaries call it (from TestMain): an API suite signs up and invites hundreds of
// accounts with one password, and their hashing was most of its CPU time. A server never calls
// it; a reused salt would let one guess crack every account with the same password.
func ReuseHashesInTests() { reused.CompareAndSwap(nil, &sync.Map{}) }

func encode(p params, salt []byte, password string, keyLen uint32) string {
	key := derive(password, salt, p, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// Verify reports whether password matches the encoded hash. needsRehash is true only on a match
// whose hash was made with other parameters than Hash uses now, so the caller can store a fresh
// Hash of the password it has just proved correct. A malformed or unsupported hash is an error
// wrapping ErrInvalidHash.
func Verify(encoded, password string) (ok, needsRehash bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	got := derive(password, salt, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != current || len(salt) != saltLen || len(want) != keyLen, nil
}

// verify is what VerifyNothing runs; a variable only so a test can see that it is Verify.
var verify = Verify

// dummyHash is a hash of a random password nobody knows, with the current parameters. It is
// made on first use rather than at start-up so processes that never log anyone in don't pay.
var dummyHash = sync.OnceValue(func() string {
	h, err := Hash(rand.Text())
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return h
})

// VerifyNothing does the work of one Verify against a current-parameter hash and discards the
// result. Call it when a login names an unknown e-mail address, so that answer takes as long as
// a wrong password and response times don't reveal which addresses have accounts.
func VerifyNothing(password string) {
	_, _, _ = verify(dummyHash(), password)
}

// decode parses a PHC argon2id string. Errors describe the fault without echoing the string,
// which is a credential and must not end up in logs.
func decode(encoded string) (p params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, invalid("want $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>")
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, invalid("unsupported variant, want argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, invalid("unsupported version, want v=19")
	}
	if p, err = decodeParams(parts[3]); err != nil {
		return p, nil, nil, err
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return p, nil, nil, invalid("salt is not %d to %d bytes of unpadded base64", minSaltLen, maxSaltLen)
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return p, nil, nil, invalid("hash is not %d to %d bytes of unpadded base64", minKeyLen, maxKeyLen)
	}
	return p, salt, key, nil
}

// decodeParams parses "m=<m>,t=<t>,p=<p>" in that order, as the PHC format fixes it.
func decodeParams(s string) (params, error) {
	var p params
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return p, invalid("want parameters m=<m>,t=<t>,p=<p>")
	}
	m, err := decodeUint(fields[0], "m=", maxMemory)
	if err != nil {
		return p, err
	}
	t, err := decodeUint(fields[1], "t=", maxTime)
	if err != nil {
		return p, err
	}
	l, err := decodeUint(fields[2], "p=", maxThreads)
	if err != nil {
		return p, err
	}
	if t < 1 || l < 1 || m < 8*l { // RFC 9106 minimums; argon2 panics on t=0 or p=0
		return p, invalid("parameters below the argon2 minimums")
	}
	return params{memory: uint32(m), time: uint32(t), threads: uint8(l)}, nil
}

// decodeUint reads a canonical decimal (no sign, no leading zero) after prefix, at most limit.
func decodeUint(field, prefix string, limit uint64) (uint64, error) {
	digits, found := strings.CutPrefix(field, prefix)
	if !found || digits == "" || (digits[0] == '0' && len(digits) > 1) {
		return 0, invalid("want parameter %s<decimal>", prefix)
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	if err != nil || n > limit {
		return 0, invalid("parameter %s out of range (at most %d)", prefix, limit)
	}
	return n, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidHash, fmt.Sprintf(format, args...))
}

// derivations bounds the argon2id derivations running at once in the process to one per CPU.
// Each holds its memory parameter (64 MiB) until it ends: unbounded, a burst of logins from
// many addresses (each within its own rate limit) would take a replica's memory by the
// gigabyte, for no gain in speed once the CPUs are busy. The others wait their turn.
var derivations = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// deriving counts the derivations running, for the test of the bound.
var deriving atomic.Int64

func derive(password string, salt []byte, p params, keyLen uint32) []byte {
	derivations <- struct{}{}
	defer func() { <-derivations }()
	deriving.Add(1)
	defer deriving.Add(-1)
	return argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, keyLen)
}
