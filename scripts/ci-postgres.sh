#!/usr/bin/env bash
# CI: make a local PostgreSQL 15 ready for the storage contract suite, idempotently.
# Installs Debian's `postgresql` package if missing, starts cluster 15/main, then creates the role
# xaccess (password xaccess, CREATEDB) and the database xaccess_test owned by it, each only if
# missing. The suite connects with XACCESS_TEST_POSTGRES_URL, default
# postgres://xaccess:xaccess@127.0.0.1:5432/xaccess_test. Needs root (apt-get, su postgres).
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_ROLE="${PG_ROLE:-xaccess}"
PG_PASSWORD="${PG_PASSWORD:-xaccess}"
PG_DATABASE="${PG_DATABASE:-xaccess_test}"

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ]; then
  echo "== installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c' | grep -q .; then
  echo "== creating cluster $PG_VERSION/$PG_CLUSTER"
  pg_createcluster "$PG_VERSION" "$PG_CLUSTER"
fi

if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c && $4 == "online"' | grep -q .; then
  echo "== starting cluster $PG_VERSION/$PG_CLUSTER"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

psql_admin() {
  # Run from / so su does not complain about an unreadable working directory.
  (cd / && su postgres -c "psql -v ON_ERROR_STOP=1 -Atq $*")
}

for _ in $(seq 1 30); do
  psql_admin "-c 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname = '$PG_ROLE'\"")" != "1" ]; then
  echo "== creating role $PG_ROLE"
  psql_admin "-c \"create role $PG_ROLE login createdb password '$PG_PASSWORD'\""
else
  psql_admin "-c \"alter role $PG_ROLE login createdb password '$PG_PASSWORD'\""
fi

if [ "$(psql_admin "-c \"select 1 from pg_database where datname = '$PG_DATABASE'\"")" != "1" ]; then
  echo "== creating database $PG_DATABASE"
  psql_admin "-c \"create database $PG_DATABASE owner $PG_ROLE\""
fi

echo "== postgresql ready: postgres://$PG_ROLE:***@127.0.0.1:5432/$PG_DATABASE"
