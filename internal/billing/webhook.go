package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"secretariat/ent"
	"secretariat/ent/billingaccount"
	"secretariat/ent/billingevent"
	"secretariat/internal/billing/plan"
	"secretariat/internal/requestid"
)

// Webhooks. Stripe delivers events at least once, in any order, and retries a delivery that did
// not get a 2xx. Each event is applied in one transaction that also records its id, and only
// when the effect succeeded; a redelivered event finds its id and does nothing.
//
// Order independence, the precedence rule: events are ordered by (created, rank, id), where
// created is the event's second, rank orders event types within one second (ranks below) and
// the id breaks the last ties. Then
//   - the account follows the subscription Stripe created last (an older subscription's events
//     are recorded and change nothing);
//   - its details (plan, item, quantity, period, cancel at period end, trial end) are those of
//     the latest subscription event;
//   - its status is that of the latest event of the subscription that reports one, except that a
//     cancellation is final (Stripe never revives a canceled subscription), and a PAST_DUE status
//     counts its grace from the earliest event of the latest unbroken run of PAST_DUE reports.
//
// Each of these is a function of the set of events received, not of their order, so the final
// state is the same whatever the order of delivery.

// ranks order the allow-listed event types within one second: a subscription exists before a
// payment fails; a payment that succeeds after a status report wins over it; a cancellation wins
// over everything.
var ranks = map[stripe.EventType]int{
	"checkout.session.completed":    1,
	"customer.subscription.created": 2,
	"invoice.payment_failed":        3,
	"customer.subscription.updated": 4,
	"invoice.paid":                  5,
	"customer.subscription.deleted": 6,
}

// Outcome is what became of one webhook event.
type Outcome string

// The outcomes of an event.
const (
	Applied         Outcome = "applied"
	Duplicate       Outcome = "duplicate"
	Ignored         Outcome = "ignored"          // a type outside the allow-list
	UnknownCustomer Outcome = "unknown_customer" // no organization has this Stripe customer
)

// Transactor runs fn in one database transaction, committed when fn succeeds.
type Transactor func(ctx context.Context, fn func(ctx context.Context) error) error

// Webhook is the handler of POST /webhooks/stripe: a body of at most maxBytes (413 beyond), a
// valid Stripe-Signature within stripe-go's default tolerance (400 otherwise), then the event
// applied in one transaction (500 when that fails, so that Stripe delivers it again).
func (s *Service) Webhook(run Transactor, maxBytes int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read the request body", http.StatusBadRequest)
			return
		}
		ev, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), s.cfg.WebhookSecret)
		if err != nil {
			s.log.WarnContext(ctx, "stripe webhook refused", "error", err, "request_id", requestid.From(ctx))
			http.Error(w, "invalid Stripe webhook: "+err.Error(), http.StatusBadRequest)
			return
		}
		var outcome Outcome
		err = run(ctx, func(ctx context.Context) error {
			var err error
			outcome, err = s.HandleEvent(ctx, ev)
			return err
		})
		if err != nil {
			s.log.ErrorContext(ctx, "stripe webhook failed; Stripe will deliver it again",
				"event_id", ev.ID, "type", ev.Type, "error", err, "request_id", requestid.From(ctx))
			http.Error(w, "the event could not be applied; it will be retried", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, "{\"received\":true,\"outcome\":%q}\n", outcome)
	})
}

// fact is what an event says about one customer's subscription.
type fact struct {
	event        string
	typ          stripe.EventType
	at           time.Time
	rank         int
	customer     string
	subscription string
	status       *plan.Status         // the status it reports, if any
	snapshot     *stripe.Subscription // the whole subscription, for subscription events
}

// after reports whether f comes after the event (at, rank, id) in the precedence order.
func (f fact) after(at *time.Time, rank int, id string) bool {
	if at == nil {
		return true
	}
	if c := f.at.Compare(*at); c != 0 {
		return c > 0
	}
	if f.rank != rank {
		return f.rank > rank
	}
	return f.event > id
}

