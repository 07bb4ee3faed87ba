"""Picking routes: the shortest route beside Odoo's order, S-shape and largest gap.

    python3 bench/bench_routing.py          (plain Python, no Odoo, ~1 minute)

1. Route lengths on the demo-like rack (10 aisles of 20 m, 3.5 m apart, bays
   1-40 on both sides 1 m wide, levels 1-4, bins expanded by the addon's own
   rack-pattern code, so names and positions are those of generated bins),
   one block (front and back cross aisles) and two blocks (a middle cross
   aisle too). For 1,000 random pick lists of 5, 10, 20 and 50 distinct bins:
   the mean of (method length / optimum) and the mean solve time. The
   optimum is the exact dynamic programme (Ratliff-Rosenthal on one block,
   Roodbergen-de Koster on two), so "ours" is 1 by construction.
2. Verification against brute force: 1,000 random instances of 1 to 12 bins
   per layout type (one block, two blocks), half on the demo rack and half on
   random rectangles with the depot anywhere on any cross aisle and picks on
   cross aisles, at aisle ends, at the depot and repeated. Counts instances
   where the exact route differs from Held-Karp (must be 0) and the local
   search heuristic's gap to Held-Karp.
   Then local search against the exact route on 200 lists of 20 and of 50
   bins (two blocks), sizes Held-Karp cannot reach.
3. Solve time of the exact programme for 100 and 1,000 bins on one block
   (mean and worst over 50 lists, warm; and the very first call).
Figures go to bench/results/routing.json.
"""

import importlib
import importlib.util
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import table  # noqa: E402  (imports Odoo only inside odoo_env())

ENGINE = Path(__file__).resolve().parents[1] / "wms_micraft" / "engine"
RESULTS = Path(__file__).parent / "results" / "routing.json"


def _engine():
    """The engine package by path (the addon's own ``__init__`` imports Odoo)."""
    name = "wms_micraft_engine_bench"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, ENGINE / "__init__.py", submodule_search_locations=[str(ENGINE)]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package
        spec.loader.exec_module(package)
    return tuple(importlib.import_module(f"{name}.{module}") for module in ("layout", "routing", "bin_pattern"))


layout, routing, bin_pattern = _engine()

SIZES = (5, 10, 20, 50)
LISTS = 1000
VERIFY = 1000
HEURISTIC_LISTS = 200
METHODS = ("ours", "odoo_order", "s_shape", "largest_gap")
RACK = bin_pattern.RackPattern(
    zone="A", aisle_from=1, aisle_to=10, bay_from=1, bay_to=40, level_from=1, level_to=4
)


def demo_layout(cross_aisle_count):
    return layout.Layout.regular(
        aisle_count=10, aisle_length=20, aisle_spacing=3.5, cross_aisle_count=cross_aisle_count
    )


def demo_bins(lay):
    """(name, network point) of every bin of the rack."""
    return [(b["name"], layout.locate(lay, b["x"], b["y"])) for b in bin_pattern.expand(RACK)]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, (time.perf_counter() - start) * 1000


def compare(lay, bins, rng):
    """Mean ratio to the optimum and mean solve ms per method, per pick-list size."""
    ratios, times = {}, {}
    for size in SIZES:
        sums = {method: [] for method in METHODS}
        ms = {method: [] for method in METHODS}
        for _ in range(LISTS):
            chosen = rng.sample(bins, size)
            names = [name for name, _ in chosen]
            points = [point for _, point in chosen]
            best, t = timed(routing.shortest_route, lay, points)
            assert best.exact, best.method
            results = {"ours": (best, t)}
            results["odoo_order"] = timed(routing.odoo_order, lay, points, names)
            results["s_shape"] = timed(routing.s_shape, lay, points)
            results["largest_gap"] = timed(routing.largest_gap, lay, points)
            for method, (route, t) in results.items():
                assert route.length >= best.length - 1e-6, (method, route.length, best.length)
                sums[method].append(route.length / best.length)
                ms[method].append(t)
        ratios[str(size)] = {m: round(statistics.fmean(v), 4) for m, v in sums.items()}
        times[str(size)] = {m: round(statistics.fmean(v), 3) for m, v in ms.items()}
    return ratios, times


