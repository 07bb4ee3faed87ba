"""Unit tests of the walks drawn on the map: ``layout.path`` and ``layout.route_path``.

No database: the engine is loaded by ``engine_loader`` (by path, as a
package of its own).

What a user relies on: the line drawn between two bins is a walk a picker can
actually do (along aisle and cross-aisle centre lines, never through a rack)
and it is exactly as long as the distance the route optimiser used, so the
metres printed beside the map match the line on it.
"""

import math
import random
import unittest

from .engine_loader import engine_module

layout = engine_module("layout")
routing = engine_module("routing")

Aisle, Layout, Point = layout.Aisle, layout.Layout, layout.Point
TOL = 1e-6


def four_aisles(**kwargs):
    """Aisles at x = 0, 3, 6, 9, from y = 0 to 10; cross aisles at y = 0 and 10; depot (0, 0)."""
    return Layout.regular(aisle_count=4, aisle_length=10, aisle_spacing=3, **kwargs)


def staircase():
    """No cross aisle shared between aisles A and B: every walk between them goes round by the link aisle.

    Cross aisles at y = 0 and y = 10. A (x = 0) only reaches the back one,
    B (x = 3) only the front one, the link aisle (x = 6) both.
    """
    aisles = (Aisle("A", 0.0, 6.0, 10.0), Aisle("B", 3.0, 0.0, 4.0), Aisle("link", 6.0, 0.0, 10.0))
    lay = Layout(aisles, (0.0, 10.0), (6.0, 0.0))
    lay.validate()
    return lay


def random_regular(rng):
    count = rng.randint(1, 7)
    length, spacing = rng.choice((10.0, 12.5, 20.0)), rng.choice((2.5, 3.5))
    cross = rng.randint(1, 4)
    orientation = rng.choice(("x", "y"))
    origin = (rng.uniform(-5, 5), rng.uniform(-5, 5))
    base = Layout.regular(count, length, spacing, cross_aisle_count=cross, origin=origin, orientation=orientation)
    # The depot anywhere on any cross aisle, a little beyond the outer aisles too.
    u0, _ = base.to_uv(*origin)
    depot_uv = (rng.uniform(u0 - 1.0, u0 + (count - 1) * spacing + 1.0), rng.choice(base.cross_aisles))
    return Layout.regular(count, length, spacing, cross_aisle_count=cross, origin=origin,
                          orientation=orientation, depot=base.to_xy(*depot_uv))


def random_irregular(rng):
    """Aisles stopping short of cross aisles or running past them, and a full-length link aisle."""
    while True:
        cross = sorted(rng.sample((0.0, 6.0, 10.0, 15.0, 20.0), rng.randint(2, 4)))
        count = rng.randint(2, 6)
        aisles = []
        for i in range(count):
            low = rng.choice((cross[0] - 2, cross[0], cross[0] + 3, cross[1]))
            high = rng.choice((cross[-1] + 2, cross[-1], cross[-1] - 3, cross[-2]))
            if high <= low:
                high = low + 4
            aisles.append(Aisle(f"A{i}", i * 3.0, low, high))
        aisles.append(Aisle("link", count * 3.0, cross[0] - 1, cross[-1] + 1))
        depot = (rng.uniform(-2, count * 3.0 + 2), rng.choice(cross))
        lay = Layout(tuple(aisles), tuple(cross), depot, rng.choice(("x", "y")))
        if lay.orientation == "x":
            lay = Layout(lay.aisles, lay.cross_aisles, (depot[1], depot[0]), "x")
        try:
            lay.validate()
        except ValueError:  # an aisle meeting no cross aisle
            continue
        return lay


def random_point(lay, rng):
    """A bin in an aisle, a pick at an aisle end or on a cross aisle, or the depot."""
    network = lay._network
    roll = rng.random()
    i = rng.randrange(len(lay.aisles))
    aisle = lay.aisles[i]
    if roll < 0.1:
        reached = [c for c in lay.cross_aisles if aisle.reaches(c)]
        return Point(i, aisle.u, rng.choice(reached))
    if roll < 0.15:
        return layout.depot_point(lay)
    if roll < 0.2:
        return Point(None, rng.uniform(network.u_min, network.u_max), rng.choice(lay.cross_aisles))
    if roll < 0.25:
        return Point(i, aisle.u, rng.choice((aisle.v_start, aisle.v_end)))
    # A real bin: (x, y) beside an aisle, located like the route optimiser does.
    u = aisle.u + rng.uniform(-1.2, 1.2)
    v = rng.uniform(aisle.v_start - 1, aisle.v_end + 1)
    return layout.locate(lay, *lay.to_xy(u, v))


