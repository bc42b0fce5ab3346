-- +goose Up
-- create "template_sets" table
CREATE TABLE "template_sets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "name" character varying NOT NULL, "description" text NULL, "latest_version" bigint NOT NULL DEFAULT 1, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "template_sets_organizations_template_sets" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "templateset_organization_id" to table: "template_sets"
CREATE INDEX "templateset_organization_id" ON "template_sets" ("organization_id");
-- create "template_set_versions" table
CREATE TABLE "template_set_versions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" bigint NOT NULL, "note" text NULL, "published_by_id" character varying NOT NULL, "content" jsonb NOT NULL, "template_set_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "template_set_versions_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "template_set_versions_template_sets_versions" FOREIGN KEY ("template_set_id") REFERENCES "template_sets" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "templatesetversion_organization_id" to table: "template_set_versions"
CREATE INDEX "templatesetversion_organization_id" ON "template_set_versions" ("organization_id");
-- create index "templatesetversion_template_set_id_number" to table: "template_set_versions"
CREATE UNIQUE INDEX "templatesetversion_template_set_id_number" ON "template_set_versions" ("template_set_id", "number");
-- create "template_applications" table
CREATE TABLE "template_applications" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "template_set_id" character varying NOT NULL, "template_set_name" character varying NOT NULL, "version_number" bigint NOT NULL, "kind" character varying NOT NULL, "applied_by_id" character varying NOT NULL, "documents" jsonb NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "template_set_version_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "template_applications_companies_template_applications" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "template_applications_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "template_applications_template_da3d6936ae7b48d324ad00faebeed1a4" FOREIGN KEY ("template_set_version_id") REFERENCES "template_set_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "templateapplication_company_id" to table: "template_applications"
CREATE INDEX "templateapplication_company_id" ON "template_applications" ("company_id");
-- create index "templateapplication_company_id_template_set_id_version_number" to table: "template_applications"
CREATE INDEX "templateapplication_company_id_template_set_id_version_number" ON "template_applications" ("company_id", "template_set_id", "version_number");
-- create index "templateapplication_organization_id" to table: "template_applications"
CREATE INDEX "templateapplication_organization_id" ON "template_applications" ("organization_id");

-- +goose Down
-- reverse: create index "templateapplication_organization_id" to table: "template_applications"
DROP INDEX "templateapplication_organization_id";
-- reverse: create index "templateapplication_company_id_template_set_id_version_number" to table: "template_applications"
DROP INDEX "templateapplication_company_id_template_set_id_version_number";
-- reverse: create index "templateapplication_company_id" to table: "template_applications"
DROP INDEX "templateapplication_company_id";
-- reverse: create "template_applications" table
DROP TABLE "template_applications";
-- reverse: create index "templatesetversion_template_set_id_number" to table: "template_set_versions"
DROP INDEX "templatesetversion_template_set_id_number";
-- reverse: create index "templatesetversion_organization_id" to table: "template_set_versions"
DROP INDEX "templatesetversion_organization_id";
-- reverse: create "template_set_versions" table
DROP TABLE "template_set_versions";
-- reverse: create index "templateset_organization_id" to table: "template_sets"
DROP INDEX "templateset_organization_id";
-- reverse: create "template_sets" table
DROP TABLE "template_sets";
