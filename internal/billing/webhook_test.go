package billing_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/billingevent"
	"secretariat/internal/billing"
	"secretariat/internal/billing/billingtest"
	"secretariat/internal/billing/plan"
	"secretariat/internal/database"
	"secretariat/internal/testdb"
)

const day = 24 * time.Hour

func webhookOf(db *database.DB, log *slog.Logger) (*billing.Service, http.Handler) {
	s := billing.NewService(db.Client, config("http://127.0.0.1:1"), log)
	return s, s.Webhook(db.Run, 64<<10)
}

func created(id, customer string, at time.Time) billingtest.Event {
	return billingtest.Event{ID: id, Type: "customer.subscription.created", Created: at,
		Object: billingtest.Subscription("sub_"+customer, customer, "trialing", billingtest.PriceConsultancy, 2, at, at.Add(14*day))}
}

func eventCount(t *testing.T, db *database.DB) int {
	t.Helper()
	return db.Client.BillingEvent.Query().CountX(system())
}

func TestWebhook_BadOrStaleSignaturesAre400AndChangeNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		_, h := webhookOf(db, quiet())
		e := created("evt_1", o.customer, time.Now())
		before := account(t, db, o)

		for name, sig := range map[string]string{
			"another secret":   billingtest.Sign(e.Payload(), "whsec_other", time.Now()),
			"stale, 6 minutes": billingtest.Sign(e.Payload(), billingtest.WebhookSecret, time.Now().Add(-6*time.Minute)),
			"no signature":     "",
			"tampered body":    billingtest.Sign([]byte(strings.Replace(string(e.Payload()), "trialing", "active", 1)), billingtest.WebhookSecret, time.Now()),
		} {
			rec := post(h, e.Payload(), sig)
			assert.Equal(t, http.StatusBadRequest, rec.Code, name)
		}
		assert.Zero(t, eventCount(t, db))
		assert.Equal(t, before.Status, account(t, db, o).Status)
		assert.Nil(t, account(t, db, o).StripeSubscriptionID)

		// The control: the same event, signed now with the right secret, is applied.
		requireOK(t, deliver(t, h, e), billing.Applied)
		assert.Equal(t, plan.Trialing, *account(t, db, o).Status)
	})
}

func TestWebhook_AnOversizedBodyIs413(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "sqlite")
	_, h := webhookOf(db, quiet())
	body := make([]byte, 64<<10+1)
	rec := post(h, body, billingtest.Sign(body, billingtest.WebhookSecret, time.Now()))
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Zero(t, eventCount(t, db))
}

func TestWebhook_TheSameEventFiveTimesHasOneEffect(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		_, h := webhookOf(db, quiet())
		e := created("evt_once", o.customer, time.Now())
		requireOK(t, deliver(t, h, e), billing.Applied)
		first := account(t, db, o)
		for range 4 {
			requireOK(t, deliver(t, h, e), billing.Duplicate)
		}
		assert.Equal(t, 1, eventCount(t, db))
		again := account(t, db, o)
		assert.Equal(t, first.Status, again.Status)
		assert.Equal(t, first.DetailsEvent, again.DetailsEvent)
	})
}

func TestWebhook_TheSameEventDeliveredConcurrentlyHasOneEffect(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		_, h := webhookOf(db, quiet())
		e := created("evt_concurrent", o.customer, time.Now())
		var wg sync.WaitGroup
		outcomes := make([]string, 5)
		for i := range outcomes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rec := deliver(t, h, e)
				outcomes[i] = fmt.Sprint(rec.Code, " ", rec.Body.String())
			}()
		}
		wg.Wait()
		applied := 0
		for _, o := range outcomes {
			require.True(t, strings.HasPrefix(o, "200 "), o)
			if strings.Contains(o, `"applied"`) {
				applied++
			} else {
				assert.Contains(t, o, `"duplicate"`)
			}
		}
		assert.Equal(t, 1, applied, "one delivery takes effect: %v", outcomes)
		assert.Equal(t, 1, eventCount(t, db))
		assert.Equal(t, plan.Trialing, *account(t, db, o).Status)
	})
}

