// Package kv holds the small interfaces the server uses for state that is
// shared between nodes and expires on its own: a byte cache with set-if-absent
// (single-use tokens, persisted queries), a GCRA rate limiter, fire-and-forget
// pub/sub and a readiness ping. Nothing that must not be lost lives here:
// revoked sessions are in the database.
//
// Each interface has two implementations that pass one shared test suite:
// Redis, reached through a redis.UniversalClient so that a single node,
// Cluster and Sentinel all work unchanged, and an in-process one for a single
// node that needs no configuration. A Backend bundles one implementation of
// each; build it with NewRedis or NewMemory. Degrade wraps a shared Backend so
// that an outage of it degrades (rate limits and cache in process, logged and
// counted) instead of failing requests; BoundTimeouts keeps a dead Redis from
// holding them.
package kv
