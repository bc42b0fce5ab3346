//go:build rlsalone

package tenancy_test

// maxChainDepth, with row-level security alone, stops at two edges: without the data layer's
// filters PostgreSQL evaluates each chain over every row of every table it crosses, and four
// edges take longer than the suite's budget. The full depth runs with all layers on.
const maxChainDepth = 2
