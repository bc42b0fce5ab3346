package billing

import (
	"context"
	"fmt"
	"time"

	"secretariat/ent"
	"secretariat/ent/billingaccount"
	"secretariat/ent/billingquantitychange"
	"secretariat/internal/apperr"
	"secretariat/internal/billing/plan"
)

// Change is a change of an organization's billable units: a company or a site created, archived
// or restored. Reason names it ("company CO… created"); it goes into the outbox row.
type Change struct {
	Unit Unit
	// Adds is set when the change adds a unit (create, restore): the FREE limits are checked.
	Adds   bool
	Reason string
}

// Unit is what changed: a company or a site.
type Unit int

// The units.
const (
	CompanyUnit Unit = iota
	SiteUnit
)

func (u Unit) String() string {
	if u == SiteUnit {
		return "site"
	}
	return "company"
}

// UnitsChanged is called in the transaction of a company or site change, after the change was
// written. It refuses the change when it takes the organization over its plan's limits
// (PLAN_LIMIT_REACHED, and the caller's transaction undoes the change), and otherwise queues the
// new quantity for Stripe when the organization has a paid subscription: the outbox row commits
// with the change, and the sync worker delivers it.
func (s *Service) UnitsChanged(ctx context.Context, c Change) error {
	if !s.Enabled() {
		return nil
	}
	org, err := organization(ctx)
	if err != nil {
		return err
	}
	sys := s.system(ctx, "count units after "+c.Reason)
	a, err := s.lockAccount(sys, org)
	if err != nil {
		return fmt.Errorf("billing account: %w", err)
	}
	l := limits(a)
	if l == nil && c.Unit == SiteUnit && a.Plan != plan.Enterprise {
		return nil // no limit applies and the plan does not bill sites
	}
	u, err := s.units(sys, org)
	if err != nil {
		return err
	}
	if c.Adds && l != nil {
		if u.Companies > l.Companies {
			return overLimit(a.Plan, l.Companies, "company", "companies", "会社")
		}
		if u.Sites > l.Sites {
			return overLimit(a.Plan, l.Sites, "site", "sites", "拠点")
		}
	}
	return s.queueQuantity(sys, a, u, c.Reason)
}

// queueQuantity adds an outbox row when the quantity the account's plan bills differs from the
// last one queued (or, with none queued yet, from the one Stripe bills). The account is locked.
func (s *Service) queueQuantity(ctx context.Context, a *ent.BillingAccount, u plan.Units, reason string) error {
	if !billable(a) {
		return nil
	}
	want := a.Plan.Quantity(u)
	known := a.Quantity
	if a.QueuedQuantity != nil {
		known = *a.QueuedQuantity
	}
	if want == known {
		return nil
	}
	// The outbox is delivered in the order of changed_at, which is made strictly increasing per
	// organization (the account is locked): two changes of one request keep their order.
	now := s.now().Truncate(time.Microsecond)
	last, err := s.db.BillingQuantityChange.Query().
		Where(billingquantitychange.OrganizationID(a.OrganizationID)).
		Order(ent.Desc(billingquantitychange.FieldChangedAt)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("queue quantity: %w", err)
	}
	if last != nil && !now.After(last.ChangedAt) {
		now = last.ChangedAt.Add(time.Microsecond)
	}
	if err := s.db.BillingQuantityChange.Create().
		SetOrganizationID(a.OrganizationID).
		SetReason(truncate(reason, 200)).
		SetQuantity(want).
		SetChangedAt(now).
		SetNextAttemptAt(now).
		Exec(ctx); err != nil {
		return fmt.Errorf("queue quantity: %w", err)
	}
	if err := s.db.BillingAccount.UpdateOne(a).SetQueuedQuantity(want).Exec(ctx); err != nil {
		return fmt.Errorf("queue quantity: %w", err)
	}
	s.log.InfoContext(ctx, "billing quantity queued", "organization_id", a.OrganizationID, "quantity", want, "reason", reason)
	return nil
}

// CheckWritable refuses, with PAYMENT_REQUIRED, a write by an organization whose payment lapsed:
// PAST_DUE past its grace, UNPAID or CANCELED. Without a viewer (signing in) or with billing
// off it allows everything.
func (s *Service) CheckWritable(ctx context.Context) error {
	if !s.Enabled() {
		return nil
	}
	org, err := organization(ctx)
	if err != nil {
		return nil //nolint:nilerr // no viewer: authentication, which billing never blocks
	}
	a, err := s.db.BillingAccount.Query().Where(billingaccount.OrganizationID(org)).
		Only(s.system(ctx, "check the organization may write"))
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("billing account: %w", err)
	}
	if !readOnly(a, s.now()) {
		return nil
	}
	return &apperr.Error{Kind: apperr.KindPaymentRequired, Reason: apperr.StaleState, Text: apperr.Text{
		EN: fmt.Sprintf("the organization's subscription is %s: its records can be read but not changed until the open invoice is paid "+
			"(an OWNER or ADMIN opens the billing portal with openBillingPortal)", *a.Status),
		JA: fmt.Sprintf("組織の契約は %s です。未払いの請求書が支払われるまで、記録は閲覧できますが変更できません"+
			"（OWNER または ADMIN が openBillingPortal で請求ポータルを開きます）", *a.Status),
	}}
}

func overLimit(p plan.Plan, n int, one, many, ja string) error {
	noun := many
	if n == 1 {
		noun = one
	}
	return &apperr.Error{Kind: apperr.KindPlanLimit, Text: apperr.Text{
		EN: fmt.Sprintf("the %s plan allows %d active %s: choose a paid plan (startCheckout) or archive one first", p, n, noun),
		JA: fmt.Sprintf("%s プランで有効にできる%sは %d 件までです。有料プランを選ぶ（startCheckout）か、先に1件をアーカイブしてください", p, ja, n),
	}}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
