-- +goose Up
-- modify "training_assignments" table
ALTER TABLE "training_assignments" ADD COLUMN "expires_on" date NULL, ADD COLUMN "renewal_checked_at" timestamptz NULL;
-- create index "trainingassignment_expires_on" to table: "training_assignments"
CREATE INDEX "trainingassignment_expires_on" ON "training_assignments" ("expires_on");

-- +goose Down
-- reverse: create index "trainingassignment_expires_on" to table: "training_assignments"
DROP INDEX "trainingassignment_expires_on";
-- reverse: modify "training_assignments" table
ALTER TABLE "training_assignments" DROP COLUMN "renewal_checked_at", DROP COLUMN "expires_on";
