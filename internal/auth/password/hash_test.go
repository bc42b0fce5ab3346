package password

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cheap keeps tests that only exercise parsing fast, even under -race.
var cheap = params{memory: 64, time: 1, threads: 1}

func TestHash_ProducesPHCStringWithCurrentParameters(t *testing.T) {
	h, err := Hash("correct horse battery")
	require.NoError(t, err)
	assert.Regexp(t, `^\$argon2id\$v=19\$m=65536,t=2,p=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`, h)
}

func TestVerify_RoundTripAcceptsThePasswordWithoutRehash(t *testing.T) {
	h, err := Hash("correct horse battery")
	require.NoError(t, err)
	ok, rehash, err := Verify(h, "correct horse battery")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, rehash)
}

func TestVerify_WrongPasswordIsRefused(t *testing.T) {
	h := encode(cheap, []byte("0123456789abcdef"), "correct horse battery", keyLen)
	for _, pw := range []string{"correct horse batterY", "correct horse battery ", "", "x"} {
		ok, rehash, err := Verify(h, pw)
		require.NoError(t, err, "%q", pw)
		assert.False(t, ok, "%q", pw)
		assert.False(t, rehash, "a failed check must never ask to store a new hash (%q)", pw)
	}
}

func TestHash_SamePasswordTwiceGivesDifferentHashes(t *testing.T) {
	a, err := Hash("correct horse battery")
	require.NoError(t, err)
	b, err := Hash("correct horse battery")
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "each hash must get its own salt")
}

func TestVerify_HashWithOtherParametersNeedsRehash(t *testing.T) {
	salt := []byte("0123456789abcdef")
	for name, h := range map[string]string{
		"weaker parameters": encode(cheap, salt, "pw", keyLen),
		"shorter salt":      encode(current, salt[:8], "pw", keyLen),
		"longer key":        encode(params{memory: 1024, time: 2, threads: 2}, salt, "pw", 64),
	} {
		ok, rehash, err := Verify(h, "pw")
		require.NoError(t, err, name)
		assert.True(t, ok, name)
		assert.True(t, rehash, name)
	}
}

func TestVerify_MalformedOrUnsupportedHashIsAnErrorNotAPanic(t *testing.T) {
	good := encode(cheap, []byte("0123456789abcdef"), "pw", keyLen)
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=..., salt, hash
	salt, key := parts[4], parts[5]
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	cases := map[string]string{
		"empty":                 "",
		"no leading dollar":     strings.TrimPrefix(good, "$"),
		"trailing dollar":       good + "$",
		"extra part":            good + "$AAAA",
		"missing hash":          strings.Join(parts[:5], "$"),
		"missing version":       "$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"bcrypt":                "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":               with(1, "argon2i"),
		"argon2d":               with(1, "argon2d"),
		"upper-case variant":    with(1, "ARGON2ID"),
		"version 16":            with(2, "v=16"),
		"version padded":        with(2, "v=019"),
		"params missing p":      with(3, "m=64,t=1"),
		"params extra field":    with(3, "m=64,t=1,p=1,k=1"),
		"params out of order":   with(3, "t=1,m=64,p=1"),
		"params with spaces":    with(3, "m=64, t=1, p=1"),
		"m=0":                   with(3, "m=0,t=1,p=1"),
		"m below 8*p":           with(3, "m=15,t=1,p=2"),
		"m huge":                with(3, "m=4294967295,t=1,p=1"),
		"m just over the bound": with(3, "m=262145,t=1,p=1"),
		"m negative":            with(3, "m=-64,t=1,p=1"),
		"m with plus sign":      with(3, "m=+64,t=1,p=1"),
		"m leading zero":        with(3, "m=064,t=1,p=1"),
		"m exponent":            with(3, "m=6e4,t=1,p=1"),
		"m empty":               with(3, "m=,t=1,p=1"),
		"t=0":                   with(3, "m=64,t=0,p=1"),
		"t=2^32":                with(3, "m=64,t=4294967296,p=1"),
		"t too many passes":     with(3, "m=64,t=11,p=1"),
		"p=0":                   with(3, "m=64,t=1,p=0"),
		"p=256":                 with(3, "m=4096,t=1,p=256"),
		"p too many lanes":      with(3, "m=4096,t=1,p=9"),
		"salt not base64":       with(4, "!!!!!!!!!!!!"),
		"salt padded":           with(4, salt+"=="),
		"salt empty":            with(4, ""),
		"salt too short":        with(4, "AAAAAA"),
		"salt too long":         with(4, strings.Repeat("A", 100)),
		"hash not base64":       with(5, "%%%%"),
		"hash empty":            with(5, ""),
		"hash too short":        with(5, "AAAAAAAA"),
		"hash too long":         with(5, strings.Repeat("A", 100)),
		"hash non-canonical":    with(5, key[:len(key)-1]+"B"), // stray bits in the last char
		"url-safe alphabet":     with(5, "-"+key[1:]),
	}
	for name, h := range cases {
		require.NotPanics(t, func() {
			ok, rehash, err := Verify(h, "pw")
			require.ErrorIs(t, err, ErrInvalidHash, name)
			assert.False(t, ok, name)
			assert.False(t, rehash, name)
			assert.NotContains(t, err.Error(), key, "errors must not echo the stored hash")
		}, name)
	}
}

