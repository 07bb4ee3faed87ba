"""Unit tests of the plain-Python layout engine (no Odoo, no database).

The engine is loaded by ``engine_loader`` (by path, as a package of its own).
"""

import heapq
import itertools
import random
import unittest

from .engine_loader import engine_module

layout = engine_module("layout")
errors = engine_module("errors")

Aisle, Layout, Point = layout.Aisle, layout.Layout, layout.Point


def four_aisles(**kwargs):
    """Aisles at x = 0, 3, 6, 9, from y = 0 to 10; cross aisles at y = 0 and 10; depot (0, 0)."""
    return Layout.regular(aisle_count=4, aisle_length=10, aisle_spacing=3, **kwargs)


def dist(lay, a, b):
    """Walking distance between two bins given by real (x, y)."""
    return layout.distance(lay, layout.locate(lay, *a), layout.locate(lay, *b))


def reference_distance(lay, p, q):
    """Brute-force Dijkstra on the network with p and q inserted as nodes.

    Independent of the engine's formulas: every line (aisle or cross aisle)
    is cut at every node on it, and edges join neighbours on a line.
    """
    lines = {}  # ('a', i) or ('c', j) -> set of positions along the line
    cross = lay.cross_aisles
    for i, aisle in enumerate(lay.aisles):
        for j, c in enumerate(cross):
            if aisle.reaches(c):
                lines.setdefault(("a", i), set()).add(c)
                lines.setdefault(("c", j), set()).add(aisle.u)
    for point in (p, q):
        if point.aisle is None:
            lines.setdefault(("c", cross.index(point.v)), set()).add(point.u)
        else:
            lines.setdefault(("a", point.aisle), set()).add(point.v)
    graph = {}
    for (kind, index), positions in lines.items():
        ordered = sorted(positions)
        for a, b in zip(ordered, ordered[1:]):
            if kind == "a":
                u = lay.aisles[index].u
                na, nb = (u, a), (u, b)
            else:
                na, nb = (a, cross[index]), (b, cross[index])
            graph.setdefault(na, []).append((nb, b - a))
            graph.setdefault(nb, []).append((na, b - a))
    source, target = (p.u, p.v), (q.u, q.v)
    best = {source: 0.0}
    heap = [(0.0, source)]
    while heap:
        d, node = heapq.heappop(heap)
        if node == target:
            return d
        if d > best[node]:
            continue
        for other, length in graph.get(node, ()):
            if d + length < best.get(other, float("inf")):
                best[other] = d + length
                heapq.heappush(heap, (d + length, other))
    return float("inf")


def random_bins(lay, rng, count):
    """Bins anywhere in the layout's bounding box, as real (x, y)."""
    u_low, u_high = lay.aisles[0].u - 1, lay.aisles[-1].u + 1
    v_low = min(a.v_start for a in lay.aisles)
    v_high = max(a.v_end for a in lay.aisles)
    return [lay.to_xy(rng.uniform(u_low, u_high), rng.uniform(v_low, v_high)) for _ in range(count)]


