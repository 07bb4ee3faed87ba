#!/usr/bin/env bash
# The whole wms_micraft suite on a fresh database, in a real Odoo 19 with a
# real PostgreSQL and a real (headless) browser:
#   1. find Odoo 19 (scripts/odoo_env.sh) and PostgreSQL (scripts/pg.sh);
#   2. create a new database and install wms_micraft from scratch;
#   3. run every test with pytest-odoo, HTTP server on (--odoo-http) so
#      browser tours run; any skipped test fails the run;
#   4. run the repository checks (tests_repo/: compose file, CI script,
#      README commands; plain pytest, they need the repository root and
#      PyYAML, so they live outside the addon's test package).
# Extra arguments go to the addon's pytest run (e.g. -k occupancy).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$here/scripts/odoo_env.sh")"
eval "$("$here/scripts/pg.sh")"
python3 -c "import websocket" 2>/dev/null || { echo "wms_micraft: websocket-client is missing (pip install -r requirements-test.txt): browser tests would be skipped." >&2; exit 2; }
command -v chromium >/dev/null || command -v google-chrome >/dev/null || command -v chromium-browser >/dev/null \
  || { echo "wms_micraft: no Chromium/Chrome on PATH: browser tests would be skipped." >&2; exit 2; }
db=${WMS_TEST_DB:-wms_test_$(date +%Y%m%d%H%M%S)_$$}
dbargs=(--db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" ${PGPASSWORD:+--db_password="$PGPASSWORD"})
echo "== wms_micraft: installing on fresh database $db"
dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db" 2>/dev/null || true
$ODOO_BIN -d "$db" --addons-path="$ODOO_ADDONS" "${dbargs[@]}" -i wms_micraft \
  --stop-after-init --log-level=warn
work=$(mktemp -d)
conf=$work/odoo.conf
junit=$work/junit.xml
trap 'rm -rf "$work"; [ -n "${WMS_KEEP_DB:-}" ] || dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$db" 2>/dev/null || true' EXIT
cat >"$conf" <<CONF
[options]
db_name = $db
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-False}
addons_path = $ODOO_ADDONS
CONF
echo "== wms_micraft: running the suite"
cd "$here"
status=0
python3 -m pytest wms_micraft/tests --odoo-config="$conf" --odoo-http -p no:cacheprovider -rs \
  --junitxml="$junit" "$@" || status=$?
# A skip hides a failure (missing browser, HTTP server off): count it as one.
skipped=$(python3 -c "import xml.etree.ElementTree as E; r=E.parse('$junit').getroot(); r=r if r.tag=='testsuite' else r[0]; print(r.get('skipped','0'))")
if [ "$skipped" != 0 ]; then echo "wms_micraft: $skipped test(s) skipped: a skip is a failure here." >&2; status=1; fi
echo "== repository checks (tests_repo)"
repo_status=0
python3 -m pytest tests_repo -p no:odoo -p no:cacheprovider -q -rfE --junitxml="$work/junit_repo.xml" \
  || repo_status=$?
echo "== summary: addon suite $([ $status = 0 ] && echo passed || echo FAILED)," \
     "repository checks $([ $repo_status = 0 ] && echo passed || echo FAILED)"
[ $repo_status = 0 ] || status=1
# One closing line for both runs (CI reads the last one): "total: N passed, N failed, N skipped".
python3 - "$junit" "$work/junit_repo.xml" <<'PY'
import sys, xml.etree.ElementTree as E
# A test with subtests has several <testcase> entries of one name: count each test once.
outcome = {}
for index, path in enumerate(sys.argv[1:]):
    try:
        root = E.parse(path).getroot()
    except (OSError, E.ParseError):
        outcome[(index, "no report")] = "failed"  # a run that wrote no report failed
        continue
    for case in root.iter("testcase"):
        key = (index, case.get("classname"), case.get("name"))
        tags = {child.tag for child in case}
        state = "failed" if tags & {"failure", "error"} else "skipped" if "skipped" in tags else "passed"
        if outcome.get(key) != "failed":
            outcome[key] = state if outcome.get(key) in (None, "passed") else outcome[key]
counts = {state: list(outcome.values()).count(state) for state in ("passed", "failed", "skipped")}
print(f"total: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
PY
exit $status
