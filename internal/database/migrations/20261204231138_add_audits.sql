-- +goose Up
-- create "audit_programmes" table
CREATE TABLE "audit_programmes" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "title" character varying NOT NULL, "period_start" date NULL, "period_end" date NULL, "objectives" text NULL, "organization_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_programmes_companies_audit_programmes" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_programmes_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditprogramme_company_id" to table: "audit_programmes"
CREATE INDEX "auditprogramme_company_id" ON "audit_programmes" ("company_id");
-- create index "auditprogramme_organization_id" to table: "audit_programmes"
CREATE INDEX "auditprogramme_organization_id" ON "audit_programmes" ("organization_id");
-- create "audits" table
CREATE TABLE "audits" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "kind" character varying NOT NULL, "title" character varying NOT NULL, "clauses" jsonb NULL, "controls" jsonb NULL, "planned_start" date NULL, "planned_end" date NULL, "status" character varying NOT NULL DEFAULT 'PLANNED', "certification_body" character varying NULL, "external_lead_auditor" character varying NULL, "independence_override" character varying NULL, "major_response_days" bigint NOT NULL DEFAULT 90, "minor_response_days" bigint NOT NULL DEFAULT 90, "completed_at" timestamptz NULL, "organization_id" character varying NOT NULL, "lead_auditor_id" character varying NULL, "programme_id" character varying NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audits_audit_programmes_audits" FOREIGN KEY ("programme_id") REFERENCES "audit_programmes" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "audits_companies_audits" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audits_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audits_users_lead_auditor" FOREIGN KEY ("lead_auditor_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "audit_company_id" to table: "audits"
CREATE INDEX "audit_company_id" ON "audits" ("company_id");
-- create index "audit_company_id_planned_start" to table: "audits"
CREATE INDEX "audit_company_id_planned_start" ON "audits" ("company_id", "planned_start");
-- create index "audit_organization_id" to table: "audits"
CREATE INDEX "audit_organization_id" ON "audits" ("organization_id");
-- create "audit_departments" table
CREATE TABLE "audit_departments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "audit_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "department_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_departments_audits_scope_departments" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_departments_companies_audit_departments" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_departments_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_departments_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditdepartment_audit_id_department_id" to table: "audit_departments"
CREATE UNIQUE INDEX "auditdepartment_audit_id_department_id" ON "audit_departments" ("audit_id", "department_id");
-- create index "auditdepartment_company_id" to table: "audit_departments"
CREATE INDEX "auditdepartment_company_id" ON "audit_departments" ("company_id");
-- create index "auditdepartment_organization_id" to table: "audit_departments"
CREATE INDEX "auditdepartment_organization_id" ON "audit_departments" ("organization_id");
-- create "audit_team_members" table
CREATE TABLE "audit_team_members" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "audit_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_team_members_audits_team" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_team_members_companies_audit_team_members" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_team_members_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_team_members_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditteammember_audit_id_user_id" to table: "audit_team_members"
CREATE UNIQUE INDEX "auditteammember_audit_id_user_id" ON "audit_team_members" ("audit_id", "user_id");
-- create index "auditteammember_company_id" to table: "audit_team_members"
CREATE INDEX "auditteammember_company_id" ON "audit_team_members" ("company_id");
-- create index "auditteammember_organization_id" to table: "audit_team_members"
CREATE INDEX "auditteammember_organization_id" ON "audit_team_members" ("organization_id");
-- create "findings" table
CREATE TABLE "findings" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "source" character varying NOT NULL, "grade" character varying NOT NULL, "clause" character varying NULL, "control" character varying NULL, "statement" text NOT NULL, "evidence" text NULL, "response_due" date NULL, "correction" text NULL, "root_cause" text NULL, "status" character varying NOT NULL DEFAULT 'OPEN', "effectiveness" character varying NULL, "effectiveness_reviewed_on" date NULL, "effectiveness_evidence" text NULL, "closed_at" timestamptz NULL, "audit_id" character varying NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "effectiveness_reviewer_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "findings_audits_findings" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "findings_companies_findings" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "findings_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "findings_users_effectiveness_reviewer" FOREIGN KEY ("effectiveness_reviewer_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "finding_company_id" to table: "findings"
CREATE INDEX "finding_company_id" ON "findings" ("company_id");
-- create index "finding_company_id_status" to table: "findings"
CREATE INDEX "finding_company_id_status" ON "findings" ("company_id", "status");
-- create index "finding_organization_id" to table: "findings"
CREATE INDEX "finding_organization_id" ON "findings" ("organization_id");
-- create "checklist_items" table
CREATE TABLE "checklist_items" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "position" bigint NOT NULL, "clause" character varying NULL, "control" character varying NULL, "question" character varying NOT NULL, "evidence" text NULL, "result" character varying NOT NULL DEFAULT 'NOT_AUDITED', "notes" text NULL, "audit_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "finding_id" character varying NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "checklist_items_audits_checklist" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "checklist_items_companies_checklist_items" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "checklist_items_findings_finding" FOREIGN KEY ("finding_id") REFERENCES "findings" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "checklist_items_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "checklistitem_audit_id_position" to table: "checklist_items"
CREATE INDEX "checklistitem_audit_id_position" ON "checklist_items" ("audit_id", "position");
-- create index "checklistitem_company_id" to table: "checklist_items"
CREATE INDEX "checklistitem_company_id" ON "checklist_items" ("company_id");
-- create index "checklistitem_organization_id" to table: "checklist_items"
CREATE INDEX "checklistitem_organization_id" ON "checklist_items" ("organization_id");
-- create "corrective_actions" table
CREATE TABLE "corrective_actions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "department_id" character varying NULL, "task_id" character varying NOT NULL, "finding_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "corrective_actions_companies_corrective_actions" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "corrective_actions_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "corrective_actions_findings_corrective_actions" FOREIGN KEY ("finding_id") REFERENCES "findings" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "corrective_actions_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "corrective_actions_tasks_task" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "correctiveaction_company_id" to table: "corrective_actions"
CREATE INDEX "correctiveaction_company_id" ON "corrective_actions" ("company_id");
-- create index "correctiveaction_finding_id" to table: "corrective_actions"
CREATE INDEX "correctiveaction_finding_id" ON "corrective_actions" ("finding_id");
-- create index "correctiveaction_organization_id" to table: "corrective_actions"
CREATE INDEX "correctiveaction_organization_id" ON "corrective_actions" ("organization_id");
-- create index "correctiveaction_task_id" to table: "corrective_actions"
CREATE UNIQUE INDEX "correctiveaction_task_id" ON "corrective_actions" ("task_id");
-- create "finding_departments" table
CREATE TABLE "finding_departments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "finding_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "department_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "finding_departments_companies_finding_departments" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "finding_departments_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "finding_departments_findings_departments" FOREIGN KEY ("finding_id") REFERENCES "findings" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "finding_departments_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "findingdepartment_company_id" to table: "finding_departments"
CREATE INDEX "findingdepartment_company_id" ON "finding_departments" ("company_id");
-- create index "findingdepartment_finding_id_department_id" to table: "finding_departments"
CREATE UNIQUE INDEX "findingdepartment_finding_id_department_id" ON "finding_departments" ("finding_id", "department_id");
-- create index "findingdepartment_organization_id" to table: "finding_departments"
CREATE INDEX "findingdepartment_organization_id" ON "finding_departments" ("organization_id");

-- +goose Down
-- reverse: create index "findingdepartment_organization_id" to table: "finding_departments"
DROP INDEX "findingdepartment_organization_id";
-- reverse: create index "findingdepartment_finding_id_department_id" to table: "finding_departments"
DROP INDEX "findingdepartment_finding_id_department_id";
-- reverse: create index "findingdepartment_company_id" to table: "finding_departments"
DROP INDEX "findingdepartment_company_id";
-- reverse: create "finding_departments" table
DROP TABLE "finding_departments";
-- reverse: create index "correctiveaction_task_id" to table: "corrective_actions"
DROP INDEX "correctiveaction_task_id";
-- reverse: create index "correctiveaction_organization_id" to table: "corrective_actions"
DROP INDEX "correctiveaction_organization_id";
-- reverse: create index "correctiveaction_finding_id" to table: "corrective_actions"
DROP INDEX "correctiveaction_finding_id";
-- reverse: create index "correctiveaction_company_id" to table: "corrective_actions"
DROP INDEX "correctiveaction_company_id";
-- reverse: create "corrective_actions" table
DROP TABLE "corrective_actions";
-- reverse: create index "checklistitem_organization_id" to table: "checklist_items"
DROP INDEX "checklistitem_organization_id";
-- reverse: create index "checklistitem_company_id" to table: "checklist_items"
DROP INDEX "checklistitem_company_id";
-- reverse: create index "checklistitem_audit_id_position" to table: "checklist_items"
DROP INDEX "checklistitem_audit_id_position";
-- reverse: create "checklist_items" table
DROP TABLE "checklist_items";
-- reverse: create index "finding_organization_id" to table: "findings"
DROP INDEX "finding_organization_id";
-- reverse: create index "finding_company_id_status" to table: "findings"
DROP INDEX "finding_company_id_status";
-- reverse: create index "finding_company_id" to table: "findings"
DROP INDEX "finding_company_id";
-- reverse: create "findings" table
DROP TABLE "findings";
-- reverse: create index "auditteammember_organization_id" to table: "audit_team_members"
DROP INDEX "auditteammember_organization_id";
-- reverse: create index "auditteammember_company_id" to table: "audit_team_members"
DROP INDEX "auditteammember_company_id";
-- reverse: create index "auditteammember_audit_id_user_id" to table: "audit_team_members"
DROP INDEX "auditteammember_audit_id_user_id";
-- reverse: create "audit_team_members" table
DROP TABLE "audit_team_members";
-- reverse: create index "auditdepartment_organization_id" to table: "audit_departments"
DROP INDEX "auditdepartment_organization_id";
-- reverse: create index "auditdepartment_company_id" to table: "audit_departments"
DROP INDEX "auditdepartment_company_id";
-- reverse: create index "auditdepartment_audit_id_department_id" to table: "audit_departments"
DROP INDEX "auditdepartment_audit_id_department_id";
-- reverse: create "audit_departments" table
DROP TABLE "audit_departments";
-- reverse: create index "audit_organization_id" to table: "audits"
DROP INDEX "audit_organization_id";
-- reverse: create index "audit_company_id_planned_start" to table: "audits"
DROP INDEX "audit_company_id_planned_start";
-- reverse: create index "audit_company_id" to table: "audits"
DROP INDEX "audit_company_id";
-- reverse: create "audits" table
DROP TABLE "audits";
-- reverse: create index "auditprogramme_organization_id" to table: "audit_programmes"
DROP INDEX "auditprogramme_organization_id";
-- reverse: create index "auditprogramme_company_id" to table: "audit_programmes"
DROP INDEX "auditprogramme_company_id";
-- reverse: create "audit_programmes" table
DROP TABLE "audit_programmes";
