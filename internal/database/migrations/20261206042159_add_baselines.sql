-- +goose Up
-- create "baselines" table
CREATE TABLE "baselines" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "name" character varying NOT NULL, "description" text NULL, "latest_version" bigint NOT NULL DEFAULT 1, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "baselines_organizations_baselines" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "baseline_organization_id" to table: "baselines"
CREATE INDEX "baseline_organization_id" ON "baselines" ("organization_id");
-- create "baseline_versions" table
CREATE TABLE "baseline_versions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" bigint NOT NULL, "note" text NULL, "published_by_id" character varying NOT NULL, "content" jsonb NOT NULL, "baseline_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "baseline_versions_baselines_versions" FOREIGN KEY ("baseline_id") REFERENCES "baselines" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_versions_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "baselineversion_baseline_id_number" to table: "baseline_versions"
CREATE UNIQUE INDEX "baselineversion_baseline_id_number" ON "baseline_versions" ("baseline_id", "number");
-- create index "baselineversion_organization_id" to table: "baseline_versions"
CREATE INDEX "baselineversion_organization_id" ON "baseline_versions" ("organization_id");
-- create "baseline_adoptions" table
CREATE TABLE "baseline_adoptions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "version_number" bigint NOT NULL, "baseline_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "site_id" character varying NULL, "baseline_version_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "baseline_adoptions_baseline_versions_baseline_version" FOREIGN KEY ("baseline_version_id") REFERENCES "baseline_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_adoptions_baselines_adoptions" FOREIGN KEY ("baseline_id") REFERENCES "baselines" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_adoptions_companies_baseline_adoptions" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_adoptions_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_adoptions_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "baselineadoption_company_id" to table: "baseline_adoptions"
CREATE INDEX "baselineadoption_company_id" ON "baseline_adoptions" ("company_id");
-- create index "baselineadoption_company_id_baseline_id_site_id" to table: "baseline_adoptions"
CREATE INDEX "baselineadoption_company_id_baseline_id_site_id" ON "baseline_adoptions" ("company_id", "baseline_id", "site_id");
-- create index "baselineadoption_organization_id" to table: "baseline_adoptions"
CREATE INDEX "baselineadoption_organization_id" ON "baseline_adoptions" ("organization_id");
-- create "baseline_overlays" table
CREATE TABLE "baseline_overlays" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "kind" character varying NOT NULL, "target" character varying NOT NULL, "action" character varying NOT NULL, "applicable" boolean NULL, "justification" text NULL, "acceptance_threshold" bigint NULL, "reason" text NOT NULL, "status" character varying NOT NULL, "decided_by_id" character varying NULL, "decision_note" text NULL, "proposed_by_id" character varying NOT NULL, "adoption_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "document_id" character varying NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "baseline_overlays_baseline_adoptions_overlay" FOREIGN KEY ("adoption_id") REFERENCES "baseline_adoptions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_overlays_companies_baseline_overlays" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "baseline_overlays_documents_document" FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "baseline_overlays_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "baselineoverlay_company_id" to table: "baseline_overlays"
CREATE INDEX "baselineoverlay_company_id" ON "baseline_overlays" ("company_id");
-- create index "baselineoverlay_organization_id" to table: "baseline_overlays"
CREATE INDEX "baselineoverlay_organization_id" ON "baseline_overlays" ("organization_id");

-- +goose Down
-- reverse: create index "baselineoverlay_organization_id" to table: "baseline_overlays"
DROP INDEX "baselineoverlay_organization_id";
-- reverse: create index "baselineoverlay_company_id" to table: "baseline_overlays"
DROP INDEX "baselineoverlay_company_id";
-- reverse: create "baseline_overlays" table
DROP TABLE "baseline_overlays";
-- reverse: create index "baselineadoption_organization_id" to table: "baseline_adoptions"
DROP INDEX "baselineadoption_organization_id";
-- reverse: create index "baselineadoption_company_id_baseline_id_site_id" to table: "baseline_adoptions"
DROP INDEX "baselineadoption_company_id_baseline_id_site_id";
-- reverse: create index "baselineadoption_company_id" to table: "baseline_adoptions"
DROP INDEX "baselineadoption_company_id";
-- reverse: create "baseline_adoptions" table
DROP TABLE "baseline_adoptions";
-- reverse: create index "baselineversion_organization_id" to table: "baseline_versions"
DROP INDEX "baselineversion_organization_id";
-- reverse: create index "baselineversion_baseline_id_number" to table: "baseline_versions"
DROP INDEX "baselineversion_baseline_id_number";
-- reverse: create "baseline_versions" table
DROP TABLE "baseline_versions";
-- reverse: create index "baseline_organization_id" to table: "baselines"
DROP INDEX "baseline_organization_id";
-- reverse: create "baselines" table
DROP TABLE "baselines";
