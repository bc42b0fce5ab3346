-- +goose Up
-- create "billing_accounts" table
CREATE TABLE "billing_accounts" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "plan" character varying NOT NULL DEFAULT 'FREE', "stripe_customer_id" character varying NULL, "stripe_subscription_id" character varying NULL, "stripe_subscription_item_id" character varying NULL, "subscription_created_at" timestamptz NULL, "status" character varying NULL, "quantity" bigint NOT NULL DEFAULT 0, "current_period_start" timestamptz NULL, "current_period_end" timestamptz NULL, "cancel_at_period_end" boolean NOT NULL DEFAULT false, "trial_ends_at" timestamptz NULL, "past_due_since" timestamptz NULL, "trial_used" boolean NOT NULL DEFAULT false, "details_at" timestamptz NULL, "details_rank" bigint NOT NULL DEFAULT 0, "details_event" character varying NULL, "queued_quantity" bigint NULL, "sync_lease_until" timestamptz NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "billing_accounts_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "billing_accounts_stripe_customer_id_key" to table: "billing_accounts"
CREATE UNIQUE INDEX "billing_accounts_stripe_customer_id_key" ON "billing_accounts" ("stripe_customer_id");
-- create index "billingaccount_one_per_organization" to table: "billing_accounts"
CREATE UNIQUE INDEX "billingaccount_one_per_organization" ON "billing_accounts" ("organization_id");
-- create index "billingaccount_organization_id" to table: "billing_accounts"
CREATE INDEX "billingaccount_organization_id" ON "billing_accounts" ("organization_id");
-- create "billing_events" table
CREATE TABLE "billing_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "stripe_event_id" character varying NOT NULL, "type" character varying NOT NULL, "occurred_at" timestamptz NOT NULL, "rank" bigint NOT NULL, "subscription_id" character varying NULL, "status" character varying NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "billing_events_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "billing_events_stripe_event_id_key" to table: "billing_events"
CREATE UNIQUE INDEX "billing_events_stripe_event_id_key" ON "billing_events" ("stripe_event_id");
-- create index "billingevent_organization_id" to table: "billing_events"
CREATE INDEX "billingevent_organization_id" ON "billing_events" ("organization_id");
-- create index "billingevent_organization_id_subscription_id" to table: "billing_events"
CREATE INDEX "billingevent_organization_id_subscription_id" ON "billing_events" ("organization_id", "subscription_id");
-- create "billing_quantity_changes" table
CREATE TABLE "billing_quantity_changes" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "reason" character varying NOT NULL, "quantity" bigint NOT NULL, "changed_at" timestamptz NOT NULL, "state" character varying NOT NULL DEFAULT 'PENDING', "attempts" bigint NOT NULL DEFAULT 0, "next_attempt_at" timestamptz NOT NULL, "delivered_at" timestamptz NULL, "last_error" text NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "billing_quantity_changes_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "billingquantitychange_organization_id" to table: "billing_quantity_changes"
CREATE INDEX "billingquantitychange_organization_id" ON "billing_quantity_changes" ("organization_id");
-- create index "billingquantitychange_organization_id_state" to table: "billing_quantity_changes"
CREATE INDEX "billingquantitychange_organization_id_state" ON "billing_quantity_changes" ("organization_id", "state");
-- create index "billingquantitychange_state_next_attempt_at" to table: "billing_quantity_changes"
CREATE INDEX "billingquantitychange_state_next_attempt_at" ON "billing_quantity_changes" ("state", "next_attempt_at");

-- +goose Down
-- reverse: create index "billingquantitychange_state_next_attempt_at" to table: "billing_quantity_changes"
DROP INDEX "billingquantitychange_state_next_attempt_at";
-- reverse: create index "billingquantitychange_organization_id_state" to table: "billing_quantity_changes"
DROP INDEX "billingquantitychange_organization_id_state";
-- reverse: create index "billingquantitychange_organization_id" to table: "billing_quantity_changes"
DROP INDEX "billingquantitychange_organization_id";
-- reverse: create "billing_quantity_changes" table
DROP TABLE "billing_quantity_changes";
-- reverse: create index "billingevent_organization_id_subscription_id" to table: "billing_events"
DROP INDEX "billingevent_organization_id_subscription_id";
-- reverse: create index "billingevent_organization_id" to table: "billing_events"
DROP INDEX "billingevent_organization_id";
-- reverse: create index "billing_events_stripe_event_id_key" to table: "billing_events"
DROP INDEX "billing_events_stripe_event_id_key";
-- reverse: create "billing_events" table
DROP TABLE "billing_events";
-- reverse: create index "billingaccount_organization_id" to table: "billing_accounts"
DROP INDEX "billingaccount_organization_id";
-- reverse: create index "billingaccount_one_per_organization" to table: "billing_accounts"
DROP INDEX "billingaccount_one_per_organization";
-- reverse: create index "billing_accounts_stripe_customer_id_key" to table: "billing_accounts"
DROP INDEX "billing_accounts_stripe_customer_id_key";
-- reverse: create "billing_accounts" table
DROP TABLE "billing_accounts";
