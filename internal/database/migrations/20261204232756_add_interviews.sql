-- +goose Up
-- create "interviews" table
CREATE TABLE "interviews" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NOT NULL, "room" character varying NULL, "online_url" character varying NULL, "topic" character varying NULL, "clauses" jsonb NULL, "controls" jsonb NULL, "auditor_name" character varying NULL, "audit_id" character varying NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "department_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "interviews_audits_interviews" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "interviews_companies_interviews" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "interviews_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "interviews_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "interview_audit_id_starts_at" to table: "interviews"
CREATE INDEX "interview_audit_id_starts_at" ON "interviews" ("audit_id", "starts_at");
-- create index "interview_company_id" to table: "interviews"
CREATE INDEX "interview_company_id" ON "interviews" ("company_id");
-- create index "interview_company_id_starts_at" to table: "interviews"
CREATE INDEX "interview_company_id_starts_at" ON "interviews" ("company_id", "starts_at");
-- create index "interview_organization_id" to table: "interviews"
CREATE INDEX "interview_organization_id" ON "interviews" ("organization_id");
-- create "interview_participants" table
CREATE TABLE "interview_participants" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "interview_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "interview_participants_companies_interview_participants" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "interview_participants_interviews_interviewees" FOREIGN KEY ("interview_id") REFERENCES "interviews" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "interview_participants_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "interview_participants_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "interviewparticipant_company_id" to table: "interview_participants"
CREATE INDEX "interviewparticipant_company_id" ON "interview_participants" ("company_id");
-- create index "interviewparticipant_interview_id_user_id" to table: "interview_participants"
CREATE UNIQUE INDEX "interviewparticipant_interview_id_user_id" ON "interview_participants" ("interview_id", "user_id");
-- create index "interviewparticipant_organization_id" to table: "interview_participants"
CREATE INDEX "interviewparticipant_organization_id" ON "interview_participants" ("organization_id");
-- create index "interviewparticipant_user_id" to table: "interview_participants"
CREATE INDEX "interviewparticipant_user_id" ON "interview_participants" ("user_id");

-- +goose Down
-- reverse: create index "interviewparticipant_user_id" to table: "interview_participants"
DROP INDEX "interviewparticipant_user_id";
-- reverse: create index "interviewparticipant_organization_id" to table: "interview_participants"
DROP INDEX "interviewparticipant_organization_id";
-- reverse: create index "interviewparticipant_interview_id_user_id" to table: "interview_participants"
DROP INDEX "interviewparticipant_interview_id_user_id";
-- reverse: create index "interviewparticipant_company_id" to table: "interview_participants"
DROP INDEX "interviewparticipant_company_id";
-- reverse: create "interview_participants" table
DROP TABLE "interview_participants";
-- reverse: create index "interview_organization_id" to table: "interviews"
DROP INDEX "interview_organization_id";
-- reverse: create index "interview_company_id_starts_at" to table: "interviews"
DROP INDEX "interview_company_id_starts_at";
-- reverse: create index "interview_company_id" to table: "interviews"
DROP INDEX "interview_company_id";
-- reverse: create index "interview_audit_id_starts_at" to table: "interviews"
DROP INDEX "interview_audit_id_starts_at";
-- reverse: create "interviews" table
DROP TABLE "interviews";
