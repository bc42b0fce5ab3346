#!/usr/bin/env bash
# Creates what the tests need in the local PostgreSQL (trust authentication on loopback): the
# superuser role 'postgres' exists on Debian and creates and drops the tests' databases; the
# owner role migrates them and the application role, which row-level security binds, is the one
# the tests connect as (README, "PostgreSQL roles").
set -euo pipefail
psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin -c "SELECT 1" >/dev/null
psql_admin <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'secretariat_owner') THEN
    CREATE ROLE secretariat_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'secretariat_app') THEN
    CREATE ROLE secretariat_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
SQL
# Leftovers of interrupted test runs.
for db in $(psql_admin -c "SELECT datname FROM pg_database WHERE datname LIKE 'test\_%' OR datname LIKE 'migdiff\_%'"); do
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
done
echo "postgres ready"
