package billing

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/billingaccount"
	"secretariat/ent/billingquantitychange"
	"secretariat/internal/pulid"
)

// The sync worker delivers the billing outbox: each organization's pending quantity changes, in
// the order they were made, each with the idempotency key of its row (a delivery retried after a
// lost answer is not applied twice) and prorated from when the change happened. A failure leaves
// the row pending with a later attempt time (backoff doubling from 2 s to 30 min) and holds back
// the organization's later rows, so that Stripe ends on the latest quantity. Replicas share the
// work through a lease on the account.

const (
	firstRetry = 2 * time.Second
	lastRetry  = 30 * time.Minute
	leaseFor   = 2 * time.Minute
)

// backoff is the wait before attempt n+1 after n failures.
func backoff(n int) time.Duration {
	d := firstRetry
	for i := 1; i < n && d < lastRetry; i++ {
		d *= 2
	}
	return min(d, lastRetry)
}

// DeliverQuantityChanges sends every due change to Stripe and returns how many Stripe accepted.
func (s *Service) DeliverQuantityChanges(ctx context.Context) (int, error) {
	if !s.Enabled() {
		return 0, nil
	}
	sys := s.system(ctx, "deliver the quantity outbox")
	due, err := s.db.BillingQuantityChange.Query().Where(
		billingquantitychange.StateEQ(billingquantitychange.StatePENDING),
		billingquantitychange.NextAttemptAtLTE(s.now()),
	).Unique(true).Select(billingquantitychange.FieldOrganizationID).Strings(sys)
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	delivered := 0
	for _, org := range due {
		n, err := s.deliverOrganization(sys, pulid.ID(org))
		delivered += n
		if err != nil {
			return delivered, err
		}
	}
	return delivered, nil
}

// deliverOrganization delivers one organization's pending changes under its lease.
func (s *Service) deliverOrganization(ctx context.Context, org pulid.ID) (int, error) {
	now := s.now()
	claimed, err := s.db.BillingAccount.Update().Where(
		billingaccount.OrganizationID(org),
		billingaccount.Or(billingaccount.SyncLeaseUntilIsNil(), billingaccount.SyncLeaseUntilLT(now)),
	).SetSyncLeaseUntil(now.Add(leaseFor)).Save(ctx)
	if err != nil || claimed == 0 {
		return 0, err // another worker holds it
	}
	defer func() {
		if err := s.db.BillingAccount.Update().Where(billingaccount.OrganizationID(org)).ClearSyncLeaseUntil().Exec(ctx); err != nil {
			s.log.ErrorContext(ctx, "release billing sync lease", "organization_id", org, "error", err)
		}
	}()
	a, err := s.db.BillingAccount.Query().Where(billingaccount.OrganizationID(org)).Only(ctx)
	if err != nil {
		return 0, fmt.Errorf("read billing account: %w", err)
	}
	rows, err := s.db.BillingQuantityChange.Query().Where(
		billingquantitychange.OrganizationID(org),
		billingquantitychange.StateEQ(billingquantitychange.StatePENDING),
	).Order(ent.Asc(billingquantitychange.FieldChangedAt), ent.Asc(billingquantitychange.FieldID)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	delivered := 0
	for _, row := range rows {
		if !billable(a) {
			err := row.Update().SetState(billingquantitychange.StateDROPPED).
				SetLastError("the organization has no live subscription any more").Exec(ctx)
			if err != nil {
				return delivered, fmt.Errorf("drop outbox row: %w", err)
			}
			s.log.InfoContext(ctx, "billing quantity change dropped: no live subscription", "organization_id", org, "change", row.ID)
			continue
		}
		if row.NextAttemptAt.After(s.now()) {
			break // backing off; the rows after it wait for it
		}
		var from *time.Time
		if a.CurrentPeriodStart != nil && !row.ChangedAt.Before(*a.CurrentPeriodStart) {
			from = &row.ChangedAt
		}
		err := s.stripe.setQuantity(ctx, *a.StripeSubscriptionItemID, int64(row.Quantity), from, "secretariat-quantity-"+string(row.ID))
		if err != nil {
			attempts := row.Attempts + 1
			next := s.now().Add(backoff(attempts))
			if uerr := row.Update().SetAttempts(attempts).SetNextAttemptAt(next).SetLastError(err.Error()).Exec(ctx); uerr != nil {
				return delivered, fmt.Errorf("record failed delivery: %w", uerr)
			}
			s.log.WarnContext(ctx, "billing quantity change not delivered; will retry",
				"organization_id", org, "change", row.ID, "attempts", attempts, "next_attempt_at", next, "error", err)
			break
		}
		if err := row.Update().SetState(billingquantitychange.StateDELIVERED).SetDeliveredAt(s.now()).
			SetAttempts(row.Attempts + 1).SetLastError("").Exec(ctx); err != nil {
			return delivered, fmt.Errorf("record delivery: %w", err)
		}
		delivered++
		s.log.InfoContext(ctx, "billing quantity delivered", "organization_id", org, "quantity", row.Quantity, "reason", row.Reason)
	}
	return delivered, nil
}

// RunSync delivers the outbox every interval until ctx ends.
func (s *Service) RunSync(ctx context.Context, every time.Duration) {
	if !s.Enabled() {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.DeliverQuantityChanges(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "billing sync", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Backlog counts the quantity changes of every organization that Stripe has not accepted yet,
// and how long the oldest has waited: what an operator alerts on.
func (s *Service) Backlog(ctx context.Context) (pending int, oldest time.Duration, err error) {
	sys := s.system(ctx, "measure the outbox backlog")
	pendingRows := s.db.BillingQuantityChange.Query().Where(billingquantitychange.StateEQ(billingquantitychange.StatePENDING))
	first, err := pendingRows.Clone().Order(ent.Asc(billingquantitychange.FieldChangedAt)).First(sys)
	if ent.IsNotFound(err) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("outbox backlog: %w", err)
	}
	if pending, err = pendingRows.Count(sys); err != nil {
		return 0, 0, fmt.Errorf("outbox backlog: %w", err)
	}
	return pending, s.now().Sub(first.ChangedAt), nil
}