class TestRegularLayout(unittest.TestCase):
    def test_regular_geometry(self):
        lay = four_aisles()
        self.assertEqual([a.u for a in lay.aisles], [0, 3, 6, 9])
        self.assertEqual([(a.v_start, a.v_end) for a in lay.aisles], [(0, 10)] * 4)
        self.assertEqual([a.name for a in lay.aisles], ["A1", "A2", "A3", "A4"])
        self.assertEqual(lay.cross_aisles, (0, 10))
        self.assertEqual(lay.depot, (0, 0))
        self.assertEqual(four_aisles(cross_aisle_count=1).cross_aisles, (0,))
        self.assertEqual(four_aisles(cross_aisle_count=3).cross_aisles, (0, 5, 10))
        self.assertEqual(four_aisles(cross_aisle_count=5).cross_aisles, (0, 2.5, 5, 7.5, 10))
        # Origin (2, 5), aisles along x: u = y = 5, 8, 11, 14; v = x from 2 to 12;
        # depot = front end of first aisle = (x=2, y=5).
        shifted = four_aisles(origin=(2, 5), orientation="x", names=["a", "b", "c", "d"])
        self.assertEqual([a.u for a in shifted.aisles], [5, 8, 11, 14])
        self.assertEqual(shifted.cross_aisles, (2, 12))
        self.assertEqual(shifted.depot, (2, 5))
        self.assertEqual(shifted.aisles[3].name, "d")

    def test_same_aisle_walks_straight(self):
        # Aisle x=0, bins at y=2 and y=8: straight along the aisle, 8-2 = 6
        # (leaving through a cross aisle would cost 2+8 = 10 via the front).
        self.assertEqual(dist(four_aisles(), (0, 2), (0, 8)), 6)

    def test_other_aisle_via_back(self):
        # Aisle x=0 y=4 to aisle x=9 y=7, cross aisles y=0 and y=10:
        # via front 4+9+7 = 20, via back 6+9+3 = 18 -> 18.
        self.assertEqual(dist(four_aisles(), (0, 4), (9, 7)), 18)

    def test_adjacent_aisle_via_front(self):
        # Aisle x=0 y=2 to aisle x=3 y=3: via front 2+3+3 = 8, via back 8+3+7 = 18 -> 8.
        self.assertEqual(dist(four_aisles(), (0, 2), (3, 3)), 8)

    def test_middle_cross_aisle_shortcut(self):
        # Two 20 m aisles at x=0 and x=5, bins at (0, 9) and (5, 12).
        # Front/back only: via front 9+5+12 = 26, via back 11+5+8 = 24 -> 24.
        # With a middle cross aisle at y=10: 1+5+2 = 8.
        two_blocks = Layout.regular(2, 20, 5, cross_aisle_count=3)
        one_block = Layout.regular(2, 20, 5, cross_aisle_count=2)
        self.assertEqual(dist(one_block, (0, 9), (5, 12)), 24)
        self.assertEqual(dist(two_blocks, (0, 9), (5, 12)), 8)

    def test_depot_to_bin(self):
        lay = four_aisles()
        depot = layout.depot_point(lay)
        self.assertEqual(depot, Point(None, 0, 0))
        # Depot (0, 0) to bin (9, 7): along the front 9, up the aisle 7 -> 16.
        self.assertEqual(layout.distance(lay, depot, layout.locate(lay, 9, 7)), 16)
        # Depot on the back cross aisle at x=4.5, between aisles 3 and 6:
        # to bin (0, 1): across 4.5, down 9 -> 13.5.
        back = four_aisles(depot=(4.5, 10))
        self.assertEqual(layout.distance(back, layout.depot_point(back), layout.locate(back, 0, 1)), 13.5)
        # Depot beyond the first aisle (x=-2) on the extended front cross aisle:
        # to bin (3, 4): across 5, up 4 -> 9.
        outside = four_aisles(depot=(-2, 0))
        self.assertEqual(
            layout.distance(outside, layout.depot_point(outside), layout.locate(outside, 3, 4)), 9
        )

    def test_depot_leaves_only_through_its_cross_aisle(self):
        # Aisles x=0 (y 0..10) and x=6 (y 0..20); cross aisles y=0, 10, 20;
        # depot at (3, 20) on the back cross aisle, which only aisle x=6 reaches.
        # Depot to bin (0, 9): back to x=6 (3), down to y=10 (10), across to
        # x=0 (6), down to 9 (1) -> 20. Entering aisle x=0 at y=10 is fine;
        # walking the back cross aisle straight to x=0 would be 3 but is no
        # way into that aisle.
        lay = Layout(
            aisles=(Aisle("short", 0, 0, 10), Aisle("long", 6, 0, 20)),
            cross_aisles=(0, 10, 20),
            depot=(3, 20),
        )
        depot = layout.depot_point(lay)
        bin_point = layout.locate(lay, 0, 9)
        self.assertEqual(layout.distance(lay, depot, bin_point), 20)
        self.assertEqual(layout.distance(lay, bin_point, depot), 20)

    def test_orientation_x_is_orientation_y_transposed(self):
        # Hand value: aisles at y=0 and y=9 run along x (cross aisles x=0, 10);
        # bins (4, 0) and (7, 9) are the transpose of the via-back example:
        # via x=0 4+9+7 = 20, via x=10 6+9+3 = 18 -> 18.
        self.assertEqual(dist(four_aisles(orientation="x"), (4, 0), (7, 9)), 18)
        along_y = four_aisles(cross_aisle_count=3)
        along_x = four_aisles(cross_aisle_count=3, orientation="x")
        rng = random.Random(11)
        bins = random_bins(along_y, rng, 30)
        for a, b in itertools.combinations(bins, 2):
            self.assertEqual(dist(along_y, a, b), dist(along_x, a[::-1], b[::-1]))

    def test_bins_on_both_sides_share_the_aisle(self):
        lay = four_aisles()
        left, right = layout.locate(lay, -0.7, 5), layout.locate(lay, 0.7, 5)
        self.assertEqual(left, Point(0, 0, 5))
        self.assertEqual(right, Point(0, 0, 5))
        self.assertEqual(layout.distance(lay, left, right), 0)
        # x=4.2 is 1.2 from aisle x=3 and 1.8 from aisle x=6; an exact tie
        # (x=1.5) goes to the aisle with the smaller position.
        self.assertEqual(layout.locate(lay, 4.2, 5).aisle, 1)
        self.assertEqual(layout.locate(lay, 1.5, 5).aisle, 0)
        self.assertEqual(layout.locate(lay, 50, 5).aisle, 3)

    def test_v_is_clamped_into_the_aisle(self):
        lay = four_aisles()
        self.assertEqual(layout.locate(lay, 3, 12.5), Point(1, 3, 10))
        self.assertEqual(layout.locate(lay, 3, -1), Point(1, 3, 0))
        # Both clamp onto aisle x=3: from y=10 to y=0 -> 10.
        self.assertEqual(dist(lay, (3, 12.5), (3, -1)), 10)


