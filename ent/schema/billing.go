package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"secretariat/internal/billing/plan"
)

// BillingAccount is an organization's standing with Stripe: its customer, its subscription as
// the webhooks last reported it, and the quantity the outbox last asked Stripe to bill. One per
// organization, kept by the system context alone (package billing); the API shows it through the
// billing query. It is internal: no ID reaches it.
type BillingAccount struct{ ent.Schema }

// Mixin of the BillingAccount.
func (BillingAccount) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BA", Internal: true}, TimeMixin{}, TenantMixin{}}
}

// Fields of the BillingAccount.
func (BillingAccount) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("plan").GoType(plan.Plan("")).Default(string(plan.Free)),
		field.String("stripe_customer_id").Optional().Nillable().Unique(),
		field.String("stripe_subscription_id").Optional().Nillable(),
		field.String("stripe_subscription_item_id").Optional().Nillable(),
		// When Stripe created the subscription followed: a newer subscription replaces it.
		field.Time("subscription_created_at").Optional().Nillable(),
		field.Enum("status").GoType(plan.Status("")).Optional().Nillable(),
		// The quantity Stripe bills, as its last subscription event said.
		field.Int("quantity").Default(0).NonNegative(),
		field.Time("current_period_start").Optional().Nillable(),
		field.Time("current_period_end").Optional().Nillable(),
		field.Bool("cancel_at_period_end").Default(false),
		field.Time("trial_ends_at").Optional().Nillable(),
		// When the subscription first fell PAST_DUE; the grace runs from here.
		field.Time("past_due_since").Optional().Nillable(),
		field.Bool("trial_used").Default(false),
		// The webhook event that last set the subscription's details: its time, rank and id order
		// the events (package billing), so the latest wins whatever the order of delivery.
		field.Time("details_at").Optional().Nillable(),
		field.Int("details_rank").Default(0),
		field.String("details_event").Optional(),
		// The quantity last queued for Stripe in the outbox.
		field.Int("queued_quantity").Optional().Nillable(),
		// A sync worker holds the organization's outbox until then.
		field.Time("sync_lease_until").Optional().Nillable(),
	}
}

// Indexes of the BillingAccount.
func (BillingAccount) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id").Unique().StorageKey("billingaccount_one_per_organization")}
}

// Annotations of the BillingAccount.
func (BillingAccount) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// BillingQuantityChange is one row of the billing outbox: a change of the billed quantity,
// written in the transaction of the company or site change that caused it and delivered to Stripe
// afterwards by the sync worker, retried with backoff until Stripe accepts it.
type BillingQuantityChange struct{ ent.Schema }

// Mixin of the BillingQuantityChange.
func (BillingQuantityChange) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BQ", Internal: true}, TimeMixin{}, TenantMixin{}}
}

// Fields of the BillingQuantityChange.
func (BillingQuantityChange) Fields() []ent.Field {
	return []ent.Field{
		field.String("reason").Immutable().MaxLen(200),
		field.Int("quantity").Immutable().NonNegative(),
		// When the change happened: Stripe prorates from here.
		field.Time("changed_at").Immutable(),
		field.Enum("state").Values("PENDING", "DELIVERED", "DROPPED").Default("PENDING"),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at"),
		field.Time("delivered_at").Optional().Nillable(),
		field.Text("last_error").Optional(),
	}
}

// Indexes of the BillingQuantityChange.
func (BillingQuantityChange) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("state", "next_attempt_at"),
		index.Fields("organization_id", "state"),
	}
}

// Annotations of the BillingQuantityChange.
func (BillingQuantityChange) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// BillingEvent records a Stripe webhook event that took effect, in the transaction of its
// effect, so that a redelivery is recognised and does nothing.
type BillingEvent struct{ ent.Schema }

// Mixin of the BillingEvent.
func (BillingEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Prefix: "BE", Internal: true}, TimeMixin{}, TenantMixin{}}
}

// Fields of the BillingEvent.
func (BillingEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("stripe_event_id").Immutable().Unique(),
		field.String("type").Immutable(),
		field.Time("occurred_at").Immutable(),
		// The order of events of the same second (package billing).
		field.Int("rank").Immutable(),
		field.String("subscription_id").Optional().Nillable().Immutable(),
		// The subscription status the event reports, when it reports one: the account's status is
		// that of the latest such event of its subscription.
		field.Enum("status").GoType(plan.Status("")).Optional().Nillable().Immutable(),
	}
}

// Indexes of the BillingEvent.
func (BillingEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("organization_id", "subscription_id")}
}

// Annotations of the BillingEvent.
func (BillingEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