def random_instance(rng, cross_aisle_count, demo):
    """A layout and 1-12 picks: demo rack bins, or a random rectangle with awkward picks."""
    count = rng.randint(1, 12)
    if demo is not None:
        lay, bins = demo
        return lay, [point for _, point in rng.sample(bins, count)]
    aisles = rng.randint(1, 8)
    length, spacing = rng.choice((10.0, 15.0, 20.0)), rng.choice((2.5, 3.5))
    base = layout.Layout.regular(aisles, length, spacing, cross_aisle_count=cross_aisle_count)
    depot = (rng.uniform(-1.0, (aisles - 1) * spacing + 1.0), rng.choice(base.cross_aisles))
    lay = layout.Layout.regular(aisles, length, spacing, cross_aisle_count=cross_aisle_count, depot=depot)
    network = lay._network
    points = []
    while len(points) < count:
        roll = rng.random()
        i = rng.randrange(aisles)
        aisle = lay.aisles[i]
        if roll < 0.1:  # at an aisle end or a middle cross aisle
            points.append(layout.Point(i, aisle.u, rng.choice(lay.cross_aisles)))
        elif roll < 0.15:
            points.append(layout.depot_point(lay))
        elif roll < 0.2:  # standing on a cross aisle between aisles
            u = rng.uniform(network.u_min, network.u_max)
            points.append(layout.Point(None, u, rng.choice(lay.cross_aisles)))
        elif roll < 0.25 and points:
            points.append(rng.choice(points))
        else:
            points.append(layout.Point(i, aisle.u, round(rng.uniform(aisle.v_start, aisle.v_end), 1)))
    return lay, points


def verify(rng, cross_aisle_count, demo):
    mismatches = inconsistent = bound_violations = 0
    gaps = []
    optimal = 0
    hk_ms, ours_ms = [], []
    for n in range(VERIFY):
        lay, points = random_instance(rng, cross_aisle_count, demo if n % 2 == 0 else None)
        reference, t_hk = timed(routing.held_karp, lay, points)
        ours, t = timed(routing.shortest_route, lay, points)
        hk_ms.append(t_hk)
        ours_ms.append(t)
        if not ours.exact or abs(ours.length - reference.length) > 1e-6:
            mismatches += 1
        for route in (ours, reference):
            walked = layout.tour_length(lay, [points[i] for i in route.order])
            if sorted(route.order) != list(range(len(points))) or abs(walked - route.length) > 1e-6:
                inconsistent += 1
        heuristic = routing.local_search(lay, points)
        if heuristic.lower_bound > reference.length + 1e-6 or heuristic.length < reference.length - 1e-6:
            bound_violations += 1
        gap = heuristic.length / reference.length - 1 if reference.length > 0 else 0.0
        gaps.append(gap)
        optimal += gap <= 1e-9
    return {
        "instances": VERIFY,
        "mismatches": mismatches,
        "inconsistent_orders": inconsistent,
        "local_search_mean_gap": round(statistics.fmean(gaps), 6),
        "local_search_max_gap": round(max(gaps), 6),
        "local_search_optimal_share": round(optimal / VERIFY, 4),
        "local_search_bound_violations": bound_violations,
        "held_karp_mean_ms": round(statistics.fmean(hk_ms), 3),
        "exact_mean_ms": round(statistics.fmean(ours_ms), 3),
    }


def heuristic_at_scale(rng):
    """Local search against the exact programme on longer lists (two blocks), where Held-Karp cannot go."""
    lay = demo_layout(3)
    bins = [point for _, point in demo_bins(lay)]
    result = {}
    for size in (20, 50):
        gaps, bound_gaps, ms = [], [], []
        for _ in range(HEURISTIC_LISTS):
            points = rng.sample(bins, size)
            exact = routing.shortest_route(lay, points)
            heuristic, t = timed(routing.local_search, lay, points)
            assert heuristic.lower_bound <= exact.length + 1e-6 <= heuristic.length + 2e-6
            gaps.append(heuristic.length / exact.length - 1)
            bound_gaps.append(heuristic.gap)
            ms.append(t)
        result[str(size)] = {
            "lists": HEURISTIC_LISTS,
            "mean_gap_to_optimum": round(statistics.fmean(gaps), 6),
            "max_gap_to_optimum": round(max(gaps), 6),
            "mean_gap_to_own_lower_bound": round(statistics.fmean(bound_gaps), 6),
            "mean_ms": round(statistics.fmean(ms), 3),
        }
    return result


