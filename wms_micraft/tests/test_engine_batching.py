"""Unit tests of the plain-Python batching engine (no Odoo, no database).

Loaded by ``engine_loader`` like the other engine tests; also runs alone:
``python3 wms_micraft/tests/test_engine_batching.py``. Speed and the figures
against picking one order at a time and against attribute-only batching are
measured by bench/bench_batching.py.
"""

import pathlib
import random
import statistics
import sys
import unittest

try:
    from .engine_loader import engine_module
except ImportError:  # run as a script, outside the addon package
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    from engine_loader import engine_module

layout_module = engine_module("layout")
batching = engine_module("batching")

Cart, CartLimits, Order, Line, WaveLimits = (
    batching.Cart, batching.CartLimits, batching.Order, batching.Line, batching.WaveLimits)
Point = layout_module.Point

# 10 aisles of 20 m, 3.5 m apart (aisle k at x = 3.5 * (k - 1)), front cross aisle at y = 0,
# back one at y = 20, depot at the front end of aisle 1: (0, 0).
RACK = layout_module.Layout.regular(aisle_count=10, aisle_length=20, aisle_spacing=3.5)
# A smaller rack for the many random instances: 5 aisles of 10 m, 3 m apart.
SMALL = layout_module.Layout.regular(aisle_count=5, aisle_length=10, aisle_spacing=3)


def at(aisle, y, lay=RACK):
    """The pick point in aisle ``aisle`` (1-based) at ``y`` metres from the front."""
    index = aisle - 1
    return Point(index, lay.aisles[index].u, float(y))


def order(order_id, *points, weight=0.0, volume=0.0, priority=0, cutoff=None):
    """An order with one line per point, each of the given weight and volume."""
    return Order(order_id, [Line(p, weight, volume, 1) for p in points], priority=priority, cutoff=cutoff)


def random_orders(rng, count, lay=SMALL, max_lines=4):
    orders = []
    for n in range(count):
        lines = []
        for _ in range(rng.randint(1, max_lines)):
            aisle = rng.randrange(len(lay.aisles))
            a = lay.aisles[aisle]
            lines.append(Line(Point(aisle, a.u, round(rng.uniform(a.v_start, a.v_end), 1)),
                              round(rng.uniform(0.5, 5.0), 1), round(rng.uniform(0.01, 0.05), 3), 1))
        orders.append(Order(f"O{n}", lines, priority=rng.randint(0, 1), cutoff=rng.choice((None, 1, 2, 3))))
    return orders


