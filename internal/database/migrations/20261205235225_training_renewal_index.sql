-- +goose Up
-- drop index "trainingassignment_expires_on" from table: "training_assignments"
DROP INDEX "trainingassignment_expires_on";
-- create index "trainingassignment_renewal_checked_at_expires_on" to table: "training_assignments"
CREATE INDEX "trainingassignment_renewal_checked_at_expires_on" ON "training_assignments" ("renewal_checked_at", "expires_on");

-- +goose Down
-- reverse: create index "trainingassignment_renewal_checked_at_expires_on" to table: "training_assignments"
DROP INDEX "trainingassignment_renewal_checked_at_expires_on";
-- reverse: drop index "trainingassignment_expires_on" from table: "training_assignments"
CREATE INDEX "trainingassignment_expires_on" ON "training_assignments" ("expires_on");
