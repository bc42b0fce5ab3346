-- +goose Up
-- create "company_checklists" table
CREATE TABLE "company_checklists" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "title" character varying NOT NULL, "description" text NULL, "version" bigint NOT NULL DEFAULT 1, "questions" jsonb NOT NULL, "source_version" bigint NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "source_template_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "company_checklists_checklist_templates_source_template" FOREIGN KEY ("source_template_id") REFERENCES "checklist_templates" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "company_checklists_companies_checklists" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "company_checklists_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "companychecklist_company_id" to table: "company_checklists"
CREATE INDEX "companychecklist_company_id" ON "company_checklists" ("company_id");
-- create index "companychecklist_organization_id" to table: "company_checklists"
CREATE INDEX "companychecklist_organization_id" ON "company_checklists" ("organization_id");

-- +goose Down
-- reverse: create index "companychecklist_organization_id" to table: "company_checklists"
DROP INDEX "companychecklist_organization_id";
-- reverse: create index "companychecklist_company_id" to table: "company_checklists"
DROP INDEX "companychecklist_company_id";
-- reverse: create "company_checklists" table
DROP TABLE "company_checklists";
