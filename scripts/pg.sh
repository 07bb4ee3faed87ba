#!/usr/bin/env bash
# Make sure a PostgreSQL server is reachable for Odoo; start a throwaway local
# cluster (as the `postgres` system user when run as root) when none is.
# Prints the environment to use: PGHOST / PGPORT / PGUSER.
# Variables: PGHOST, PGPORT, PGUSER, PGPASSWORD (existing server);
#            WMS_PGDATA (throwaway cluster dir, default $TMPDIR/wms_micraft_pg).
set -euo pipefail
PGPORT=${PGPORT:-5432}
if [ -n "${PGHOST:-}" ] && pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  echo "export PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=${PGUSER:-odoo}"
  exit 0
fi
DATA=${WMS_PGDATA:-${TMPDIR:-/tmp}/wms_micraft_pg}
SOCK=$DATA/run
PORT=${WMS_PGPORT:-5499}
run_as() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
if ! pg_isready -q -h "$SOCK" -p "$PORT" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd -r -m postgres
    mkdir -p "$DATA"; chown postgres "$DATA"
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    run_as "initdb -D '$DATA' -U postgres -A trust -E UTF8 --locale=C >/dev/null"
    run_as "mkdir -p '$SOCK'"
    cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 512MB
CONF
  fi
  run_as "pg_ctl -D '$DATA' -o '-p $PORT' -l '$DATA/server.log' -w start >/dev/null"
  # Odoo refuses to connect as the `postgres` superuser: give it its own role.
  psql -h "$SOCK" -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 \
    || psql -q -h "$SOCK" -p "$PORT" -U postgres -c "CREATE ROLE odoo LOGIN SUPERUSER PASSWORD 'odoo'"
fi
echo "export PGHOST=127.0.0.1 PGPORT=$PORT PGUSER=odoo PGPASSWORD=odoo"
