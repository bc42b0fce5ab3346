// Package billing charges organizations through Stripe: consultancies per active client company
// (CONSULTANCY), multi-site firms per active site (ENTERPRISE), with a FREE plan for evaluation.
//
// It never stands between a customer and its ISMS records. A company or site change commits
// with a row in the billing outbox (BillingQuantityChange); the sync worker delivers it to Stripe
// afterwards and retries until Stripe accepts it. Stripe tells us about the subscription through
// signed webhooks, applied in the transaction that records the event, in an order-independent
// way (see webhook.go). An organization whose payment lapsed (PAST_DUE past the grace, UNPAID,
// CANCELED) becomes read-only: its mutations answer PAYMENT_REQUIRED, its reads go on, nothing
// is deleted, and a paid invoice restores writes at once.
//
// Without a Stripe secret key billing is off: no limits, no outbox, and the billing mutations
// say billing is not configured.
//
// Everything here runs in the system context (viewer.System) with the organization taken from
// the viewer, never from client input, because counting an organization's units and keeping its
// account must see past the viewer's company scope.
package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"time"

	"secretariat/ent"
	"secretariat/ent/billingaccount"
	"secretariat/ent/company"
	"secretariat/ent/site"
	"secretariat/internal/apperr"
	"secretariat/internal/billing/plan"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Config is how billing reaches Stripe.
type Config struct {
	// SecretKey turns billing on; empty leaves it off.
	SecretKey     string
	WebhookSecret string
	// APIBase replaces https://api.stripe.com (stripe-mock in tests).
	APIBase string
	// Prices are the Stripe price ids of the paid plans.
	Prices map[plan.Plan]string
	// ReturnURL is where Stripe sends the browser back by default.
	ReturnURL string
	// ReturnOrigins are the origins a client may ask Stripe to return to (the SPA origins).
	ReturnOrigins []string
}

// Service is billing: checkout, portal, limits, the read-only rule, webhooks and the outbox.
type Service struct {
	db     *ent.Client
	stripe *stripeAPI // nil when billing is off
	cfg    Config
	log    *slog.Logger
	now    func() time.Time
}

// NewService returns billing over the ent client; with no secret key it is off.
func NewService(db *ent.Client, cfg Config, log *slog.Logger) *Service {
	s := &Service{db: db, cfg: cfg, log: log, now: time.Now}
	if cfg.SecretKey != "" {
		s.stripe = newStripeAPI(cfg.SecretKey, cfg.APIBase)
	}
	return s
}

// Enabled reports whether billing is on.
func (s *Service) Enabled() bool { return s.stripe != nil }

var errOff = apperr.Conflict(apperr.StaleState, "billing is not configured on this server (no STRIPE_SECRET_KEY): there is nothing to pay and no plan limit applies",
	"このサーバーでは請求が設定されていません（STRIPE_SECRET_KEYなし）。支払いもプランの上限もありません")

// organization returns the viewer's organization: billing acts on it and on nothing else.
func organization(ctx context.Context) (pulid.ID, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return "", apperr.Unauthenticated("sign in first", "ログインしてください")
	}
	return v.OrganizationID, nil
}

// system is the context billing reads and writes in; see the package comment.
func (s *Service) system(ctx context.Context, reason string) context.Context {
	return viewer.System(ctx, s.log, "billing: "+reason)
}

// account returns the organization's billing account, or a FREE one not yet stored.
func (s *Service) account(ctx context.Context, org pulid.ID) (*ent.BillingAccount, error) {
	a, err := s.db.BillingAccount.Query().Where(billingaccount.OrganizationID(org)).Only(ctx)
	if ent.IsNotFound(err) {
		return &ent.BillingAccount{OrganizationID: org, Plan: plan.Free}, nil
	}
	return a, err
}

