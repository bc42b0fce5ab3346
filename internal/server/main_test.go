package server_test

import (
	"os"
	"testing"

	"secretariat/internal/auth/password"
	"secretariat/internal/testdb"
)

func TestMain(m *testing.M) {
	// The suites sign up and invite hundreds of accounts with the same password; hashing each one
	// afresh was most of the package's CPU time. Logins still verify at full cost.
	password.ReuseHashesInTests()
	code := m.Run()
	testdb.DropFixtures()
	os.Exit(code)
}
