// Package auditlog is the audit trail (監査証跡): who changed which record of a tenant, when and
// how, kept append-only and hash-chained per organization so that a change made behind the
// application's back shows.
//
// What is recorded. Every create, update, archive (archived_at set), restore (archived_at
// cleared) and delete of a tenant's record writes one AuditEvent per row: the organization, the
// company when the row has one, the actor (the viewer's user; none for the system context), the
// action, the entity type and ID, the changed fields before and after as JSON text (secrets —
// fields marked Sensitive in the schema — redacted), the request id and the time. A workflow step
// is an UPDATE whose changes hold the status before and after. An update that changes no
// recorded field (only updated_at) writes nothing. Refresh tokens are sessions, not tenant data,
// and are not recorded; users are global, so only a change a viewer makes to a user is recorded,
// in that viewer's organization. The hook (ent/schema/audit.go) is attached to the tenant mixin,
// so a new entity is recorded by construction.
//
// In the transaction of the change. The event is written through the mutation's own client,
// after the change succeeded: in a GraphQL operation (one transaction on PostgreSQL and, for
// mutations, on SQLite) or a service's database.WithTx, the change and its event commit or roll
// back together, and a refused write leaves no event. A write outside any transaction (a system
// job writing rows one by one) still gets its event, right after the change.
//
// Bulk writes. An update or delete of many rows records one event per row: the hook queries the
// IDs the write will touch, pins the write to exactly those rows (so a row inserted meanwhile is
// neither changed nor missed by the trail) and reads each row's values before the write.
//
// The chain. Each organization has one chain: seq counts from 1, the first event's prev_hash is
// Genesis (64 zeros), and hash = SHA-256 hex of prev_hash, a newline and the event's canonical
// form (Link.Canonical). Two transactions of one organization never fork it: on PostgreSQL the
// hook takes pg_advisory_xact_lock keyed by the organization before the write (so the values
// read before the write are not being changed by another audited write, and writers lock in one
// order: the chain first, then rows) and reads the chain's head after it; SQLite serializes
// writers itself; a write outside any transaction appends in a short transaction of its own that
// takes the lock too; and the unique (organization_id, seq) index refuses a fork in any case.
//
// Append-only. No API changes or deletes an event; the ent policy (AppendOnly) refuses updates and
// deletes whoever asks, the system context included, and allows a create only from this package;
// on PostgreSQL the application role holds only SELECT and INSERT on audit_events
// (internal/tenancy/rls/policy.go). VerifyTrail recomputes the chain and names the first broken
// link: an event changed in place, or a gap left by a deleted one. Deleting the newest events
// leaves a shorter chain that is still intact: record the head (seq and hash) elsewhere, as an
// anchor, to detect that too.
//
// Data versions. With the events of a write, each company they belong to gets one more
// companies.data_version, in the same transaction: the version counts the writes of the
// company's records, so a figure cached under it (internal/portfolio) is never read after a
// write, on any replica, while the figures of the other companies stay.
package auditlog

import "strings"

// Genesis is the prev_hash of an organization's first event.
var Genesis = strings.Repeat("0", 64)
