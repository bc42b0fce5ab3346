//go:build !rlsalone

package tenancy_test

// maxChainDepth is how many edges the longest chain of the edge-predicate suite has.
const maxChainDepth = 4
