//go:build rlsalone

package tenancy_test

// maxChainDepth, with row-level security alone, is two edges. PostgreSQL applies a table's
// policy to every reference to the table, at any depth of a statement, so a chain reaches a
// hidden row only through an edge into it: one edge tries every edge from every root into every
// hidden type, and two prove the policies hold inside nested sub-queries too. Deeper chains add
// nothing to this layer and cost far more without the data layer's filters (each correlated
// sub-plan scans with its policy: about 17 ms here, so a batch of three-edge chains takes half a
// minute). The four-edge run is the one with all layers on.
const maxChainDepth = 2
