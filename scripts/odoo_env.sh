#!/usr/bin/env bash
# Locate an existing Odoo 19 and print the variables the other scripts use:
# ODOO_BIN (how to start Odoo) and ODOO_ADDONS (its addons path plus ours).
# Odoo is found through ODOO_ROOT (a source checkout) or `import odoo`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${ODOO_ROOT:-}" ]; then
  export PYTHONPATH="$ODOO_ROOT${PYTHONPATH:+:$PYTHONPATH}"
fi
info=$(python3 - <<'PY' 2>/dev/null
import os, odoo.release
# odoo may be a namespace package (editable install): locate it through a module file.
root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.release.__file__)))
print(odoo.release.version_info[0], root)
PY
) || { echo "wms_micraft: Odoo 19 is not importable (python3 -c 'import odoo' fails). Install Odoo 19 (docker image odoo:19, or Odoo's source with 'pip install -e'), or set ODOO_ROOT to an Odoo 19 source tree." >&2; exit 2; }
major=${info%% *}; root=${info#* }
if [ "$major" != 19 ]; then
  echo "wms_micraft: found Odoo $major at $root, need Odoo 19." >&2; exit 2
fi
addons="$here"
# Source checkout: addons/ beside the odoo package; packaged Odoo: odoo/addons is implicit.
[ -d "$root/addons" ] && addons="$root/addons,$addons"
if [ -f "$root/odoo-bin" ]; then bin="python3 $root/odoo-bin"; else bin="$(command -v odoo || echo 'python3 -m odoo')"; fi
echo "export ODOO_BIN='$bin' ODOO_ADDONS='$addons' PYTHONPATH='${PYTHONPATH:-}'"
