-- +goose Up
-- create "assets" table
CREATE TABLE "assets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "name" character varying NOT NULL, "type" character varying NOT NULL, "confidentiality" bigint NOT NULL DEFAULT 2, "integrity" bigint NOT NULL DEFAULT 2, "availability" bigint NOT NULL DEFAULT 2, "location" character varying NULL, "retention" character varying NULL, "notes" text NULL, "organization_id" character varying NOT NULL, "site_id" character varying NULL, "department_id" character varying NULL, "owner_id" character varying NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "assets_companies_assets" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "assets_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "assets_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "assets_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "assets_users_owner" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "asset_company_id" to table: "assets"
CREATE INDEX "asset_company_id" ON "assets" ("company_id");
-- create index "asset_company_id_name" to table: "assets"
CREATE UNIQUE INDEX "asset_company_id_name" ON "assets" ("company_id", "name");
-- create index "asset_organization_id" to table: "assets"
CREATE INDEX "asset_organization_id" ON "assets" ("organization_id");
-- create "control_implementations" table
CREATE TABLE "control_implementations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "control_ref" character varying NOT NULL, "applicable" boolean NOT NULL DEFAULT true, "justification" text NULL, "implementation_status" character varying NOT NULL DEFAULT 'NOT_STARTED', "evidence_note" text NULL, "last_reviewed_on" date NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "owner_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "control_implementations_companies_control_implementations" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "control_implementations_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "control_implementations_users_owner" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "controlimplementation_company_id" to table: "control_implementations"
CREATE INDEX "controlimplementation_company_id" ON "control_implementations" ("company_id");
-- create index "controlimplementation_company_id_control_ref" to table: "control_implementations"
CREATE UNIQUE INDEX "controlimplementation_company_id_control_ref" ON "control_implementations" ("company_id", "control_ref");
-- create index "controlimplementation_organization_id" to table: "control_implementations"
CREATE INDEX "controlimplementation_organization_id" ON "control_implementations" ("organization_id");
-- create "risks" table
CREATE TABLE "risks" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "code" character varying NOT NULL, "title" character varying NOT NULL, "threat" text NULL, "vulnerability" text NULL, "likelihood" bigint NOT NULL, "impact" bigint NOT NULL, "score" bigint NOT NULL, "level" character varying NOT NULL, "treatment" character varying NULL, "treatment_plan" text NULL, "target_likelihood" bigint NULL, "target_impact" bigint NULL, "residual_score" bigint NULL, "residual_level" character varying NULL, "accepted_on" date NULL, "acceptance_expires_on" date NULL, "status" character varying NOT NULL DEFAULT 'IDENTIFIED', "next_review_on" date NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "owner_id" character varying NULL, "accepted_by_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "risks_companies_risks" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risks_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risks_users_accepted_by" FOREIGN KEY ("accepted_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "risks_users_owner" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "risk_company_id" to table: "risks"
CREATE INDEX "risk_company_id" ON "risks" ("company_id");
-- create index "risk_company_id_code" to table: "risks"
CREATE UNIQUE INDEX "risk_company_id_code" ON "risks" ("company_id", "code");
-- create index "risk_organization_id" to table: "risks"
CREATE INDEX "risk_organization_id" ON "risks" ("organization_id");
-- create "risk_assets" table
CREATE TABLE "risk_assets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "risk_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "asset_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "risk_assets_assets_asset" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risk_assets_companies_risk_assets" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risk_assets_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risk_assets_risks_asset_links" FOREIGN KEY ("risk_id") REFERENCES "risks" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "riskasset_company_id" to table: "risk_assets"
CREATE INDEX "riskasset_company_id" ON "risk_assets" ("company_id");
-- create index "riskasset_organization_id" to table: "risk_assets"
CREATE INDEX "riskasset_organization_id" ON "risk_assets" ("organization_id");
-- create index "riskasset_risk_id_asset_id" to table: "risk_assets"
CREATE UNIQUE INDEX "riskasset_risk_id_asset_id" ON "risk_assets" ("risk_id", "asset_id");
-- create "risk_controls" table
CREATE TABLE "risk_controls" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "control_ref" character varying NOT NULL, "company_id" character varying NOT NULL, "risk_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "risk_controls_companies_risk_controls" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risk_controls_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risk_controls_risks_control_links" FOREIGN KEY ("risk_id") REFERENCES "risks" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "riskcontrol_company_id" to table: "risk_controls"
CREATE INDEX "riskcontrol_company_id" ON "risk_controls" ("company_id");
-- create index "riskcontrol_company_id_control_ref" to table: "risk_controls"
CREATE INDEX "riskcontrol_company_id_control_ref" ON "risk_controls" ("company_id", "control_ref");
-- create index "riskcontrol_organization_id" to table: "risk_controls"
CREATE INDEX "riskcontrol_organization_id" ON "risk_controls" ("organization_id");
-- create index "riskcontrol_risk_id_control_ref" to table: "risk_controls"
CREATE UNIQUE INDEX "riskcontrol_risk_id_control_ref" ON "risk_controls" ("risk_id", "control_ref");
-- create "risk_methods" table
CREATE TABLE "risk_methods" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "method" jsonb NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "risk_methods_companies_risk_methods" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "risk_methods_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "riskmethod_company_id" to table: "risk_methods"
CREATE INDEX "riskmethod_company_id" ON "risk_methods" ("company_id");
-- create index "riskmethod_one_per_company" to table: "risk_methods"
CREATE UNIQUE INDEX "riskmethod_one_per_company" ON "risk_methods" ("company_id");
-- create index "riskmethod_organization_id" to table: "risk_methods"
CREATE INDEX "riskmethod_organization_id" ON "risk_methods" ("organization_id");
-- create "soa_document_links" table
CREATE TABLE "soa_document_links" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "control_implementation_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "document_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "soa_document_links_companies_soa_document_links" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "soa_document_links_control_implementations_document_links" FOREIGN KEY ("control_implementation_id") REFERENCES "control_implementations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "soa_document_links_documents_document" FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "soa_document_links_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "soadocumentlink_company_id" to table: "soa_document_links"
CREATE INDEX "soadocumentlink_company_id" ON "soa_document_links" ("company_id");
-- create index "soadocumentlink_control_implementation_id_document_id" to table: "soa_document_links"
CREATE UNIQUE INDEX "soadocumentlink_control_implementation_id_document_id" ON "soa_document_links" ("control_implementation_id", "document_id");
-- create index "soadocumentlink_organization_id" to table: "soa_document_links"
CREATE INDEX "soadocumentlink_organization_id" ON "soa_document_links" ("organization_id");

-- +goose Down
-- reverse: create index "soadocumentlink_organization_id" to table: "soa_document_links"
DROP INDEX "soadocumentlink_organization_id";
-- reverse: create index "soadocumentlink_control_implementation_id_document_id" to table: "soa_document_links"
DROP INDEX "soadocumentlink_control_implementation_id_document_id";
-- reverse: create index "soadocumentlink_company_id" to table: "soa_document_links"
DROP INDEX "soadocumentlink_company_id";
-- reverse: create "soa_document_links" table
DROP TABLE "soa_document_links";
-- reverse: create index "riskmethod_organization_id" to table: "risk_methods"
DROP INDEX "riskmethod_organization_id";
-- reverse: create index "riskmethod_one_per_company" to table: "risk_methods"
DROP INDEX "riskmethod_one_per_company";
-- reverse: create index "riskmethod_company_id" to table: "risk_methods"
DROP INDEX "riskmethod_company_id";
-- reverse: create "risk_methods" table
DROP TABLE "risk_methods";
-- reverse: create index "riskcontrol_risk_id_control_ref" to table: "risk_controls"
DROP INDEX "riskcontrol_risk_id_control_ref";
-- reverse: create index "riskcontrol_organization_id" to table: "risk_controls"
DROP INDEX "riskcontrol_organization_id";
-- reverse: create index "riskcontrol_company_id_control_ref" to table: "risk_controls"
DROP INDEX "riskcontrol_company_id_control_ref";
-- reverse: create index "riskcontrol_company_id" to table: "risk_controls"
DROP INDEX "riskcontrol_company_id";
-- reverse: create "risk_controls" table
DROP TABLE "risk_controls";
-- reverse: create index "riskasset_risk_id_asset_id" to table: "risk_assets"
DROP INDEX "riskasset_risk_id_asset_id";
-- reverse: create index "riskasset_organization_id" to table: "risk_assets"
DROP INDEX "riskasset_organization_id";
-- reverse: create index "riskasset_company_id" to table: "risk_assets"
DROP INDEX "riskasset_company_id";
-- reverse: create "risk_assets" table
DROP TABLE "risk_assets";
-- reverse: create index "risk_organization_id" to table: "risks"
DROP INDEX "risk_organization_id";
-- reverse: create index "risk_company_id_code" to table: "risks"
DROP INDEX "risk_company_id_code";
-- reverse: create index "risk_company_id" to table: "risks"
DROP INDEX "risk_company_id";
-- reverse: create "risks" table
DROP TABLE "risks";
-- reverse: create index "controlimplementation_organization_id" to table: "control_implementations"
DROP INDEX "controlimplementation_organization_id";
-- reverse: create index "controlimplementation_company_id_control_ref" to table: "control_implementations"
DROP INDEX "controlimplementation_company_id_control_ref";
-- reverse: create index "controlimplementation_company_id" to table: "control_implementations"
DROP INDEX "controlimplementation_company_id";
-- reverse: create "control_implementations" table
DROP TABLE "control_implementations";
-- reverse: create index "asset_organization_id" to table: "assets"
DROP INDEX "asset_organization_id";
-- reverse: create index "asset_company_id_name" to table: "assets"
DROP INDEX "asset_company_id_name";
-- reverse: create index "asset_company_id" to table: "assets"
DROP INDEX "asset_company_id";
-- reverse: create "assets" table
DROP TABLE "assets";
