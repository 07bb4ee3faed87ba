"""Unit tests of the plain-Python routing engine (no Odoo, no database).

The engine is loaded by ``engine_loader`` (by path, as a package of its
own). Speed is measured by bench/bench_routing.py, not here.
"""

import itertools
import random
import unittest

from .engine_loader import engine_module

layout = engine_module("layout")
routing = engine_module("routing")

Aisle, Layout, Point = layout.Aisle, layout.Layout, layout.Point

# Methods whose length is the order walked the shortest way between picks.
SHORTEST_WAY = (routing.shortest_route, routing.held_karp, routing.local_search)
POLICIES = (routing.s_shape, routing.largest_gap)


def four_aisles(**kwargs):
    """Aisles at x = 0, 3, 6, 9, from y = 0 to 10; cross aisles at y = 0 and 10; depot (0, 0)."""
    return Layout.regular(aisle_count=4, aisle_length=10, aisle_spacing=3, **kwargs)


def at(lay, *xys):
    return [layout.locate(lay, x, y) for x, y in xys]


def random_layout(rng, cross_aisle_count):
    """A random rectangle; the depot anywhere on any of its cross aisles."""
    aisles = rng.randint(1, 6)
    length, spacing = rng.choice((10.0, 12.5, 20.0)), rng.choice((2.5, 3.5))
    base = Layout.regular(aisles, length, spacing, cross_aisle_count=cross_aisle_count)
    depot = (rng.uniform(-1.0, (aisles - 1) * spacing + 1.0), rng.choice(base.cross_aisles))
    return Layout.regular(aisles, length, spacing, cross_aisle_count=cross_aisle_count, depot=depot)


def random_irregular_layout(rng, cross_aisle_count):
    """Aisles that stop short of cross aisles or run past them; a full-length link aisle."""
    cross = sorted(rng.sample((0.0, 6.0, 10.0, 15.0, 20.0), cross_aisle_count))
    aisles = []
    count = rng.randint(1, 5)
    for i in range(count):
        low = rng.choice((cross[0] - 2, cross[0], cross[0] + 3, cross[min(1, len(cross) - 1)]))
        high = rng.choice((cross[-1] + 2, cross[-1], cross[-1] - 3, cross[max(len(cross) - 2, 0)]))
        if high <= low:
            high = low + 4
        aisles.append(Aisle(f"A{i}", i * 3.0, low, high))
    aisles.append(Aisle("link", count * 3.0, cross[0] - 1, cross[-1] + 1))
    lay = Layout(tuple(aisles), tuple(cross), (rng.uniform(-2, count * 3.0 + 2), rng.choice(cross)))
    try:
        lay.validate()
    except ValueError:  # an aisle meeting no cross aisle
        return None
    return lay


def random_points(lay, rng, count):
    """Picks in aisles, at aisle ends and cross aisles, on a cross aisle between aisles, at the depot, repeated."""
    network = lay._network
    points = []
    while len(points) < count:
        roll = rng.random()
        i = rng.randrange(len(lay.aisles))
        aisle = lay.aisles[i]
        if roll < 0.1:
            points.append(Point(i, aisle.u, rng.choice([c for c in lay.cross_aisles if aisle.reaches(c)])))
        elif roll < 0.15:
            points.append(layout.depot_point(lay))
        elif roll < 0.2:
            points.append(Point(None, rng.uniform(network.u_min, network.u_max), rng.choice(lay.cross_aisles)))
        elif roll < 0.25 and points:
            points.append(rng.choice(points))
        else:
            points.append(Point(i, aisle.u, round(rng.uniform(aisle.v_start, aisle.v_end), 1)))
    return points


