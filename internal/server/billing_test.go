package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"secretariat/internal/billing/billingtest"
	"secretariat/internal/config"
	"secretariat/internal/kv"
	"secretariat/internal/server"
	"secretariat/internal/testdb"
)

const day = 24 * time.Hour

// withBilling turns billing on against stripe-mock.
func withBilling(t testing.TB) option {
	base := testdb.StripeMock(t)
	return func(c *config.Config) {
		c.StripeSecretKey = testdb.StripeMockKey
		c.StripeWebhookSecret = billingtest.WebhookSecret
		c.StripeAPIBase = base
		c.StripePriceConsultancy = billingtest.PriceConsultancy
		c.StripePriceEnterprise = billingtest.PriceEnterprise
		c.CORSOrigins = []string{"https://app.example.com"}
		c.BillingReturnURL = "https://app.example.com/settings/billing"
	}
}

func eachBillingDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	billingOn := withBilling(t)
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) { fn(t, newSignedEnv(t, dialect, kv.NewMemory(), billingOn)) })
	}
}

const billingQuery = `{ billing { enabled plan status quantity activeCompanies activeSites limits { companies sites }
	trialEndsAt currentPeriodEnd cancelAtPeriodEnd graceDeadline readOnly pendingQuantityChanges } }`

func (e *env) billingOf(token string) map[string]any {
	e.t.Helper()
	res := e.post(token, billingQuery, nil)
	require.Empty(e.t, res.Errors)
	return res.Data["billing"].(map[string]any)
}

// webhook delivers a signed Stripe event and returns the HTTP status and body.
func (e *env) webhook(ev billingtest.Event) (int, string) {
	e.t.Helper()
	return e.webhookBody(ev.Payload(), billingtest.Sign(ev.Payload(), billingtest.WebhookSecret, time.Now()))
}

func (e *env) webhookBody(body []byte, signature string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, e.url+"/webhooks/stripe", bytes.NewReader(body))
	require.NoError(e.t, err)
	req.Header.Set("Stripe-Signature", signature)
	res, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	return res.StatusCode, string(b)
}

func (e *env) applied(ev billingtest.Event) {
	e.t.Helper()
	status, body := e.webhook(ev)
	require.Equal(e.t, http.StatusOK, status, body)
	require.Contains(e.t, body, `"applied"`)
}

// customerOf reads the Stripe customer stored for the organization, behind the API's back.
func (e *env) customerOf(org string) string {
	e.t.Helper()
	var customer string
	require.NoError(e.t, e.raw.QueryRow(`SELECT stripe_customer_id FROM billing_accounts WHERE organization_id = $1`, org).Scan(&customer))
	return customer
}

func (e *env) deliverOutbox() int {
	e.t.Helper()
	n, err := e.billing.DeliverQuantityChanges(context.Background())
	require.NoError(e.t, err)
	return n
}

const createCompanyNamed = `mutation($n: String!) { createCompany(input: {name: $n}) { id } }`

