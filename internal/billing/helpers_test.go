package billing_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"secretariat/ent"
	"secretariat/ent/billingaccount"
	"secretariat/ent/organization"
	"secretariat/internal/billing"
	"secretariat/internal/billing/billingtest"
	"secretariat/internal/billing/plan"
	"secretariat/internal/database"
	"secretariat/internal/pulid"
	"secretariat/internal/testdb"
	"secretariat/internal/viewer"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func config(base string) billing.Config {
	return billing.Config{
		SecretKey:     testdb.StripeMockKey,
		WebhookSecret: billingtest.WebhookSecret,
		APIBase:       base,
		Prices:        map[plan.Plan]string{plan.Consultancy: billingtest.PriceConsultancy, plan.Enterprise: billingtest.PriceEnterprise},
		ReturnURL:     "https://app.example.com/billing",
	}
}

func system() context.Context { return viewer.System(context.Background(), quiet(), "test fixture") }

// org is an organization with an owner, its Stripe customer and some active companies.
type org struct {
	id       pulid.ID
	owner    *viewer.Viewer
	customer string
}

func newOrg(t *testing.T, db *database.DB, name, customer string, companies int) org {
	t.Helper()
	ctx := system()
	o := db.Client.Organization.Create().SetName(name).SetKind(organization.KindCONSULTANCY).SaveX(ctx)
	u := db.Client.User.Create().SetEmail(strings.ToLower(name) + "@example.com").SetName(name).SaveX(ctx)
	db.Client.Membership.Create().SetOrganizationID(o.ID).SetUserID(u.ID).SetRole(viewer.RoleOwner).SaveX(ctx)
	for range companies {
		db.Client.Company.Create().SetOrganizationID(o.ID).SetName(name + " client").SaveX(ctx)
	}
	if customer != "" {
		db.Client.BillingAccount.Create().SetOrganizationID(o.ID).SetStripeCustomerID(customer).SaveX(ctx)
	}
	return org{id: o.ID, owner: &viewer.Viewer{UserID: u.ID, OrganizationID: o.ID, Role: viewer.RoleOwner}, customer: customer}
}

func account(t *testing.T, db *database.DB, o org) *ent.BillingAccount {
	t.Helper()
	return db.Client.BillingAccount.Query().Where(billingaccount.OrganizationID(o.id)).OnlyX(system())
}

// deliver posts a signed event to the webhook handler and returns the response.
func deliver(t *testing.T, h http.Handler, e billingtest.Event) *httptest.ResponseRecorder {
	t.Helper()
	return post(h, e.Payload(), billingtest.Sign(e.Payload(), billingtest.WebhookSecret, time.Now()))
}

func post(h http.Handler, body []byte, signature string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(body))
	req.Header.Set("Stripe-Signature", signature)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func requireOK(t *testing.T, rec *httptest.ResponseRecorder, outcome billing.Outcome) {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Contains(t, rec.Body.String(), `"outcome":"`+string(outcome)+`"`)
}
