#!/usr/bin/env bash
# Benchmarks: each prints its figures beside its baseline and writes
# bench/results/<name>.json. Odoo-backed ones run on a fresh database.
#   scripts/bench.sh            all benchmarks
#   scripts/bench.sh bins       only bench/bench_bins.py
# Benchmarks on the demo warehouses (small: 600 bins, built in seconds; large:
# 20,000 bins, built in about 30 minutes) take their databases from:
#   WMS_BENCH_DB_SMALL=<db>, WMS_BENCH_DB_LARGE=<db>
#                       an existing database holding that demo, e.g. a copy of one
#                       built before: createdb -T wms_bench_demo_large <db>
#   WMS_BENCH_REUSE=1   wms_bench_demo_small / wms_bench_demo_large when they exist
#   otherwise           wms_bench_demo_small / wms_bench_demo_large, built afresh
# A database that is reused is not rebuilt: wms_micraft is only updated in it
# (-u, under a minute), so its schema matches the code. The benchmarks roll back
# what they do: the demo data stays as it was.
#   WMS_BENCH_SMALL_ONLY=1  skip the large demo
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
update_db() {
  $ODOO_BIN -d "$1" --addons-path="$ODOO_ADDONS" --db_host="$PGHOST" --db_port="$PGPORT" \
    --db_user="$PGUSER" ${PGPASSWORD:+--db_password="$PGPASSWORD"} -u wms_micraft --stop-after-init --log-level=warn
}
db_exists() {
  psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$1" -tAc "SELECT 1" >/dev/null 2>&1
}
demo_db() {  # a database holding the demo warehouse of size $1 (see the top of this file)
  local size=$1 db="wms_bench_demo_$1" named
  [ "$size" = small ] && named=${WMS_BENCH_DB_SMALL:-} || named=${WMS_BENCH_DB_LARGE:-}
  if [ -n "$named" ]; then
    db_exists "$named" || { echo "wms_micraft: database $named (WMS_BENCH_DB_${size^^}) does not exist." >&2; exit 2; }
    echo "== $size demo: $named (updating wms_micraft)" >&2
    update_db "$named" >&2
    echo "$named"
    return
  fi
  if [ -n "${WMS_BENCH_REUSE:-}" ] && db_exists "$db"; then
    echo "== $size demo: reusing $db (updating wms_micraft)" >&2
    update_db "$db" >&2
  else
    echo "== $size demo: building $db" >&2
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
    small_db=$(demo_db small)
    if [ -n "${WMS_BENCH_SMALL_ONLY:-}" ]; then
      python3 "$script" --small-db "$small_db"
    else
      large_db=$(demo_db large)
      python3 "$script" --small-db "$small_db" --large-db "$large_db"
    fi
  elif grep -q "odoo_env(" "$script"; then
    fresh_db "wms_bench_$name"
    python3 "$script" --db "wms_bench_$name"
  else
    python3 "$script"
  fi
done