// A consultancy signs up on FREE, checks out CONSULTANCY, adds client companies and sees the
// billed quantity follow; a failed payment past the grace makes it read-only without losing
// anything; a paid invoice restores it. All through the API and signed webhooks.
func TestBilling_FromFreeToPaidToReadOnlyAndBack(t *testing.T) {
	t.Parallel()
	eachBillingDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("owner@sakura-consulting.example", "さくらコンサルティング")
		owner, org := p["accessToken"].(string), field(p, "organization", "id").(string)

		b := e.billingOf(owner)
		assert.Equal(t, true, b["enabled"])
		assert.Equal(t, "FREE", b["plan"])
		assert.Nil(t, b["status"])
		assert.Equal(t, map[string]any{"companies": 1.0, "sites": 3.0}, b["limits"])

		// FREE: one company.
		first := e.ok(owner, createCompanyNamed, map[string]any{"n": "株式会社あおば"}, "createCompany", "id")
		res := e.post(owner, createCompanyNamed, map[string]any{"n": "株式会社みどり"})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "PLAN_LIMIT_REACHED", res.code(0))
		assert.Contains(t, res.Errors[0].Message, "FREE プランで有効にできる会社は 1 件までです", "in the organization's language")
		assert.Equal(t, 1, e.count("companies"), "the refused company was not kept")

		// Checkout of CONSULTANCY through stripe-mock.
		res = e.post(owner, `mutation { startCheckout(input: {plan: FREE}) { url } }`, nil)
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "BAD_USER_INPUT", res.code(0))
		assert.Equal(t, "input.plan", res.Errors[0].Extensions["field"])
		res = e.post(owner, `mutation { startCheckout(input: {plan: CONSULTANCY, returnURL: "https://phishing.example/"}) { url } }`, nil)
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "returnURL", res.Errors[0].Extensions["field"])
		var customers int
		require.NoError(t, e.raw.QueryRow(`SELECT count(*) FROM billing_accounts WHERE stripe_customer_id IS NOT NULL`).Scan(&customers))
		assert.Zero(t, customers, "refused checkouts create no customer")

		link := e.ok(owner, `mutation { startCheckout(input: {plan: CONSULTANCY, returnURL: "https://app.example.com/settings"}) { url } }`, nil, "startCheckout", "url")
		assert.Regexp(t, `^https://`, link)
		customer := e.customerOf(org)
		assert.Regexp(t, `^cus_`, customer)
		e.ok(owner, `mutation { startCheckout(input: {plan: CONSULTANCY}) { url } }`, nil, "startCheckout", "url")
		assert.Equal(t, customer, e.customerOf(org), "one customer per organization")

		// Stripe reports the subscription: a trial of CONSULTANCY for one company.
		t0 := time.Now().Add(-25 * day).Truncate(time.Second)
		sub := "sub_sakura"
		subscription := func(status string, quantity int) map[string]any {
			return billingtest.Subscription(sub, customer, status, billingtest.PriceConsultancy, quantity, t0, t0.Add(14*day))
		}
		e.applied(billingtest.Event{ID: "evt_checkout", Type: "checkout.session.completed", Created: t0,
			Object: billingtest.CheckoutSession("cs_sakura", customer, sub, org)})
		e.applied(billingtest.Event{ID: "evt_created", Type: "customer.subscription.created", Created: t0, Object: subscription("trialing", 1)})
		b = e.billingOf(owner)
		assert.Equal(t, "CONSULTANCY", b["plan"])
		assert.Equal(t, "TRIALING", b["status"])
		assert.Nil(t, b["limits"], "a paid plan has no limits")
		assert.Equal(t, t0.Add(14*day).UTC().Format(time.RFC3339), b["trialEndsAt"])
		res = e.post(owner, `mutation { startCheckout(input: {plan: ENTERPRISE}) { url } }`, nil)
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "CONFLICT", res.code(0), "a running subscription is changed in the portal")
		portal := e.ok(owner, `mutation { openBillingPortal { url } }`, nil, "openBillingPortal", "url")
		assert.Regexp(t, `^https://`, portal)

		// Client companies come and go, two in one request; the quantity follows through the
		// outbox, in the order of the changes.
		res = e.post(owner, `mutation { a: createCompany(input: {name: "株式会社みどり"}) { id } b: createCompany(input: {name: "株式会社こだま"}) { id } }`, nil)
		require.Empty(t, res.Errors)
		second := field(res.Data, "a", "id").(string)
		assert.Equal(t, 2.0, e.billingOf(owner)["pendingQuantityChanges"])
		assert.Contains(t, e.metrics(), "\nsecretariat_billing_outbox_pending 2\n", "operators see the backlog")
		assert.Equal(t, 2, e.deliverOutbox(), "stripe-mock accepts both quantity changes")
		assert.Contains(t, e.metrics(), "\nsecretariat_billing_outbox_pending 0\n")
		e.ok(owner, `mutation($id: ID!) { archiveCompany(input: {id: $id}) { id } }`, map[string]any{"id": second}, "archiveCompany", "id")
		assert.Equal(t, 1, e.deliverOutbox())
		var quantities []int
		rows, err := e.raw.Query(`SELECT quantity FROM billing_quantity_changes WHERE organization_id = $1 AND state = 'DELIVERED' ORDER BY changed_at`, org)
		require.NoError(t, err)
		for rows.Next() {
			var q int
			require.NoError(t, rows.Scan(&q))
			quantities = append(quantities, q)
		}
		require.NoError(t, rows.Close())
		assert.Equal(t, []int{2, 3, 2}, quantities, "the billed quantity followed every change")
		e.applied(billingtest.Event{ID: "evt_active", Type: "customer.subscription.updated", Created: t0.Add(14 * day), Object: subscription("active", 2)})
		b = e.billingOf(owner)
		assert.Equal(t, "ACTIVE", b["status"])
		assert.Equal(t, 2.0, b["quantity"])
		assert.Equal(t, 2.0, b["activeCompanies"])
		assert.Equal(t, 0.0, b["pendingQuantityChanges"])

		// A renewal fails eight days ago: past the 7-day grace, the organization is read-only.
		failedAt := time.Now().Add(-8 * day).Truncate(time.Second)
		e.applied(billingtest.Event{ID: "evt_failed", Type: "invoice.payment_failed", Created: failedAt,
			Object: billingtest.Invoice("in_renewal", customer, sub, "subscription_cycle", 0)})
		e.applied(billingtest.Event{ID: "evt_past_due", Type: "customer.subscription.updated", Created: failedAt.Add(time.Second), Object: subscription("past_due", 2)})
		b = e.billingOf(owner)
		assert.Equal(t, "PAST_DUE", b["status"])
		assert.Equal(t, failedAt.Add(7*day).UTC().Format(time.RFC3339), b["graceDeadline"])
		assert.Equal(t, true, b["readOnly"])

		before := testdb.Snapshot(t, e.raw)
		for _, m := range []struct {
			query string
			vars  map[string]any
		}{
			{createCompanyNamed, map[string]any{"n": "株式会社ひかり"}},
			{`mutation($id: ID!) { updateCompany(input: {id: $id, name: "改名"}) { id } }`, map[string]any{"id": first}},
			{`mutation($id: ID!) { archiveCompany(input: {id: $id}) { id } }`, map[string]any{"id": first}},
			{`mutation($id: ID!) { createSite(input: {companyID: $id, name: "大阪支店"}) { id } }`, map[string]any{"id": first}},
			{`mutation($id: ID!) { createTask(input: {companyID: $id, title: "内部監査の準備", dueDate: "2026-12-25"}) { id } }`, map[string]any{"id": first}},
			{`mutation($id: ID!) { createDocument(input: {companyID: $id, title: "規程", kind: POLICY, body: "本文"}) { id } }`, map[string]any{"id": first}},
			{`mutation($id: ID!) { createAsset(input: {companyID: $id, name: "顧客台帳", type: INFORMATION}) { id } }`, map[string]any{"id": first}},
			{`mutation { inviteMember(input: {email: "new@example.com", role: MEMBER}) { token } }`, nil},
		} {
			res := e.post(owner, m.query, m.vars)
			require.Len(t, res.Errors, 1, m.query)
			assert.Equal(t, "PAYMENT_REQUIRED", res.code(0), m.query)
			assert.Contains(t, res.Errors[0].Message, "PAST_DUE")
		}
		assert.Equal(t, before, testdb.Snapshot(t, e.raw), "a refused write changes nothing")
		res = e.post(owner, `{ companies(includeArchived: true) { totalCount edges { node { name } } } }`, nil)
		require.Empty(t, res.Errors, "reads keep working")
		assert.Equal(t, 3.0, field(res.Data, "companies", "totalCount"), "every company, the archived one too")
		e.ok(owner, `mutation { openBillingPortal { url } }`, nil, "openBillingPortal", "url")

		// The invoice is paid: writes come back at once.
		e.applied(billingtest.Event{ID: "evt_paid", Type: "invoice.paid", Created: time.Now().Truncate(time.Second),
			Object: billingtest.Invoice("in_renewal", customer, sub, "subscription_cycle", 6000)})
		b = e.billingOf(owner)
		assert.Equal(t, "ACTIVE", b["status"])
		assert.Equal(t, false, b["readOnly"])
		assert.Nil(t, b["graceDeadline"])
		e.ok(owner, createCompanyNamed, map[string]any{"n": "株式会社ひかり"}, "createCompany", "id")
	})
}

