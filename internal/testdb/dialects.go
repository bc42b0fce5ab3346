//go:build !rlsalone

package testdb

// Dialects are the databases every data test runs against.
var Dialects = []string{"sqlite", "postgres"}
