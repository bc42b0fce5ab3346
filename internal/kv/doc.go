// Package kv holds the small interfaces the server uses for state that is
// shared between nodes and expires on its own: a byte cache with set-if-absent
// (token denylists, single-use tokens, persisted queries), a GCRA rate limiter,
// fire-and-forget pub/sub and a readiness ping.
//
// Each interface has two implementations that pass one shared test suite:
// Redis, reached through a redis.UniversalClient so that a single node,
// Cluster and Sentinel all work unchanged, and an in-process one for a single
// node that needs no configuration. A Backend bundles one implementation of
// each; build it with NewRedis or NewMemory.
package kv