def all_partitions(items):
    """Every set partition of ``items`` (Bell number of them: 203 for 6)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in all_partitions(rest):
        yield [[first], *partition]
        for k in range(len(partition)):
            yield [*partition[:k], [first, *partition[k]], *partition[k + 1:]]


def cart_sets(plan):
    return sorted(sorted(cart.order_ids) for cart in plan.carts)


class TestHandMadeGroupings(unittest.TestCase):
    # Two orders at the front half of aisle 1 and two in aisle 9 (x = 28).
    # Alone (in and back from the depot at (0, 0)):
    #   A1 aisle 1 y 10: 2 * 10 = 20        A2 aisle 1 y 15: 2 * 15 = 30
    #   B1 aisle 9 y 10: 2 * 28 + 2 * 10 = 76   B2 aisle 9 y 12: 2 * 28 + 2 * 12 = 80
    # Carts of two:
    #   {A1, A2} = 2 * 15 = 30;  {B1, B2} = 2 * 28 + 2 * 12 = 80      total 110
    #   {A1, B1}: through aisle 1, along the back, down aisle 9, back along the front:
    #   20 + 28 + 20 + 28 = 96 (in and back each: 56 + 20 + 20 = 96); {A2, B2} = 96 too,
    #   {A1, B2} = {A2, B1} = 96 (the through walk)                     total 192
    orders = (order("A1", at(1, 10)), order("B1", at(9, 10)), order("A2", at(1, 15)), order("B2", at(9, 12)))

    def test_pairs_by_aisle(self):
        limits = CartLimits(max_orders=2)
        for plan in (batching.plan_carts(self.orders, limits, RACK, seed=1),
                     batching.exact_plan(self.orders, limits, RACK),
                     batching.matching_plan(self.orders, limits, RACK)):
            self.assertEqual(cart_sets(plan), [["A1", "A2"], ["B1", "B2"]], plan.method)
            self.assertAlmostEqual(plan.length, 110.0)
            self.assertEqual(sorted(cart.length for cart in plan.carts), [30.0, 80.0])
            self.assertEqual(plan.left_out, {})
        self.assertAlmostEqual(batching.single_order_length(RACK, self.orders), 20 + 30 + 76 + 80)

    def test_one_cart_when_everything_fits(self):
        # All four on one cart: through aisle 1 and aisle 9, 20 + 28 + 20 + 28 = 96 < 110.
        plan = batching.plan_carts(self.orders, CartLimits(max_orders=4), RACK, seed=1)
        self.assertEqual(cart_sets(plan), [["A1", "A2", "B1", "B2"]])
        self.assertAlmostEqual(plan.length, 96.0)

    def test_weight_keeps_the_aisle_1_orders_apart(self):
        # A1 and A2 weigh 6 kg each, a cart takes 10 kg: they cannot share. Best:
        # {A1} 20 + {A2} 30 + {B1, B2} 80 = 130 (three carts), against e.g.
        # {A1, B1} 96 + {A2, B2} 96 = 192 or {A2, B1} 96 + {A1} 20 + {B2} 80 = 196.
        orders = [order("A1", at(1, 10), weight=6), order("B1", at(9, 10), weight=1),
                  order("A2", at(1, 15), weight=6), order("B2", at(9, 12), weight=1)]
        limits = CartLimits(max_orders=2, max_weight=10)
        for plan in (batching.plan_carts(orders, limits, RACK, seed=1), batching.exact_plan(orders, limits, RACK)):
            self.assertEqual(cart_sets(plan), [["A1"], ["A2"], ["B1", "B2"]])
            self.assertAlmostEqual(plan.length, 130.0)

    def test_volume_and_lines_limits(self):
        # Volume: the same as weight above, with 0.03 m3 each against 0.05 per cart.
        orders = [order("A1", at(1, 10), volume=0.03), order("B1", at(9, 10), volume=0.01),
                  order("A2", at(1, 15), volume=0.03), order("B2", at(9, 12), volume=0.01)]
        plan = batching.plan_carts(orders, CartLimits(max_orders=2, max_volume=0.05), RACK, seed=1)
        self.assertEqual(cart_sets(plan), [["A1"], ["A2"], ["B1", "B2"]])
        # Lines: A2 has three lines (aisle 1 at 15, 16, 17), a cart takes 3: A1 and A2 apart.
        # {A1} 20 + {A2} 2 * 17 = 34 + {B1, B2} 80 = 134.
        orders = [order("A1", at(1, 10)), order("B1", at(9, 10)),
                  order("A2", at(1, 15), at(1, 16), at(1, 17)), order("B2", at(9, 12))]
        plan = batching.plan_carts(orders, CartLimits(max_orders=2, max_lines=3), RACK, seed=1)
        self.assertEqual(cart_sets(plan), [["A1"], ["A2"], ["B1", "B2"]])
        self.assertAlmostEqual(plan.length, 134.0)

    def test_route_lists_every_line_in_walking_order(self):
        orders = [order("A", at(1, 5), at(3, 12)), order("B", at(3, 2), at(1, 18))]
        plan = batching.plan_carts(orders, CartLimits(max_orders=2), RACK, seed=1)
        (cart,) = plan.carts
        self.assertEqual(sorted(cart.route), [("A", 0), ("A", 1), ("B", 0), ("B", 1)])
        by_id = {o.id: o for o in orders}
        points = [by_id[order_id].lines[k].point for order_id, k in cart.route]
        self.assertAlmostEqual(layout_module.tour_length(RACK, points), cart.length)
        # Aisles 1 and 3 (x = 7), picks up to y 18: through both, 20 + 7 + 20 + 7 = 54.
        self.assertAlmostEqual(cart.length, 54.0)


class TestWaveAndLeftOut(unittest.TestCase):
    def test_urgent_orders_and_early_cutoffs_first(self):
        orders = [
            order("late", at(1, 1), priority=0, cutoff=9),
            order("no_cutoff", at(1, 2), priority=0),
            order("urgent", at(9, 19), priority=1, cutoff=9),
            order("early", at(1, 3), priority=0, cutoff=1),
        ]
        plan = batching.plan_carts(orders, CartLimits(max_orders=8), RACK, WaveLimits(max_orders=2), seed=1)
        self.assertEqual(sorted(plan.order_ids), ["early", "urgent"])
        self.assertEqual(plan.left_out, {"late": "wave_full", "no_cutoff": "wave_full"})
        # The cart of the most urgent order comes first.
        self.assertEqual(plan.carts[0].order_ids[0], "urgent")
        plan = batching.plan_carts(orders, CartLimits(max_orders=8), RACK, WaveLimits(max_orders=3), seed=1)
        self.assertEqual(plan.left_out, {"no_cutoff": "wave_full"})

    def test_wave_lines_first_fit_in_urgency_order(self):
        # 4 lines in the wave: "big" (3 lines) is taken first, "medium" (2) no longer fits,
        # "small" (1) still does.
        orders = [order("big", at(1, 1), at(1, 2), at(1, 3), priority=2),
                  order("medium", at(2, 1), at(2, 2), priority=1),
                  order("small", at(3, 1))]
        taken, left_out = batching.select_wave(orders, CartLimits(), WaveLimits(max_lines=4))
        self.assertEqual([o.id for o, _ in taken], ["big", "small"])
        self.assertEqual(left_out, {"medium": "wave_full"})

    def test_order_too_big_for_any_cart(self):
        orders = [order("heavy", at(1, 5), at(2, 5), weight=30), order("light", at(1, 6), weight=1),
                  Order("nothing", [])]
        limits = CartLimits(max_orders=4, max_weight=40)
        plan = batching.plan_carts(orders, limits, RACK, seed=1)
        self.assertEqual(plan.left_out, {"heavy": "too_big_for_a_cart", "nothing": "empty"})
        self.assertEqual(cart_sets(plan), [["light"]])
        self.assertEqual(batching.exact_plan(orders, limits, RACK).left_out, plan.left_out)
        # Allowed to split: two parts of 30 kg, one tote each, never with "light" beyond 40 kg.
        plan = batching.plan_carts(orders, limits, RACK, seed=1, allow_split=True)
        self.assertEqual(plan.left_out, {"nothing": "empty"})
        self.assertEqual(sorted(plan.order_ids), ["heavy", "heavy", "light"])
        self.assertEqual(batching.check_plan(plan, orders, limits), [])
        # A single line beyond the cart is still left out, split or not.
        orders = [order("anvil", at(1, 5), weight=50)]
        plan = batching.plan_carts(orders, limits, RACK, seed=1, allow_split=True)
        self.assertEqual(plan.left_out, {"anvil": "too_big_for_a_cart"})
        self.assertEqual(plan.carts, ())

    def test_bad_inputs(self):
        with self.assertRaisesRegex(ValueError, "max_weight"):
            CartLimits(max_weight=0)
        with self.assertRaisesRegex(ValueError, "twice"):
            batching.plan_carts([order("A", at(1, 1)), order("A", at(1, 2))], CartLimits(), RACK)
        with self.assertRaisesRegex(ValueError, "exact_plan"):
            batching.exact_plan([order(n, at(1, 1)) for n in range(batching.EXACT_MAX_ORDERS + 1)],
                                CartLimits(max_orders=1), RACK)


class TestAgainstExactAndLimits(unittest.TestCase):
    def test_exact_plan_equals_every_partition(self):
        """The subset programme finds what scoring every set partition finds."""
        rng = random.Random(11)
        for _ in range(15):
            orders = random_orders(rng, rng.randint(1, 6))
            limits = CartLimits(max_orders=rng.choice((1, 2, 3, None)), max_lines=rng.choice((None, 6, 8)),
                                max_weight=rng.choice((None, 15.0)))
            exact = batching.exact_plan(orders, limits, SMALL)
            taken = [o for o in orders if o.id not in exact.left_out]
            best = min(
                sum(batching.routing.shortest_route(SMALL, [line.point for o in cart for line in o.lines]).length
                    for cart in partition)
                for partition in all_partitions(taken)
                if all(self._fits(cart, limits) for cart in partition)
            ) if taken else 0.0
            self.assertAlmostEqual(exact.length, best, places=6)

    @staticmethod
    def _fits(cart, limits):
        lines = [line for o in cart for line in o.lines]
        return ((limits.max_orders is None or len(cart) <= limits.max_orders)
                and (limits.max_lines is None or len(lines) <= limits.max_lines)
                and (limits.max_weight is None or sum(line.weight for line in lines) <= limits.max_weight + 1e-9))

    def test_engine_close_to_the_optimum(self):
        """50 random instances of 5-11 orders, carts of 2-4: gap at most 5 %, mean at most 2 %."""
        rng = random.Random(7)
        gaps = []
        for _ in range(50):
            orders = random_orders(rng, rng.randint(5, 11))
            limits = CartLimits(max_orders=rng.choice((2, 3, 4)), max_weight=rng.choice((None, 20.0)))
            exact = batching.exact_plan(orders, limits, SMALL)
            ours = batching.plan_carts(orders, limits, SMALL, seed=3, max_evaluations=2000, time_budget=60)
            self.assertEqual(batching.check_plan(ours, orders, limits), [])
            self.assertGreaterEqual(ours.length, exact.length - 1e-6)
            gaps.append(ours.length / exact.length - 1)
        self.assertLessEqual(max(gaps), 0.05)
        self.assertLessEqual(statistics.fmean(gaps), 0.02)

    def test_carts_of_two_are_optimal(self):
        """With two orders per cart the engine equals the exact matching on every instance."""
        rng = random.Random(8)
        for _ in range(40):
            orders = random_orders(rng, rng.randint(2, 12))
            limits = CartLimits(max_orders=2, max_weight=rng.choice((None, 12.0)))
            ours = batching.plan_carts(orders, limits, SMALL, seed=5, max_evaluations=2000, time_budget=60)
            optimum = batching.matching_plan(orders, limits, SMALL)
            self.assertAlmostEqual(ours.length, optimum.length, places=6)

    def test_every_limit_holds_on_random_waves(self):
        rng = random.Random(9)
        for size in [8] * 10 + [60] * 3:  # 60 orders: the large-wave search
            orders = random_orders(rng, size, lay=RACK, max_lines=6)
            limits = CartLimits(max_orders=rng.choice((2, 3, 5, None)), max_lines=rng.choice((None, 8, 12)),
                                max_weight=rng.choice((None, 12.0, 25.0)), max_volume=rng.choice((None, 0.15)))
            wave = WaveLimits(max_orders=rng.choice((None, size // 2)), max_lines=rng.choice((None, 4 * size)))
            plan = batching.plan_carts(orders, limits, RACK, wave, seed=size, max_evaluations=400, time_budget=60)
            self.assertEqual(batching.check_plan(plan, orders, limits, wave), [])
            by_id = {o.id: o for o in orders}
            for cart in plan.carts:  # the same checks, spelt out
                lines = [by_id[order_id].lines[k] for order_id, k in cart.route]
                self.assertLessEqual(len(cart.order_ids), limits.max_orders or size)
                self.assertLessEqual(len(lines), limits.max_lines or 10 ** 6)
                self.assertLessEqual(sum(line.weight for line in lines), (limits.max_weight or 1e9) + 1e-9)
                self.assertLessEqual(sum(line.volume for line in lines), (limits.max_volume or 1e9) + 1e-9)
                self.assertEqual(len(set(cart.order_ids)), len(cart.order_ids))
            planned = plan.order_ids
            self.assertEqual(len(planned), len(set(planned)))  # no order in two carts
            self.assertEqual(set(planned) | set(plan.left_out), set(by_id))
            self.assertLessEqual(len(planned), wave.max_orders if wave.max_orders is not None else size)
            self.assertAlmostEqual(plan.length, sum(cart.length for cart in plan.carts))

    def test_large_wave_beats_filling_carts_in_creation_order(self):
        """Past SMALL_INSTANCE orders (the ranked search), still shorter than carts filled in input order."""
        rng = random.Random(12)
        orders = random_orders(rng, 120, lay=RACK, max_lines=6)
        limits = CartLimits(max_orders=6)
        plan = batching.plan_carts(orders, limits, RACK, seed=1, max_evaluations=200, time_budget=60)
        self.assertEqual(batching.check_plan(plan, orders, limits), [])
        in_order = sum(
            batching.routing.shortest_route(RACK, [line.point for o in orders[k:k + 6] for line in o.lines]).length
            for k in range(0, len(orders), 6))
        self.assertLess(plan.length, 0.9 * in_order)
        self.assertLess(plan.length, 0.5 * batching.single_order_length(RACK, orders))

    def test_same_input_and_seed_same_plan(self):
        rng = random.Random(10)
        for size in (10, 80):
            orders = random_orders(rng, size, lay=RACK, max_lines=8)
            limits = CartLimits(max_orders=4, max_weight=30.0)
            bound = 300 if size == 10 else 40
            plans = [batching.plan_carts(orders, limits, RACK, seed=42, max_evaluations=bound, time_budget=60)
                     for _ in range(2)]
            self.assertEqual(plans[0], plans[1])
            # The small wave converges; the large one stops at its evaluation count, never at the clock.
            self.assertEqual(plans[0].stopped_by, "evaluations" if size == 80 else "converged")


if __name__ == "__main__":
    unittest.main()
