#!/usr/bin/env bash
# Benchmarks: each prints its figures beside its baseline and writes
# bench/results/<name>.json. Odoo-backed ones run on a fresh database.
#   scripts/bench.sh            all benchmarks
#   scripts/bench.sh bins       only bench/bench_bins.py
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$here/scripts/odoo_env.sh")"
eval "$("$here/scripts/pg.sh")"
export ODOO_ADDONS
only=${1:-}
fresh_db() {
  local db=$1
  dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db" 2>/dev/null || true
  $ODOO_BIN -d "$db" --addons-path="$ODOO_ADDONS" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$PGUSER" ${PGPASSWORD:+--db_password="$PGPASSWORD"} -i wms_micraft --stop-after-init --log-level=warn
}
demo_db() {  # a database holding the demo warehouse of size $1 (rebuilt unless WMS_BENCH_REUSE=1)
  local size=$1 db="wms_bench_demo_$1"
  if [ -z "${WMS_BENCH_REUSE:-}" ] || ! psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -tAc "SELECT 1" >/dev/null 2>&1; then
    fresh_db "$db" >&2
    $ODOO_BIN --addons-path="$ODOO_ADDONS" wms_demo -d "$db" --db_host="$PGHOST" --db_port="$PGPORT" \
      --db_user="$PGUSER" ${PGPASSWORD:+--db_password="$PGPASSWORD"} --size "$size" >&2
  fi
  echo "$db"
}
for script in "$here"/bench/bench_*.py; do
  name=$(basename "$script" .py); name=${name#bench_}
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  echo "==================== bench: $name"
  if grep -q -- "--small-db" "$script"; then
    if [ -n "${WMS_BENCH_SMALL_ONLY:-}" ]; then
      python3 "$script" --small-db "$(demo_db small)"
    else
      python3 "$script" --small-db "$(demo_db small)" --large-db "$(demo_db large)"
    fi
  elif grep -q "odoo_env(" "$script"; then
    fresh_db "wms_bench_$name"
    python3 "$script" --db "wms_bench_$name"
  else
    python3 "$script"
  fi
done