// HandleEvent applies one verified event in the transaction of ctx.
func (s *Service) HandleEvent(ctx context.Context, ev stripe.Event) (Outcome, error) {
	f, ok, err := read(ev)
	if err != nil {
		return "", fmt.Errorf("stripe event %s: %w", ev.ID, err)
	}
	if !ok {
		s.log.DebugContext(ctx, "stripe event ignored", "event_id", ev.ID, "type", ev.Type)
		return Ignored, nil
	}
	sys := s.system(ctx, "apply Stripe event "+string(ev.Type))
	// Lock the customer's account until the transaction ends: events of one organization apply
	// one after the other.
	n, err := s.db.BillingAccount.Update().Where(billingaccount.StripeCustomerID(f.customer)).
		SetUpdatedAt(s.now()).Save(sys)
	if err != nil {
		return "", fmt.Errorf("stripe event %s: %w", ev.ID, err)
	}
	if n == 0 {
		s.log.WarnContext(ctx, "stripe event for an unknown customer", "event_id", ev.ID, "type", ev.Type, "customer", f.customer)
		return UnknownCustomer, nil
	}
	a, err := s.db.BillingAccount.Query().Where(billingaccount.StripeCustomerID(f.customer)).Only(sys)
	if err != nil {
		return "", fmt.Errorf("stripe event %s: %w", ev.ID, err)
	}
	seen, err := s.db.BillingEvent.Query().Where(billingevent.StripeEventID(ev.ID)).Exist(sys)
	if err != nil {
		return "", fmt.Errorf("stripe event %s: %w", ev.ID, err)
	}
	if seen {
		return Duplicate, nil
	}
	if err := s.apply(sys, a, f); err != nil {
		return "", fmt.Errorf("stripe event %s: %w", ev.ID, err)
	}
	s.log.InfoContext(ctx, "stripe event applied", "event_id", ev.ID, "type", ev.Type, "organization_id", a.OrganizationID)
	return Applied, nil
}

// apply changes the locked account by the fact and records the event.
func (s *Service) apply(ctx context.Context, a *ent.BillingAccount, f fact) error {
	up := s.db.BillingAccount.UpdateOne(a)
	follows := a.StripeSubscriptionID
	if f.snapshot != nil && f.snapshot.TrialEnd > 0 {
		up.SetTrialUsed(true)
	}
	switch {
	case f.subscription == "":
	case follows == nil || *follows == f.subscription:
		follows = &f.subscription
	case f.snapshot != nil && (a.SubscriptionCreatedAt == nil || time.Unix(f.snapshot.Created, 0).After(*a.SubscriptionCreatedAt)):
		// A newer subscription (a new checkout after a cancellation) replaces the one followed.
		follows = &f.subscription
		a.DetailsAt, a.DetailsRank, a.DetailsEvent = nil, 0, ""
		up.ClearQueuedQuantity()
	}
	if follows != nil && *follows == f.subscription {
		up.SetStripeSubscriptionID(f.subscription)
		if f.snapshot != nil && f.after(a.DetailsAt, a.DetailsRank, a.DetailsEvent) {
			s.setDetails(up, f)
		}
	}
	if err := s.db.BillingEvent.Create().
		SetOrganizationID(a.OrganizationID).
		SetStripeEventID(f.event).
		SetType(string(f.typ)).
		SetOccurredAt(f.at).
		SetRank(f.rank).
		SetNillableSubscriptionID(nonEmpty(f.subscription)).
		SetNillableStatus(f.status).
		Exec(ctx); err != nil {
		return fmt.Errorf("record event: %w", err)
	}
	if follows != nil {
		status, since, err := s.status(ctx, a, *follows)
		if err != nil {
			return err
		}
		if status == nil {
			up.ClearStatus()
		} else {
			up.SetStatus(*status)
		}
		if since == nil {
			up.ClearPastDueSince()
		} else {
			up.SetPastDueSince(*since)
		}
	}
	a, err := up.Save(ctx)
	if err != nil {
		return fmt.Errorf("update billing account: %w", err)
	}
	if !billable(a) {
		return nil
	}
	u, err := s.units(ctx, a.OrganizationID)
	if err != nil {
		return err
	}
	return s.queueQuantity(ctx, a, u, "Stripe event "+string(f.typ))
}

// setDetails copies the subscription's details into the account update.
func (s *Service) setDetails(up *ent.BillingAccountUpdateOne, f fact) {
	sub := f.snapshot
	up.SetDetailsAt(f.at).SetDetailsRank(f.rank).SetDetailsEvent(f.event).
		SetSubscriptionCreatedAt(time.Unix(sub.Created, 0)).
		SetCancelAtPeriodEnd(sub.CancelAtPeriodEnd).
		SetNillableCurrentPeriodStart(unixTime(sub.CurrentPeriodStart)).
		SetNillableCurrentPeriodEnd(unixTime(sub.CurrentPeriodEnd)).
		SetNillableTrialEndsAt(unixTime(sub.TrialEnd))
	if sub.TrialEnd == 0 {
		up.ClearTrialEndsAt()
	}
	if sub.Items == nil || len(sub.Items.Data) == 0 {
		return
	}
	item := sub.Items.Data[0]
	up.SetStripeSubscriptionItemID(item.ID).SetQuantity(int(item.Quantity))
	if item.Price != nil {
		if p, ok := s.planOfPrice(item.Price.ID); ok {
			up.SetPlan(p)
		} else {
			s.log.Warn("stripe subscription with a price of no plan", "price", item.Price.ID, "subscription", sub.ID)
		}
	}
}