class TestIrregularLayout(unittest.TestCase):
    def test_aisle_not_reaching_the_back(self):
        # Aisles x=0 (y 0..20), x=4 (y 0..10, stops short), x=8 (y 0..20);
        # cross aisles y=0 and y=20 (the back one misses the short aisle).
        lay = Layout(
            aisles=(Aisle("A", 0, 0, 20), Aisle("B", 4, 0, 10), Aisle("C", 8, 0, 20)),
            cross_aisles=(0, 20),
            depot=(0, 0),
        )
        # B y=9 to C y=19: only the front serves B: 9+4+19 = 32
        # (via the back it would have been 11+4+1 = 16 if B reached it).
        self.assertEqual(dist(lay, (4, 9), (8, 19)), 32)
        # A y=19 to C y=19, both reach the back: 1+8+1 = 10.
        self.assertEqual(dist(lay, (0, 19), (8, 19)), 10)
        # B y=10 (its very end) to A y=15: front 10+4+15 = 29.
        self.assertEqual(dist(lay, (4, 10), (0, 15)), 29)

    def test_no_shared_cross_aisle_goes_through_a_connecting_aisle(self):
        # Cross aisles y=0, 10, 20. Aisle x=0 spans y 0..8 (front only),
        # aisle x=10 spans y 12..20 (back only), aisle x=15 spans 0..20.
        # Bin (0, 6) to bin (10, 14): down 6, along the front to x=15 (15),
        # up to the back (20), back along it to x=10 (5), down to 14 (6) -> 52.
        lay = Layout(
            aisles=(Aisle("front", 0, 0, 8), Aisle("back", 10, 12, 20), Aisle("link", 15, 0, 20)),
            cross_aisles=(0, 10, 20),
            depot=(0, 0),
        )
        self.assertEqual(dist(lay, (0, 6), (10, 14)), 52)
        self.assertEqual(dist(lay, (10, 14), (0, 6)), 52)
        # Depot (0, 0) to bin (10, 19): 15 + 20 + 5 + 1 = 41.
        self.assertEqual(
            layout.distance(lay, layout.depot_point(lay), layout.locate(lay, 10, 19)), 41
        )

    def test_unreachable_raises(self):
        # Aisle x=0 only meets the front, aisle x=5 only the back: no way across.
        lay = Layout(
            aisles=(Aisle("A", 0, 0, 5), Aisle("B", 5, 15, 20)),
            cross_aisles=(0, 20),
            depot=(0, 0),
        )
        with self.assertRaisesRegex(ValueError, "no walkable path"):
            dist(lay, (0, 2), (5, 18))
        with self.assertRaisesRegex(ValueError, "no walkable path"):
            layout.distance_matrix(lay, [layout.locate(lay, 0, 2), layout.locate(lay, 5, 18)])

    def test_matches_brute_force_on_random_irregular_layouts(self):
        rng = random.Random(3)
        for _ in range(15):
            cross = (0.0, 10.0, 20.0, 30.0)
            aisles = []
            for i in range(6):
                low = rng.choice((0.0, 0.0, 4.0, 10.0))
                high = rng.choice((20.0, 26.0, 30.0, 30.0))
                aisles.append(Aisle(f"A{i}", i * 3.0, low, high))
            aisles.append(Aisle("link", 18.0, 0.0, 30.0))  # keeps every layout connected
            lay = Layout(tuple(aisles), cross, depot=(rng.uniform(-2, 20), rng.choice(cross)))
            points = [layout.locate(lay, *xy) for xy in random_bins(lay, rng, 12)]
            points.append(layout.depot_point(lay))
            for p, q in itertools.product(points, repeat=2):
                self.assertAlmostEqual(layout.distance(lay, p, q), reference_distance(lay, p, q))


