//go:build rlsalone

package schema

// layer1 is off in this test build: queries and writes are no longer filtered by the data
// layer, and only PostgreSQL row-level security stands between tenants.
const layer1 = false