class RouteChecks(unittest.TestCase):
    def check_route(self, lay, points, route, policy=False):
        """A permutation of the input whose length is what the picker walks."""
        self.assertEqual(sorted(route.order), list(range(len(points))))
        walked = layout.tour_length(lay, [points[i] for i in route.order])
        if policy:  # the policy's own path; the same order with shortcuts is no longer
            self.assertLessEqual(walked, route.length + 1e-6)
        else:
            self.assertAlmostEqual(walked, route.length, delta=1e-6)
        if route.lower_bound is not None:
            self.assertLessEqual(route.lower_bound, route.length + 1e-6)
        if route.exact:
            self.assertAlmostEqual(route.lower_bound, route.length, delta=1e-6)

    def check_against_brute_force(self, lay, points):
        reference = routing.held_karp(lay, points)
        self.check_route(lay, points, reference)
        best = routing.shortest_route(lay, points)
        self.check_route(lay, points, best)
        if best.exact:
            self.assertAlmostEqual(best.length, reference.length, delta=1e-6, msg=(lay, points, best, reference))
        else:
            self.assertGreaterEqual(best.length, reference.length - 1e-6)
        return best, reference


class TestHandExamples(RouteChecks):
    def test_empty_pick_list(self):
        lay = four_aisles()
        for method in (*SHORTEST_WAY, *POLICIES):
            route = method(lay, [])
            self.assertEqual((route.order, route.length), ((), 0.0), method.__name__)
        self.assertEqual(routing.odoo_order(lay, [], []).length, 0.0)
        self.assertTrue(routing.shortest_route(lay, []).exact)

    def test_single_pick(self):
        # Depot (0, 0) -> along the front to x=6, up to y=4 and back: 2 * (6 + 4) = 20.
        lay = four_aisles()
        for method in (*SHORTEST_WAY, *POLICIES):
            route = method(lay, at(lay, (6, 4)))
            self.assertEqual(route.order, (0,))
            self.assertAlmostEqual(route.length, 20)

    def test_traversal_beats_two_returns(self):
        # Picks at the back of the outer aisles (y=9, x=0 and x=9): up aisle 0
        # (10), along the back (9), down aisle 3 (10), back to the depot (9) = 38;
        # two returns would be 18 + 18 + 18 = 54.
        lay = four_aisles()
        points = at(lay, (0, 9), (9, 9))
        route = routing.shortest_route(lay, points)
        self.assertEqual((route.length, route.exact, route.method), (38, True, "ratliff_rosenthal"))
        self.assertEqual(sorted(route.order), [0, 1])

    def test_returns_beat_traversal(self):
        # Picks near the front (x=3 y=2, x=6 y=1): 3 + 4 + 3 + 2 + 6 = 18,
        # where the S-shape traverses both aisles: 2 * 6 + 2 * 10 = 32.
        lay = four_aisles()
        points = at(lay, (3, 2), (6, 1))
        self.assertEqual(routing.shortest_route(lay, points).length, 18)
        self.assertEqual(routing.s_shape(lay, points).length, 32)
        self.assertEqual(routing.largest_gap(lay, points).length, 32)

    def test_three_pick_aisles_and_the_policies(self):
        # Picks x=0 y=2, x=3 y=5, x=9 y=4.
        # Optimum: three returns, 18 across and back + 4 + 10 + 8 = 40.
        # S-shape: aisles 0 and 3 traversed, the third (odd) entered and left
        # at the front: 2 * 9 + 2 * 10 + 2 * 4 = 46.
        # Largest gap: aisle 0 traversed up, aisle x=3 entered from the back
        # (its gaps are 5 and 5, the first, at the front, is left out): 2 * 5,
        # aisle x=9 traversed down: 2 * 9 + 2 * 10 + 10 = 48.
        lay = four_aisles()
        points = at(lay, (0, 2), (3, 5), (9, 4))
        self.assertEqual(routing.shortest_route(lay, points).length, 40)
        self.assertEqual(routing.held_karp(lay, points).length, 40)
        s_shape = routing.s_shape(lay, points)
        self.assertEqual((s_shape.length, s_shape.order), (46, (0, 1, 2)))
        self.assertEqual(routing.largest_gap(lay, points).length, 48)

    def test_middle_cross_aisle(self):
        # Aisles x=0, x=5 of 20 m; picks (0, 9) and (5, 12). With a middle
        # cross aisle at y=10: up aisle 0 to it (10), across (5), up to 12 and
        # back (4), down aisle x=5 (10), back along the front (5) = 34.
        # Front and back only: traverse both aisles, 20 + 5 + 20 + 5 = 50.
        two_blocks = Layout.regular(2, 20, 5, cross_aisle_count=3)
        one_block = Layout.regular(2, 20, 5)
        points = at(two_blocks, (0, 9), (5, 12))
        route = routing.shortest_route(two_blocks, points)
        self.assertEqual((route.length, route.exact, route.method), (34, True, "roodbergen_de_koster"))
        self.assertEqual(routing.s_shape(two_blocks, points).length, 34)
        self.assertEqual(routing.largest_gap(two_blocks, points).length, 34)
        self.assertEqual(routing.shortest_route(one_block, points).length, 50)

    def test_depot_and_aisle_ends(self):
        lay = four_aisles()
        depot = layout.depot_point(lay)
        # Only picks at the depot: nothing to walk, every pick listed.
        for method in (*SHORTEST_WAY, *POLICIES):
            route = method(lay, [depot, Point(0, 0, 0), depot])
            self.assertEqual(sorted(route.order), [0, 1, 2])
            self.assertEqual(route.length, 0, method.__name__)
        # A pick on the front cross aisle between aisles (x=4.5) and one at the
        # back end of aisle x=9: along the front to 9, up 10, back 10, home 9 = 38;
        # the S-shape visits the first one on its way, at no extra cost.
        points = [Point(None, 4.5, 0), Point(3, 9, 10), depot]
        for method in (*SHORTEST_WAY, *POLICIES):
            route = method(lay, points)
            self.check_route(lay, points, route, policy=method in POLICIES)
            self.assertEqual(route.length, 38, method.__name__)

    def test_same_position_picks_stay_together(self):
        lay = four_aisles()
        points = at(lay, (3, 5), (9, 2), (2.3, 5), (3.7, 5), (9, 2))  # both sides of aisle x=3 at y=5
        route = routing.shortest_route(lay, points)
        self.check_route(lay, points, route)
        positions = [(points[i].aisle, points[i].v) for i in route.order]
        changes = sum(a != b for a, b in itertools.pairwise(positions))
        self.assertEqual(changes, 1)

    def test_depot_on_the_back_or_a_middle_cross_aisle(self):
        back = four_aisles(depot=(4.5, 10))
        points = at(back, (0, 1), (6, 8), (9, 5))
        for lay in (back, four_aisles(cross_aisle_count=3, depot=(4.5, 5))):
            self.check_against_brute_force(lay, points)
        self.check_route(back, points, routing.s_shape(back, points), policy=True)
        middle = four_aisles(cross_aisle_count=3, depot=(4.5, 5))
        with self.assertRaisesRegex(ValueError, "^s_shape: needs the depot"):
            routing.s_shape(middle, points)
        with self.assertRaisesRegex(ValueError, "^largest_gap: needs the depot"):
            routing.largest_gap(middle, points)

    def test_orientation_x_gives_the_same_lengths(self):
        rng = random.Random(8)
        along_y = Layout.regular(5, 20, 3.5, cross_aisle_count=3, depot=(5, 20))
        along_x = Layout.regular(5, 20, 3.5, cross_aisle_count=3, depot=(20, 5), orientation="x")
        for _ in range(20):
            xys = [(rng.uniform(-1, 15), rng.uniform(0, 20)) for _ in range(rng.randint(1, 15))]
            for method in (routing.shortest_route, *POLICIES):
                self.assertAlmostEqual(
                    method(along_y, at(along_y, *xys)).length,
                    method(along_x, at(along_x, *(xy[::-1] for xy in xys))).length,
                )


