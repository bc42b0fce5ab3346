package auditlog

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	gen "secretariat/ent"
	"secretariat/ent/auditevent"
	"secretariat/internal/auditlog/change"
	"secretariat/internal/pulid"
)

// draft is an event before it takes its place in the chain.
type draft struct {
	org, company, actor pulid.ID
	action              change.Action
	entityType          string
	entityID            pulid.ID
	changes             []change.Field
	requestID           string
}

// lockKey is the advisory lock of an organization's chain.
func lockKey(org pulid.ID) int64 {
	sum := sha256.Sum256([]byte("secretariat/auditlog/" + string(org)))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// lockChains takes the chain locks of the organizations, in one order, in the client's
// transaction.
func lockChains(ctx context.Context, client *gen.Client, orgs []pulid.ID) error {
	orgs = slices.Clone(orgs)
	slices.Sort(orgs)
	for _, org := range slices.Compact(orgs) {
		if err := client.AdvisoryXactLock(ctx, lockKey(org)); err != nil {
			return fmt.Errorf("lock the chain of %s: %w", org, err)
		}
	}
	return nil
}

// appendEvents adds the drafts to their organizations' chains in the write's transaction. A
// client of ent's transaction (database.WithTx) holds the chain locks already: it appends
// directly. Any other client runs the append in client.Tx, which inside a GraphQL operation is a
// savepoint of the operation's transaction (the write's) and outside any transaction is one of
// its own; either way it takes the chain locks again, so that a write outside a transaction
// cannot slip an event between another writer's read of the head and its insert.
func appendEvents(ctx context.Context, client *gen.Client, drafts []draft, now time.Time) error {
	if len(drafts) == 0 {
		return nil
	}
	ctx = appending(ctx)
	var orgs []pulid.ID
	byOrg := map[pulid.ID][]draft{}
	var companies []pulid.ID
	for _, d := range drafts {
		if _, ok := byOrg[d.org]; !ok {
			orgs = append(orgs, d.org)
		}
		byOrg[d.org] = append(byOrg[d.org], d)
		if d.company != "" && !slices.Contains(companies, d.company) {
			companies = append(companies, d.company)
		}
	}
	write := func(client *gen.Client) error {
		for _, org := range orgs {
			if err := appendChain(ctx, client, org, byOrg[org], now); err != nil {
				return err
			}
		}
		// The companies whose records changed get a new data version with their events, so
		// that no cached figure of theirs outlives the write (internal/portfolio).
		if err := client.BumpDataVersions(ctx, companies); err != nil {
			return fmt.Errorf("count the write in the data version of its companies: %w", err)
		}
		return nil
	}
	if client.InTransaction() {
		return write(client)
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin appending: %w", err)
	}
	if err := lockChains(ctx, tx.Client(), orgs); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	if err := write(tx.Client()); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

func appendChain(ctx context.Context, client *gen.Client, org pulid.ID, drafts []draft, now time.Time) error {
	seq, prev, err := head(ctx, client, org)
	if err != nil {
		return err
	}
	builders := make([]*gen.AuditEventCreate, len(drafts))
	for i, d := range drafts {
		seq++
		link := Link{
			OrganizationID: org, CompanyID: d.company, Seq: seq, OccurredAt: occurredAt(now), ActorID: d.actor,
			Action: d.action, EntityType: d.entityType, EntityID: d.entityID, Changes: d.changes, RequestID: d.requestID,
		}
		hash := link.Hash(prev)
		b := client.AuditEvent.Create().
			SetOrganizationID(org).
			SetSeq(seq).
			SetOccurredAt(link.OccurredAt).
			SetAction(d.action).
			SetEntityType(d.entityType).
			SetEntityID(d.entityID).
			SetChanges(d.changes).
			SetPrevHash(prev).
			SetHash(hash)
		if d.company != "" {
			b.SetCompanyID(d.company)
		}
		if d.actor != "" {
			b.SetActorID(d.actor)
		}
		if d.requestID != "" {
			b.SetRequestID(d.requestID)
		}
		builders[i] = b
		prev = hash
	}
	if err := client.AuditEvent.CreateBulk(builders...).Exec(ctx); err != nil {
		return fmt.Errorf("append to the chain of %s: %w", org, err)
	}
	return nil
}

// head returns the seq and hash of the organization's last event: 0 and Genesis for none.
func head(ctx context.Context, client *gen.Client, org pulid.ID) (int64, string, error) {
	last, err := client.AuditEvent.Query().
		Where(auditevent.OrganizationID(org)).
		Order(auditevent.BySeq(sql.OrderDesc())).
		Select(auditevent.FieldSeq, auditevent.FieldHash).
		First(ctx)
	if gen.IsNotFound(err) {
		return 0, Genesis, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read the head of the chain of %s: %w", org, err)
	}
	return last.Seq, last.Hash, nil
}
