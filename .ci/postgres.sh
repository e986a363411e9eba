#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback and print its URL.
# Usage: source .ci/postgres.sh  (exports GCM_TEST_POSTGRES)
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_port=${GCM_PG_PORT:-54329}
pg_root=$(mktemp -d /tmp/gcm-pg.XXXXXX)
chown postgres "$pg_root"
su postgres -s /bin/sh -c "$pg_bin/initdb -D $pg_root/data -A trust -U postgres >/dev/null"
su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $pg_root/data -l $pg_root/log -w \
  -o \"-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_root -c max_connections=200\" start >/dev/null"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE USER gcm PASSWORD 'gcm';" \
  -c "CREATE DATABASE gcm_test OWNER gcm;"
export GCM_TEST_POSTGRES="postgresql://gcm:gcm@127.0.0.1:$pg_port/gcm_test"
export GCM_PG_ROOT="$pg_root" GCM_PG_BIN="$pg_bin"
echo "PostgreSQL on $GCM_TEST_POSTGRES"