func TestBilling_WithinTheGraceAndWhenUnpaidOrCanceled(t *testing.T) {
	t.Parallel()
	eachBillingDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("owner@example.com", "Grace")
		owner, org := p["accessToken"].(string), field(p, "organization", "id").(string)
		e.ok(owner, `mutation { startCheckout(input: {plan: ENTERPRISE}) { url } }`, nil, "startCheckout", "url")
		customer := e.customerOf(org)
		t0 := time.Now().Add(-20 * day).Truncate(time.Second)
		sub := func(status string) map[string]any {
			return billingtest.Subscription("sub_grace", customer, status, billingtest.PriceEnterprise, 0, t0, time.Time{})
		}
		e.applied(billingtest.Event{ID: "evt_1", Type: "customer.subscription.created", Created: t0, Object: sub("active")})
		assert.Equal(t, "ENTERPRISE", e.billingOf(owner)["plan"])
		e.applied(billingtest.Event{ID: "evt_2", Type: "customer.subscription.updated", Created: time.Now().Add(-2 * day), Object: sub("past_due")})
		assert.Equal(t, false, e.billingOf(owner)["readOnly"], "two days into the grace")
		hq := e.ok(owner, createCompanyNamed, map[string]any{"n": "本社"}, "createCompany", "id")
		e.ok(owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "東京本社"}) { id } }`, map[string]any{"c": hq}, "createSite", "id")
		assert.Equal(t, 1.0, e.billingOf(owner)["pendingQuantityChanges"], "ENTERPRISE bills the new site")

		e.applied(billingtest.Event{ID: "evt_3", Type: "customer.subscription.updated", Created: time.Now().Add(-day), Object: sub("unpaid")})
		assert.Equal(t, true, e.billingOf(owner)["readOnly"])
		assert.Equal(t, "PAYMENT_REQUIRED", e.post(owner, createCompanyNamed, map[string]any{"n": "支社"}).code(0))

		e.applied(billingtest.Event{ID: "evt_4", Type: "customer.subscription.deleted", Created: time.Now(), Object: sub("canceled")})
		b := e.billingOf(owner)
		assert.Equal(t, "CANCELED", b["status"])
		assert.Equal(t, true, b["readOnly"])
		assert.Equal(t, "PAYMENT_REQUIRED", e.post(owner, createCompanyNamed, map[string]any{"n": "支社"}).code(0))
		assert.Zero(t, e.deliverOutbox(), "nothing is sent for a canceled subscription")
		var state string
		require.NoError(t, e.raw.QueryRow(`SELECT state FROM billing_quantity_changes`).Scan(&state))
		assert.Equal(t, "DROPPED", state)
		// A canceled organization subscribes again.
		e.ok(owner, `mutation { startCheckout(input: {plan: ENTERPRISE}) { url } }`, nil, "startCheckout", "url")
		assert.Equal(t, 1, e.count("companies"), "nothing was deleted")
	})
}

func TestBilling_TheFreePlanAllowsThreeSites(t *testing.T) {
	t.Parallel()
	eachBillingDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("owner@example.com", "Sites")
		owner := p["accessToken"].(string)
		co := e.ok(owner, createCompanyNamed, map[string]any{"n": "本社"}, "createCompany", "id")
		var sites []string
		for i := range 3 {
			sites = append(sites, e.ok(owner, `mutation($c: ID!, $n: String!) { createSite(input: {companyID: $c, name: $n}) { id } }`,
				map[string]any{"c": co, "n": fmt.Sprint("拠点", i)}, "createSite", "id"))
		}
		res := e.post(owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "四つ目"}) { id } }`, map[string]any{"c": co})
		require.Len(t, res.Errors, 1)
		assert.Equal(t, "PLAN_LIMIT_REACHED", res.code(0))
		assert.Contains(t, res.Errors[0].Message, "拠点は 3 件までです", "in the organization's language")
		assert.Equal(t, 3, e.count("sites"))

		e.ok(owner, `mutation($id: ID!) { archiveSite(input: {id: $id}) { id } }`, map[string]any{"id": sites[0]}, "archiveSite", "id")
		e.ok(owner, `mutation($c: ID!) { createSite(input: {companyID: $c, name: "四つ目"}) { id } }`, map[string]any{"c": co}, "createSite", "id")
		res = e.post(owner, `mutation($id: ID!) { restoreSite(input: {id: $id}) { id } }`, map[string]any{"id": sites[0]})
		require.Len(t, res.Errors, 1, "restoring would make four")
		assert.Equal(t, "PLAN_LIMIT_REACHED", res.code(0))
		assert.Equal(t, 3.0, e.billingOf(owner)["activeSites"])
	})
}

