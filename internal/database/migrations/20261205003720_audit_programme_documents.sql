-- +goose Up
-- modify "audit_programmes" table
ALTER TABLE "audit_programmes" ADD COLUMN "document_version_id" character varying NULL, ADD CONSTRAINT "audit_programmes_document_versions_document_version" FOREIGN KEY ("document_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "audit_programmes" table
ALTER TABLE "audit_programmes" DROP CONSTRAINT "audit_programmes_document_versions_document_version", DROP COLUMN "document_version_id";