func TestWebhook_AnEventWhoseHandlingFailsIsNotRecordedAndIsAppliedWhenDeliveredAgain(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		s := billing.NewService(db.Client, config("http://127.0.0.1:1"), quiet())
		failing := s.Webhook(func(ctx context.Context, fn func(context.Context) error) error {
			return db.Run(ctx, func(ctx context.Context) error {
				if err := fn(ctx); err != nil {
					return err
				}
				return errors.New("the transaction could not commit")
			})
		}, 64<<10)
		e := created("evt_retry", o.customer, time.Now())
		rec := deliver(t, failing, e)
		assert.Equal(t, http.StatusInternalServerError, rec.Code)
		assert.Zero(t, eventCount(t, db), "a failed handling records nothing")
		assert.Nil(t, account(t, db, o).Status)

		requireOK(t, deliver(t, s.Webhook(db.Run, 64<<10), e), billing.Applied)
		assert.Equal(t, plan.Trialing, *account(t, db, o).Status)
	})
}

func TestWebhook_AnUnknownCustomerIsAcknowledgedAndLogged(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		o := newOrg(t, db, "Alpha", "cus_alpha", 1)
		var logs testdb.LogBuffer
		_, h := webhookOf(db, slog.New(slog.NewTextHandler(&logs, nil)))
		requireOK(t, deliver(t, h, created("evt_stranger", "cus_nobody", time.Now())), billing.UnknownCustomer)
		assert.Contains(t, logs.String(), "stripe event for an unknown customer")
		assert.Contains(t, logs.String(), "cus_nobody")
		assert.Zero(t, eventCount(t, db))
		assert.Nil(t, account(t, db, o).Status, "no other organization was touched")
	})
}

func TestWebhook_EventTypesOutsideTheAllowListAreIgnored(t *testing.T) {
	t.Parallel()
	db := testdb.Open(t, "sqlite")
	o := newOrg(t, db, "Alpha", "cus_alpha", 1)
	_, h := webhookOf(db, quiet())
	e := created("evt_other", o.customer, time.Now())
	e.Type = "customer.subscription.paused"
	requireOK(t, deliver(t, h, e), billing.Ignored)
	assert.Zero(t, eventCount(t, db))
	assert.Nil(t, account(t, db, o).Status)
}

// state is what the events decide about an account.
type state struct {
	Plan                    plan.Plan
	Status                  string
	Quantity                int
	Subscription, Item      string
	PeriodEnd, TrialEnd     int64
	PastDueSince            int64
	CancelAtPeriodEnd, Used bool
}

func stateOf(a *ent.BillingAccount) state {
	unix := func(t *time.Time) int64 {
		if t == nil {
			return 0
		}
		return t.Unix()
	}
	str := func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	}
	st := ""
	if a.Status != nil {
		st = string(*a.Status)
	}
	return state{
		Plan: a.Plan, Status: st, Quantity: a.Quantity,
		Subscription: str(a.StripeSubscriptionID), Item: str(a.StripeSubscriptionItemID),
		PeriodEnd: unix(a.CurrentPeriodEnd), TrialEnd: unix(a.TrialEndsAt), PastDueSince: unix(a.PastDueSince),
		CancelAtPeriodEnd: a.CancelAtPeriodEnd, Used: a.TrialUsed,
	}
}

