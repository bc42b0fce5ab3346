-- +goose Up
-- create "auditor_requests" table
CREATE TABLE "auditor_requests" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "number" bigint NOT NULL, "question" text NOT NULL, "clause" character varying NULL, "control" character varying NULL, "wanted_by" timestamptz NULL, "status" character varying NOT NULL DEFAULT 'OPEN', "answer" text NULL, "answered_at" timestamptz NULL, "accepted_at" timestamptz NULL, "reopen_reason" character varying NULL, "audit_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "filed_by_id" character varying NOT NULL, "department_id" character varying NULL, "task_id" character varying NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "auditor_requests_audits_requests" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_requests_companies_auditor_requests" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_requests_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "auditor_requests_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_requests_tasks_task" FOREIGN KEY ("task_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "auditor_requests_users_filed_by" FOREIGN KEY ("filed_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditorrequest_audit_id_number" to table: "auditor_requests"
CREATE UNIQUE INDEX "auditorrequest_audit_id_number" ON "auditor_requests" ("audit_id", "number");
-- create index "auditorrequest_company_id" to table: "auditor_requests"
CREATE INDEX "auditorrequest_company_id" ON "auditor_requests" ("company_id");
-- create index "auditorrequest_company_id_status" to table: "auditor_requests"
CREATE INDEX "auditorrequest_company_id_status" ON "auditor_requests" ("company_id", "status");
-- create index "auditorrequest_organization_id" to table: "auditor_requests"
CREATE INDEX "auditorrequest_organization_id" ON "auditor_requests" ("organization_id");
-- create "auditor_request_documents" table
CREATE TABLE "auditor_request_documents" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "request_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "document_version_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "auditor_request_documents_auditor_requests_answer_documents" FOREIGN KEY ("request_id") REFERENCES "auditor_requests" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_request_documents_companies_auditor_request_documents" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_request_documents_document_versions_document_version" FOREIGN KEY ("document_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_request_documents_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditorrequestdocument_company_id" to table: "auditor_request_documents"
CREATE INDEX "auditorrequestdocument_company_id" ON "auditor_request_documents" ("company_id");
-- create index "auditorrequestdocument_organization_id" to table: "auditor_request_documents"
CREATE INDEX "auditorrequestdocument_organization_id" ON "auditor_request_documents" ("organization_id");
-- create index "auditorrequestdocument_request_id_document_version_id" to table: "auditor_request_documents"
CREATE UNIQUE INDEX "auditorrequestdocument_request_id_document_version_id" ON "auditor_request_documents" ("request_id", "document_version_id");

-- +goose Down
-- reverse: create index "auditorrequestdocument_request_id_document_version_id" to table: "auditor_request_documents"
DROP INDEX "auditorrequestdocument_request_id_document_version_id";
-- reverse: create index "auditorrequestdocument_organization_id" to table: "auditor_request_documents"
DROP INDEX "auditorrequestdocument_organization_id";
-- reverse: create index "auditorrequestdocument_company_id" to table: "auditor_request_documents"
DROP INDEX "auditorrequestdocument_company_id";
-- reverse: create "auditor_request_documents" table
DROP TABLE "auditor_request_documents";
-- reverse: create index "auditorrequest_organization_id" to table: "auditor_requests"
DROP INDEX "auditorrequest_organization_id";
-- reverse: create index "auditorrequest_company_id_status" to table: "auditor_requests"
DROP INDEX "auditorrequest_company_id_status";
-- reverse: create index "auditorrequest_company_id" to table: "auditor_requests"
DROP INDEX "auditorrequest_company_id";
-- reverse: create index "auditorrequest_audit_id_number" to table: "auditor_requests"
DROP INDEX "auditorrequest_audit_id_number";
-- reverse: create "auditor_requests" table
DROP TABLE "auditor_requests";