class TestOdooOrder(RouteChecks):
    def test_sorted_by_name(self):
        lay = four_aisles()
        points = at(lay, (9, 2), (0, 5), (3, 8), (0, 1))
        names = ["A-04-03-01", "A-01-09-02", "A-02-15-01", "A-01-01-01"]
        route = routing.odoo_order(lay, points, names)
        self.assertEqual(route.order, (3, 1, 2, 0))
        self.assertEqual((route.exact, route.lower_bound, route.method), (False, None, "odoo_order"))
        self.check_route(lay, points, route)
        self.assertGreaterEqual(route.length, routing.shortest_route(lay, points).length)
        with self.assertRaisesRegex(ValueError, "^names: "):
            routing.odoo_order(lay, points, names[:2])


class TestAgainstBruteForce(RouteChecks):
    """The exact programme against Held-Karp: equal wherever it claims optimality."""

    def test_300_random_instances_one_and_two_blocks(self):
        rng = random.Random(1983)
        claimed = 0
        methods = {2: "ratliff_rosenthal", 3: "roodbergen_de_koster"}
        for n in range(300):
            cross_aisle_count = 2 if n % 2 == 0 else 3
            lay = random_layout(rng, cross_aisle_count)
            points = random_points(lay, rng, rng.randint(1, 9))
            best, _ = self.check_against_brute_force(lay, points)
            self.assertTrue(best.exact)
            self.assertEqual(best.method, methods[cross_aisle_count])
            claimed += 1
            if layout.depot_point(lay).v not in (lay.cross_aisles[0], lay.cross_aisles[-1]):
                continue  # the policies need the depot on an outer cross aisle
            for policy in POLICIES:
                route = policy(lay, points)
                self.check_route(lay, points, route, policy=True)
                self.assertGreaterEqual(route.length, best.length - 1e-6)
        self.assertEqual(claimed, 300)

    def test_irregular_and_single_cross_aisle_layouts(self):
        rng = random.Random(2001)
        checked = 0
        while checked < 80:
            lay = random_irregular_layout(rng, rng.choice((1, 2, 3)))
            if lay is None:
                continue
            points = random_points(lay, rng, rng.randint(1, 8))
            try:
                routing.held_karp(lay, points)
            except ValueError as exc:  # the random layout cut a pick off
                self.assertIn("no walkable path", str(exc))
                with self.assertRaises(ValueError):
                    routing.shortest_route(lay, points)
                continue
            best, _ = self.check_against_brute_force(lay, points)
            self.assertTrue(best.exact)
            checked += 1

    def test_more_cross_aisles(self):
        # Beyond two blocks: exact up to 9 positions (the programme or Held-Karp);
        # past the programme's cross aisles, local search with a bound.
        rng = random.Random(4)
        lay = Layout.regular(6, 20, 3.5, cross_aisle_count=5)
        for n in range(40):
            points = random_points(lay, rng, rng.randint(1, 9))
            best, reference = self.check_against_brute_force(lay, points)
            self.assertTrue(best.exact)
            heuristic = routing.local_search(lay, points)
            self.check_route(lay, points, heuristic)
            self.assertLessEqual(heuristic.lower_bound, reference.length + 1e-6)
            self.assertGreaterEqual(heuristic.length, reference.length - 1e-6)
        lay = Layout.regular(6, 30, 3.5, cross_aisle_count=routing.MULTI_BLOCK_MAX_CROSS_AISLES + 1)
        points = random_points(lay, rng, 40)
        route = routing.shortest_route(lay, points)
        self.assertEqual(route.method, "local_search")
        self.check_route(lay, points, route)
        self.assertGreater(route.lower_bound, 0.8 * route.length)
        self.assertEqual(route, routing.shortest_route(lay, points))  # deterministic

    def test_held_karp_limit(self):
        lay = Layout.regular(10, 20, 3.5)
        points = [Point(i % 10, (i % 10) * 3.5, 1.0 + i // 10) for i in range(routing.HELD_KARP_LIMIT + 1)]
        with self.assertRaisesRegex(ValueError, "^held_karp: at most"):
            routing.held_karp(lay, points)
        repeated = points[:-1] + points[:1]  # 13 distinct positions, one of them twice
        self.check_route(lay, repeated, routing.held_karp(lay, repeated))


class TestMultiBlock(RouteChecks):
    """Three and four blocks: the vertex-at-a-time programme against Held-Karp and at scale."""

    def exact_programme(self, lay, points):
        """The programme without its state cap: always optimal (order and length)."""
        network = lay._network
        stops = [network.resolve(point) for point in points]
        order, exact, bound = routing._vertex_dp(network, stops)
        self.assertTrue(exact)
        length = routing._route_length(network, stops, order)
        self.assertAlmostEqual(bound, length, delta=1e-6)
        self.assertEqual(sorted(order), list(range(len(points))))
        return length

    def test_hand_example_three_blocks(self):
        # Aisles x=0, 5 of 30 m, cross aisles at y = 0, 10, 20, 30; picks (0, 19)
        # and (5, 21): up aisle 0 to y=20 (20), across (5), up to 21 and back (2),
        # down aisle x=5 (20), back along the front (5) = 52, which is also the
        # bound 2 * 21 up and down + 2 * 5 across.
        lay = Layout.regular(2, 30, 5, cross_aisle_count=4)
        points = at(lay, (0, 19), (5, 21))
        route = routing.shortest_route(lay, points)
        self.check_route(lay, points, route)
        self.assertEqual((route.length, route.exact, route.method), (52, True, "multi_block_dp"))
        self.assertEqual(routing.held_karp(lay, points).length, 52)

    def test_1200_random_instances_three_and_four_blocks(self):
        # Regular rectangles with the depot anywhere, irregular aisles, picks on
        # cross aisles, at aisle ends, at the depot and repeated; up to 12 picks.
        rng = random.Random(2018)
        checked = {4: 0, 5: 0}
        irregular = 0
        while sum(checked.values()) < 1200:
            cross_aisle_count = 4 if sum(checked.values()) % 2 == 0 else 5
            if rng.random() < 0.3:
                lay = random_irregular_layout(rng, cross_aisle_count)
                if lay is None:
                    continue
            else:
                lay = random_layout(rng, cross_aisle_count)
            points = random_points(lay, rng, rng.randint(1, 12))
            try:
                reference = routing.held_karp(lay, points)
            except ValueError as exc:
                self.assertIn("no walkable path", str(exc))
                continue
            self.assertAlmostEqual(self.exact_programme(lay, points), reference.length, delta=1e-6,
                                   msg=(lay, points))
            best = routing.shortest_route(lay, points)
            self.check_route(lay, points, best)
            if best.exact:
                self.assertAlmostEqual(best.length, reference.length, delta=1e-6)
            else:
                self.assertGreaterEqual(best.length, reference.length - 1e-6)
                self.assertLessEqual(best.lower_bound, reference.length + 1e-6)
            if cross_aisle_count == 4:
                self.assertTrue(best.exact)
            checked[cross_aisle_count] += 1
            irregular += lay.aisles[-1].name == "link"
        self.assertGreater(irregular, 200)

    def test_large_pick_lists(self):
        rng = random.Random(25)
        for cross_aisle_count in (4, 5):
            lay = Layout.regular(10, 20 * (cross_aisle_count - 1), 3.5, cross_aisle_count=cross_aisle_count)
            for size in (30, 1000):
                xys = [(rng.randrange(10) * 3.5 + rng.choice((-1.25, 1.25)), rng.uniform(0, lay.cross_aisles[-1]))
                       for _ in range(size)]
                points = at(lay, *xys)
                route = routing.shortest_route(lay, points)
                self.check_route(lay, points, route)
                self.assertEqual(route.method, "multi_block_dp")
                self.assertEqual(route, routing.shortest_route(lay, points))  # deterministic
                if cross_aisle_count == 4:  # three blocks: never more live states than the cap
                    self.assertTrue(route.exact)
                if size == 30:
                    optimum = self.exact_programme(lay, points)
                    self.assertLessEqual(route.length, optimum * 1.005)
                    self.assertLessEqual(route.lower_bound, optimum + 1e-6)
                for policy in POLICIES:
                    self.assertGreaterEqual(policy(lay, points).length, route.length * 0.995)

    def test_column_and_vertex_programmes_agree_on_one_and_two_blocks(self):
        rng = random.Random(1)
        for n in range(100):
            lay = random_layout(rng, 2 + n % 2)
            points = random_points(lay, rng, rng.randint(1, 25))
            self.assertAlmostEqual(self.exact_programme(lay, points),
                                   routing.shortest_route(lay, points).length, delta=1e-6)


class TestProgramme(RouteChecks):
    def test_one_block_states_are_ratliff_rosenthal_classes(self):
        # Crossings per cross aisle (count, piece): (0,0) 000C, (1,1 joined) UU1C,
        # (2,0) E01C, (0,2) 0E1C, (2,2 joined) EE1C, (2,2 apart) EE2C.
        classes = {(0, 0, 0, 0), (1, 1, 1, 1), (2, 1, 0, 0), (0, 0, 2, 1), (2, 1, 2, 1), (2, 1, 2, 2)}
        routing._TRANSITIONS.clear()
        rng = random.Random(7)
        for _ in range(100):
            lay = random_layout(rng, 2)
            routing.shortest_route(lay, random_points(lay, rng, rng.randint(1, 12)))
        seen = {key[0] for key in routing._TRANSITIONS if len(key[0]) == 4}
        self.assertLessEqual(seen, classes)
        self.assertGreaterEqual(len(seen), 5)

    def test_large_pick_lists(self):
        rng = random.Random(12)
        for cross_aisle_count in (2, 3):
            lay = Layout.regular(10, 20, 3.5, cross_aisle_count=cross_aisle_count)
            xys = [(rng.randrange(10) * 3.5 + rng.choice((-1.25, 1.25)), rng.randrange(20) + 0.5)
                   for _ in range(1000)]
            points = at(lay, *xys)
            route = routing.shortest_route(lay, points)
            self.assertTrue(route.exact)
            self.check_route(lay, points, route)
            # Everything to pick everywhere: no policy beats the optimum.
            for policy in POLICIES:
                self.assertGreaterEqual(policy(lay, points).length, route.length - 1e-6)

    def test_policies_match_their_textbook_formulas_on_one_block(self):
        # Depot at the front of the first aisle, picks strictly inside aisles,
        # m pick aisles, rightmost at u_m, aisle length L:
        # S-shape = 2 u_m + L * (m if m even else m - 1) + (2 * farthest pick of the last aisle if m odd);
        # largest gap = 2 u_m + 2 L + sum over middle aisles of 2 (L - largest gap),
        # or 2 u_m + 2 * farthest pick when m = 1.
        rng = random.Random(3)
        for _ in range(200):
            count, length, spacing = rng.randint(1, 7), rng.choice((10.0, 20.0)), 3.0
            lay = Layout.regular(count, length, spacing)
            points = [Point(i, i * spacing, rng.choice((0.5, 1.0, 2.5, 5.0, 7.5, 9.5)) * length / 10)
                      for i in (rng.randrange(count) for _ in range(rng.randint(1, 10)))]
            by_aisle = {}
            for p in points:
                by_aisle.setdefault(p.aisle, []).append(p.v)
            aisles = sorted(by_aisle)
            m, across = len(aisles), 2 * aisles[-1] * spacing
            if m % 2:
                s_shape = across + (m - 1) * length + 2 * max(by_aisle[aisles[-1]])
            else:
                s_shape = across + m * length
            if m == 1:
                gap = across + 2 * max(by_aisle[aisles[0]])
            else:
                gap = across + 2 * length
                for aisle in aisles[1:-1]:
                    ends = [0.0, *sorted(by_aisle[aisle]), length]
                    gap += 2 * (length - max(b - a for a, b in itertools.pairwise(ends)))
            self.assertAlmostEqual(routing.s_shape(lay, points).length, s_shape)
            self.assertAlmostEqual(routing.largest_gap(lay, points).length, gap)

    def test_policies_reject_other_layouts(self):
        irregular = Layout((Aisle("A", 0, 0, 20), Aisle("B", 4, 0, 10)), (0, 20), (0, 0))
        single = four_aisles(cross_aisle_count=1)
        points = [Point(0, 0, 5)]
        for lay in (irregular, single):
            for policy in POLICIES:
                with self.assertRaisesRegex(ValueError, "rectangular layout"):
                    policy(lay, points)
            self.check_route(lay, points, routing.shortest_route(lay, points))

    def test_points_off_the_network_are_rejected(self):
        lay = four_aisles()
        for method in (*SHORTEST_WAY, *POLICIES):
            with self.assertRaises(ValueError):
                method(lay, [Point(7, 0, 5)])


if __name__ == "__main__":
    unittest.main()
