#!/usr/bin/env bash
# Odoo 19 with wms_micraft on a small demo warehouse, at http://localhost:${HTTP_PORT:-8069}
# (login admin / admin). The database (WMS_DEMO_DB, default wms_demo) is created,
# the addon installed and the demo loaded on the first run only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$here/scripts/odoo_env.sh")"
eval "$("$here/scripts/pg.sh")"
db=${WMS_DEMO_DB:-wms_demo}
size=${WMS_DEMO_SIZE:-small}
dbargs=(--db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" ${PGPASSWORD:+--db_password="$PGPASSWORD"})
installed=$(psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$db" -tAc \
  "SELECT state FROM ir_module_module WHERE name = 'wms_micraft'" 2>/dev/null || true)
if [ "$installed" != installed ]; then
  echo "== installing wms_micraft on $db"
  $ODOO_BIN -d "$db" --addons-path="$ODOO_ADDONS" "${dbargs[@]}" -i wms_micraft --stop-after-init --log-level=warn
fi
echo "== demo warehouse ($size)"
$ODOO_BIN --addons-path="$ODOO_ADDONS" wms_demo -d "$db" "${dbargs[@]}" --size "$size" --if-missing
echo "== Odoo on http://localhost:${HTTP_PORT:-8069} (admin / admin)"
exec $ODOO_BIN -d "$db" --addons-path="$ODOO_ADDONS" "${dbargs[@]}" --http-port="${HTTP_PORT:-8069}" --db-filter="^$db\$"
