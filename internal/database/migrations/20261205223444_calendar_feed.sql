-- +goose Up
-- modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "calendar_feed_hash" character varying NULL, ADD COLUMN "calendar_feed_created_at" timestamptz NULL;
-- create index "memberships_calendar_feed_hash_key" to table: "memberships"
CREATE UNIQUE INDEX "memberships_calendar_feed_hash_key" ON "memberships" ("calendar_feed_hash");

-- +goose Down
-- reverse: create index "memberships_calendar_feed_hash_key" to table: "memberships"
DROP INDEX "memberships_calendar_feed_hash_key";
-- reverse: modify "memberships" table
ALTER TABLE "memberships" DROP COLUMN "calendar_feed_created_at", DROP COLUMN "calendar_feed_hash";
