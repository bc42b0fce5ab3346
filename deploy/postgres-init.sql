-- The two roles of a deployment (README, "PostgreSQL roles"), for the Compose stack only: fixed
-- passwords. The owner role owns the tables and migrates; the application role, which the API
-- connects as, owns nothing and row-level security binds it.
CREATE ROLE secretariat_owner LOGIN PASSWORD 'owner';
CREATE ROLE secretariat_app LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE DATABASE secretariat OWNER secretariat_owner;
