-- +goose Up
-- modify "companies" table
ALTER TABLE "companies" ADD COLUMN "data_version" bigint NOT NULL DEFAULT 0;

-- +goose Down
-- reverse: modify "companies" table
ALTER TABLE "companies" DROP COLUMN "data_version";