func TestBilling_OnlyOwnersAndAdministratorsManageBilling(t *testing.T) {
	t.Parallel()
	eachBillingDialect(t, func(t *testing.T, e *env) {
		a := e.workspaceOf("owner@example.com", "Roles", "Roles 本社")
		consultant := e.join(a, "consultant@example.com", "CONSULTANT", a.companies, nil)
		admin := e.join(a, "admin@example.com", "ADMIN", nil, nil)
		for _, q := range []string{billingQuery, `mutation { startCheckout(input: {plan: CONSULTANCY}) { url } }`, `mutation { openBillingPortal { url } }`} {
			res := e.post(consultant, q, nil)
			require.Len(t, res.Errors, 1, q)
			assert.Equal(t, "FORBIDDEN", res.code(0), q)
		}
		assert.Equal(t, "FREE", e.billingOf(admin)["plan"])
		e.ok(admin, `mutation { startCheckout(input: {plan: CONSULTANCY}) { url } }`, nil, "startCheckout", "url")
	})
}

// Another organization's webhooks never reach this one, and its billing is never shown here.
func TestBilling_AnotherOrganizationIsNeverReached(t *testing.T) {
	t.Parallel()
	eachBillingDialect(t, func(t *testing.T, e *env) {
		a := e.workspaceOf("a@example.com", "Alpha", "Alpha 本社")
		b := e.workspaceOf("b@example.com", "Bravo", "Bravo 本社")
		consultant := e.join(a, "c@example.com", "CONSULTANT", a.companies, nil)
		e.ok(a.owner, `mutation { startCheckout(input: {plan: CONSULTANCY}) { url } }`, nil, "startCheckout", "url")
		// stripe-mock answers every customer creation with the same id; Bravo has its own.
		_, err := e.raw.Exec(`UPDATE billing_accounts SET stripe_customer_id = 'cus_bravo' WHERE organization_id = $1`, b.org)
		require.NoError(t, err)
		customer := e.customerOf(a.org)
		e.applied(billingtest.Event{ID: "evt_a", Type: "customer.subscription.created", Created: time.Now().Add(-30 * day),
			Object: billingtest.Subscription("sub_a", customer, "unpaid", billingtest.PriceConsultancy, 1, time.Now().Add(-30*day), time.Time{})})
		assert.Equal(t, true, e.billingOf(a.owner)["readOnly"])
		assert.Equal(t, "PAYMENT_REQUIRED", e.post(a.owner, createCompanyNamed, map[string]any{"n": "x"}).code(0))

		bb := e.billingOf(b.owner)
		assert.Equal(t, "FREE", bb["plan"])
		assert.Nil(t, bb["status"])
		assert.Equal(t, false, bb["readOnly"])
		e.ok(b.owner, `mutation($id: ID!) { updateCompany(input: {id: $id, name: "Bravo HQ"}) { id } }`, map[string]any{"id": b.companies[0]}, "updateCompany", "id")
		// A consultant of the same organization sees no billing at all.
		assert.Equal(t, "FORBIDDEN", e.post(consultant, billingQuery, nil).code(0))
	})
}

