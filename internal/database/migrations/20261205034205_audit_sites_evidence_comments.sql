-- +goose Up
-- modify "agenda_items" table
ALTER TABLE "agenda_items" ADD COLUMN "document_version_id" character varying NULL, ADD CONSTRAINT "agenda_items_document_versions_document_version" FOREIGN KEY ("document_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- create "audit_evidences" table
CREATE TABLE "audit_evidences" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "description" character varying NULL, "file_key" character varying NULL, "file_name" character varying NULL, "file_content_type" character varying NULL, "file_size" bigint NULL, "file_sha256" character varying NULL, "organization_id" character varying NOT NULL, "document_version_id" character varying NULL, "request_id" character varying NULL, "checklist_item_id" character varying NULL, "company_id" character varying NOT NULL, "finding_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_evidences_auditor_requests_answer_files" FOREIGN KEY ("request_id") REFERENCES "auditor_requests" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "audit_evidences_checklist_items_evidence_items" FOREIGN KEY ("checklist_item_id") REFERENCES "checklist_items" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "audit_evidences_companies_audit_evidences" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_evidences_document_versions_document_version" FOREIGN KEY ("document_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "audit_evidences_findings_evidence_items" FOREIGN KEY ("finding_id") REFERENCES "findings" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "audit_evidences_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditevidence_checklist_item_id" to table: "audit_evidences"
CREATE INDEX "auditevidence_checklist_item_id" ON "audit_evidences" ("checklist_item_id");
-- create index "auditevidence_company_id" to table: "audit_evidences"
CREATE INDEX "auditevidence_company_id" ON "audit_evidences" ("company_id");
-- create index "auditevidence_finding_id" to table: "audit_evidences"
CREATE INDEX "auditevidence_finding_id" ON "audit_evidences" ("finding_id");
-- create index "auditevidence_organization_id" to table: "audit_evidences"
CREATE INDEX "auditevidence_organization_id" ON "audit_evidences" ("organization_id");
-- create index "auditevidence_request_id" to table: "audit_evidences"
CREATE INDEX "auditevidence_request_id" ON "audit_evidences" ("request_id");
-- create "audit_sites" table
CREATE TABLE "audit_sites" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "audit_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "site_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_sites_audits_scope_sites" FOREIGN KEY ("audit_id") REFERENCES "audits" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_sites_companies_audit_sites" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_sites_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_sites_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditsite_audit_id_site_id" to table: "audit_sites"
CREATE UNIQUE INDEX "auditsite_audit_id_site_id" ON "audit_sites" ("audit_id", "site_id");
-- create index "auditsite_company_id" to table: "audit_sites"
CREATE INDEX "auditsite_company_id" ON "audit_sites" ("company_id");
-- create index "auditsite_organization_id" to table: "audit_sites"
CREATE INDEX "auditsite_organization_id" ON "audit_sites" ("organization_id");
-- create "auditor_request_comments" table
CREATE TABLE "auditor_request_comments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "text" character varying NOT NULL, "request_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "author_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "auditor_request_comments_auditor_requests_comments" FOREIGN KEY ("request_id") REFERENCES "auditor_requests" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_request_comments_companies_auditor_request_comments" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_request_comments_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "auditor_request_comments_users_author" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "auditorrequestcomment_company_id" to table: "auditor_request_comments"
CREATE INDEX "auditorrequestcomment_company_id" ON "auditor_request_comments" ("company_id");
-- create index "auditorrequestcomment_organization_id" to table: "auditor_request_comments"
CREATE INDEX "auditorrequestcomment_organization_id" ON "auditor_request_comments" ("organization_id");
-- create index "auditorrequestcomment_request_id_created_at" to table: "auditor_request_comments"
CREATE INDEX "auditorrequestcomment_request_id_created_at" ON "auditor_request_comments" ("request_id", "created_at");
-- create "finding_sites" table
CREATE TABLE "finding_sites" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "finding_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "site_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "finding_sites_companies_finding_sites" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "finding_sites_findings_sites" FOREIGN KEY ("finding_id") REFERENCES "findings" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "finding_sites_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "finding_sites_sites_site" FOREIGN KEY ("site_id") REFERENCES "sites" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "findingsite_company_id" to table: "finding_sites"
CREATE INDEX "findingsite_company_id" ON "finding_sites" ("company_id");
-- create index "findingsite_finding_id_site_id" to table: "finding_sites"
CREATE UNIQUE INDEX "findingsite_finding_id_site_id" ON "finding_sites" ("finding_id", "site_id");
-- create index "findingsite_organization_id" to table: "finding_sites"
CREATE INDEX "findingsite_organization_id" ON "finding_sites" ("organization_id");

-- +goose Down
-- reverse: create index "findingsite_organization_id" to table: "finding_sites"
DROP INDEX "findingsite_organization_id";
-- reverse: create index "findingsite_finding_id_site_id" to table: "finding_sites"
DROP INDEX "findingsite_finding_id_site_id";
-- reverse: create index "findingsite_company_id" to table: "finding_sites"
DROP INDEX "findingsite_company_id";
-- reverse: create "finding_sites" table
DROP TABLE "finding_sites";
-- reverse: create index "auditorrequestcomment_request_id_created_at" to table: "auditor_request_comments"
DROP INDEX "auditorrequestcomment_request_id_created_at";
-- reverse: create index "auditorrequestcomment_organization_id" to table: "auditor_request_comments"
DROP INDEX "auditorrequestcomment_organization_id";
-- reverse: create index "auditorrequestcomment_company_id" to table: "auditor_request_comments"
DROP INDEX "auditorrequestcomment_company_id";
-- reverse: create "auditor_request_comments" table
DROP TABLE "auditor_request_comments";
-- reverse: create index "auditsite_organization_id" to table: "audit_sites"
DROP INDEX "auditsite_organization_id";
-- reverse: create index "auditsite_company_id" to table: "audit_sites"
DROP INDEX "auditsite_company_id";
-- reverse: create index "auditsite_audit_id_site_id" to table: "audit_sites"
DROP INDEX "auditsite_audit_id_site_id";
-- reverse: create "audit_sites" table
DROP TABLE "audit_sites";
-- reverse: create index "auditevidence_request_id" to table: "audit_evidences"
DROP INDEX "auditevidence_request_id";
-- reverse: create index "auditevidence_organization_id" to table: "audit_evidences"
DROP INDEX "auditevidence_organization_id";
-- reverse: create index "auditevidence_finding_id" to table: "audit_evidences"
DROP INDEX "auditevidence_finding_id";
-- reverse: create index "auditevidence_company_id" to table: "audit_evidences"
DROP INDEX "auditevidence_company_id";
-- reverse: create index "auditevidence_checklist_item_id" to table: "audit_evidences"
DROP INDEX "auditevidence_checklist_item_id";
-- reverse: create "audit_evidences" table
DROP TABLE "audit_evidences";
-- reverse: modify "agenda_items" table
ALTER TABLE "agenda_items" DROP CONSTRAINT "agenda_items_document_versions_document_version", DROP COLUMN "document_version_id";
