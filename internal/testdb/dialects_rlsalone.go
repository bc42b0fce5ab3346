//go:build rlsalone

package testdb

// Dialects, in the build that switches the data layer's filters off (tag rlsalone), hold only
// PostgreSQL: there row-level security must keep tenants apart on its own.
var Dialects = []string{"postgres"}
