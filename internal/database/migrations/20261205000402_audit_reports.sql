-- +goose Up
-- modify "audits" table
ALTER TABLE "audits" ADD COLUMN "report_version_id" character varying NULL, ADD COLUMN "improvement_report_version_id" character varying NULL, ADD CONSTRAINT "audits_document_versions_improvement_report_version" FOREIGN KEY ("improvement_report_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "audits_document_versions_report_version" FOREIGN KEY ("report_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "audits" table
ALTER TABLE "audits" DROP CONSTRAINT "audits_document_versions_report_version", DROP CONSTRAINT "audits_document_versions_improvement_report_version", DROP COLUMN "improvement_report_version_id", DROP COLUMN "report_version_id";
