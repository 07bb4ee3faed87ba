"""``odoo-bin wms_demo``: build the wms_micraft demo warehouse in a database.

Odoo loads this file as ``odoo.cli.wms_demo`` (not as part of the addon
package), before any registry exists; everything that needs the database or
the addon's models is therefore reached through the registry inside ``run``.
"""

import logging
import sys
import threading
import time
from contextlib import closing

from odoo.cli.command import Command

_logger = logging.getLogger(__name__)

MODULE = "wms_micraft"


class WmsDemo(Command):
    """Build the wms_micraft demo warehouse (zones, bins, products, lots, stock, open pickings)"""

    name = "wms_demo"
    epilog = """
        All the usual Odoo options are accepted as well (-c, -d, --db_host, --db_port,
        -r/--db_user, -w/--db_password, --addons-path, --log-level...); see `odoo-bin --help`.
        The database is created if it does not exist and wms_micraft is installed if it is not
        (unless --no-install). The demo is built in the main warehouse of the main company and
        committed; building it twice in the same database is refused.

        Example:
          odoo-bin --addons-path=/opt/odoo/addons,/path/to/repo wms_demo -d wms_demo \\
              --db_host=127.0.0.1 --db_port=5432 -r odoo -w odoo --size small --seed 42
    """

    def __init__(self):
        super().__init__()
        parser = self.parser
        parser.add_argument("--size", choices=("small", "large"), default="small",
                            help="small: 600 bins, 50 products; large: 20,000 bins, 2,000 products, "
                                 "200,000 quants, 1,000 deliveries (default: small)")
        parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
        parser.add_argument("--no-install", action="store_true",
                            help=f"do not install {MODULE}; stop with an error if it is not installed")
        parser.add_argument("--if-missing", action="store_true",
                            help="when the database already holds the demo, say so and exit with status 0 "
                                 "(default: refuse with status 1)")

    def run(self, cmdargs):
        # Our options; everything else is an Odoo option for config.parse_config.
        options, odoo_args = self.parser.parse_known_args(cmdargs)

        # Lazy imports: the addon and the ORM are only needed once the config is parsed.
        from odoo import api  # noqa: PLC0415
        from odoo.exceptions import UserError  # noqa: PLC0415
        from odoo.modules.registry import Registry  # noqa: PLC0415
        from odoo.tools import config  # noqa: PLC0415

        config.parse_config(odoo_args + ["--no-http"], setup_logging=True)
        dbnames = config["db_name"]
        if not dbnames or len(dbnames) != 1:
            sys.exit("wms_demo: give exactly one database with -d DATABASE (or db_name in the config file).")
        dbname = dbnames[0]
        threading.current_thread().dbname = dbname

        started = time.perf_counter()
        created = self._ensure_database(dbname)
        state = None if created else self._module_state(dbname)
        if state != "installed":
            if options.no_install:
                sys.exit(f"wms_demo: module {MODULE} is not installed in database {dbname!r} "
                         f"(state: {state or 'database not initialised'}). Install it with "
                         f"`odoo-bin -d {dbname} -i {MODULE} --stop-after-init` or run without --no-install.")
            print(f"wms_demo: installing {MODULE} in database {dbname!r}...", flush=True)
            t0 = time.perf_counter()
            registry = Registry.new(dbname, install_modules=[MODULE])
            print(f"wms_demo: {MODULE} installed in {time.perf_counter() - t0:.1f} s", flush=True)
            if MODULE not in registry._init_modules:
                sys.exit(f"wms_demo: {MODULE} could not be installed in {dbname!r}; check the log and "
                         f"that --addons-path contains the directory holding {MODULE}.")
        else:
            registry = Registry(dbname)

        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env = api.Environment(cr, api.SUPERUSER_ID, env["res.users"].context_get())
            if options.if_missing and env["wms.demo"]._demo_exists():
                print(f"wms_demo: database {dbname!r} already holds the demo; nothing to do (--if-missing).")
                return 0
            print(f"wms_demo: building the {options.size} demo (seed {options.seed}) in {dbname!r}...", flush=True)
            t0 = time.perf_counter()
            try:
                counts = env["wms.demo"]._build_demo(size=options.size, seed=options.seed)
            except UserError as exc:
                cr.rollback()
                sys.exit(f"wms_demo: {exc.args[0] if exc.args else exc}")
            cr.commit()
        build_time = time.perf_counter() - t0

        timings = counts.pop("timings", {})
        width = max(len(key) for key in counts)
        print(f"wms_demo: demo committed in database {dbname!r}")
        for key, value in counts.items():
            print(f"  {key:<{width}}  {value}")
        if timings:
            print("  time per step (s): " + ", ".join(f"{k} {v}" for k, v in timings.items()))
        print(f"wms_demo: build {build_time:.1f} s, total elapsed {time.perf_counter() - started:.1f} s")
        return 0

    @staticmethod
    def _ensure_database(dbname):
        """Create an empty database if needed; True when it was created."""
        from psycopg2.errors import InsufficientPrivilege  # noqa: PLC0415

        from odoo.service import db as service_db  # noqa: PLC0415

        try:
            service_db._create_empty_database(dbname)
        except service_db.DatabaseExists:
            return False
        except InsufficientPrivilege as exc:
            _logger.info("Could not determine if database %s exists, assuming it does: %s", dbname, exc)
            return False
        print(f"wms_demo: created database {dbname!r}", flush=True)
        return True

    @staticmethod
    def _module_state(dbname):
        """State of the addon in the database (None when the database is not initialised)."""
        from odoo.modules import db as modules_db  # noqa: PLC0415
        from odoo.sql_db import db_connect  # noqa: PLC0415

        with closing(db_connect(dbname).cursor()) as cr:
            if not modules_db.is_initialized(cr):
                return None
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [MODULE])
            row = cr.fetchone()
            return row[0] if row else "unknown to the database (update the apps list)"
