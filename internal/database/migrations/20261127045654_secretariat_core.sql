-- +goose Up
-- modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "removed_at" timestamptz NULL;
-- create "agenda_items" table
CREATE TABLE "agenda_items" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "position" bigint NOT NULL, "title" character varying NOT NULL, "notes" text NULL, "organization_id" character varying NOT NULL, "presenter_id" character varying NULL, "follow_up_task_id" character varying NULL, "company_id" character varying NOT NULL, "meeting_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "agendaitem_company_id" to table: "agenda_items"
CREATE INDEX "agendaitem_company_id" ON "agenda_items" ("company_id");
-- create index "agendaitem_organization_id" to table: "agenda_items"
CREATE INDEX "agendaitem_organization_id" ON "agenda_items" ("organization_id");
-- create "audit_events" table
CREATE TABLE "audit_events" ("id" character varying NOT NULL, "seq" bigint NOT NULL, "occurred_at" timestamptz NOT NULL, "action" character varying NOT NULL, "entity_type" character varying NOT NULL, "entity_id" character varying NOT NULL, "changes" jsonb NULL, "request_id" character varying NULL, "prev_hash" character varying NOT NULL, "hash" character varying NOT NULL, "organization_id" character varying NOT NULL, "company_id" character varying NULL, "actor_id" character varying NULL, PRIMARY KEY ("id"));
-- create index "auditevent_company_id_occurred_at" to table: "audit_events"
CREATE INDEX "auditevent_company_id_occurred_at" ON "audit_events" ("company_id", "occurred_at");
-- create index "auditevent_entity_id" to table: "audit_events"
CREATE INDEX "auditevent_entity_id" ON "audit_events" ("entity_id");
-- create index "auditevent_organization_id" to table: "audit_events"
CREATE INDEX "auditevent_organization_id" ON "audit_events" ("organization_id");
-- create index "auditevent_organization_id_seq" to table: "audit_events"
CREATE UNIQUE INDEX "auditevent_organization_id_seq" ON "audit_events" ("organization_id", "seq");
-- create "committee_members" table
CREATE TABLE "committee_members" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "role" character varying NOT NULL DEFAULT 'MEMBER', "title" character varying NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, "company_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "committeemember_company_id" to table: "committee_members"
CREATE INDEX "committeemember_company_id" ON "committee_members" ("company_id");
-- create index "committeemember_company_id_user_id" to table: "committee_members"
CREATE UNIQUE INDEX "committeemember_company_id_user_id" ON "committee_members" ("company_id", "user_id");
-- create index "committeemember_one_chair" to table: "committee_members"
CREATE UNIQUE INDEX "committeemember_one_chair" ON "committee_members" ("company_id") WHERE ((role)::text = 'CHAIR'::text);
-- create index "committeemember_organization_id" to table: "committee_members"
CREATE INDEX "committeemember_organization_id" ON "committee_members" ("organization_id");
-- create "department_representatives" table
CREATE TABLE "department_representatives" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "department_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "departmentrepresentative_company_id" to table: "department_representatives"
CREATE INDEX "departmentrepresentative_company_id" ON "department_representatives" ("company_id");
-- create index "departmentrepresentative_department_id_user_id" to table: "department_representatives"
CREATE UNIQUE INDEX "departmentrepresentative_department_id_user_id" ON "department_representatives" ("department_id", "user_id");
-- create index "departmentrepresentative_organization_id" to table: "department_representatives"
CREATE INDEX "departmentrepresentative_organization_id" ON "department_representatives" ("organization_id");
-- create "documents" table
CREATE TABLE "documents" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "code" character varying NOT NULL, "title" character varying NOT NULL, "kind" character varying NOT NULL, "folder" character varying NULL, "classification" character varying NOT NULL DEFAULT 'INTERNAL', "review_interval_months" bigint NOT NULL DEFAULT 12, "next_review_on" date NULL, "requires_acknowledgement" boolean NOT NULL DEFAULT false, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "owner_id" character varying NULL, "current_version_id" character varying NULL, PRIMARY KEY ("id"));
-- create index "document_company_id" to table: "documents"
CREATE INDEX "document_company_id" ON "documents" ("company_id");
-- create index "document_company_id_code" to table: "documents"
CREATE UNIQUE INDEX "document_company_id_code" ON "documents" ("company_id", "code");
-- create index "document_organization_id" to table: "documents"
CREATE INDEX "document_organization_id" ON "documents" ("organization_id");
-- create "document_acknowledgements" table
CREATE TABLE "document_acknowledgements" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, "version_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "documentacknowledgement_company_id" to table: "document_acknowledgements"
CREATE INDEX "documentacknowledgement_company_id" ON "document_acknowledgements" ("company_id");
-- create index "documentacknowledgement_organization_id" to table: "document_acknowledgements"
CREATE INDEX "documentacknowledgement_organization_id" ON "document_acknowledgements" ("organization_id");
-- create index "documentacknowledgement_version_id_user_id" to table: "document_acknowledgements"
CREATE UNIQUE INDEX "documentacknowledgement_version_id_user_id" ON "document_acknowledgements" ("version_id", "user_id");
-- create "document_steps" table
CREATE TABLE "document_steps" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "action" character varying NOT NULL, "comment" character varying NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "actor_id" character varying NULL, "version_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "documentstep_company_id" to table: "document_steps"
CREATE INDEX "documentstep_company_id" ON "document_steps" ("company_id");
-- create index "documentstep_organization_id" to table: "document_steps"
CREATE INDEX "documentstep_organization_id" ON "document_steps" ("organization_id");
-- create "document_versions" table
CREATE TABLE "document_versions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "major" bigint NOT NULL, "minor" bigint NOT NULL, "body" text NULL, "file_key" character varying NULL, "file_name" character varying NULL, "file_content_type" character varying NULL, "file_size" bigint NULL, "file_sha256" character varying NULL, "change_summary" character varying NULL, "status" character varying NOT NULL DEFAULT 'DRAFT', "submitted_at" timestamptz NULL, "decided_at" timestamptz NULL, "rejection_reason" character varying NULL, "company_id" character varying NOT NULL, "document_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "author_id" character varying NOT NULL, "decided_by_id" character varying NULL, PRIMARY KEY ("id"));
-- create index "documentversion_company_id" to table: "document_versions"
CREATE INDEX "documentversion_company_id" ON "document_versions" ("company_id");
-- create index "documentversion_document_id_major_minor" to table: "document_versions"
CREATE UNIQUE INDEX "documentversion_document_id_major_minor" ON "document_versions" ("document_id", "major", "minor");
-- create index "documentversion_one_approved_per_document" to table: "document_versions"
CREATE UNIQUE INDEX "documentversion_one_approved_per_document" ON "document_versions" ("document_id") WHERE ((status)::text = 'APPROVED'::text);
-- create index "documentversion_one_open_per_document" to table: "document_versions"
CREATE UNIQUE INDEX "documentversion_one_open_per_document" ON "document_versions" ("document_id") WHERE (((status)::text = 'DRAFT'::text) OR ((status)::text = 'IN_REVIEW'::text));
-- create index "documentversion_organization_id" to table: "document_versions"
CREATE INDEX "documentversion_organization_id" ON "document_versions" ("organization_id");
-- create "meetings" table
CREATE TABLE "meetings" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "kind" character varying NOT NULL, "title" character varying NOT NULL, "scheduled_at" timestamptz NOT NULL, "location" character varying NULL, "online_url" character varying NULL, "status" character varying NOT NULL DEFAULT 'SCHEDULED', "minutes" text NULL, "held_at" timestamptz NULL, "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "previous_id" character varying NULL, "minutes_version_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "meetings_meetings_previous" FOREIGN KEY ("previous_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "meeting_company_id" to table: "meetings"
CREATE INDEX "meeting_company_id" ON "meetings" ("company_id");
-- create index "meeting_company_id_kind_scheduled_at" to table: "meetings"
CREATE INDEX "meeting_company_id_kind_scheduled_at" ON "meetings" ("company_id", "kind", "scheduled_at");
-- create index "meeting_organization_id" to table: "meetings"
CREATE INDEX "meeting_organization_id" ON "meetings" ("organization_id");
-- create "meeting_attendees" table
CREATE TABLE "meeting_attendees" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "attended" boolean NULL, "company_id" character varying NOT NULL, "meeting_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "meetingattendee_company_id" to table: "meeting_attendees"
CREATE INDEX "meetingattendee_company_id" ON "meeting_attendees" ("company_id");
-- create index "meetingattendee_meeting_id_user_id" to table: "meeting_attendees"
CREATE UNIQUE INDEX "meetingattendee_meeting_id_user_id" ON "meeting_attendees" ("meeting_id", "user_id");
-- create index "meetingattendee_organization_id" to table: "meeting_attendees"
CREATE INDEX "meetingattendee_organization_id" ON "meeting_attendees" ("organization_id");
-- create "meeting_decisions" table
CREATE TABLE "meeting_decisions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "position" bigint NOT NULL, "text" text NOT NULL, "company_id" character varying NOT NULL, "meeting_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "meetingdecision_company_id" to table: "meeting_decisions"
CREATE INDEX "meetingdecision_company_id" ON "meeting_decisions" ("company_id");
-- create index "meetingdecision_organization_id" to table: "meeting_decisions"
CREATE INDEX "meetingdecision_organization_id" ON "meeting_decisions" ("organization_id");
-- create "secretariat_assignments" table
CREATE TABLE "secretariat_assignments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "responsibility" character varying NOT NULL, "position" character varying NOT NULL DEFAULT 'PRIMARY', "company_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"));
-- create index "secretariatassignment_company_id" to table: "secretariat_assignments"
CREATE INDEX "secretariatassignment_company_id" ON "secretariat_assignments" ("company_id");
-- create index "secretariatassignment_company_id_responsibility_user_id" to table: "secretariat_assignments"
CREATE UNIQUE INDEX "secretariatassignment_company_id_responsibility_user_id" ON "secretariat_assignments" ("company_id", "responsibility", "user_id");
-- create index "secretariatassignment_one_primary" to table: "secretariat_assignments"
CREATE UNIQUE INDEX "secretariatassignment_one_primary" ON "secretariat_assignments" ("company_id", "responsibility") WHERE (("position")::text = 'PRIMARY'::text);
-- create index "secretariatassignment_organization_id" to table: "secretariat_assignments"
CREATE INDEX "secretariatassignment_organization_id" ON "secretariat_assignments" ("organization_id");
-- create "tasks" table
CREATE TABLE "tasks" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "archived_at" timestamptz NULL, "title" character varying NOT NULL, "description" text NULL, "due_date" date NULL, "priority" character varying NOT NULL DEFAULT 'NORMAL', "status" character varying NOT NULL DEFAULT 'TODO', "completion_note" character varying NULL, "completed_at" timestamptz NULL, "source" character varying NOT NULL DEFAULT 'MANUAL', "source_id" character varying NULL, "recurrence" character varying NOT NULL DEFAULT 'NONE', "company_id" character varying NOT NULL, "meeting_id" character varying NULL, "organization_id" character varying NOT NULL, "assignee_id" character varying NULL, "previous_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "tasks_tasks_next" FOREIGN KEY ("previous_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "task_assignee_id_status_due_date" to table: "tasks"
CREATE INDEX "task_assignee_id_status_due_date" ON "tasks" ("assignee_id", "status", "due_date");
-- create index "task_company_id" to table: "tasks"
CREATE INDEX "task_company_id" ON "tasks" ("company_id");
-- create index "task_company_id_status_due_date" to table: "tasks"
CREATE INDEX "task_company_id_status_due_date" ON "tasks" ("company_id", "status", "due_date");
-- create index "task_organization_id" to table: "tasks"
CREATE INDEX "task_organization_id" ON "tasks" ("organization_id");
-- create index "tasks_previous_id_key" to table: "tasks"
CREATE UNIQUE INDEX "tasks_previous_id_key" ON "tasks" ("previous_id");
-- modify "agenda_items" table
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_companies_agenda_items" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "agenda_items_meetings_agenda_items" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "agenda_items_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "agenda_items_tasks_follow_up_task" FOREIGN KEY ("follow_up_task_id") REFERENCES "tasks" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "agenda_items_users_presenter" FOREIGN KEY ("presenter_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "audit_events" table
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_companies_company" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "audit_events_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "audit_events_users_actor" FOREIGN KEY ("actor_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "committee_members" table
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_companies_committee_members" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "committee_members_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "committee_members_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "department_representatives" table
ALTER TABLE "department_representatives" ADD CONSTRAINT "department_representatives_companies_department_representatives" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "department_representatives_departments_department" FOREIGN KEY ("department_id") REFERENCES "departments" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "department_representatives_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "department_representatives_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "documents" table
ALTER TABLE "documents" ADD CONSTRAINT "documents_companies_documents" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "documents_document_versions_current_version" FOREIGN KEY ("current_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "documents_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "documents_users_owner" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "document_acknowledgements" table
ALTER TABLE "document_acknowledgements" ADD CONSTRAINT "document_acknowledgements_companies_document_acknowledgements" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_acknowledgements_document_versions_acknowledgements" FOREIGN KEY ("version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_acknowledgements_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_acknowledgements_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "document_steps" table
ALTER TABLE "document_steps" ADD CONSTRAINT "document_steps_companies_document_steps" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_steps_document_versions_steps" FOREIGN KEY ("version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_steps_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_steps_users_actor" FOREIGN KEY ("actor_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "document_versions" table
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_companies_document_versions" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_versions_documents_versions" FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_versions_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_versions_users_author" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "document_versions_users_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "meetings" table
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_companies_meetings" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "meetings_document_versions_minutes_version" FOREIGN KEY ("minutes_version_id") REFERENCES "document_versions" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "meetings_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "meeting_attendees" table
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_companies_meeting_attendees" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "meeting_attendees_meetings_attendees" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "meeting_attendees_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "meeting_attendees_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "meeting_decisions" table
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_companies_meeting_decisions" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "meeting_decisions_meetings_decisions" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "meeting_decisions_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "secretariat_assignments" table
ALTER TABLE "secretariat_assignments" ADD CONSTRAINT "secretariat_assignments_companies_secretariat_assignments" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "secretariat_assignments_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "secretariat_assignments_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION;
-- modify "tasks" table
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_companies_tasks" FOREIGN KEY ("company_id") REFERENCES "companies" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "tasks_meetings_action_items" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, ADD CONSTRAINT "tasks_organizations_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, ADD CONSTRAINT "tasks_users_assignee" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "tasks" table
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_users_assignee", DROP CONSTRAINT "tasks_organizations_organization", DROP CONSTRAINT "tasks_meetings_action_items", DROP CONSTRAINT "tasks_companies_tasks";
-- reverse: modify "secretariat_assignments" table
ALTER TABLE "secretariat_assignments" DROP CONSTRAINT "secretariat_assignments_users_user", DROP CONSTRAINT "secretariat_assignments_organizations_organization", DROP CONSTRAINT "secretariat_assignments_companies_secretariat_assignments";
-- reverse: modify "meeting_decisions" table
ALTER TABLE "meeting_decisions" DROP CONSTRAINT "meeting_decisions_organizations_organization", DROP CONSTRAINT "meeting_decisions_meetings_decisions", DROP CONSTRAINT "meeting_decisions_companies_meeting_decisions";
-- reverse: modify "meeting_attendees" table
ALTER TABLE "meeting_attendees" DROP CONSTRAINT "meeting_attendees_users_user", DROP CONSTRAINT "meeting_attendees_organizations_organization", DROP CONSTRAINT "meeting_attendees_meetings_attendees", DROP CONSTRAINT "meeting_attendees_companies_meeting_attendees";
-- reverse: modify "meetings" table
ALTER TABLE "meetings" DROP CONSTRAINT "meetings_organizations_organization", DROP CONSTRAINT "meetings_document_versions_minutes_version", DROP CONSTRAINT "meetings_companies_meetings";
-- reverse: modify "document_versions" table
ALTER TABLE "document_versions" DROP CONSTRAINT "document_versions_users_decided_by", DROP CONSTRAINT "document_versions_users_author", DROP CONSTRAINT "document_versions_organizations_organization", DROP CONSTRAINT "document_versions_documents_versions", DROP CONSTRAINT "document_versions_companies_document_versions";
-- reverse: modify "document_steps" table
ALTER TABLE "document_steps" DROP CONSTRAINT "document_steps_users_actor", DROP CONSTRAINT "document_steps_organizations_organization", DROP CONSTRAINT "document_steps_document_versions_steps", DROP CONSTRAINT "document_steps_companies_document_steps";
-- reverse: modify "document_acknowledgements" table
ALTER TABLE "document_acknowledgements" DROP CONSTRAINT "document_acknowledgements_users_user", DROP CONSTRAINT "document_acknowledgements_organizations_organization", DROP CONSTRAINT "document_acknowledgements_document_versions_acknowledgements", DROP CONSTRAINT "document_acknowledgements_companies_document_acknowledgements";
-- reverse: modify "documents" table
ALTER TABLE "documents" DROP CONSTRAINT "documents_users_owner", DROP CONSTRAINT "documents_organizations_organization", DROP CONSTRAINT "documents_document_versions_current_version", DROP CONSTRAINT "documents_companies_documents";
-- reverse: modify "department_representatives" table
ALTER TABLE "department_representatives" DROP CONSTRAINT "department_representatives_users_user", DROP CONSTRAINT "department_representatives_organizations_organization", DROP CONSTRAINT "department_representatives_departments_department", DROP CONSTRAINT "department_representatives_companies_department_representatives";
-- reverse: modify "committee_members" table
ALTER TABLE "committee_members" DROP CONSTRAINT "committee_members_users_user", DROP CONSTRAINT "committee_members_organizations_organization", DROP CONSTRAINT "committee_members_companies_committee_members";
-- reverse: modify "audit_events" table
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_users_actor", DROP CONSTRAINT "audit_events_organizations_organization", DROP CONSTRAINT "audit_events_companies_company";
-- reverse: modify "agenda_items" table
ALTER TABLE "agenda_items" DROP CONSTRAINT "agenda_items_users_presenter", DROP CONSTRAINT "agenda_items_tasks_follow_up_task", DROP CONSTRAINT "agenda_items_organizations_organization", DROP CONSTRAINT "agenda_items_meetings_agenda_items", DROP CONSTRAINT "agenda_items_companies_agenda_items";
-- reverse: create index "tasks_previous_id_key" to table: "tasks"
DROP INDEX "tasks_previous_id_key";
-- reverse: create index "task_organization_id" to table: "tasks"
DROP INDEX "task_organization_id";
-- reverse: create index "task_company_id_status_due_date" to table: "tasks"
DROP INDEX "task_company_id_status_due_date";
-- reverse: create index "task_company_id" to table: "tasks"
DROP INDEX "task_company_id";
-- reverse: create index "task_assignee_id_status_due_date" to table: "tasks"
DROP INDEX "task_assignee_id_status_due_date";
-- reverse: create "tasks" table
DROP TABLE "tasks";
-- reverse: create index "secretariatassignment_organization_id" to table: "secretariat_assignments"
DROP INDEX "secretariatassignment_organization_id";
-- reverse: create index "secretariatassignment_one_primary" to table: "secretariat_assignments"
DROP INDEX "secretariatassignment_one_primary";
-- reverse: create index "secretariatassignment_company_id_responsibility_user_id" to table: "secretariat_assignments"
DROP INDEX "secretariatassignment_company_id_responsibility_user_id";
-- reverse: create index "secretariatassignment_company_id" to table: "secretariat_assignments"
DROP INDEX "secretariatassignment_company_id";
-- reverse: create "secretariat_assignments" table
DROP TABLE "secretariat_assignments";
-- reverse: create index "meetingdecision_organization_id" to table: "meeting_decisions"
DROP INDEX "meetingdecision_organization_id";
-- reverse: create index "meetingdecision_company_id" to table: "meeting_decisions"
DROP INDEX "meetingdecision_company_id";
-- reverse: create "meeting_decisions" table
DROP TABLE "meeting_decisions";
-- reverse: create index "meetingattendee_organization_id" to table: "meeting_attendees"
DROP INDEX "meetingattendee_organization_id";
-- reverse: create index "meetingattendee_meeting_id_user_id" to table: "meeting_attendees"
DROP INDEX "meetingattendee_meeting_id_user_id";
-- reverse: create index "meetingattendee_company_id" to table: "meeting_attendees"
DROP INDEX "meetingattendee_company_id";
-- reverse: create "meeting_attendees" table
DROP TABLE "meeting_attendees";
-- reverse: create index "meeting_organization_id" to table: "meetings"
DROP INDEX "meeting_organization_id";
-- reverse: create index "meeting_company_id_kind_scheduled_at" to table: "meetings"
DROP INDEX "meeting_company_id_kind_scheduled_at";
-- reverse: create index "meeting_company_id" to table: "meetings"
DROP INDEX "meeting_company_id";
-- reverse: create "meetings" table
DROP TABLE "meetings";
-- reverse: create index "documentversion_organization_id" to table: "document_versions"
DROP INDEX "documentversion_organization_id";
-- reverse: create index "documentversion_one_open_per_document" to table: "document_versions"
DROP INDEX "documentversion_one_open_per_document";
-- reverse: create index "documentversion_one_approved_per_document" to table: "document_versions"
DROP INDEX "documentversion_one_approved_per_document";
-- reverse: create index "documentversion_document_id_major_minor" to table: "document_versions"
DROP INDEX "documentversion_document_id_major_minor";
-- reverse: create index "documentversion_company_id" to table: "document_versions"
DROP INDEX "documentversion_company_id";
-- reverse: create "document_versions" table
DROP TABLE "document_versions";
-- reverse: create index "documentstep_organization_id" to table: "document_steps"
DROP INDEX "documentstep_organization_id";
-- reverse: create index "documentstep_company_id" to table: "document_steps"
DROP INDEX "documentstep_company_id";
-- reverse: create "document_steps" table
DROP TABLE "document_steps";
-- reverse: create index "documentacknowledgement_version_id_user_id" to table: "document_acknowledgements"
DROP INDEX "documentacknowledgement_version_id_user_id";
-- reverse: create index "documentacknowledgement_organization_id" to table: "document_acknowledgements"
DROP INDEX "documentacknowledgement_organization_id";
-- reverse: create index "documentacknowledgement_company_id" to table: "document_acknowledgements"
DROP INDEX "documentacknowledgement_company_id";
-- reverse: create "document_acknowledgements" table
DROP TABLE "document_acknowledgements";
-- reverse: create index "document_organization_id" to table: "documents"
DROP INDEX "document_organization_id";
-- reverse: create index "document_company_id_code" to table: "documents"
DROP INDEX "document_company_id_code";
-- reverse: create index "document_company_id" to table: "documents"
DROP INDEX "document_company_id";
-- reverse: create "documents" table
DROP TABLE "documents";
-- reverse: create index "departmentrepresentative_organization_id" to table: "department_representatives"
DROP INDEX "departmentrepresentative_organization_id";
-- reverse: create index "departmentrepresentative_department_id_user_id" to table: "department_representatives"
DROP INDEX "departmentrepresentative_department_id_user_id";
-- reverse: create index "departmentrepresentative_company_id" to table: "department_representatives"
DROP INDEX "departmentrepresentative_company_id";
-- reverse: create "department_representatives" table
DROP TABLE "department_representatives";
-- reverse: create index "committeemember_organization_id" to table: "committee_members"
DROP INDEX "committeemember_organization_id";
-- reverse: create index "committeemember_one_chair" to table: "committee_members"
DROP INDEX "committeemember_one_chair";
-- reverse: create index "committeemember_company_id_user_id" to table: "committee_members"
DROP INDEX "committeemember_company_id_user_id";
-- reverse: create index "committeemember_company_id" to table: "committee_members"
DROP INDEX "committeemember_company_id";
-- reverse: create "committee_members" table
DROP TABLE "committee_members";
-- reverse: create index "auditevent_organization_id_seq" to table: "audit_events"
DROP INDEX "auditevent_organization_id_seq";
-- reverse: create index "auditevent_organization_id" to table: "audit_events"
DROP INDEX "auditevent_organization_id";
-- reverse: create index "auditevent_entity_id" to table: "audit_events"
DROP INDEX "auditevent_entity_id";
-- reverse: create index "auditevent_company_id_occurred_at" to table: "audit_events"
DROP INDEX "auditevent_company_id_occurred_at";
-- reverse: create "audit_events" table
DROP TABLE "audit_events";
-- reverse: create index "agendaitem_organization_id" to table: "agenda_items"
DROP INDEX "agendaitem_organization_id";
-- reverse: create index "agendaitem_company_id" to table: "agenda_items"
DROP INDEX "agendaitem_company_id";
-- reverse: create "agenda_items" table
DROP TABLE "agenda_items";
-- reverse: modify "memberships" table
ALTER TABLE "memberships" DROP COLUMN "removed_at";
