package billing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"secretariat/ent"
	"secretariat/ent/billingquantitychange"
	"secretariat/internal/apperr"
	"secretariat/internal/billing/plan"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/viewer"
)

// Overview is the organization's billing as the API shows it.
type Overview struct {
	Enabled                bool
	Plan                   plan.Plan
	Status                 *plan.Status
	Quantity               int
	ActiveCompanies        int
	ActiveSites            int
	Limits                 *plan.Limits
	TrialEndsAt            *time.Time
	CurrentPeriodEnd       *time.Time
	CancelAtPeriodEnd      bool
	GraceDeadline          *time.Time
	ReadOnly               bool
	PendingQuantityChanges int
}

// StartCheckoutInput asks for a Checkout Session of a paid plan.
type StartCheckoutInput struct {
	Plan      plan.Plan
	ReturnURL *string
}

// OpenBillingPortalInput asks for a Customer Portal session.
type OpenBillingPortalInput struct {
	ReturnURL *string
}

// Redirect is a Stripe page to send the browser to.
type Redirect struct {
	URL string
}

// administrator returns the viewer's organization when the viewer may manage its billing.
func administrator(ctx context.Context) (pulid.ID, error) {
	org, err := organization(ctx)
	if err != nil {
		return "", err
	}
	if !viewer.FromContext(ctx).AllCompanies() {
		return "", apperr.Forbidden(apperr.RoleRequired, "only an OWNER or ADMIN manages billing", "請求を管理できるのはOWNERまたはADMINのみです")
	}
	return org, nil
}

// Overview returns the viewer's organization's billing.
func (s *Service) Overview(ctx context.Context) (*Overview, error) {
	org, err := administrator(ctx)
	if err != nil {
		return nil, fmt.Errorf("billing: %w", err)
	}
	sys := s.system(ctx, "read the organization's billing")
	u, err := s.units(sys, org)
	if err != nil {
		return nil, fmt.Errorf("billing: %w", err)
	}
	o := &Overview{Enabled: s.Enabled(), Plan: plan.Free, ActiveCompanies: u.Companies, ActiveSites: u.Sites}
	if !s.Enabled() {
		return o, nil
	}
	a, err := s.account(sys, org)
	if err != nil {
		return nil, fmt.Errorf("billing: %w", err)
	}
	pending, err := s.db.BillingQuantityChange.Query().Where(
		billingquantitychange.OrganizationID(org), billingquantitychange.StateEQ(billingquantitychange.StatePENDING),
	).Count(sys)
	if err != nil {
		return nil, fmt.Errorf("billing: %w", err)
	}
	o.Plan, o.Status, o.Quantity = a.Plan, a.Status, a.Quantity
	o.Limits = limits(a)
	o.TrialEndsAt, o.CurrentPeriodEnd, o.CancelAtPeriodEnd = a.TrialEndsAt, a.CurrentPeriodEnd, a.CancelAtPeriodEnd
	o.GraceDeadline = graceDeadline(a)
	o.ReadOnly = readOnly(a, s.now())
	o.PendingQuantityChanges = pending
	return o, nil
}

