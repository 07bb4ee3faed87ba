"""Picking routes: the shortest route beside Odoo's order, S-shape and largest gap.

    python3 bench/bench_routing.py          (plain Python, no Odoo, ~1 minute plus ~3 for section 4)

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
4. ``multi_block``: three and four blocks (4 and 5 cross aisles every 20 m,
   10 aisles 3.5 m apart, bins 1 m apart on both sides). The reference is
   the vertex-at-a-time programme without its state cut, checked first
   against Held-Karp on 300 random instances of 1-12 bins per layout
   (regular and irregular rectangles, depot anywhere, awkward picks; must
   be 0 mismatches). Against it, for 20, 50 and 100 bins: the mean and
   worst ratio of ``shortest_route`` and of the previous method (the local
   search), and the policies' means; then ``shortest_route``'s solve time
   for 100 and 1,000 bins (warm mean and worst over 20 lists, wall and CPU,
   with the load average: the machine may be shared).

    python3 bench/bench_routing.py --only multi_block   (section 4 alone, ~3 minutes;
                                                         the other sections' figures are kept)

Figures go to bench/results/routing.json.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from odoo_env import engine_modules, table

RESULTS = Path(__file__).parent / "results" / "routing.json"


layout, routing, bin_pattern = engine_modules("layout", "routing", "bin_pattern")

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


MULTI_BLOCK_SIZES = (20, 50, 100)
MULTI_BLOCK_LISTS = 50
MULTI_BLOCK_LOCAL_SEARCH_LISTS = 15
MULTI_BLOCK_VERIFY = 300
MULTI_BLOCK_SPEED_LISTS = 20


def multi_block_layout(cross_aisle_count):
    return layout.Layout.regular(
        aisle_count=10, aisle_length=20 * (cross_aisle_count - 1), aisle_spacing=3.5,
        cross_aisle_count=cross_aisle_count,
    )


def multi_block_bins(lay):
    """Bin positions 1 m apart along every aisle (a bin on each side at each)."""
    return [
        layout.Point(i, aisle.u, bay + 0.5)
        for i, aisle in enumerate(lay.aisles)
        for bay in range(int(aisle.v_end - aisle.v_start))
        for _ in range(2)
    ]


def uncut_programme(lay, points):
    """The reference: the vertex-at-a-time programme keeping every state (optimal)."""
    network = lay._network
    stops = [network.resolve(point) for point in points]
    order, exact, _ = routing._vertex_dp(network, stops)
    assert exact
    return routing._route_length(network, stops, order)


def multi_block_verify(rng, cross_aisle_count):
    """Uncut programme and shortest_route against Held-Karp on small awkward instances."""
    mismatches = route_mismatches = 0
    bins = multi_block_bins(multi_block_layout(cross_aisle_count))
    for n in range(MULTI_BLOCK_VERIFY):
        if n % 2 == 0:
            lay = multi_block_layout(cross_aisle_count)
            points = rng.sample(bins, rng.randint(1, 12))
        else:
            lay, points = random_instance(rng, cross_aisle_count, None)
        reference = routing.held_karp(lay, points).length
        if abs(uncut_programme(lay, points) - reference) > 1e-6:
            mismatches += 1
        route = routing.shortest_route(lay, points)
        walked = layout.tour_length(lay, [points[i] for i in route.order])
        if (route.exact and abs(route.length - reference) > 1e-6) or route.length < reference - 1e-6 \
                or abs(walked - route.length) > 1e-6:
            route_mismatches += 1
    return {"instances": MULTI_BLOCK_VERIFY, "programme_vs_held_karp_mismatches": mismatches,
            "shortest_route_inconsistent": route_mismatches}


def multi_block_speed(rng, lay, bins):
    result = {}
    for size in (100, 1000):
        lists = [rng.sample(bins, size) for _ in range(MULTI_BLOCK_SPEED_LISTS + 1)]
        _, cold = timed(routing.shortest_route, lay, lists[0])
        wall, cpu = [], []
        for points in lists[1:]:
            start_cpu = time.process_time()
            route, t = timed(routing.shortest_route, lay, points)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append(t)
            assert len(route.order) == size
        result[str(size)] = {
            "mean": round(statistics.fmean(wall), 2), "max": round(max(wall), 2),
            "cpu_mean": round(statistics.fmean(cpu), 2), "cpu_max": round(max(cpu), 2),
            "first_call": round(cold, 2),
        }
    return result


def multi_block(rng):
    """Section 4: three and four blocks against the uncut programme (see the module docstring)."""
    data = {
        "layout": "10 aisles 3.5 m apart, cross aisles every 20 m (3 blocks: 60 m aisles, 4 blocks: 80 m), "
                  "depot at the front of the first aisle",
        "reference": "the vertex-at-a-time programme without its state cut (optimal; checked against "
                     "Held-Karp in 'verification')",
        "previous_method": "local_search (what shortest_route used for 3+ blocks before)",
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    for blocks in (3, 4):
        cross_aisle_count = blocks + 1
        lay = multi_block_layout(cross_aisle_count)
        bins = multi_block_bins(lay)
        section = {"verification": multi_block_verify(rng, cross_aisle_count)}
        for size in MULTI_BLOCK_SIZES:
            ratios, previous, exact, ms, cpu = [], [], 0, [], []
            policies = {"s_shape": [], "largest_gap": []}
            for n in range(MULTI_BLOCK_LISTS):
                points = rng.sample(bins, size)
                optimum = uncut_programme(lay, points)
                start_cpu = time.process_time()
                route, t = timed(routing.shortest_route, lay, points)
                ms.append(t)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert route.length >= optimum - 1e-6 and route.lower_bound <= optimum + 1e-6
                ratios.append(route.length / optimum)
                exact += route.exact
                if n < MULTI_BLOCK_LOCAL_SEARCH_LISTS:
                    previous.append(routing.local_search(lay, points).length / optimum)
                for policy, values in policies.items():
                    values.append(getattr(routing, policy)(lay, points).length / optimum)
            section[str(size)] = {
                "lists": MULTI_BLOCK_LISTS,
                "mean_ratio": round(statistics.fmean(ratios), 5),
                "max_ratio": round(max(ratios), 5),
                "proven_optimal_share": round(exact / MULTI_BLOCK_LISTS, 3),
                "mean_ms": round(statistics.fmean(ms), 2),
                "cpu_mean_ms": round(statistics.fmean(cpu), 2),
                "previous_local_search": {
                    "lists": len(previous),
                    "mean_ratio": round(statistics.fmean(previous), 5),
                    "max_ratio": round(max(previous), 5),
                },
                **{f"{policy}_mean_ratio": round(statistics.fmean(v), 4) for policy, v in policies.items()},
            }
        section["solve_ms"] = multi_block_speed(rng, lay, bins)
        data[f"{blocks}_blocks"] = section
    return data


def print_multi_block(data):
    print(f"Three and four blocks, against the uncut programme (load average {data['load_average_1min']}):")
    rows = []
    for blocks in (3, 4):
        section = data[f"{blocks}_blocks"]
        for size in MULTI_BLOCK_SIZES:
            v = section[str(size)]
            rows.append([blocks, size, v["lists"], f"{v['mean_ratio']:.5f}", f"{v['max_ratio']:.5f}",
                         f"{100 * v['proven_optimal_share']:.0f}%", f"{v['mean_ms']:.1f}", f"{v['cpu_mean_ms']:.1f}",
                         f"{v['previous_local_search']['mean_ratio']:.5f}",
                         f"{v['previous_local_search']['max_ratio']:.5f}",
                         f"{v['s_shape_mean_ratio']:.3f}", f"{v['largest_gap_mean_ratio']:.3f}"])
    table(rows, ["blocks", "picks", "lists", "mean ratio", "max ratio", "proven", "ms", "CPU ms", "LS mean", "LS max",
                 "s_shape", "largest_gap"])
    for blocks in (3, 4):
        section = data[f"{blocks}_blocks"]
        check = section["verification"]
        print(f"{blocks} blocks: programme vs Held-Karp {check['programme_vs_held_karp_mismatches']} mismatches "
              f"of {check['instances']}; solve ms " + "; ".join(
                  f"{size} bins mean {v['mean']:.1f} (CPU {v['cpu_mean']:.1f}), max {v['max']:.1f}, "
                  f"first call {v['first_call']:.1f}"
                  for size, v in section["solve_ms"].items()))


def main_multi_block_only():
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data["multi_block"] = multi_block(random.Random(20251))
    print_multi_block(data["multi_block"])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    print(f"\nwritten {RESULTS} (multi_block only; the other sections kept)")
    failures = sum(data["multi_block"][f"{b}_blocks"]["verification"]["programme_vs_held_karp_mismatches"]
                   + data["multi_block"][f"{b}_blocks"]["verification"]["shortest_route_inconsistent"]
                   for b in (3, 4))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("multi_block",), default=os.environ.get("BENCH_ROUTING_ONLY"),
                        help="run one section and keep the others' figures (or BENCH_ROUTING_ONLY=multi_block)")
    if parser.parse_args().only == "multi_block":
        return main_multi_block_only()
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

    data["multi_block"] = multi_block(random.Random(20251))
    print()
    print_multi_block(data["multi_block"])

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    print(f"\nwritten {RESULTS}")
    failures = sum(v["mismatches"] + v["inconsistent_orders"] + v["local_search_bound_violations"]
                   for key, v in verification.items() if key in ("1_block", "2_blocks"))
    failures += sum(data["multi_block"][f"{b}_blocks"]["verification"]["programme_vs_held_karp_mismatches"]
                    for b in (3, 4))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
