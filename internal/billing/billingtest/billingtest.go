// Package billingtest builds the Stripe webhook payloads the billing tests send: events in the
// shape Stripe sends them, for the library's API version, signed with
// webhook.GenerateTestSignedPayload.
package billingtest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// WebhookSecret is the signing secret the tests configure.
const WebhookSecret = "whsec_secretariat_test"

// Prices are the price ids the tests configure for the paid plans.
const (
	PriceConsultancy = "price_consultancy_test"
	PriceEnterprise  = "price_enterprise_test"
)

// Event is a Stripe event with its object.
type Event struct {
	ID      string
	Type    string
	Created time.Time
	Object  map[string]any
}

// Payload is the event's JSON body.
func (e Event) Payload() []byte {
	// Maps of strings, numbers and maps always marshal.
	b, _ := json.Marshal(map[string]any{
		"id":               e.ID,
		"object":           "event",
		"api_version":      stripe.APIVersion,
		"created":          e.Created.Unix(),
		"type":             e.Type,
		"livemode":         false,
		"pending_webhooks": 1,
		"data":             map[string]any{"object": e.Object},
	})
	return b
}

// Sign returns the Stripe-Signature header of payload signed with secret at t.
func Sign(payload []byte, secret string, t time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: t}).Header
}

// Subscription is a subscription object: one item of price for quantity units, in status,
// created at created, its period starting there and lasting 30 days. trialEnd may be zero.
func Subscription(id, customer, status, price string, quantity int, created, trialEnd time.Time) map[string]any {
	s := map[string]any{
		"id":                   id,
		"object":               "subscription",
		"customer":             customer,
		"status":               status,
		"created":              created.Unix(),
		"current_period_start": created.Unix(),
		"current_period_end":   created.Add(30 * 24 * time.Hour).Unix(),
		"cancel_at_period_end": false,
		"items": map[string]any{
			"object": "list",
			"data": []any{map[string]any{
				"id":       "si_" + id,
				"object":   "subscription_item",
				"price":    map[string]any{"id": price, "object": "price"},
				"quantity": quantity,
			}},
		},
	}
	if !trialEnd.IsZero() {
		s["trial_end"] = trialEnd.Unix()
	}
	return s
}

// Invoice is an invoice object of the subscription; reason is Stripe's billing_reason.
func Invoice(id, customer, subscription, reason string, amountPaid int64) map[string]any {
	return map[string]any{
		"id":             id,
		"object":         "invoice",
		"customer":       customer,
		"subscription":   subscription,
		"billing_reason": reason,
		"amount_paid":    amountPaid,
	}
}

// CheckoutSession is a completed subscription Checkout Session.
func CheckoutSession(id, customer, subscription, organization string) map[string]any {
	return map[string]any{
		"id":                  id,
		"object":              "checkout.session",
		"mode":                "subscription",
		"customer":            customer,
		"subscription":        subscription,
		"client_reference_id": organization,
		"status":              "complete",
	}
}

// ID returns a unique-looking Stripe id with the prefix.
func ID(prefix string, n int) string { return fmt.Sprintf("%s_%08d", prefix, n) }
