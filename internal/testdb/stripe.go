package testdb

import (
	"net/http"
	"os"
	"testing"
	"time"
)

// StripeMockKey is the secret key tests give stripe-mock, which accepts any test key.
const StripeMockKey = "sk_test_secretariat"

// StripeMock returns the base URL of stripe-mock (STRIPE_MOCK_URL, default
// http://127.0.0.1:12111, started by `make stripe-mock`). It keeps no state: tests use it for
// the requests and answers of Stripe's API, and signed payloads for webhooks.
func StripeMock(t testing.TB) string {
	t.Helper()
	base := os.Getenv("STRIPE_MOCK_URL")
	if base == "" {
		base = "http://127.0.0.1:12111"
	}
	req, err := http.NewRequest(http.MethodGet, base+"/v1/customers?limit=1", nil)
	if err != nil {
		t.Fatalf("testdb: STRIPE_MOCK_URL %q: %v", base, err)
	}
	req.Header.Set("Authorization", "Bearer "+StripeMockKey)
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		Unavailable(t, "stripe-mock is not reachable at %s (make stripe-mock): %v", base, err)
		return ""
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		Unavailable(t, "stripe-mock at %s answered %s", base, resp.Status)
	}
	return base
}
