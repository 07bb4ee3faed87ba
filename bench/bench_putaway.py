"""Directed putaway at warehouse scale, beside Odoo's standard storage-category putaway.

    python3 bench/bench_putaway.py --db DB [--large-db DB2]
    (scripts/bench.sh putaway: DB is a fresh database; the 20,000-bin warehouse
    is the large demo, database $WMS_BENCH_DB_LARGE or wms_bench_demo_large,
    where wms_micraft is updated first)

Data (the setting of the reference measure on plain Odoo 19 in the issue):

* 2,000 bins: built in DB by this script the first time (bin generator, 300
  products, 10 quants per bin through Odoo's inventory mode: about 3 minutes
  on a 2-core machine), kept for the next runs.
* 20,000 bins: the large demo warehouse (``wms_demo --size large``, 28
  minutes to build: build it once). It is only read: everything below runs
  in a transaction rolled back at the end.
* On both, inside the benchmark's transaction: every bin in one storage
  category with a max weight and a per-product unit capacity for the
  receipt's products (60 units: bins already holding the product are
  mostly full for it), the bins' own WMS capacities cleared so that both
  strategies obey exactly the same limits; the max weight chosen so that
  only the lightest tenth of the bins has room for a line (lines of about
  60 kg: 12 to 60 units of products of 1 to 5 kg); one putaway rule
  WH/Stock -> WH/Stock (Odoo: "closest location" in that category).

Measured, each from a cold cache and rolled back so that every run sees the
same data: confirming a 100-line receipt (100 products already in stock;
reservation and putaway of every line), the time spent in putaway alone,
and the SQL queries:

* Odoo: Odoo's standard storage-category putaway rule.
* ours: the warehouse's putaway strategy "Directed (WMS)" (the rule archived).
* ours, rule: the same rule with "Directed (WMS)" as its sublocation strategy
  (the warehouse on Odoo's standard), where Odoo's rule machinery runs first.
* no putaway: Odoo's confirmation with no rule at all (lines stay at WH/Stock),
  the floor under both.

Also checked: no bin ends over its weight or per-product capacity, and how
many lines each strategy could put in a bin. Plus an engine micro-benchmark
(plain Python, 20,000 candidate bins, 100 lines). Figures go to
bench/results/putaway.json.
"""

import argparse
import os
import random
import shlex
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import Measure, odoo_env, table, write_results  # noqa: E402

LINES = 100
SEED = 11
SMALL = dict(aisle_from=1, aisle_to=10, bay_from=1, bay_to=20, level_from=1, level_to=10)  # 2,000 bins
PRODUCT_CAPACITY = 60.0  # units of one product per bin (Odoo storage-category capacity line)
LINE_WEIGHT = 60.0  # kg per receipt line, about


# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------
def build_small(env):
    """2,000 bins with about 10 quants each, through Odoo (kept in the database for the next runs)."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    if env["wms.zone"].search_count([("warehouse_id", "=", warehouse.id), ("code", "=", "P")]):
        return warehouse
    started = time.perf_counter()
    rng = random.Random(SEED)
    zone = env["wms.zone"].create({"name": "Bench pick", "code": "P", "warehouse_id": warehouse.id})
    products = env["product.product"].create([{
        "name": f"Bench product {i:03d}", "default_code": f"BP{i:03d}", "is_storable": True,
        "weight": round(rng.uniform(0.5, 5.0), 2), "volume": 0.01} for i in range(300)])
    env["wms.bin.generator"].create(dict(SMALL, warehouse_id=warehouse.id, zone_id=zone.id)).action_generate()
    bins = env["stock.location"].search([("wms_zone_id", "=", zone.id)], order="id")
    vals = [{"product_id": product.id, "location_id": location.id, "inventory_quantity": rng.randint(5, 30)}
            for location in bins for product in rng.sample(list(products), 10)]
    Quant = env["stock.quant"].with_context(inventory_mode=True)
    for start in range(0, len(vals), 5000):
        Quant.create(vals[start:start + 5000]).action_apply_inventory()
    env.cr.commit()
    print(f"2,000-bin warehouse built in {time.perf_counter() - started:.0f} s ({len(vals)} quants)")
    return warehouse


def prepare(env, warehouse):
    """Category, capacities, rule and a draft 100-line receipt; returns (receipt, rule, category, bins)."""
    rng = random.Random(SEED)
    stock = warehouse.lot_stock_id
    bins = env["stock.location"].search([("id", "child_of", stock.id), ("wms_is_bin", "=", True),
                                         ("usage", "=", "internal")])
    # The same limits for both strategies: the storage category only.
    bins.write({"wms_max_weight": 0.0, "wms_max_volume": 0.0, "wms_max_units": 0.0, "wms_height": 0.0})
    env.flush_all()
    env.cr.execute("""
        SELECT q.product_id FROM stock_quant q JOIN product_product p ON p.id = q.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE q.location_id = ANY(%s) AND t.tracking = 'none' AND p.weight BETWEEN 1 AND 5
      GROUP BY q.product_id ORDER BY q.product_id""", [bins.ids])
    stocked = [row[0] for row in env.cr.fetchall()]
    products = env["product.product"].browse(sorted(rng.sample(stocked, LINES)))
    # Lines of about LINE_WEIGHT kg (12 to 60 units of 1 to 5 kg).
    quantities = {p.id: max(12, min(60, round(LINE_WEIGHT / p.weight))) for p in products}
    env.cr.execute("""
        SELECT q.location_id, SUM(q.quantity * p.weight) FROM stock_quant q
          JOIN product_product p ON p.id = q.product_id
         WHERE q.location_id = ANY(%s) GROUP BY q.location_id""", [bins.ids])
    weights = sorted(w for _loc, w in env.cr.fetchall())
    # The lightest tenth of the bins has room for a line, the others not.
    max_weight = round(float(weights[len(weights) // 10]) + max(quantities[p.id] * p.weight for p in products), 1)
    category = env["stock.storage.category"].create({
        "name": "Bench pallet", "max_weight": max_weight, "allow_new_product": "mixed",
        "company_id": warehouse.company_id.id,
        "capacity_ids": [(0, 0, {"product_id": p.id, "quantity": PRODUCT_CAPACITY}) for p in products]})
    bins.write({"storage_category_id": category.id})
    rule = env["stock.putaway.rule"].create({
        "location_in_id": stock.id, "location_out_id": stock.id, "sublocation": "closest_location",
        "storage_category_id": category.id})
    supplier = env.ref("stock.stock_location_suppliers")
    receipt_vals = {
        "picking_type_id": warehouse.in_type_id.id, "location_id": supplier.id, "location_dest_id": stock.id,
        "move_ids": [(0, 0, {"product_id": p.id, "product_uom_qty": quantities[p.id], "product_uom": p.uom_id.id,
                             "location_id": supplier.id, "location_dest_id": stock.id}) for p in products]}
    warehouse.write({"wms_putaway_task_mode": "none"})
    env["stock.move.line"].flush_model()
    env.cr.execute("ANALYZE stock_location, stock_quant, stock_move_line")
    return receipt_vals, rule, category, bins, max_weight


# ----------------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------------
class PutawayClock:
    """Time spent in ``stock.move.line._apply_putaway_strategy`` (Odoo's or ours), outermost calls only."""

    def __init__(self, env):
        self.env = env
        self.cls = type(env["stock.move.line"])
        self.seconds = 0.0
        self.queries = 0
        self.depth = 0

    def __enter__(self):
        original = self.cls._apply_putaway_strategy
        clock = self

        def timed(records):
            clock.depth += 1
            if clock.depth == 1:
                records.env.flush_all()
                queries, start = records.env.cr.sql_log_count, time.perf_counter()
            try:
                return original(records)
            finally:
                clock.depth -= 1
                if not clock.depth:
                    records.env.flush_all()
                    clock.seconds += time.perf_counter() - start
                    clock.queries += records.env.cr.sql_log_count - queries

        self.original = original
        self.cls._apply_putaway_strategy = timed
        return self

    def __exit__(self, *exc):
        self.cls._apply_putaway_strategy = self.original
        return False


def run(env, receipt_vals, strategy, rule, category, bins, max_weight):
    """Confirm the receipt with ``strategy``; return the figures, then roll everything back."""
    warehouse = rule.location_in_id.warehouse_id
    savepoint = env.cr.savepoint(flush=True)
    try:
        if strategy == "odoo":
            warehouse.wms_putaway_strategy = "odoo"
        elif strategy == "ours":
            warehouse.wms_putaway_strategy = "directed"
            rule.active = False
        elif strategy == "none":  # Odoo's confirmation alone, no putaway rule: the floor
            warehouse.wms_putaway_strategy = "odoo"
            rule.active = False
        else:  # ours through the putaway rule
            warehouse.wms_putaway_strategy = "odoo"
            rule.sublocation = "wms_directed"
        receipt = env["stock.picking"].create(receipt_vals)
        env.flush_all()
        env.invalidate_all()  # a new request: nothing in the ORM cache
        with PutawayClock(env) as clock, Measure(env) as measure:
            receipt.action_confirm()
        lines = receipt.move_line_ids
        in_bins = lines.filtered(lambda line: line.location_dest_id in bins)
        env.flush_all()
        # Capacity check on Odoo's own terms: forecast weight (stock + open incoming -
        # open outgoing lines) against the max weight, and stock + open incoming units of
        # a product against its capacity line.
        env.cr.execute("""
            SELECT loc, SUM(w) FROM (
                SELECT q.location_id AS loc, q.quantity * p.weight AS w FROM stock_quant q
                  JOIN product_product p ON p.id = q.product_id WHERE q.location_id = ANY(%(bins)s)
                UNION ALL
                SELECT ml.location_dest_id, ml.quantity_product_uom * p.weight FROM stock_move_line ml
                  JOIN product_product p ON p.id = ml.product_id
                 WHERE ml.location_dest_id = ANY(%(bins)s) AND ml.state NOT IN ('draft', 'done', 'cancel')
                UNION ALL
                SELECT ml.location_id, -ml.quantity_product_uom * p.weight FROM stock_move_line ml
                  JOIN product_product p ON p.id = ml.product_id
                 WHERE ml.location_id = ANY(%(bins)s) AND ml.state NOT IN ('draft', 'done', 'cancel')) AS x
            GROUP BY loc""", {"bins": bins.ids})
        over_weight = {loc for loc, weight in env.cr.fetchall() if weight > max_weight + 1e-6}
        touched = set(in_bins.location_dest_id.ids)
        env.cr.execute("""
            SELECT loc, product_id, SUM(qty) FROM (
                SELECT q.location_id AS loc, q.product_id, q.quantity AS qty FROM stock_quant q
                 WHERE q.location_id = ANY(%(bins)s)
                UNION ALL
                SELECT ml.location_dest_id, ml.product_id, ml.quantity_product_uom FROM stock_move_line ml
                 WHERE ml.location_dest_id = ANY(%(bins)s) AND ml.state NOT IN ('draft', 'done', 'cancel')) AS x
             WHERE (loc, product_id) IN (SELECT location_dest_id, product_id FROM stock_move_line
                                          WHERE picking_id = %(receipt)s)
            GROUP BY loc, product_id HAVING SUM(qty) > %(cap)s""",
                       {"bins": list(touched) or [0], "receipt": receipt.id, "cap": PRODUCT_CAPACITY})
        over_capacity = {loc for loc, _product, _qty in env.cr.fetchall()}
        return {
            "seconds": measure.seconds, "queries": measure.queries, "putaway_s": clock.seconds,
            "putaway_queries": clock.queries,
            "lines": len(lines), "lines_in_bins": len(in_bins),
            "units_in_bins": sum(in_bins.mapped("quantity")),
            "bins_over_capacity": len((over_weight | over_capacity) & touched),
        }
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all()


def measure_warehouse(env, warehouse):
    receipt_vals, rule, category, bins, max_weight = prepare(env, warehouse)
    env.cr.execute("SELECT count(*) FROM stock_quant WHERE location_id = ANY(%s)", [bins.ids])
    quants = env.cr.fetchone()[0]
    results = {"bins": len(bins), "quants": quants, "max_weight": max_weight}
    for strategy in ("none", "ours", "ours_rule", "odoo"):
        results[strategy] = run(env, receipt_vals, strategy, rule, category, bins, max_weight)
        figures = results[strategy]
        print(f"  {len(bins):>6,} bins, {strategy:<9}: {figures['seconds']:.2f} s, {figures['queries']} queries, "
              f"{figures['lines_in_bins']} / {figures['lines']} lines in bins", flush=True)
    return results


def engine_micro(bins=20000, lines=LINES):
    """The engine alone, in plain Python: build a planner on ``bins`` candidates and place ``lines`` items."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wms_micraft"))
    from engine import putaway  # noqa: PLC0415 - the engine package has no Odoo import

    rng = random.Random(SEED)
    candidates = []
    for bin_id in range(bins):
        products = {rng.randrange(2000): float(rng.randint(5, 30)) for _ in range(10)}
        capacity = 400.0
        used = rng.uniform(300, 400) if rng.random() > 0.1 else rng.uniform(50, 250)
        candidates.append(putaway.Candidate(
            bin_id=bin_id, free_weight=capacity - used, capacity_weight=capacity, products=products,
            product_count=2, distance=rng.uniform(0, 400), z=rng.choice([0.0, 1.1, 2.2, 3.3])))
    items = [putaway.Item(product_id=rng.randrange(2000), quantity=rng.choice([12, 24, 36, 48, 60]),
                          unit_weight=rng.uniform(0.5, 5.0), velocity=rng.choice("ABC")) for _ in range(lines)]
    start = time.perf_counter()
    planner = putaway.Planner(candidates)
    built = time.perf_counter() - start
    start = time.perf_counter()
    plans = [planner.suggest(item) for item in items]
    suggested = time.perf_counter() - start
    return {"bins": bins, "lines": lines, "planner_build_s": round(built, 4), "suggest_s": round(suggested, 4),
            "bins_considered_per_line": round(sum(p.considered for p in plans) / lines, 1)}


def update_module(db):
    """``-u wms_micraft`` on a database built earlier, so that its schema matches the code (under a minute)."""
    if not os.environ.get("ODOO_BIN"):
        return
    command = shlex.split(os.environ["ODOO_BIN"]) + [
        "-d", db, f"--addons-path={os.environ['ODOO_ADDONS']}", "-u", "wms_micraft", "--stop-after-init",
        "--log-level=warn"]
    for var, option in (("PGHOST", "db_host"), ("PGPORT", "db_port"), ("PGUSER", "db_user"),
                        ("PGPASSWORD", "db_password")):
        if os.environ.get(var):
            command.append(f"--{option}={os.environ[var]}")
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="database for the 2,000-bin warehouse (built if missing)")
    parser.add_argument("--large-db", default=os.environ.get("WMS_BENCH_DB_LARGE", "wms_bench_demo_large"),
                        help="database holding the large demo warehouse (only read; wms_micraft is updated in it)")
    args = parser.parse_args()
    update_module(args.large_db)
    results = {}
    with odoo_env(args.db) as env:
        warehouse = build_small(env)
    with odoo_env(args.db, commit=False) as env:
        results["2000"] = measure_warehouse(env, env["stock.warehouse"].browse(warehouse.id))
    try:
        large = odoo_env(args.large_db, commit=False)
        env = large.__enter__()
    except Exception as exc:  # noqa: BLE001 - say what to do instead of a traceback
        sys.exit(f"bench_putaway: cannot open the large demo database {args.large_db!r} ({exc}). Build it once "
                 f"(about 30 minutes) with `odoo-bin --addons-path=... wms_demo -d {args.large_db} --size large` "
                 f"on a database where wms_micraft is installed, or name another with --large-db / "
                 f"WMS_BENCH_DB_LARGE; copy it with `createdb -T` to keep it.")
    try:
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], order="id", limit=1)
        results["20000"] = measure_warehouse(env, warehouse)
    finally:
        large.__exit__(None, None, None)
    micro = engine_micro()

    rows = []
    for size in ("2000", "20000"):
        r = results[size]
        for strategy, label in (("none", "no putaway (Odoo, no rule): the floor"),
                                ("ours", "wms_micraft (warehouse: directed)"),
                                ("ours_rule", "wms_micraft (putaway rule: directed)"),
                                ("odoo", "Odoo standard (storage category rule)")):
            f = r[strategy]
            rows.append((f"{r['bins']:,}", label, f"{f['putaway_s']:.2f}", f"{f['putaway_queries'] / LINES:.1f}",
                         f"{f['seconds']:.2f}", f"{f['queries'] / LINES:.1f}",
                         f"{f['lines_in_bins']}/{f['lines']}", f["bins_over_capacity"]))
    print(f"\n== a {LINES}-line receipt confirmed (reservation + putaway of every line), cold cache")
    table(rows, ["bins", "strategy", "putaway s", "putaway q/line", "confirm s", "confirm q/line",
                 "lines in bins", "bins over capacity"])
    for size in ("2000", "20000"):
        r = results[size]
        floor = r["none"]["putaway_s"]
        print(f"{r['bins']:,} bins: putaway {r['odoo']['putaway_s'] / r['ours']['putaway_s']:.0f}x faster than "
              f"Odoo's standard ({(r['odoo']['putaway_s'] - floor) / (r['ours']['putaway_s'] - floor):.0f}x "
              f"beyond Odoo's own {floor:.2f} s putaway loop), whole confirmation "
              f"{r['odoo']['seconds'] / r['ours']['seconds']:.0f}x")
    print(f"\nengine alone, {micro['bins']:,} candidates: planner built in {micro['planner_build_s'] * 1000:.0f} ms, "
          f"{micro['lines']} lines placed in {micro['suggest_s'] * 1000:.0f} ms "
          f"({micro['bins_considered_per_line']} bins looked at per line)")

    def figures(size):
        r = results[size]
        ours, odoo, rule, none = r["ours"], r["odoo"], r["ours_rule"], r["none"]
        return {
            "bins": r["bins"], "quants": r["quants"], "category_max_weight": r["max_weight"],
            # the suggestions: time and queries spent in putaway for the 100 lines
            "ours_s": round(ours["putaway_s"], 3), "odoo_s": round(odoo["putaway_s"], 3),
            "queries_per_line": round(ours["putaway_queries"] / LINES, 2),
            "odoo_queries_per_line": round(odoo["putaway_queries"] / LINES, 2),
            "speedup": round(odoo["putaway_s"] / ours["putaway_s"], 1),
            "ours_rule_s": round(rule["putaway_s"], 3),
            # Odoo's own putaway loop costs this much with no rule at all (it reads the
            # destination's sublocations): the work each strategy adds on top of it
            "floor_putaway_s": round(none["putaway_s"], 3),
            "ours_beyond_floor_s": round(ours["putaway_s"] - none["putaway_s"], 3),
            "odoo_beyond_floor_s": round(odoo["putaway_s"] - none["putaway_s"], 3),
            "speedup_beyond_floor": round((odoo["putaway_s"] - none["putaway_s"])
                                          / max(ours["putaway_s"] - none["putaway_s"], 1e-3), 1),
            # the whole confirmation, Odoo's own work included
            "ours_confirm_s": round(ours["seconds"], 3), "odoo_confirm_s": round(odoo["seconds"], 3),
            "no_putaway_confirm_s": round(none["seconds"], 3),
            "ours_confirm_queries_per_line": round(ours["queries"] / LINES, 2),
            "odoo_confirm_queries_per_line": round(odoo["queries"] / LINES, 2),
            "confirm_speedup": round(odoo["seconds"] / ours["seconds"], 1),
            "ours_lines_in_bins": ours["lines_in_bins"], "odoo_lines_in_bins": odoo["lines_in_bins"],
            "ours_bins_over_capacity": ours["bins_over_capacity"],
            "odoo_bins_over_capacity": odoo["bins_over_capacity"],
        }

    data = {size: figures(size) for size in ("2000", "20000")}
    data["engine"] = micro
    data["lines"] = LINES
    path = write_results("putaway", data)
    print(f"\nwritten {path}")


if __name__ == "__main__":
    main()
