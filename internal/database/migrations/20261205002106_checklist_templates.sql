-- +goose Up
-- create "checklist_templates" table
CREATE TABLE "checklist_templates" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "title" character varying NOT NULL, "description" text NULL, "version" bigint NOT NULL DEFAULT 1, "questions" jsonb NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "checklist_templates_organizations_checklist_templates" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "checklisttemplate_organization_id" to table: "checklist_templates"
CREATE INDEX "checklisttemplate_organization_id" ON "checklist_templates" ("organization_id");

-- +goose Down
-- reverse: create index "checklisttemplate_organization_id" to table: "checklist_templates"
DROP INDEX "checklisttemplate_organization_id";
-- reverse: create "checklist_templates" table
DROP TABLE "checklist_templates";
