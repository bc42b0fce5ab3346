-- +goose Up
-- create "company_accesses" table
CREATE TABLE "company_accesses" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "membership_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "company_accesses_companies_accesses" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "company_accesses_memberships_company_accesses" FOREIGN KEY ("membership_id") REFERENCES "memberships" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "company_accesses_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "companyaccess_company_id" to table: "company_accesses"
CREATE INDEX "companyaccess_company_id" ON "company_accesses" ("company_id");
-- create index "companyaccess_membership_id_company_id" to table: "company_accesses"
CREATE UNIQUE INDEX "companyaccess_membership_id_company_id" ON "company_accesses" ("membership_id", "company_id");
-- create index "companyaccess_organization_id" to table: "company_accesses"
CREATE INDEX "companyaccess_organization_id" ON "company_accesses" ("organization_id");
-- create "invitations" table
CREATE TABLE "invitations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "role" character varying NOT NULL, "company_ids" jsonb NULL, "access_expires_at" timestamptz NULL, "token_hash" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "invited_by_id" character varying NOT NULL, "accepted_at" timestamptz NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "invitations_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "invitation_organization_id" to table: "invitations"
CREATE INDEX "invitation_organization_id" ON "invitations" ("organization_id");
-- create index "invitation_organization_id_email" to table: "invitations"
CREATE INDEX "invitation_organization_id_email" ON "invitations" ("organization_id", "email");
-- create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" ("token_hash");
-- create "refresh_tokens" table
CREATE TABLE "refresh_tokens" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "user_id" character varying NOT NULL, "family" character varying NOT NULL, "token_hash" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "revoked_at" timestamptz NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "refresh_tokens_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens" ("token_hash");
-- create index "refreshtoken_family" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_family" ON "refresh_tokens" ("family");
-- create index "refreshtoken_organization_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_organization_id" ON "refresh_tokens" ("organization_id");
-- create index "refreshtoken_user_id" to table: "refresh_tokens"
CREATE INDEX "refreshtoken_user_id" ON "refresh_tokens" ("user_id");

-- +goose Down
-- reverse: create index "refreshtoken_user_id" to table: "refresh_tokens"
DROP INDEX "refreshtoken_user_id";
-- reverse: create index "refreshtoken_organization_id" to table: "refresh_tokens"
DROP INDEX "refreshtoken_organization_id";
-- reverse: create index "refreshtoken_family" to table: "refresh_tokens"
DROP INDEX "refreshtoken_family";
-- reverse: create index "refresh_tokens_token_hash_key" to table: "refresh_tokens"
DROP INDEX "refresh_tokens_token_hash_key";
-- reverse: create "refresh_tokens" table
DROP TABLE "refresh_tokens";
-- reverse: create index "invitations_token_hash_key" to table: "invitations"
DROP INDEX "invitations_token_hash_key";
-- reverse: create index "invitation_organization_id_email" to table: "invitations"
DROP INDEX "invitation_organization_id_email";
-- reverse: create index "invitation_organization_id" to table: "invitations"
DROP INDEX "invitation_organization_id";
-- reverse: create "invitations" table
DROP TABLE "invitations";
-- reverse: create index "companyaccess_organization_id" to table: "company_accesses"
DROP INDEX "companyaccess_organization_id";
-- reverse: create index "companyaccess_membership_id_company_id" to table: "company_accesses"
DROP INDEX "companyaccess_membership_id_company_id";
-- reverse: create index "companyaccess_company_id" to table: "company_accesses"
DROP INDEX "companyaccess_company_id";
-- reverse: create "company_accesses" table
DROP TABLE "company_accesses";