class TestMetricProperties(unittest.TestCase):
    def check_metric(self, lay, seed):
        rng = random.Random(seed)
        points = [layout.locate(lay, *xy) for xy in random_bins(lay, rng, 25)]
        points.append(layout.depot_point(lay))
        d = {(p, q): layout.distance(lay, p, q) for p, q in itertools.product(points, repeat=2)}
        for p, q in itertools.product(points, repeat=2):
            self.assertAlmostEqual(d[p, q], d[q, p])
            # Walking never beats the rectilinear (u, v) distance.
            self.assertGreaterEqual(d[p, q] + 1e-9, abs(p.u - q.u) + abs(p.v - q.v))
        for p in points:
            self.assertEqual(d[p, p], 0)
        for p, q, r in itertools.product(points, repeat=3):
            self.assertLessEqual(d[p, r], d[p, q] + d[q, r] + 1e-9)

    def test_symmetry_and_triangle_inequality_regular(self):
        self.check_metric(Layout.regular(6, 24, 4, cross_aisle_count=3, depot=(10, 12)), seed=1)

    def test_symmetry_and_triangle_inequality_irregular(self):
        lay = Layout(
            aisles=(Aisle("A", 0, 0, 30), Aisle("B", 4, 0, 12), Aisle("C", 8, 14, 30), Aisle("D", 12, 0, 30)),
            cross_aisles=(0, 15, 30),
            depot=(6, 15),
        )
        self.check_metric(lay, seed=2)


class TestMatrixAndTour(unittest.TestCase):
    def test_distance_matrix_equals_pairwise_distance(self):
        rng = random.Random(5)
        regular = Layout.regular(8, 30, 3.5, cross_aisle_count=3, origin=(1, 2), orientation="x")
        irregular = Layout(
            aisles=(Aisle("front", 0, 0, 8), Aisle("back", 10, 12, 20), Aisle("link", 15, 0, 20)),
            cross_aisles=(0, 10, 20),
            depot=(5, 20),
        )
        for lay in (regular, irregular):
            points = [layout.locate(lay, *xy) for xy in random_bins(lay, rng, 40)]
            points += [layout.depot_point(lay), points[0]]
            matrix = layout.distance_matrix(lay, points)
            self.assertEqual(len(matrix), len(points))
            for i, p in enumerate(points):
                self.assertEqual(len(matrix[i]), len(points))
                for j, q in enumerate(points):
                    self.assertAlmostEqual(matrix[i][j], layout.distance(lay, p, q))
        self.assertEqual(layout.distance_matrix(regular, []), [])

    def test_tour_length_hand_computed(self):
        lay = four_aisles()
        tour = [layout.locate(lay, *xy) for xy in ((0, 5), (3, 8), (9, 2))]
        # depot (0,0) -> (0,5): up aisle 0, 5
        # (0,5) -> (3,8): front 5+3+8 = 16, back 5+3+2 = 10 -> 10
        # (3,8) -> (9,2): front 8+6+2 = 16, back 2+6+8 = 16 -> 16
        # (9,2) -> depot: down 2, across 9 -> 11
        # total 5 + 10 + 16 + 11 = 42
        self.assertEqual(layout.tour_length(lay, tour), 42)
        # Starting at (3, 8) and ending at (0, 5) instead:
        # (3,8) -> (0,5): front 8+3+5 = 16, back 2+3+5 = 10 -> 10
        # (0,5) -> (3,8) 10, (3,8) -> (9,2) 16 (as above)
        # (9,2) -> (0,5): front 2+9+5 = 16, back 8+9+5 = 22 -> 16
        # total 10 + 10 + 16 + 16 = 52
        self.assertEqual(layout.tour_length(lay, tour, start=tour[1], end=tour[0]), 52)
        self.assertEqual(layout.tour_length(lay, []), 0)


