//go:build !rlsalone

package schema

// layer1 switches the data-layer filters on. Only the test build tagged rlsalone switches them
// off, to prove that row-level security alone keeps tenants apart (Makefile, test).
const layer1 = true
