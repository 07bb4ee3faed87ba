"""Server time and SQL queries of every scan step, small vs large demo warehouse.

    python3 bench/bench_scan.py --small-db DB1 --large-db DB2
    (scripts/bench.sh scan builds both demos, `wms_demo --size small|large`, or
    reuses existing ones: WMS_BENCH_DB_SMALL / WMS_BENCH_DB_LARGE, WMS_BENCH_REUSE)

For each warehouse, 40 free "move stock" runs as a WMS operator: open,
scan source bin, scan product, confirm quantity, scan destination (this last
step validates the internal transfer). Each step is timed (p50, p95) and its
queries counted. The validating step is set beside Odoo's own cost on the
same kind of transfer: create, confirm, reserve, pick, ``button_validate``
of a 1-line bin-to-bin internal transfer, done directly through the ORM.
Everything runs in one transaction rolled back at the end: the demo data is
left as it was. Figures go to bench/results/scan.json.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import odoo_env, table, write_results  # noqa: E402

RUNS = 40
STEPS = ("open", "scan_source", "scan_product", "quantity", "validate")


def pick_stock(env, count):
    """``count`` (source bin, product, destination bin) triples: untracked stock, distinct bins."""
    env.cr.execute("""
        SELECT q.location_id, q.product_id FROM stock_quant q
          JOIN stock_location l ON l.id = q.location_id AND l.wms_is_bin AND NOT COALESCE(l.wms_blocked, FALSE)
          JOIN product_product p ON p.id = q.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id AND t.tracking = 'none'
         WHERE q.quantity - q.reserved_quantity >= 2 AND p.barcode IS NOT NULL
         ORDER BY q.id LIMIT %s""", [count * 2])
    sources = env.cr.fetchall()
    # Destinations: the emptiest bins, so capacity never refuses a 1-unit move.
    env.cr.execute("""SELECT id FROM wms_bin_occupancy WHERE is_bin AND NOT blocked AND fill < 50
                      ORDER BY fill, id LIMIT %s""", [count * 4])
    targets = [r[0] for r in env.cr.fetchall()]
    Location, Product = env["stock.location"], env["product.product"]
    sources = sources[::2]
    pairs, used = [], set()
    for source, product in sources:
        target = next((t for t in targets if t != source and t not in used), None)
        if target:
            used.add(target)
            pairs.append((Location.browse(source), Product.browse(product), Location.browse(target)))
    return pairs[:count]


def timed(env, samples, name, call):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = call()
    env.flush_all()
    samples[name].append(((time.perf_counter() - start) * 1000, env.cr.sql_log_count - queries))
    return result


def odoo_validate(env, source, product, destination):
    """Odoo alone: a reserved, picked 1-line internal transfer validated with button_validate."""
    warehouse = source.warehouse_id
    picking = env["stock.picking"].create({
        "picking_type_id": warehouse.int_type_id.id, "location_id": source.id, "location_dest_id": destination.id,
        "move_ids": [(0, 0, {"product_id": product.id, "product_uom_qty": 1, "product_uom": product.uom_id.id,
                             "location_id": source.id, "location_dest_id": destination.id})],
    })
    picking.action_confirm()
    picking.action_assign()
    picking.move_ids.picked = True
    return picking


def run(db):
    with odoo_env(db, commit=False) as env:
        user = env["res.users"].search([("login", "=", "wms_bench_operator")], limit=1) or env["res.users"].create({
            "name": "Bench operator", "login": "wms_bench_operator",
            "group_ids": [(6, 0, env.ref("wms_micraft.group_wms_operator").ids)]})
        bins = env["stock.location"].search_count([("wms_is_bin", "=", True)])
        triples = pick_stock(env, RUNS * 2)
        assert len(triples) >= RUNS * 2, f"not enough stock to move in {db}: {len(triples)}"
        samples = {name: [] for name in STEPS + ("odoo_validate",)}
        uenv = env(user=user)
        Session = uenv["wms.scan.session"]
        # The scanner sends strings: read the barcodes outside the timed steps.
        scans = [(s.barcode, p.barcode, d.barcode) for s, p, d in triples[:RUNS]]
        for i, (source, product, destination) in enumerate(scans):
            screen = timed(env, samples, "open", lambda: Session.open_session("move_stock"))
            session = Session.browse(screen["session_id"])
            timed(env, samples, "scan_source", lambda: session.scan(source, request_id=f"b{i}-1"))
            timed(env, samples, "scan_product", lambda: session.scan(product, request_id=f"b{i}-2"))
            timed(env, samples, "quantity", lambda: session.act("quantity", 1, request_id=f"b{i}-3"))
            done = timed(env, samples, "validate", lambda: session.scan(destination, request_id=f"b{i}-4"))
            assert done["message"]["type"] == "success", done["message"]
        for source, product, destination in triples[RUNS:]:
            picking = odoo_validate(env, source, product, destination)
            timed(env, samples, "odoo_validate", picking.button_validate)
            assert picking.state == "done"
        env.cr.rollback()
    return bins, samples


def summary(values):
    times = sorted(v[0] for v in values)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    # queries: the typical (median) count; the first run of a worker also fills caches (queries_max)
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2),
            "queries": int(statistics.median(v[1] for v in values)), "queries_max": max(v[1] for v in values)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small-db", required=True)
    parser.add_argument("--large-db", help="omit to measure the small warehouse only")
    args = parser.parse_args()
    results, bins = {}, {}
    sizes = [("small", args.small_db)] + ([("large", args.large_db)] if args.large_db else [])
    for size, db in sizes:
        bins[size], samples = run(db)
        results[size] = {name: summary(samples[name]) for name in STEPS if name != "validate"}
        results.setdefault("validate", {})[size] = {
            "ours": summary(samples["validate"]), "odoo_button_validate": summary(samples["odoo_validate"])}
    names = [size for size, _db in sizes]
    empty = {"p50_ms": "-", "p95_ms": "-", "queries": "-"}

    def cells(figures):
        return [figures.get(size, empty)[k] for size in ("small", "large") for k in ("p50_ms", "p95_ms", "queries")]

    rows = [(step, *cells({size: results[size][step] for size in names})) for step in STEPS[:-1]]
    for who, label in (("ours", "validate (scan destination)"), ("odoo_button_validate", "  Odoo button_validate alone")):
        rows.append((label, *cells({size: results["validate"][size][who] for size in names})))
    print(f"\n== scan steps, {RUNS} runs each: " + " vs ".join(f"{s} demo ({bins[s]:,} bins)" for s in names))
    table(rows, ["step", "small p50 ms", "p95 ms", "queries", "large p50 ms", "p95 ms", "queries"])
    results["bins"] = bins
    print(f"\nwritten {write_results('scan', results)}")


if __name__ == "__main__":
    main()