func TestBilling_WebhooksAreSignedAndBounded(t *testing.T) {
	t.Parallel()
	eachBillingDialect(t, func(t *testing.T, e *env) {
		ev := billingtest.Event{ID: "evt_x", Type: "customer.subscription.created", Created: time.Now(),
			Object: billingtest.Subscription("sub_x", "cus_nobody", "active", billingtest.PriceConsultancy, 1, time.Now(), time.Time{})}
		status, _ := e.webhookBody(ev.Payload(), billingtest.Sign(ev.Payload(), "whsec_wrong", time.Now()))
		assert.Equal(t, http.StatusBadRequest, status)
		status, _ = e.webhookBody(ev.Payload(), billingtest.Sign(ev.Payload(), billingtest.WebhookSecret, time.Now().Add(-10*time.Minute)))
		assert.Equal(t, http.StatusBadRequest, status, "a stale timestamp")
		big := bytes.Repeat([]byte(" "), 1<<20+1)
		status, _ = e.webhookBody(big, billingtest.Sign(big, billingtest.WebhookSecret, time.Now()))
		assert.Equal(t, http.StatusRequestEntityTooLarge, status)
		status, body := e.webhook(ev)
		assert.Equal(t, http.StatusOK, status)
		assert.Contains(t, body, "unknown_customer")
		assert.Contains(t, e.logs.String(), "cus_nobody")
		assert.Zero(t, e.count("billing_events"))
	})
}

