package billing_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/billingaccount"
	"secretariat/ent/billingquantitychange"
	"secretariat/ent/company"
	"secretariat/internal/billing"
	"secretariat/internal/billing/billingtest"
	"secretariat/internal/billing/plan"
	"secretariat/internal/database"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// subscribed makes the organization's account follow a live CONSULTANCY subscription billed for
// quantity companies.
func subscribed(t *testing.T, db *database.DB, o org, quantity int) {
	t.Helper()
	now := time.Now()
	db.Client.BillingAccount.Update().Where(billingaccount.OrganizationID(o.id)).SetStripeSubscriptionID("sub_" + o.customer).
		SetStripeSubscriptionItemID("si_" + o.customer).SetPlan(plan.Consultancy).SetStatus(plan.Active).
		SetQuantity(quantity).SetCurrentPeriodStart(now.Add(-day)).SetCurrentPeriodEnd(now.Add(29 * day)).
		ExecX(system())
}

// addCompany creates a company as the owner and tells billing, in one transaction, as the
// companies service does.
func addCompany(t *testing.T, db *database.DB, s *billing.Service, o org, name string) (*ent.Company, error) {
	t.Helper()
	var c *ent.Company
	err := db.Run(viewer.NewContext(context.Background(), o.owner), func(ctx context.Context) error {
		var err error
		if c, err = db.Client.Company.Create().SetName(name).Save(ctx); err != nil {
			return err
		}
		return s.UnitsChanged(ctx, billing.Change{Adds: true, Reason: "company " + string(c.ID) + " created"})
	})
	return c, err
}

func outbox(t *testing.T, db *database.DB) []*ent.BillingQuantityChange {
	t.Helper()
	return db.Client.BillingQuantityChange.Query().
		Order(ent.Asc(billingquantitychange.FieldChangedAt)).AllX(system())
}

func TestSync_AChangeMadeWhileStripeIsUnreachableIsKeptAndDeliveredWhenItComesBack(t *testing.T) {
	t.Parallel()
	stripeMock := testdb.StripeMock(t)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		subscribed(t, db, o, 1)
		// Nothing listens on port 1 of loopback: every call is refused, as in an outage.
		down := billing.NewService(db.Client, config("http://127.0.0.1:1"), quiet())

		c, err := addCompany(t, db, down, o, "Client two")
		require.NoError(t, err, "the company change never waits for Stripe")
		assert.True(t, db.Client.Company.Query().Where(company.ID(c.ID)).ExistX(system()))
		rows := outbox(t, db)
		require.Len(t, rows, 1)
		assert.Equal(t, 2, rows[0].Quantity)
		assert.Equal(t, billingquantitychange.StatePENDING, rows[0].State)

		delivered, err := down.DeliverQuantityChanges(context.Background())
		require.NoError(t, err)
		assert.Zero(t, delivered)
		rows = outbox(t, db)
		assert.Equal(t, billingquantitychange.StatePENDING, rows[0].State)
		assert.Equal(t, 1, rows[0].Attempts)
		assert.Contains(t, rows[0].LastError, "127.0.0.1:1")
		assert.True(t, rows[0].NextAttemptAt.After(time.Now()), "the next attempt backs off")

		// A second change while Stripe is still down queues behind the first.
		_, err = addCompany(t, db, down, o, "Client three")
		require.NoError(t, err)
		require.Len(t, outbox(t, db), 2)

		// Stripe is back; once the backoff has passed, both are delivered, in order.
		up := billing.NewService(db.Client, config(stripeMock), quiet())
		up.SetClock(func() time.Time { return time.Now().Add(time.Minute) })
		delivered, err = up.DeliverQuantityChanges(context.Background())
		require.NoError(t, err)
		assert.Equal(t, 2, delivered)
		rows = outbox(t, db)
		for i, want := range []int{2, 3} {
			assert.Equal(t, billingquantitychange.StateDELIVERED, rows[i].State)
			assert.Equal(t, want, rows[i].Quantity)
			assert.NotNil(t, rows[i].DeliveredAt)
		}
		assert.Equal(t, 2, rows[0].Attempts, "one failed attempt, one accepted")

		// Delivered rows are not sent again.
		delivered, err = up.DeliverQuantityChanges(context.Background())
		require.NoError(t, err)
		assert.Zero(t, delivered)
	})
}

func TestSync_ANewQuantityIsQueuedOnlyWhenItChanges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 2)
		subscribed(t, db, o, 2)
		s := billing.NewService(db.Client, config("http://127.0.0.1:1"), quiet())
		err := db.Run(viewer.NewContext(context.Background(), o.owner), func(ctx context.Context) error {
			return s.UnitsChanged(ctx, billing.Change{Unit: billing.CompanyUnit, Reason: "company renamed"})
		})
		require.NoError(t, err)
		assert.Empty(t, outbox(t, db), "two companies, two billed: nothing to send")
	})
}

func TestSync_TheFreePlanRefusesASecondCompanyAndTheChangeIsUndone(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		s := billing.NewService(db.Client, config("http://127.0.0.1:1"), quiet())
		_, err := addCompany(t, db, s, o, "Client two")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "FREE plan allows 1 active company")
		assert.Equal(t, 1, db.Client.Company.Query().CountX(system()), "the transaction was undone")
		assert.Empty(t, outbox(t, db), "FREE has no subscription to sync")
	})
}

func TestSync_BackoffDoublesUpToHalfAnHour(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second},
		[]time.Duration{billing.Backoff(1), billing.Backoff(2), billing.Backoff(3), billing.Backoff(4)})
	assert.Equal(t, 30*time.Minute, billing.Backoff(11))
	assert.Equal(t, 30*time.Minute, billing.Backoff(1000))
}

// Checkout sells at least one unit; when the organization has fewer, the first subscription
// event queues the true quantity.
func TestSync_TheFirstSubscriptionEventQueuesTheTrueQuantity(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 0)
		_, h := webhookOf(db, quiet())
		requireOK(t, deliver(t, h, created("evt_first", o.customer, time.Now())), billing.Applied)
		rows := outbox(t, db)
		require.Len(t, rows, 1, "Stripe bills 2, the organization has no company")
		assert.Equal(t, 0, rows[0].Quantity)
		assert.Contains(t, rows[0].Reason, "customer.subscription.created")

		requireOK(t, deliver(t, h, billingtest.Event{ID: "evt_second", Type: "customer.subscription.updated", Created: time.Now().Add(time.Second),
			Object: billingtest.Subscription("sub_"+o.customer, o.customer, "trialing", billingtest.PriceConsultancy, 2, time.Now(), time.Time{})}), billing.Applied)
		assert.Len(t, outbox(t, db), 1, "a stale quantity from Stripe does not queue the same change again")
	})
}

// Two changes made at the same instant keep their order in the outbox.
func TestSync_ChangesOfTheSameInstantKeepTheirOrder(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		subscribed(t, db, o, 1)
		s := billing.NewService(db.Client, config("http://127.0.0.1:1"), quiet())
		frozen := time.Now()
		s.SetClock(func() time.Time { return frozen })
		for _, name := range []string{"two", "three", "four"} {
			_, err := addCompany(t, db, s, o, name)
			require.NoError(t, err)
		}
		rows := outbox(t, db)
		require.Len(t, rows, 3)
		for i, want := range []int{2, 3, 4} {
			assert.Equal(t, want, rows[i].Quantity)
			if i > 0 {
				assert.True(t, rows[i].ChangedAt.After(rows[i-1].ChangedAt), "strictly increasing")
			}
		}
	})
}
