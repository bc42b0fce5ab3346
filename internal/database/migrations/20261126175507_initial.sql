-- +goose Up
-- create "organizations" table
CREATE TABLE "organizations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "kind" character varying NOT NULL, "default_locale" character varying NOT NULL DEFAULT 'ja', PRIMARY KEY ("id"));
-- create "companies" table
CREATE TABLE "companies" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "name" character varying NOT NULL, "alternate_name" character varying NULL, "industry" character varying NULL, "scope_statement" text NULL, "certification_body" character varying NULL, "certificate_number" character varying NULL, "certificate_expires_on" date NULL, "next_audit_on" date NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "companies_organizations_companies" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "company_organization_id" to table: "companies"
CREATE INDEX "company_organization_id" ON "companies" ("organization_id");
-- create index "company_organization_id_name" to table: "companies"
CREATE INDEX "company_organization_id_name" ON "companies" ("organization_id", "name");
-- create "sites" table
CREATE TABLE "sites" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "name" character varying NOT NULL, "address" character varying NULL, "headcount" bigint NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sites_companies_sites" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "sites_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "site_company_id" to table: "sites"
CREATE INDEX "site_company_id" ON "sites" ("company_id");
-- create index "site_organization_id" to table: "sites"
CREATE INDEX "site_organization_id" ON "sites" ("organization_id");
-- create "users" table
CREATE TABLE "users" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL, "locale" character varying NULL, "password_hash" character varying NULL, "disabled_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
-- create "departments" table
CREATE TABLE "departments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "name" character varying NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "head_id" character varying NULL, "site_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "departments_companies_departments" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "departments_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "departments_sites_departments" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "departments_users_head" FOREIGN KEY ("head_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "department_company_id" to table: "departments"
CREATE INDEX "department_company_id" ON "departments" ("company_id");
-- create index "department_organization_id" to table: "departments"
CREATE INDEX "department_organization_id" ON "departments" ("organization_id");
-- create "memberships" table
CREATE TABLE "memberships" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "role" character varying NOT NULL, "expires_at" timestamptz NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "memberships_organizations_memberships" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "memberships_users_memberships" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "membership_organization_id" to table: "memberships"
CREATE INDEX "membership_organization_id" ON "memberships" ("organization_id");
-- create index "membership_organization_id_user_id" to table: "memberships"
CREATE UNIQUE INDEX "membership_organization_id_user_id" ON "memberships" ("organization_id", "user_id");

-- +goose Down
-- reverse: create index "membership_organization_id_user_id" to table: "memberships"
DROP INDEX "membership_organization_id_user_id";
-- reverse: create index "membership_organization_id" to table: "memberships"
DROP INDEX "membership_organization_id";
-- reverse: create "memberships" table
DROP TABLE "memberships";
-- reverse: create index "department_organization_id" to table: "departments"
DROP INDEX "department_organization_id";
-- reverse: create index "department_company_id" to table: "departments"
DROP INDEX "department_company_id";
-- reverse: create "departments" table
DROP TABLE "departments";
-- reverse: create index "users_email_key" to table: "users"
DROP INDEX "users_email_key";
-- reverse: create "users" table
DROP TABLE "users";
-- reverse: create index "site_organization_id" to table: "sites"
DROP INDEX "site_organization_id";
-- reverse: create index "site_company_id" to table: "sites"
DROP INDEX "site_company_id";
-- reverse: create "sites" table
DROP TABLE "sites";
-- reverse: create index "company_organization_id_name" to table: "companies"
DROP INDEX "company_organization_id_name";
-- reverse: create index "company_organization_id" to table: "companies"
DROP INDEX "company_organization_id";
-- reverse: create "companies" table
DROP TABLE "companies";
-- reverse: create "organizations" table
DROP TABLE "organizations";