// lockAccount returns the organization's billing account, creating it when missing, with its
// row locked until the transaction ends (on PostgreSQL; SQLite serializes writers anyway), so
// that concurrent changes of one organization count its units one after the other.
func (s *Service) lockAccount(ctx context.Context, org pulid.ID) (*ent.BillingAccount, error) {
	for range 2 {
		n, err := s.db.BillingAccount.Update().Where(billingaccount.OrganizationID(org)).
			SetUpdatedAt(s.now()).Save(ctx)
		if err != nil {
			return nil, err
		}
		if n == 1 {
			return s.db.BillingAccount.Query().Where(billingaccount.OrganizationID(org)).Only(ctx)
		}
		// In a transaction of its own (a savepoint inside an operation), so that a refused insert
		// does not abort the operation's transaction.
		err = database.WithTx(ctx, s.db, func(tx *ent.Client) error {
			return tx.BillingAccount.Create().SetOrganizationID(org).Exec(ctx)
		})
		if err != nil && !ent.IsConstraintError(err) {
			return nil, err
		}
		// Created here or by a concurrent request: lock it on the next turn.
	}
	return nil, errors.New("billing account vanished while being created")
}

// units counts what the plans bill: companies not archived, and sites not archived in companies
// not archived.
func (s *Service) units(ctx context.Context, org pulid.ID) (plan.Units, error) {
	companies, err := s.db.Company.Query().
		Where(company.OrganizationID(org), company.ArchivedAtIsNil()).Count(ctx)
	if err != nil {
		return plan.Units{}, fmt.Errorf("count companies: %w", err)
	}
	sites, err := s.db.Site.Query().
		Where(site.OrganizationID(org), site.ArchivedAtIsNil(), site.HasCompanyWith(company.ArchivedAtIsNil())).Count(ctx)
	if err != nil {
		return plan.Units{}, fmt.Errorf("count sites: %w", err)
	}
	return plan.Units{Companies: companies, Sites: sites}, nil
}

// live reports whether the account follows a subscription Stripe still bills.
func live(a *ent.BillingAccount) bool {
	return a.StripeSubscriptionID != nil && a.Status != nil && *a.Status != plan.Canceled
}

// billable reports whether the account has a subscription item whose quantity the outbox keeps.
func billable(a *ent.BillingAccount) bool {
	return live(a) && a.StripeSubscriptionItemID != nil && a.Plan.Paid()
}

// limits returns the limits that apply to the account, nil when none do: a paid plan in trial,
// active or within its payment grace has none; everything else has the FREE plan's.
func limits(a *ent.BillingAccount) *plan.Limits {
	if a.Plan.Paid() && a.Status != nil {
		switch *a.Status {
		case plan.Trialing, plan.Active, plan.PastDue:
			return nil
		}
	}
	l := plan.FreeLimits
	return &l
}

// graceDeadline is when a PAST_DUE account becomes read-only; nil when it is not PAST_DUE.
func graceDeadline(a *ent.BillingAccount) *time.Time {
	if a.Status == nil || *a.Status != plan.PastDue || a.PastDueSince == nil {
		return nil
	}
	d := a.PastDueSince.Add(plan.Grace)
	return &d
}

// readOnly reports whether the account's organization may only read at now.
func readOnly(a *ent.BillingAccount, now time.Time) bool {
	if a.Status == nil {
		return false
	}
	switch *a.Status {
	case plan.Unpaid, plan.Canceled:
		return true
	case plan.PastDue:
		d := graceDeadline(a)
		return d != nil && !now.Before(*d)
	}
	return false
}

// returnURL checks a client's return URL against the allowed origins, or gives the default.
func (s *Service) returnURL(requested *string) (string, error) {
	if requested == nil || *requested == "" {
		return s.cfg.ReturnURL, nil
	}
	u, err := url.Parse(*requested)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", apperr.Invalid("returnURL", apperr.InvalidFormat, "must be an absolute http or https URL", "http または https の絶対URLを指定してください")
	}
	origin := u.Scheme + "://" + u.Host
	allowed := slices.Clone(s.cfg.ReturnOrigins)
	if d, err := url.Parse(s.cfg.ReturnURL); err == nil {
		allowed = append(allowed, d.Scheme+"://"+d.Host)
	}
	if !slices.Contains(allowed, origin) {
		return "", apperr.Invalid("returnURL", apperr.InvalidValue, "its origin "+origin+" is not one of the front ends this server serves (CORS_ORIGINS)",
			"オリジン "+origin+" はこのサーバーが提供するフロントエンド（CORS_ORIGINS）ではありません")
	}
	return u.String(), nil
}