class TestValidation(unittest.TestCase):
    def assert_invalid(self, field, lay):
        with self.assertRaises(ValueError) as caught:
            lay.validate()
        self.assertTrue(str(caught.exception).startswith(f"{field}: "), str(caught.exception))

    def test_validation_errors_name_the_field(self):
        aisle = Aisle("A", 0, 0, 10)
        self.assert_invalid("aisles", Layout((), (0,), (0, 0)))
        self.assert_invalid("aisles", Layout((Aisle("A", 0, 10, 10),), (10,), (0, 10)))
        self.assert_invalid("aisles", Layout((aisle, Aisle("B", 0, 0, 10)), (0,), (0, 0)))
        self.assert_invalid("aisles", Layout((aisle, Aisle("B", 3, 12, 18)), (0, 10), (0, 0)))
        self.assert_invalid("cross_aisles", Layout((aisle,), (), (0, 0)))
        self.assert_invalid("cross_aisles", Layout((aisle,), (0, 25), (0, 0)))
        self.assert_invalid("cross_aisles", Layout((aisle,), (0, 0), (0, 0)))
        self.assert_invalid("depot", Layout((aisle,), (0, 10), (0, 5)))
        self.assert_invalid("orientation", Layout((aisle,), (0, 10), (0, 0), orientation="z"))
        # The depot check works in (u, v): for orientation 'x' its x must be a
        # cross-aisle position, so (0, 5) is fine there (and not for 'y', above).
        self.assert_invalid("depot", Layout((aisle,), (0, 10), (5, 0), orientation="x"))
        Layout((aisle,), (0, 10), (0, 5), orientation="x").validate()

    def test_regular_rejects_bad_parameters(self):
        for field, code, kwargs in (
            ("aisle_count", "too_few", dict(aisle_count=0)),
            ("aisle_length", "not_positive", dict(aisle_length=0)),
            ("aisle_spacing", "not_positive", dict(aisle_spacing=-1)),
            ("cross_aisle_count", "too_few", dict(cross_aisle_count=0)),
            ("names", "aisle_names_count", dict(names=["only one"])),
            ("orientation", "orientation_invalid", dict(orientation="z")),
            ("depot", "depot_not_on_cross_aisle", dict(depot=(1, 1))),
        ):
            params = {"aisle_count": 3, "aisle_length": 10, "aisle_spacing": 3, **kwargs}
            with self.subTest(field=field), self.assertRaises(errors.EngineError) as caught:
                Layout.regular(**params)
            self.assertEqual((caught.exception.field, caught.exception.code), (field, code))

    def test_cross_aisle_off_the_aisles_is_a_coded_error(self):
        lay = Layout([Aisle("A", 0, 0, 10), Aisle("B", 3, 0, 10)], [0, 10, 50], [0, 0])
        with self.assertRaises(errors.EngineError) as caught:
            lay.validate()
        self.assertEqual((caught.exception.code, caught.exception.field, caught.exception.params),
                         ("cross_aisle_meets_no_aisle", "cross_aisles", {"position": 50}))

    def test_points_off_the_network_are_rejected(self):
        lay = four_aisles()
        for point in (Point(7, 0, 5), Point(0, 1, 5), Point(0, 0, 11), Point(None, 0, 5), Point(None, 30, 0)):
            with self.assertRaises(ValueError):
                layout.distance(lay, point, layout.depot_point(lay))

    def test_layout_is_normalised_and_hashable(self):
        lay = Layout([Aisle("B", 3, 0, 10), Aisle("A", 0, 0, 10)], [10, 0], [0, 0])
        self.assertEqual([a.name for a in lay.aisles], ["A", "B"])
        self.assertEqual(lay.cross_aisles, (0.0, 10.0))
        self.assertEqual(lay, Layout((Aisle("A", 0, 0, 10), Aisle("B", 3, 0, 10)), (0, 10), (0, 0)))
        self.assertEqual(len({lay, four_aisles()}), 2)