def polyline_length(polyline):
    return sum(math.dist(a, b) for a, b in zip(polyline, polyline[1:]))


class PathChecks(unittest.TestCase):
    def assert_walkable(self, lay, polyline):
        """Every segment is axis-parallel, not empty, and on an aisle or a cross aisle."""
        network = lay._network
        for a, b in zip(polyline, polyline[1:]):
            (ua, va), (ub, vb) = lay.to_uv(*a), lay.to_uv(*b)
            self.assertNotEqual((ua, va), (ub, vb), f"repeated waypoint in {polyline}")
            if ua == ub:  # along an aisle
                self.assertTrue(
                    any(abs(aisle.u - ua) <= TOL and aisle.v_start - TOL <= min(va, vb)
                        and max(va, vb) <= aisle.v_end + TOL for aisle in lay.aisles),
                    f"segment {a} -> {b} is not inside an aisle of {lay}",
                )
            else:
                self.assertEqual(va, vb, f"segment {a} -> {b} is not axis-parallel")
                self.assertTrue(any(abs(c - va) <= TOL for c in lay.cross_aisles),
                                f"segment {a} -> {b} is not on a cross aisle of {lay}")
                self.assertGreaterEqual(min(ua, ub), network.u_min - TOL, f"{a} -> {b} runs off the cross aisle")
                self.assertLessEqual(max(ua, ub), network.u_max + TOL, f"{a} -> {b} runs off the cross aisle")

    def check_path(self, lay, p, q):
        polyline = layout.path(lay, p, q)
        self.assertEqual(polyline[0], lay.to_xy(p.u, p.v))
        self.assertEqual(polyline[-1], lay.to_xy(q.u, q.v))
        self.assertAlmostEqual(polyline_length(polyline), layout.distance(lay, p, q), delta=TOL,
                               msg=(lay, p, q, polyline))
        self.assert_walkable(lay, polyline)
        return polyline


class TestPathByHand(PathChecks):
    def test_same_aisle_is_straight(self):
        lay = four_aisles()
        p, q = layout.locate(lay, 3.4, 2), layout.locate(lay, 2.6, 8)
        self.assertEqual(self.check_path(lay, p, q), [(3.0, 2.0), (3.0, 8.0)])

    def test_same_place_is_one_waypoint(self):
        lay = four_aisles()
        p = layout.locate(lay, 3, 2)
        self.assertEqual(self.check_path(lay, p, p), [(3.0, 2.0)])

    def test_through_the_nearer_cross_aisle(self):
        lay = four_aisles()
        # front: 2 + 9 + 3 = 14 m; back: 8 + 9 + 7 = 24 m
        path = self.check_path(lay, layout.locate(lay, 0, 2), layout.locate(lay, 9, 3))
        self.assertEqual(path, [(0.0, 2.0), (0.0, 0.0), (9.0, 0.0), (9.0, 3.0)])
        path = self.check_path(lay, layout.locate(lay, 0, 8), layout.locate(lay, 9, 9))
        self.assertEqual(path, [(0.0, 8.0), (0.0, 10.0), (9.0, 10.0), (9.0, 9.0)])

    def test_middle_cross_aisle(self):
        lay = four_aisles(cross_aisle_count=3)
        path = self.check_path(lay, layout.locate(lay, 0, 4), layout.locate(lay, 9, 6))
        self.assertEqual(path, [(0.0, 4.0), (0.0, 5.0), (9.0, 5.0), (9.0, 6.0)])

    def test_from_the_depot(self):
        lay = four_aisles(depot=(4.5, 0))
        path = self.check_path(lay, layout.depot_point(lay), layout.locate(lay, 6, 4))
        self.assertEqual(path, [(4.5, 0.0), (6.0, 0.0), (6.0, 4.0)])

    def test_aisles_along_x(self):
        # Aisles at y = 0, 3, 6, 9, running from x = 0 to 10: the same walk with the axes swapped.
        lay = four_aisles(orientation="x")
        path = self.check_path(lay, layout.locate(lay, 2, 0), layout.locate(lay, 3, 9))
        self.assertEqual(path, [(2.0, 0.0), (0.0, 0.0), (0.0, 9.0), (3.0, 9.0)])

    def test_no_shared_cross_aisle_goes_round_by_the_link_aisle(self):
        lay = staircase()
        p, q = layout.locate(lay, 0, 8), layout.locate(lay, 3, 2)
        # up A to the back, along it to the link aisle, down to the front, back to B
        self.assertEqual(layout.distance(lay, p, q), 2 + 6 + 10 + 3 + 2)
        path = self.check_path(lay, p, q)
        self.assertEqual(path, [(0.0, 8.0), (0.0, 10.0), (6.0, 10.0), (6.0, 0.0), (3.0, 0.0), (3.0, 2.0)])
        self.assertEqual(self.check_path(lay, q, p), path[::-1])

    def test_depot_on_a_cross_aisle_its_aisle_does_not_reach(self):
        lay = staircase()
        depot = layout.depot_point(lay)
        path = self.check_path(lay, depot, layout.locate(lay, 0, 7))
        self.assertEqual(path, [(6.0, 0.0), (6.0, 10.0), (0.0, 10.0), (0.0, 7.0)])