// lifecycle is a subscription's events from checkout to the scenario's end, for one customer.
func lifecycle(customer, end string, t0 time.Time) []billingtest.Event {
	sub := "sub_" + customer
	at := func(d int) time.Time { return t0.Add(time.Duration(d) * day) }
	subscription := func(status string, quantity int) map[string]any {
		return billingtest.Subscription(sub, customer, status, billingtest.PriceConsultancy, quantity, t0, t0.Add(14*day))
	}
	evs := []billingtest.Event{
		{ID: "checkout", Type: "checkout.session.completed", Created: at(0), Object: billingtest.CheckoutSession("cs_1", customer, sub, "org")},
		{ID: "created", Type: "customer.subscription.created", Created: at(0), Object: subscription("trialing", 1)},
		{ID: "trial-invoice", Type: "invoice.paid", Created: at(0), Object: billingtest.Invoice("in_0", customer, sub, "subscription_create", 0)},
		{ID: "trial-over", Type: "customer.subscription.updated", Created: at(14), Object: subscription("active", 3)},
		{ID: "failed-1", Type: "invoice.payment_failed", Created: at(44), Object: billingtest.Invoice("in_1", customer, sub, "subscription_cycle", 0)},
		{ID: "past-due", Type: "customer.subscription.updated", Created: at(44), Object: subscription("past_due", 3)},
		{ID: "failed-2", Type: "invoice.payment_failed", Created: at(47), Object: billingtest.Invoice("in_1", customer, sub, "subscription_cycle", 0)},
	}
	switch end {
	case "recovered":
		evs = append(evs,
			billingtest.Event{ID: "paid", Type: "invoice.paid", Created: at(50), Object: billingtest.Invoice("in_1", customer, sub, "subscription_cycle", 3000)},
			billingtest.Event{ID: "active-again", Type: "customer.subscription.updated", Created: at(50), Object: subscription("active", 4)})
	case "cancelled":
		evs = append(evs,
			billingtest.Event{ID: "deleted", Type: "customer.subscription.deleted", Created: at(60), Object: subscription("canceled", 3)},
			billingtest.Event{ID: "late-paid", Type: "invoice.paid", Created: at(61), Object: billingtest.Invoice("in_1", customer, sub, "subscription_cycle", 3000)})
	}
	for i := range evs {
		evs[i].ID = "evt_" + customer + "_" + evs[i].ID
	}
	return evs
}

func TestWebhook_ShuffledOrdersReachTheSameFinalState(t *testing.T) {
	t.Parallel()
	t0 := time.Now().Add(-90 * day).Truncate(time.Second)
	want := map[string]state{
		"recovered": {Plan: plan.Consultancy, Status: "ACTIVE", Quantity: 4},
		"lapsed":    {Plan: plan.Consultancy, Status: "PAST_DUE", Quantity: 3, PastDueSince: t0.Add(44 * day).Unix()},
		"cancelled": {Plan: plan.Consultancy, Status: "CANCELED", Quantity: 3},
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("shuffle seed %d", seed)
	testdb.Each(t, func(t *testing.T, db *database.DB) {
		_, h := webhookOf(db, quiet())
		rng := rand.New(rand.NewPCG(seed, 1))
		for end, expected := range want {
			orders := 0
			for perm := range 14 {
				customer := fmt.Sprintf("cus_%s_%d", end, perm)
				o := newOrg(t, db, fmt.Sprintf("Org%s%d", end, perm), customer, 2)
				evs := lifecycle(customer, end, t0)
				switch perm {
				case 0: // as sent
				case 1:
					slices.Reverse(evs)
				default:
					rng.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
				}
				for _, e := range evs {
					requireOK(t, deliver(t, h, e), billing.Applied)
				}
				got := stateOf(account(t, db, o))
				expected.Subscription, expected.Item = "sub_"+customer, "si_sub_"+customer
				expected.PeriodEnd, expected.TrialEnd, expected.Used = t0.Add(30*day).Unix(), t0.Add(14*day).Unix(), true
				assert.Equal(t, expected, got, "%s, order %d: %v", end, perm, ids(evs))
				n := db.Client.BillingEvent.Query().Where(billingevent.OrganizationID(o.id)).CountX(system())
				assert.Equal(t, len(evs), n, "every event recorded once")
				orders++
			}
			assert.Equal(t, 14, orders)
		}
	})
}

func ids(evs []billingtest.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID[strings.LastIndex(e.ID, "_")+1:]
	}
	return out
}
