-- +goose Up
-- modify "company_accesses" table
ALTER TABLE "company_accesses" ADD COLUMN "department_id" character varying NULL, ADD CONSTRAINT "company_accesses_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- create "training_courses" table
CREATE TABLE "training_courses" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "title" character varying NOT NULL, "description" text NULL, "kind" character varying NOT NULL, "drill" character varying NULL, "pass_mark" bigint NULL, "validity_months" bigint NULL, "due_days" bigint NOT NULL DEFAULT 14, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "training_courses_companies_training_courses" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_courses_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "trainingcourse_company_id" to table: "training_courses"
CREATE INDEX "trainingcourse_company_id" ON "training_courses" ("company_id");
-- create index "trainingcourse_organization_id" to table: "training_courses"
CREATE INDEX "trainingcourse_organization_id" ON "training_courses" ("organization_id");
-- create "training_campaigns" table
CREATE TABLE "training_campaigns" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "due_on" date NOT NULL, "audience" jsonb NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "course_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "training_campaigns_companies_training_campaigns" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_campaigns_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_campaigns_training_courses_campaigns" FOREIGN KEY ("course_id") REFERENCES "training_courses" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "trainingcampaign_company_id" to table: "training_campaigns"
CREATE INDEX "trainingcampaign_company_id" ON "training_campaigns" ("company_id");
-- create index "trainingcampaign_organization_id" to table: "training_campaigns"
CREATE INDEX "trainingcampaign_organization_id" ON "training_campaigns" ("organization_id");
-- create "training_assignments" table
CREATE TABLE "training_assignments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "due_on" date NOT NULL, "completed_at" timestamptz NULL, "score" bigint NULL, "passed" boolean NULL, "attested" boolean NOT NULL DEFAULT false, "drill_result" character varying NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "course_id" character varying NOT NULL, "user_id" character varying NOT NULL, "department_id" character varying NULL, "task_id" character varying NULL, "campaign_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "training_assignments_companies_training_assignments" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_assignments_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "training_assignments_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_assignments_tasks_task" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "training_assignments_training_campaigns_assignments" FOREIGN KEY ("campaign_id") REFERENCES "training_campaigns" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "training_assignments_training_courses_course" FOREIGN KEY ("course_id") REFERENCES "training_courses" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_assignments_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "trainingassignment_campaign_id_user_id" to table: "training_assignments"
CREATE UNIQUE INDEX "trainingassignment_campaign_id_user_id" ON "training_assignments" ("campaign_id", "user_id");
-- create index "trainingassignment_company_id" to table: "training_assignments"
CREATE INDEX "trainingassignment_company_id" ON "training_assignments" ("company_id");
-- create index "trainingassignment_company_id_due_on" to table: "training_assignments"
CREATE INDEX "trainingassignment_company_id_due_on" ON "training_assignments" ("company_id", "due_on");
-- create index "trainingassignment_organization_id" to table: "training_assignments"
CREATE INDEX "trainingassignment_organization_id" ON "training_assignments" ("organization_id");
-- create index "trainingassignment_user_id_due_on" to table: "training_assignments"
CREATE INDEX "trainingassignment_user_id_due_on" ON "training_assignments" ("user_id", "due_on");
-- create "training_materials" table
CREATE TABLE "training_materials" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "course_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "document_version_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "training_materials_companies_training_materials" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_materials_document_versions_document_version" FOREIGN KEY ("document_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_materials_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "training_materials_training_courses_materials" FOREIGN KEY ("course_id") REFERENCES "training_courses" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "trainingmaterial_company_id" to table: "training_materials"
CREATE INDEX "trainingmaterial_company_id" ON "training_materials" ("company_id");
-- create index "trainingmaterial_course_id_document_version_id" to table: "training_materials"
CREATE UNIQUE INDEX "trainingmaterial_course_id_document_version_id" ON "training_materials" ("course_id", "document_version_id");
-- create index "trainingmaterial_organization_id" to table: "training_materials"
CREATE INDEX "trainingmaterial_organization_id" ON "training_materials" ("organization_id");

-- +goose Down
-- reverse: create index "trainingmaterial_organization_id" to table: "training_materials"
DROP INDEX "trainingmaterial_organization_id";
-- reverse: create index "trainingmaterial_course_id_document_version_id" to table: "training_materials"
DROP INDEX "trainingmaterial_course_id_document_version_id";
-- reverse: create index "trainingmaterial_company_id" to table: "training_materials"
DROP INDEX "trainingmaterial_company_id";
-- reverse: create "training_materials" table
DROP TABLE "training_materials";
-- reverse: create index "trainingassignment_user_id_due_on" to table: "training_assignments"
DROP INDEX "trainingassignment_user_id_due_on";
-- reverse: create index "trainingassignment_organization_id" to table: "training_assignments"
DROP INDEX "trainingassignment_organization_id";
-- reverse: create index "trainingassignment_company_id_due_on" to table: "training_assignments"
DROP INDEX "trainingassignment_company_id_due_on";
-- reverse: create index "trainingassignment_company_id" to table: "training_assignments"
DROP INDEX "trainingassignment_company_id";
-- reverse: create index "trainingassignment_campaign_id_user_id" to table: "training_assignments"
DROP INDEX "trainingassignment_campaign_id_user_id";
-- reverse: create "training_assignments" table
DROP TABLE "training_assignments";
-- reverse: create index "trainingcampaign_organization_id" to table: "training_campaigns"
DROP INDEX "trainingcampaign_organization_id";
-- reverse: create index "trainingcampaign_company_id" to table: "training_campaigns"
DROP INDEX "trainingcampaign_company_id";
-- reverse: create "training_campaigns" table
DROP TABLE "training_campaigns";
-- reverse: create index "trainingcourse_organization_id" to table: "training_courses"
DROP INDEX "trainingcourse_organization_id";
-- reverse: create index "trainingcourse_company_id" to table: "training_courses"
DROP INDEX "trainingcourse_company_id";
-- reverse: create "training_courses" table
DROP TABLE "training_courses";
-- reverse: modify "company_accesses" table
ALTER TABLE "company_accesses" DROP CONSTRAINT "company_accesses_departments_department", DROP COLUMN "department_id";