class TestPathRandom(PathChecks):
    def test_random_pairs_on_regular_layouts(self):
        rng = random.Random(20261124)
        for _ in range(40):
            lay = random_regular(rng)
            for _ in range(25):
                self.check_path(lay, random_point(lay, rng), random_point(lay, rng))

    def test_random_pairs_on_irregular_layouts(self):
        rng = random.Random(4242)
        through_graph = 0
        for _ in range(40):
            lay = random_irregular(rng)
            network = lay._network
            for _ in range(25):
                p, q = random_point(lay, rng), random_point(lay, rng)
                sp, sq = network.resolve(p), network.resolve(q)
                if sp.aisle is None or sp.aisle != sq.aisle:
                    through_graph += min(a + b for a, b in zip(sp.reach, sq.reach)) == math.inf
                self.check_path(lay, p, q)
        # The Dijkstra case was exercised, not only the closed form.
        self.assertGreater(through_graph, 50)


class TestRoutePath(PathChecks):
    def check_route_path(self, lay, points, order, length):
        polyline = layout.route_path(lay, points, order)
        self.assertAlmostEqual(math.dist(polyline[0], lay.depot), 0.0, delta=TOL)
        self.assertEqual(polyline[-1], polyline[0])
        self.assertAlmostEqual(polyline_length(polyline), length, delta=TOL)
        self.assert_walkable(lay, polyline)
        # Every stop is a waypoint, in visiting order.
        index = 0
        for i in order:
            stop = lay.to_xy(points[i].u, points[i].v)
            while polyline[index] != stop:
                index += 1
                self.assertLess(index, len(polyline), f"stop {stop} missing or out of order in {polyline}")
        return polyline

    def test_empty_route_stays_at_the_depot(self):
        lay = four_aisles(depot=(1.5, 0))
        self.assertEqual(layout.route_path(lay, [], []), [(1.5, 0.0)])

    def test_hand_route(self):
        lay = four_aisles()
        points = [layout.locate(lay, *xy) for xy in ((0, 2), (3, 8), (0, 2))]
        length = layout.tour_length(lay, [points[0], points[2], points[1]])
        polyline = self.check_route_path(lay, points, (0, 2, 1), length)
        # Into aisle 1 and back (the repeated bin adds no waypoint), then up aisle 2 from the front.
        self.assertEqual(polyline, [(0.0, 0.0), (0.0, 2.0), (0.0, 0.0), (3.0, 0.0), (3.0, 8.0), (3.0, 0.0), (0.0, 0.0)])

    def test_shortest_and_odoo_orders_on_random_layouts(self):
        rng = random.Random(7)
        for index in range(60):
            lay = random_regular(rng) if index % 2 else random_irregular(rng)
            points = [random_point(lay, rng) for _ in range(rng.randint(1, 12))]
            best = routing.shortest_route(lay, points)
            self.check_route_path(lay, points, best.order, best.length)
            odoo = routing.odoo_order(lay, points, [f"B{rng.randint(0, 99):02d}" for _ in points])
            self.check_route_path(lay, points, odoo.order, odoo.length)
            self.assertAlmostEqual(
                polyline_length(layout.route_path(lay, points, best.order)),
                layout.tour_length(lay, [points[i] for i in best.order]), delta=TOL)


if __name__ == "__main__":
    unittest.main()
