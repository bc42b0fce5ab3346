-- +goose Up
-- create "password_resets" table
CREATE TABLE "password_resets" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "user_id" character varying NOT NULL, "issued_by_id" character varying NOT NULL, "token_hash" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "password_resets_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "password_resets_token_hash_key" to table: "password_resets"
CREATE UNIQUE INDEX "password_resets_token_hash_key" ON "password_resets" ("token_hash");
-- create index "passwordreset_organization_id" to table: "password_resets"
CREATE INDEX "passwordreset_organization_id" ON "password_resets" ("organization_id");
-- create index "passwordreset_user_id" to table: "password_resets"
CREATE INDEX "passwordreset_user_id" ON "password_resets" ("user_id");

-- +goose Down
-- reverse: create index "passwordreset_user_id" to table: "password_resets"
DROP INDEX "passwordreset_user_id";
-- reverse: create index "passwordreset_organization_id" to table: "password_resets"
DROP INDEX "passwordreset_organization_id";
-- reverse: create index "password_resets_token_hash_key" to table: "password_resets"
DROP INDEX "password_resets_token_hash_key";
-- reverse: create "password_resets" table
DROP TABLE "password_resets";