func TestBilling_OffWithoutAStripeKey(t *testing.T) {
	t.Parallel()
	eachSignedDialect(t, func(t *testing.T, e *env) {
		p := e.signUpAs("owner@example.com", "Self-hosted")
		owner := p["accessToken"].(string)
		e.english(owner)
		for i := range 3 {
			e.ok(owner, createCompanyNamed, map[string]any{"n": fmt.Sprint("会社", i)}, "createCompany", "id")
		}
		b := e.billingOf(owner)
		assert.Equal(t, false, b["enabled"])
		assert.Nil(t, b["limits"], "no limits")
		assert.Equal(t, 3.0, b["activeCompanies"])
		for _, q := range []string{`mutation { startCheckout(input: {plan: CONSULTANCY}) { url } }`, `mutation { openBillingPortal { url } }`} {
			res := e.post(owner, q, nil)
			require.Len(t, res.Errors, 1)
			assert.Equal(t, "CONFLICT", res.code(0))
			assert.Contains(t, res.Errors[0].Message, "billing is not configured")
		}
		status, _ := e.webhookBody([]byte(`{}`), "")
		assert.Equal(t, http.StatusNotFound, status, "no webhook endpoint without billing")
	})
}

// The mutations a read-only organization may still make are authentication and billing, each
// a mutation of the schema.
func TestBilling_OnlyAuthenticationAndBillingStayWritable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", kv.NewMemory())
	res := e.post("", `{ __schema { mutationType { fields { name } } } }`, nil)
	require.Empty(t, res.Errors)
	var mutations []string
	for _, f := range field(res.Data, "__schema", "mutationType", "fields").([]any) {
		mutations = append(mutations, f.(map[string]any)["name"].(string))
	}
	exempt := slices.Sorted(maps.Keys(server.WritableWhilePaymentLapsed))
	assert.Equal(t, []string{"acceptInvitation", "changePassword", "login", "logout", "openBillingPortal", "refreshToken", "resetPassword", "signUp", "startCheckout", "switchOrganization"}, exempt)
	for _, name := range exempt {
		assert.Contains(t, mutations, name)
	}
	assert.Greater(t, len(mutations), len(exempt)+40, "every other mutation is refused")
}

func (e *env) metrics() string {
	e.t.Helper()
	res, err := http.Get(e.url + "/metrics")
	require.NoError(e.t, err)
	defer res.Body.Close()
	return readAll(e.t, res)
}