// StartCheckout returns the URL of a Stripe Checkout Session that subscribes the viewer's
// organization to a paid plan, for as many units as it has now, with a trial the first time.
// The organization's Stripe customer is created once and kept even when the session fails.
func (s *Service) StartCheckout(ctx context.Context, in StartCheckoutInput) (*Redirect, error) {
	if !s.Enabled() {
		return nil, fmt.Errorf("start checkout: %w", errOff)
	}
	org, err := administrator(ctx)
	if err != nil {
		return nil, fmt.Errorf("start checkout: %w", err)
	}
	if !in.Plan.Paid() {
		return nil, fmt.Errorf("start checkout: %w", apperr.Invalid("input.plan", apperr.InvalidValue, "choose CONSULTANCY or ENTERPRISE: FREE needs no checkout",
			"CONSULTANCY または ENTERPRISE を選択してください。FREEには支払い手続きは不要です"))
	}
	price := s.cfg.Prices[in.Plan]
	back, err := s.returnURL(in.ReturnURL)
	if err != nil {
		return nil, fmt.Errorf("start checkout: %w", err)
	}
	sys := s.system(ctx, "start a checkout")
	a, err := s.lockAccount(sys, org)
	if err != nil {
		return nil, fmt.Errorf("start checkout: %w", err)
	}
	if live(a) {
		return nil, fmt.Errorf("start checkout: %w", apperr.Conflict(apperr.Duplicate,
			fmt.Sprintf("the organization already has a %s subscription (%s): change it in the billing portal (openBillingPortal)", a.Plan, *a.Status),
			fmt.Sprintf("この組織にはすでに%sプランの契約があります（%s）。請求ポータル（openBillingPortal）で変更してください", a.Plan, *a.Status)))
	}
	customer, err := s.customer(sys, a)
	if err != nil {
		return nil, fmt.Errorf("start checkout: %w", err)
	}
	u, err := s.units(sys, org)
	if err != nil {
		return nil, fmt.Errorf("start checkout: %w", err)
	}
	// Checkout sells at least one unit; an organization with none yet is brought to zero by the
	// quantity sync as soon as Stripe reports the subscription.
	c := checkout{customer: customer, org: string(org), price: price, quantity: int64(max(1, in.Plan.Quantity(u))), returnURL: back}
	if !a.TrialUsed {
		c.trialDays = plan.TrialDays
	}
	previous := "none"
	if a.StripeSubscriptionID != nil {
		previous = *a.StripeSubscriptionID
	}
	c.key = "secretariat-checkout-" + digest(string(org), string(in.Plan), fmt.Sprint(c.quantity), fmt.Sprint(c.trialDays), back, previous)
	link, err := s.stripe.createCheckoutSession(ctx, c)
	if err != nil {
		// The customer just stored stands: the next attempt reuses it.
		return nil, database.KeepWrites(fmt.Errorf("start checkout: create checkout session: %w", err))
	}
	return &Redirect{URL: link}, nil
}

// customer returns the account's Stripe customer, creating it (once per organization: the
// idempotency key is the organization's id) and storing it when missing.
func (s *Service) customer(ctx context.Context, a *ent.BillingAccount) (string, error) {
	if a.StripeCustomerID != nil {
		return *a.StripeCustomerID, nil
	}
	org, err := s.db.Organization.Get(ctx, a.OrganizationID)
	if err != nil {
		return "", err
	}
	id, err := s.stripe.createCustomer(ctx, string(org.ID), org.Name, "secretariat-customer-"+string(org.ID))
	if err != nil {
		return "", fmt.Errorf("create customer: %w", err)
	}
	if err := s.db.BillingAccount.UpdateOne(a).SetStripeCustomerID(id).Exec(ctx); err != nil {
		return "", fmt.Errorf("store customer: %w", err)
	}
	return id, nil
}

// OpenBillingPortal returns the URL of a Stripe Customer Portal session, where the organization
// changes its plan, payment method and invoices, or cancels.
func (s *Service) OpenBillingPortal(ctx context.Context, in OpenBillingPortalInput) (*Redirect, error) {
	if !s.Enabled() {
		return nil, fmt.Errorf("open billing portal: %w", errOff)
	}
	org, err := administrator(ctx)
	if err != nil {
		return nil, fmt.Errorf("open billing portal: %w", err)
	}
	back, err := s.returnURL(in.ReturnURL)
	if err != nil {
		return nil, fmt.Errorf("open billing portal: %w", err)
	}
	a, err := s.account(s.system(ctx, "open the billing portal"), org)
	if err != nil {
		return nil, fmt.Errorf("open billing portal: %w", err)
	}
	if a.StripeCustomerID == nil {
		return nil, fmt.Errorf("open billing portal: %w", apperr.Conflict(apperr.StaleState, "the organization has no Stripe customer yet: start a checkout first (startCheckout)",
			"この組織にはまだStripeの顧客情報がありません。先に支払い手続き（startCheckout）を開始してください"))
	}
	link, err := s.stripe.createPortalSession(ctx, *a.StripeCustomerID, back)
	if err != nil {
		return nil, fmt.Errorf("open billing portal: %w", err)
	}
	return &Redirect{URL: link}, nil
}

// digest derives an idempotency key from our own values.
func digest(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16])
}
