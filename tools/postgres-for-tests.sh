#!/usr/bin/env bash
# Make a local PostgreSQL ready for the test suite and print its DATABASE_URL.
#
#   url=$(tools/postgres-for-tests.sh)   # exit 3: no PostgreSQL on this machine
#
# Uses TEST_POSTGRES_URL when given. Otherwise the Debian cluster on this
# machine (PostgreSQL 15 here), started if it is stopped, with a role and a
# database "archive" created once; starting and creating need root (CI runs
# as root on a fresh machine). pytest-django then creates and drops its own
# "test_archive" database, so the role needs CREATEDB and nothing more.
set -euo pipefail

if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
  echo "$TEST_POSTGRES_URL"
  exit 0
fi
URL="postgres://archive:archive@127.0.0.1:5432/archive"

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null || [[ "$(id -u)" != 0 ]]; then
    echo "PostgreSQL is not running on 127.0.0.1:5432 and cannot be started from here" \
         "(needs Debian's postgresql package and root, or TEST_POSTGRES_URL)." >&2
    exit 3
  fi
  read -r version cluster _ < <(pg_lsclusters -h | head -n 1)
  if [[ -z "${version:-}" ]]; then
    echo "PostgreSQL is installed but has no cluster (pg_createcluster)." >&2
    exit 3
  fi
  pg_ctlcluster "$version" "$cluster" start >&2
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
fi

if [[ "$(id -u)" == 0 ]]; then
  as_postgres() { su postgres -c "$1"; }
  if [[ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'archive'\"")" != 1 ]]; then
    as_postgres "psql -q -c \"CREATE ROLE archive LOGIN CREATEDB PASSWORD 'archive'\"" >&2
  fi
  if [[ "$(as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'archive'\"")" != 1 ]]; then
    as_postgres "createdb -O archive archive" >&2
  fi
fi
echo "$URL"
