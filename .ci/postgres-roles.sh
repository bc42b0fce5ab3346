#!/usr/bin/env bash
# Creates what the tests need in the local PostgreSQL (trust authentication on loopback): the
# superuser role 'postgres' exists on Debian; the tests create and drop their own databases.
set -euo pipefail
psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin -c "SELECT 1" >/dev/null
# Leftovers of interrupted test runs.
for db in $(psql_admin -c "SELECT datname FROM pg_database WHERE datname LIKE 'test\_%' OR datname LIKE 'migdiff\_%'"); do
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
done
echo "postgres ready"
