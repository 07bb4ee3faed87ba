"""Bins at warehouse scale: generating 20,000 bins, and reading their occupancy.

    python3 bench/bench_bins.py --db DB     (scripts/bench.sh creates DB fresh)

1. Generation: the bin generator creating 20,000 bins (aisles 1-20 x bays
   1-100 x levels 1-10) beside Odoo's standard bulk path for the same
   locations, the import (``stock.location.load``, what Inventory > Locations
   > Import does), measured on the first 2,000 rows and scaled linearly to
   20,000 (printed as such).
2. Occupancy: stock in 10,000 of the bins (one quant each, through Odoo's
   inventory mode), then the fill of all 20,000 bins read the WMS way (one
   grouped query through the wms_bin_occupancy view) beside the naive way
   (per bin: search its quants and sum weight/volume/units in Python).
Figures go to bench/results/bins.json.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import Measure, odoo_env, table, write_results  # noqa: E402

BINS = dict(aisle_from=1, aisle_to=20, bay_from=1, bay_to=100, level_from=1, level_to=10)


def generate(env):
    warehouse = env["stock.warehouse"].search([], limit=1)
    zone = env["wms.zone"].create({"name": "Bench", "code": "B", "warehouse_id": warehouse.id})
    wizard = env["wms.bin.generator"].create(dict(
        BINS, warehouse_id=warehouse.id, zone_id=zone.id, max_weight=500.0, max_units=100.0))
    with Measure(env) as ours:
        wizard.action_generate()
    assert wizard.created_count == 20000, wizard.created_count
    with Measure(env) as again:
        env["wms.bin.generator"].create(dict(
            BINS, warehouse_id=warehouse.id, zone_id=zone.id)).action_generate()
    # Odoo's import of the same kind of rows under another parent.
    parent = env["stock.location"].create({"name": "Import", "location_id": warehouse.lot_stock_id.id, "usage": "view"})
    rows = [[f"I-{i:05d}", f"I{i:05d}", "internal", str(parent.id)] for i in range(2000)]
    with Measure(env) as imported:
        result = env["stock.location"].load(["name", "barcode", "usage", "location_id/.id"], rows)
    assert not result["messages"], result["messages"][:3]
    env.cr.commit()
    return warehouse, zone, ours, again, imported


def fill(env, zone, count=10000, seed=7):
    rng = random.Random(seed)
    products = env["product.product"].create([
        {"name": f"Bench product {i}", "is_storable": True, "weight": rng.uniform(0.1, 5), "volume": rng.uniform(0.001, 0.02)}
        for i in range(200)
    ])
    bins = env["stock.location"].search([("wms_zone_id", "=", zone.id)], order="id", limit=count)
    start = time.perf_counter()
    quants = env["stock.quant"].with_context(inventory_mode=True).create([
        {"product_id": rng.choice(products).id, "location_id": b.id, "inventory_quantity": rng.randint(1, 60)}
        for b in bins
    ])
    quants.action_apply_inventory()
    env.cr.commit()
    return time.perf_counter() - start


def occupancy_wms(env, bins):
    bins.invalidate_recordset()
    return {b.id: b.wms_fill for b in bins}


def occupancy_naive(env, bins):
    """What a per-bin computed field does: one search per bin, sums in Python."""
    result = {}
    for b in bins:
        quants = env["stock.quant"].search([("location_id", "=", b.id)])
        units = sum(quants.mapped("quantity"))
        weight = sum(q.quantity * q.product_id.weight for q in quants)
        volume = sum(q.quantity * q.product_id.volume for q in quants)
        cap_w, cap_u = b.wms_max_weight, b.wms_max_units
        cap_v = b.wms_max_volume or b.wms_width * b.wms_depth * b.wms_height
        result[b.id] = max(100 * weight / cap_w if cap_w else 0, 100 * units / cap_u if cap_u else 0,
                           100 * volume / cap_v if cap_v else 0)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    with odoo_env(args.db) as env:
        warehouse, zone, ours, again, imported = generate(env)
        fill_s = fill(env, zone)
        bins = env["stock.location"].search([("wms_zone_id", "=", zone.id)])
        env.invalidate_all()
        with Measure(env) as occ:
            wms = occupancy_wms(env, bins)
        env.invalidate_all()
        with Measure(env) as naive:
            naive_values = occupancy_naive(env, bins)
        mismatches = sum(1 for k in wms if abs(wms[k] - naive_values[k]) > 1e-6 * max(1.0, abs(wms[k])))
        env.invalidate_all()
        with Measure(env) as page:
            env["wms.bin.occupancy"].search_read([("zone_id", "=", zone.id)], ["name", "fill", "fill_state"], limit=80)

    scale = 20000 / 2000
    print("\n== 20,000 bins generated")
    table([
        ("wms_micraft generator", f"{ours.seconds:.1f}", ours.queries),
        ("same pattern again (nothing created)", f"{again.seconds:.2f}", again.queries),
        ("Odoo import (load), 2,000 rows x10", f"{imported.seconds * scale:.1f}", imported.queries * int(scale)),
    ], ["", "seconds", "queries"])
    print(f"\n== occupancy of {len(bins):,} bins (stock in 10,000 bins; filled in {fill_s:.0f} s through inventory mode)")
    table([
        ("wms_micraft (grouped view)", f"{occ.seconds:.3f}", occ.queries),
        ("naive per-bin computation", f"{naive.seconds:.3f}", naive.queries),
        ("one page of 80 bins (list/kanban)", f"{page.seconds:.3f}", page.queries),
    ], ["", "seconds", "queries"])
    print(f"bins whose fill differs between the two computations: {mismatches}")
    path = write_results("bins", {
        "generate_20000": {"ours_s": round(ours.seconds, 2), "ours_queries": ours.queries,
                           "rerun_s": round(again.seconds, 2), "rerun_queries": again.queries,
                           "odoo_import_s_extrapolated": round(imported.seconds * scale, 2),
                           "odoo_import_2000_s": round(imported.seconds, 2)},
        "occupancy_20000": {"ours_s": round(occ.seconds, 3), "ours_queries": occ.queries,
                            "naive_s": round(naive.seconds, 3), "naive_queries": naive.queries,
                            "page_80_s": round(page.seconds, 3), "page_80_queries": page.queries,
                            "bins": len(bins), "mismatches": mismatches},
    })
    print(f"\nwritten {path}")


if __name__ == "__main__":
    main()