def speed(rng):
    lay = demo_layout(2)
    bins = [point for _, point in demo_bins(lay)]
    result = {}
    for size in (100, 1000):
        routing._TRANSITIONS.clear()
        _, cold = timed(routing.shortest_route, lay, rng.sample(bins, size))
        samples = []
        for _ in range(50):
            points = rng.sample(bins, size)
            route, t = timed(routing.shortest_route, lay, points)
            assert route.exact and len(route.order) == size
            samples.append(t)
        result[str(size)] = {
            "mean": round(statistics.fmean(samples), 3),
            "max": round(max(samples), 3),
            "cold": round(cold, 3),
        }
    return result


def main():
    rng = random.Random(20240601)
    data = {}
    rows = []
    for key, cross_aisles in (("ratio_to_optimum", 2), ("ratio_to_optimum_3_cross_aisles", 3)):
        lay = demo_layout(cross_aisles)
        ratios, times = compare(lay, demo_bins(lay), rng)
        data[key] = ratios
        data["mean_ms" if cross_aisles == 2 else "mean_ms_3_cross_aisles"] = times
        for size in SIZES:
            r, t = ratios[str(size)], times[str(size)]
            rows.append([
                f"{cross_aisles - 1} block{'s' if cross_aisles > 2 else ''}", size,
                *(f"{r[m]:.3f}" for m in METHODS), *(f"{t[m]:.2f}" for m in METHODS),
            ])
    print(f"Mean length / optimum over {LISTS} random pick lists per size (optimum: exact DP, "
          "1 block Ratliff-Rosenthal, 2 blocks Roodbergen-de Koster); mean solve ms")
    table(rows, ["layout", "picks", *METHODS, *(f"{m} ms" for m in METHODS)])

    verification = {}
    for key, cross_aisles in (("1_block", 2), ("2_blocks", 3)):
        lay = demo_layout(cross_aisles)
        verification[key] = verify(rng, cross_aisles, (lay, demo_bins(lay)))
    data["verification"] = verification
    print()
    print("Brute-force check (Held-Karp), 1-12 bins per instance:")
    table(
        [
            [
                key, v["instances"], v["mismatches"], v["inconsistent_orders"],
                f"{100 * v['local_search_mean_gap']:.3f}%", f"{100 * v['local_search_max_gap']:.1f}%",
                f"{100 * v['local_search_optimal_share']:.1f}%", v["local_search_bound_violations"],
            ]
            for key, v in verification.items()
        ],
        ["layout", "instances", "exact != HK", "order != length", "LS mean gap", "LS max gap", "LS optimal",
         "bound > HK"],
    )

    scale = heuristic_at_scale(rng)
    verification["local_search_vs_exact_2_blocks"] = scale
    print("Local search vs the exact route, two blocks: " + "; ".join(
        f"{size} picks mean gap {100 * v['mean_gap_to_optimum']:.2f}% (max {100 * v['max_gap_to_optimum']:.1f}%), "
        f"gap to its bound {100 * v['mean_gap_to_own_lower_bound']:.1f}%, {v['mean_ms']:.0f} ms"
        for size, v in scale.items()
    ))

    detail = speed(rng)
    data["solve_ms"] = {size: value["mean"] for size, value in detail.items()}
    data["solve_ms_detail"] = detail
    print()
    print("Exact DP on one block (10 aisles), ms: " + "; ".join(
        f"{size} bins mean {v['mean']:.2f}, max {v['max']:.2f}, first call {v['cold']:.2f}"
        for size, v in detail.items()
    ))

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    print(f"\nwritten {RESULTS}")
    failures = sum(v["mismatches"] + v["inconsistent_orders"] + v["local_search_bound_violations"]
                   for key, v in verification.items() if key in ("1_block", "2_blocks"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
