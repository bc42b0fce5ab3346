package billing

import (
	"context"
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// stripeAPI is the few Stripe calls billing makes, each with an idempotency key derived from our
// own ids, so that a retry after a lost answer never creates or charges twice.
type stripeAPI struct {
	api *client.API
}

// newStripeAPI returns a Stripe client of its own (never the library's global one), pointed at
// base when set. It makes no retries of its own: the outbox retries quantity changes, and a
// person starting a checkout can try again.
func newStripeAPI(key, base string) *stripeAPI {
	cfg := &stripe.BackendConfig{
		HTTPClient:        &http.Client{Timeout: 15 * time.Second},
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelError},
		EnableTelemetry:   stripe.Bool(false),
	}
	if base != "" {
		cfg.URL = stripe.String(base)
	}
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, cfg)
	uploads := stripe.GetBackendWithConfig(stripe.UploadsBackend, cfg)
	return &stripeAPI{api: client.New(key, &stripe.Backends{API: backend, Connect: backend, Uploads: uploads})}
}

func params(ctx context.Context, key string) stripe.Params {
	p := stripe.Params{Context: ctx}
	p.SetIdempotencyKey(key)
	return p
}

// createCustomer creates the organization's Stripe customer.
func (s *stripeAPI) createCustomer(ctx context.Context, org, name, key string) (string, error) {
	c, err := s.api.Customers.New(&stripe.CustomerParams{
		Params:   params(ctx, key),
		Name:     stripe.String(name),
		Metadata: map[string]string{"organization_id": org},
	})
	if err != nil {
		return "", err
	}
	return c.ID, nil
}

// checkout is one Checkout Session to ask for.
type checkout struct {
	customer, org, price string
	quantity             int64
	trialDays            int64
	returnURL            string
	key                  string
}

// createCheckoutSession returns the URL of a subscription Checkout Session.
func (s *stripeAPI) createCheckoutSession(ctx context.Context, c checkout) (string, error) {
	p := &stripe.CheckoutSessionParams{
		Params:            params(ctx, c.key),
		Mode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		Customer:          stripe.String(c.customer),
		ClientReferenceID: stripe.String(c.org),
		LineItems:         []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(c.price), Quantity: stripe.Int64(c.quantity)}},
		SuccessURL:        stripe.String(c.returnURL),
		CancelURL:         stripe.String(c.returnURL),
		SubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{
			Metadata: map[string]string{"organization_id": c.org},
		},
	}
	if c.trialDays > 0 {
		p.SubscriptionData.TrialPeriodDays = stripe.Int64(c.trialDays)
	}
	sess, err := s.api.CheckoutSessions.New(p)
	if err != nil {
		return "", err
	}
	return sess.URL, nil
}

// createPortalSession returns the URL of a Customer Portal session.
func (s *stripeAPI) createPortalSession(ctx context.Context, customer, returnURL string) (string, error) {
	sess, err := s.api.BillingPortalSessions.New(&stripe.BillingPortalSessionParams{
		Params:    stripe.Params{Context: ctx},
		Customer:  stripe.String(customer),
		ReturnURL: stripe.String(returnURL),
	})
	if err != nil {
		return "", err
	}
	return sess.URL, nil
}

// setQuantity changes the quantity of a subscription item with proration, from prorateFrom when
// it is set (Stripe otherwise prorates from now).
func (s *stripeAPI) setQuantity(ctx context.Context, item string, quantity int64, prorateFrom *time.Time, key string) error {
	p := &stripe.SubscriptionItemParams{
		Params:            params(ctx, key),
		Quantity:          stripe.Int64(quantity),
		ProrationBehavior: stripe.String("create_prorations"),
	}
	if prorateFrom != nil {
		p.ProrationDate = stripe.Int64(prorateFrom.Unix())
	}
	_, err := s.api.SubscriptionItems.Update(item, p)
	return err
}
