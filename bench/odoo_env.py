"""Open an Odoo 19 environment on a database for a benchmark script.

Usage in a benchmark: ``with odoo_env(args.db) as env: ...``; the database
connection comes from the PG* variables that scripts/bench.sh exports.
"""

import contextlib
import json
import os
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ENGINE = Path(__file__).resolve().parents[1] / "wms_micraft" / "engine"


def engine_modules(*names):
    """Modules of the addon's ``engine`` package, loaded by path without Odoo (the addon's own
    ``__init__`` imports Odoo): ``layout, routing = engine_modules("layout", "routing")``."""
    import importlib
    import importlib.util
    import sys

    package = "wms_micraft_engine_bench"
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package, ENGINE / "__init__.py", submodule_search_locations=[str(ENGINE)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return tuple(importlib.import_module(f"{package}.{name}") for name in names)


@contextlib.contextmanager
def odoo_env(db, commit=True):
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    args = [f"--database={db}", f"--addons-path={os.environ['ODOO_ADDONS']}", "--log-level=warn"]
    for var, opt in (("PGHOST", "db_host"), ("PGPORT", "db_port"), ("PGUSER", "db_user"), ("PGPASSWORD", "db_password")):
        if os.environ.get(var):
            args.append(f"--{opt}={os.environ[var]}")
    odoo.tools.config.parse_config(args)
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
        yield env
        if commit:
            cr.commit()
        else:
            cr.rollback()


class Measure:
    """Wall time and SQL query count of a block."""

    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.env.flush_all()
        self.queries = self.env.cr.sql_log_count
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.env.flush_all()
        self.seconds = time.perf_counter() - self.start
        self.queries = self.env.cr.sql_log_count - self.queries
        return False


def write_results(name, data):
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path


def table(rows, headers):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
