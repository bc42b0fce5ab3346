-- +goose Up
-- modify "company_accesses" table
ALTER TABLE "company_accesses" ADD COLUMN "expires_at" timestamptz NULL;

-- +goose Down
-- reverse: modify "company_accesses" table
ALTER TABLE "company_accesses" DROP COLUMN "expires_at";
