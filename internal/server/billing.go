package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"

	"secretariat/internal/billing"
	"secretariat/internal/billing/plan"
	"secretariat/internal/config"
)

// billingConfig is billing's part of the configuration.
func billingConfig(c config.Config) billing.Config {
	return billing.Config{
		SecretKey:     c.StripeSecretKey,
		WebhookSecret: c.StripeWebhookSecret,
		APIBase:       c.StripeAPIBase,
		Prices: map[plan.Plan]string{
			plan.Consultancy: c.StripePriceConsultancy,
			plan.Enterprise:  c.StripePriceEnterprise,
		},
		ReturnURL:     c.BillingReturnURL,
		ReturnOrigins: c.CORSOrigins,
	}
}

// Billing returns the billing service of the configuration (off without a Stripe key).
func Billing(d Deps) *billing.Service {
	return billing.NewService(d.DB.Client, billingConfig(d.Config), d.Log)
}

// writableWhilePaymentLapsed are the mutations a read-only organization (its payment lapsed)
// may still make: signing in and out, keeping one's password, and paying.
var writableWhilePaymentLapsed = map[string]bool{
	"signUp": true, "login": true, "refreshToken": true, "logout": true, "switchOrganization": true,
	"acceptInvitation": true, "changePassword": true, "resetPassword": true,
	"startCheckout": true, "openBillingPortal": true,
}

// requirePayment refuses every other root mutation field of a read-only organization with
// PAYMENT_REQUIRED before its resolver runs, so nothing is written; queries are never refused.
func requirePayment(b *billing.Service) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil || fc.Object != "Mutation" || writableWhilePaymentLapsed[fc.Field.Name] {
			return next(ctx)
		}
		if err := b.CheckWritable(ctx); err != nil {
			return nil, err
		}
		return next(ctx)
	}
}

// backlogCollector publishes the outbox backlog, read from the database once per scrape.
type backlogCollector struct {
	billing         *billing.Service
	log             *slog.Logger
	pending, oldest *prometheus.Desc
}

func billingMetrics(reg prometheus.Registerer, b *billing.Service, log *slog.Logger) {
	reg.MustRegister(&backlogCollector{
		billing: b,
		log:     log,
		pending: prometheus.NewDesc("secretariat_billing_outbox_pending",
			"Quantity changes Stripe has not accepted yet.", nil, nil),
		oldest: prometheus.NewDesc("secretariat_billing_outbox_oldest_seconds",
			"How long the oldest quantity change not yet accepted by Stripe has waited.", nil, nil),
	})
}

func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.oldest
}

func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.billing.Backlog(ctx)
	if err != nil {
		c.log.Error("billing outbox backlog", "error", err)
		return
	}
	for desc, v := range map[*prometheus.Desc]float64{c.pending: float64(n), c.oldest: oldest.Seconds()} {
		if m, err := prometheus.NewConstMetric(desc, prometheus.GaugeValue, v); err == nil {
			ch <- m
		}
	}
}
