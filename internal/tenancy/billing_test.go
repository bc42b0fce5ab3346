package tenancy_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/internal/billing/plan"
	"secretariat/internal/database"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

// internalTables are never reachable by ID and no API reads them by ID: sessions and the billing
// bookkeeping. The row-level security tests cover them (withInternalRows), and the tests below
// the billing ones through ent.
var internalTables = map[string]bool{
	"refresh_tokens":           true,
	"password_resets":          true,
	"billing_accounts":         true,
	"billing_quantity_changes": true,
	"billing_events":           true,
}

// billingOf gives the tenant a billing account, a quantity change and a recorded Stripe event.
func billingOf(t *testing.T, client *ent.Client, tn *tenant) *ent.BillingAccount {
	t.Helper()
	ctx := viewer.System(context.Background(), quiet(), "test fixture")
	a := client.BillingAccount.Create().SetOrganizationID(tn.org.ID).SetStripeCustomerID("cus_" + string(tn.org.ID)).
		SetPlan(plan.Consultancy).SetStatus(plan.Active).SaveX(ctx)
	client.BillingQuantityChange.Create().SetOrganizationID(tn.org.ID).SetReason("company created").SetQuantity(2).
		SetChangedAt(time.Now()).SetNextAttemptAt(time.Now()).SaveX(ctx)
	client.BillingEvent.Create().SetOrganizationID(tn.org.ID).SetStripeEventID("evt_" + string(tn.org.ID)).
		SetType("invoice.paid").SetOccurredAt(time.Now()).SetRank(5).SaveX(ctx)
	return a
}

func TestBillingIsolation_AnotherOrganizationSeesAndChangesNoBillingRow(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a, b := newTenant(t, db.Client, "alpha"), newTenant(t, db.Client, "bravo")
		accountA, accountB := billingOf(t, db.Client, a), billingOf(t, db.Client, b)
		ctx := as(ownerOf(b))

		accounts := db.Client.BillingAccount.Query().AllX(ctx)
		require.Len(t, accounts, 1)
		assert.Equal(t, accountB.ID, accounts[0].ID, "the owner reads its own account only")
		_, err := db.Client.BillingAccount.Get(ctx, accountA.ID)
		assert.True(t, ent.IsNotFound(err), "another organization's account does not exist: %v", err)

		n, err := db.Client.BillingAccount.Update().SetStripeCustomerID("cus_stolen").Save(ctx)
		assert.Error(t, err, "only the system context writes billing accounts")
		assert.Zero(t, n)
		_, err = db.Client.BillingQuantityChange.Query().All(ctx)
		assert.Error(t, err, "the outbox is the system context's alone")
		_, err = db.Client.BillingEvent.Query().All(ctx)
		assert.Error(t, err, "the events are the system context's alone")
		err = db.Client.BillingEvent.Create().SetOrganizationID(a.org.ID).SetStripeEventID("evt_planted").
			SetType("invoice.paid").SetOccurredAt(time.Now()).SetRank(5).Exec(ctx)
		assert.Error(t, err, "no event is planted into another organization")

		sys := viewer.System(context.Background(), quiet(), "test check")
		assert.Equal(t, "cus_"+string(a.org.ID), *db.Client.BillingAccount.GetX(sys, accountA.ID).StripeCustomerID)
		assert.Equal(t, 2, db.Client.BillingEvent.Query().CountX(sys))
	})
}

func TestBillingIsolation_ACompanyScopedViewerOfTheSameOrganizationSeesNoBilling(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		a := newTenant(t, db.Client, "alpha")
		billingOf(t, db.Client, a)
		ctx := as(consultantOf(a))
		accounts, err := db.Client.BillingAccount.Query().All(ctx)
		require.NoError(t, err)
		assert.Empty(t, accounts, "billing is for OWNER and ADMIN")
		_, err = db.Client.BillingQuantityChange.Query().All(ctx)
		assert.Error(t, err)
		_, err = db.Client.BillingEvent.Query().All(ctx)
		assert.Error(t, err)
		assert.Len(t, db.Client.BillingAccount.Query().AllX(as(ownerOf(a))), 1, "the control: the owner reads it")
	})
}
