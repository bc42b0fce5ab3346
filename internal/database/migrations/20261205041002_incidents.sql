-- +goose Up
-- modify "companies" table
ALTER TABLE "companies" ADD COLUMN "incident_routing" character varying NOT NULL DEFAULT 'VIA_SECRETARIAT';
-- create "incidents" table
CREATE TABLE "incidents" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" bigint NOT NULL, "title" character varying NOT NULL, "description" text NULL, "category" character varying NOT NULL, "occurred_at" timestamptz NULL, "discovered_at" timestamptz NOT NULL, "personal_data" boolean NOT NULL DEFAULT false, "wrongful" boolean NOT NULL DEFAULT false, "controls" jsonb NULL, "routing" character varying NOT NULL, "severity" character varying NULL, "status" character varying NOT NULL DEFAULT 'REPORTED', "rejection_reason" character varying NULL, "triaged_at" timestamptz NULL, "contained_at" timestamptz NULL, "resolved_at" timestamptz NULL, "closed_at" timestamptz NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "reporter_id" character varying NOT NULL, "assignee_id" character varying NULL, "site_id" character varying NULL, "department_id" character varying NULL, "task_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "incidents_companies_incidents" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incidents_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "incidents_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incidents_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "incidents_tasks_task" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "incidents_users_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "incidents_users_reporter" FOREIGN KEY ("reporter_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "incident_company_id" to table: "incidents"
CREATE INDEX "incident_company_id" ON "incidents" ("company_id");
-- create index "incident_company_id_number" to table: "incidents"
CREATE UNIQUE INDEX "incident_company_id_number" ON "incidents" ("company_id", "number");
-- create index "incident_company_id_status" to table: "incidents"
CREATE INDEX "incident_company_id_status" ON "incidents" ("company_id", "status");
-- create index "incident_organization_id" to table: "incidents"
CREATE INDEX "incident_organization_id" ON "incidents" ("organization_id");
-- create index "incident_reporter_id" to table: "incidents"
CREATE INDEX "incident_reporter_id" ON "incidents" ("reporter_id");
-- modify "findings" table
ALTER TABLE "findings" ADD COLUMN "incident_id" character varying NULL, ADD CONSTRAINT "findings_incidents_findings" FOREIGN KEY ("incident_id") REFERENCES "incidents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- create "incident_assets" table
CREATE TABLE "incident_assets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "incident_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "asset_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "incident_assets_assets_asset" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_assets_companies_incident_assets" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_assets_incidents_asset_links" FOREIGN KEY ("incident_id") REFERENCES "incidents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_assets_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "incidentasset_company_id" to table: "incident_assets"
CREATE INDEX "incidentasset_company_id" ON "incident_assets" ("company_id");
-- create index "incidentasset_incident_id_asset_id" to table: "incident_assets"
CREATE UNIQUE INDEX "incidentasset_incident_id_asset_id" ON "incident_assets" ("incident_id", "asset_id");
-- create index "incidentasset_organization_id" to table: "incident_assets"
CREATE INDEX "incidentasset_organization_id" ON "incident_assets" ("organization_id");
-- create "incident_deadlines" table
CREATE TABLE "incident_deadlines" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "regime" character varying NOT NULL, "kind" character varying NOT NULL, "due_on" date NOT NULL, "filed_on" date NULL, "company_id" character varying NOT NULL, "incident_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "task_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "incident_deadlines_companies_incident_deadlines" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_deadlines_incidents_deadlines" FOREIGN KEY ("incident_id") REFERENCES "incidents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_deadlines_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_deadlines_tasks_task" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "incidentdeadline_company_id" to table: "incident_deadlines"
CREATE INDEX "incidentdeadline_company_id" ON "incident_deadlines" ("company_id");
-- create index "incidentdeadline_company_id_due_on" to table: "incident_deadlines"
CREATE INDEX "incidentdeadline_company_id_due_on" ON "incident_deadlines" ("company_id", "due_on");
-- create index "incidentdeadline_incident_id_kind" to table: "incident_deadlines"
CREATE UNIQUE INDEX "incidentdeadline_incident_id_kind" ON "incident_deadlines" ("incident_id", "kind");
-- create index "incidentdeadline_organization_id" to table: "incident_deadlines"
CREATE INDEX "incidentdeadline_organization_id" ON "incident_deadlines" ("organization_id");
-- create "incident_events" table
CREATE TABLE "incident_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "text" text NULL, "company_id" character varying NOT NULL, "incident_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "actor_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "incident_events_companies_incident_events" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_events_incidents_timeline" FOREIGN KEY ("incident_id") REFERENCES "incidents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_events_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_events_users_actor" FOREIGN KEY ("actor_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "incidentevent_company_id" to table: "incident_events"
CREATE INDEX "incidentevent_company_id" ON "incident_events" ("company_id");
-- create index "incidentevent_incident_id_created_at" to table: "incident_events"
CREATE INDEX "incidentevent_incident_id_created_at" ON "incident_events" ("incident_id", "created_at");
-- create index "incidentevent_organization_id" to table: "incident_events"
CREATE INDEX "incidentevent_organization_id" ON "incident_events" ("organization_id");
-- create "incident_risks" table
CREATE TABLE "incident_risks" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "incident_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "risk_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "incident_risks_companies_incident_risks" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_risks_incidents_risk_links" FOREIGN KEY ("incident_id") REFERENCES "incidents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_risks_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "incident_risks_risks_risk" FOREIGN KEY ("risk_id") REFERENCES "risks" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "incidentrisk_company_id" to table: "incident_risks"
CREATE INDEX "incidentrisk_company_id" ON "incident_risks" ("company_id");
-- create index "incidentrisk_incident_id_risk_id" to table: "incident_risks"
CREATE UNIQUE INDEX "incidentrisk_incident_id_risk_id" ON "incident_risks" ("incident_id", "risk_id");
-- create index "incidentrisk_organization_id" to table: "incident_risks"
CREATE INDEX "incidentrisk_organization_id" ON "incident_risks" ("organization_id");

-- +goose Down
-- reverse: create index "incidentrisk_organization_id" to table: "incident_risks"
DROP INDEX "incidentrisk_organization_id";
-- reverse: create index "incidentrisk_incident_id_risk_id" to table: "incident_risks"
DROP INDEX "incidentrisk_incident_id_risk_id";
-- reverse: create index "incidentrisk_company_id" to table: "incident_risks"
DROP INDEX "incidentrisk_company_id";
-- reverse: create "incident_risks" table
DROP TABLE "incident_risks";
-- reverse: create index "incidentevent_organization_id" to table: "incident_events"
DROP INDEX "incidentevent_organization_id";
-- reverse: create index "incidentevent_incident_id_created_at" to table: "incident_events"
DROP INDEX "incidentevent_incident_id_created_at";
-- reverse: create index "incidentevent_company_id" to table: "incident_events"
DROP INDEX "incidentevent_company_id";
-- reverse: create "incident_events" table
DROP TABLE "incident_events";
-- reverse: create index "incidentdeadline_organization_id" to table: "incident_deadlines"
DROP INDEX "incidentdeadline_organization_id";
-- reverse: create index "incidentdeadline_incident_id_kind" to table: "incident_deadlines"
DROP INDEX "incidentdeadline_incident_id_kind";
-- reverse: create index "incidentdeadline_company_id_due_on" to table: "incident_deadlines"
DROP INDEX "incidentdeadline_company_id_due_on";
-- reverse: create index "incidentdeadline_company_id" to table: "incident_deadlines"
DROP INDEX "incidentdeadline_company_id";
-- reverse: create "incident_deadlines" table
DROP TABLE "incident_deadlines";
-- reverse: create index "incidentasset_organization_id" to table: "incident_assets"
DROP INDEX "incidentasset_organization_id";
-- reverse: create index "incidentasset_incident_id_asset_id" to table: "incident_assets"
DROP INDEX "incidentasset_incident_id_asset_id";
-- reverse: create index "incidentasset_company_id" to table: "incident_assets"
DROP INDEX "incidentasset_company_id";
-- reverse: create "incident_assets" table
DROP TABLE "incident_assets";
-- reverse: modify "findings" table
ALTER TABLE "findings" DROP CONSTRAINT "findings_incidents_findings", DROP COLUMN "incident_id";
-- reverse: create index "incident_reporter_id" to table: "incidents"
DROP INDEX "incident_reporter_id";
-- reverse: create index "incident_organization_id" to table: "incidents"
DROP INDEX "incident_organization_id";
-- reverse: create index "incident_company_id_status" to table: "incidents"
DROP INDEX "incident_company_id_status";
-- reverse: create index "incident_company_id_number" to table: "incidents"
DROP INDEX "incident_company_id_number";
-- reverse: create index "incident_company_id" to table: "incidents"
DROP INDEX "incident_company_id";
-- reverse: create "incidents" table
DROP TABLE "incidents";
-- reverse: modify "companies" table
ALTER TABLE "companies" DROP COLUMN "incident_routing";