func TestVerifyNothing_RunsVerifyOnACurrentParameterHash(t *testing.T) {
	var gotHash, gotPassword string
	verify = func(encoded, password string) (bool, bool, error) {
		gotHash, gotPassword = encoded, password
		return Verify(encoded, password)
	}
	t.Cleanup(func() { verify = Verify })

	VerifyNothing("some guess")

	assert.Equal(t, dummyHash(), gotHash)
	assert.Equal(t, "some guess", gotPassword)
	p, salt, key, err := decode(gotHash)
	require.NoError(t, err)
	assert.Equal(t, current, p, "the dummy must cost what a real hash costs")
	assert.Len(t, salt, saltLen)
	assert.Len(t, key, keyLen)
	assert.Equal(t, dummyHash(), dummyHash(), "computed once")
}

func FuzzDecode_NeverPanics(f *testing.F) {
	f.Add(encode(cheap, []byte("0123456789abcdef"), "pw", keyLen))
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := decode(s)
		if err == nil {
			assert.GreaterOrEqual(t, p.time, uint32(1))
			assert.GreaterOrEqual(t, p.threads, uint8(1))
			assert.LessOrEqual(t, p.memory, uint32(maxMemory))
			assert.NotEmpty(t, salt)
			assert.NotEmpty(t, key)
		}
	})
}

func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse battery"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyNothing(b *testing.B) {
	dummyHash()
	for b.Loop() {
		VerifyNothing("correct horse battery")
	}
}

func TestReuseHashesInTests_ReturnsTheFirstHashOfAPasswordAndVerifiesIt(t *testing.T) {
	first, err := Hash("correct horse battery")
	require.NoError(t, err)
	second, err := Hash("correct horse battery")
	require.NoError(t, err)
	assert.NotEqual(t, first, second, "off by default: a fresh salt each time")

	ReuseHashesInTests()
	t.Cleanup(func() { reused.Store(nil) })
	a, err := Hash("correct horse battery")
	require.NoError(t, err)
	b, err := Hash("correct horse battery")
	require.NoError(t, err)
	other, err := Hash("another password entirely")
	require.NoError(t, err)
	assert.Equal(t, a, b, "the same password gets the hash made before")
	assert.NotEqual(t, a, other)
	ok, rehash, err := Verify(a, "correct horse battery")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.False(t, rehash, "made with the current parameters")
	ok, _, err = Verify(a, "wrong")
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestHash_DerivationsRunAtMostOnePerCPUAtOnce(t *testing.T) {
	encoded, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	var peak atomic.Int64
	var wg sync.WaitGroup
	for range 4 * cap(derivations) {
		wg.Go(func() {
			done := make(chan struct{})
			go func() {
				defer close(done)
				if ok, _, err := Verify(encoded, "a wrong guess"); ok || err != nil {
					t.Errorf("a wrong guess: ok %v, err %v", ok, err)
				}
			}()
			for {
				if n := deriving.Load(); n > peak.Load() {
					peak.Store(n)
				}
				select {
				case <-done:
					return
				default:
					runtime.Gosched()
				}
			}
		})
	}
	wg.Wait()
	if peak.Load() != int64(cap(derivations)) {
		t.Fatalf("%d derivations ran at once at most; want the bound, %d", peak.Load(), cap(derivations))
	}
	if cap(derivations) != max(1, runtime.GOMAXPROCS(0)) {
		t.Fatalf("the bound is %d, not one per CPU", cap(derivations))
	}
}