func (s *Service) planOfPrice(price string) (plan.Plan, bool) {
	for p, id := range s.cfg.Prices {
		if id == price {
			return p, true
		}
	}
	return "", false
}

// status derives the subscription's status and the start of its PAST_DUE run from the recorded
// events that report one (the rule at the top of this file).
func (s *Service) status(ctx context.Context, a *ent.BillingAccount, subscription string) (*plan.Status, *time.Time, error) {
	evs, err := s.db.BillingEvent.Query().Where(
		billingevent.OrganizationID(a.OrganizationID),
		billingevent.SubscriptionID(subscription),
		billingevent.StatusNotNil(),
	).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("read subscription events: %w", err)
	}
	if len(evs) == 0 {
		return nil, nil, nil
	}
	slices.SortFunc(evs, func(x, y *ent.BillingEvent) int { // latest first
		if c := y.OccurredAt.Compare(x.OccurredAt); c != 0 {
			return c
		}
		if x.Rank != y.Rank {
			return y.Rank - x.Rank
		}
		switch {
		case x.StripeEventID < y.StripeEventID:
			return 1
		case x.StripeEventID > y.StripeEventID:
			return -1
		}
		return 0
	})
	for _, e := range evs {
		if *e.Status == plan.Canceled {
			return e.Status, nil, nil
		}
	}
	latest := evs[0].Status
	if *latest != plan.PastDue {
		return latest, nil, nil
	}
	since := evs[0].OccurredAt
	for _, e := range evs[1:] {
		if *e.Status != plan.PastDue {
			break
		}
		since = e.OccurredAt
	}
	return latest, &since, nil
}

// read turns an allow-listed event into a fact; ok is false for any other type.
func read(ev stripe.Event) (f fact, ok bool, err error) {
	rank, ok := ranks[ev.Type]
	if !ok || ev.Data == nil {
		return fact{}, false, nil
	}
	f = fact{event: ev.ID, typ: ev.Type, at: time.Unix(ev.Created, 0).UTC(), rank: rank}
	switch ev.Type {
	case "checkout.session.completed":
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return fact{}, false, err
		}
		if cs.Mode != stripe.CheckoutSessionModeSubscription {
			return fact{}, false, nil
		}
		f.customer = idOf(cs.Customer)
		if cs.Subscription != nil {
			f.subscription = cs.Subscription.ID
		}
	case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
		var sub stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &sub); err != nil {
			return fact{}, false, err
		}
		f.customer, f.subscription, f.snapshot = idOf(sub.Customer), sub.ID, &sub
		st := statusOf(sub.Status)
		if ev.Type == "customer.subscription.deleted" {
			st = plan.Canceled
		}
		f.status = &st
	case "invoice.paid", "invoice.payment_failed":
		var inv stripe.Invoice
		if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil {
			return fact{}, false, err
		}
		f.customer = idOf(inv.Customer)
		if inv.Subscription != nil {
			f.subscription = inv.Subscription.ID
		}
		// The first invoice of a subscription (and the zero one that starts a trial) says
		// nothing the subscription's own events do not.
		if f.subscription != "" && inv.BillingReason != stripe.InvoiceBillingReasonSubscriptionCreate {
			st := plan.PastDue
			if ev.Type == "invoice.paid" {
				st = plan.Active
			}
			if st == plan.PastDue || inv.AmountPaid > 0 {
				f.status = &st
			}
		}
	}
	if f.customer == "" {
		return fact{}, false, fmt.Errorf("%s without a customer", ev.Type)
	}
	return f, true, nil
}

// statusOf maps Stripe's subscription status to ours: incomplete_expired ends like a
// cancellation, and a paused subscription (a trial ended without a payment method) is unpaid.
func statusOf(s stripe.SubscriptionStatus) plan.Status {
	switch s {
	case stripe.SubscriptionStatusTrialing:
		return plan.Trialing
	case stripe.SubscriptionStatusActive:
		return plan.Active
	case stripe.SubscriptionStatusPastDue:
		return plan.PastDue
	case stripe.SubscriptionStatusIncomplete:
		return plan.Incomplete
	case stripe.SubscriptionStatusCanceled, stripe.SubscriptionStatusIncompleteExpired:
		return plan.Canceled
	}
	return plan.Unpaid
}

func idOf(c *stripe.Customer) string {
	if c == nil {
		return ""
	}
	return c.ID
}

func unixTime(sec int64) *time.Time {
	if sec == 0 {
		return nil
	}
	t := time.Unix(sec, 0).UTC()
	return &t
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
