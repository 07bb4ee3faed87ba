"""Directed picking: the shortest walking route through a set of bins (no Odoo import).

Problem
-------
Given a :class:`~.layout.Layout` and the bins of a pick list as network points
(:func:`.layout.locate`), find the order that makes the walk
depot -> bins -> depot shortest, the picker walking the shortest way between
consecutive bins (:func:`.layout.distance`). Every function returns a
:class:`Route`: the visiting order (indexes into the input, depot excluded),
its length in metres, whether it is proven optimal, a lower bound and the
method used.

Methods
-------
:func:`shortest_route` picks the best method for the layout:

* at most three cross aisles (one block: front and back cross aisles; two
  blocks: a middle cross aisle too): **exact**, by a dynamic programme over
  the aisles, linear in their number. With one block it is Ratliff &
  Rosenthal's (1983) algorithm, with two Roodbergen & de Koster's (2001)
  (``method`` says which). It also accepts irregular aisles (aisles that stop
  short of a cross aisle, or run past the outer ones) and a depot anywhere on
  any cross aisle.
* four to six cross aisles (three to five blocks): the same programme
  deciding one vertex at a time (``method`` ``'multi_block_dp'``, see
  :mod:`.multi_block`), exact for three blocks. For four and five it keeps
  the :data:`DP_BEAM` cheapest states after each vertex (sparse lists:
  :data:`DP_BEAM_SPARSE`, then 2-opt and Or-opt): a near-optimal route
  (``exact`` False, with a simple lower bound). Lists of at most
  :data:`HELD_KARP_EXACT_UP_TO` distinct positions that the capped
  programme could not prove go to Held-Karp.
* more cross aisles: Held-Karp (exact) up to :data:`HELD_KARP_EXACT_UP_TO`
  distinct positions, otherwise :func:`local_search`, a heuristic that reports
  a proven lower bound (``exact`` is True only if the bound meets the length).

Baselines, computed on the same network: :func:`odoo_order` (bins sorted by
location name, what Odoo does), :func:`s_shape` and :func:`largest_gap` (the
classic routing policies, the walk each policy prescribes), and
:func:`held_karp` (brute force for small lists, used by tests and benchmarks).

The exact programmes are in :mod:`.columns` (one and two blocks) and
:mod:`.multi_block` (more); Held-Karp, the local search and its bound in
:mod:`.tours`; the policies in :mod:`.policies`.

Conventions
-----------
* Picks at the same position are listed next to each other.
* ``Route.length`` is what the picker walks following the method. For every
  method but the two policies that is the order walked the shortest way
  between consecutive picks, i.e. ``tour_length(layout, ordered points)``.
  :func:`s_shape` and :func:`largest_gap` prescribe their path (an S-shape
  traverses an aisle even when turning back would be shorter), so their
  ``length`` is that path, which is at least the ``tour_length`` of their
  order; comparing the order with shortcuts would no longer be the policy.
* The policies apply to rectangular layouts (every aisle reaches every cross
  aisle, at least two cross aisles) with the depot on the first or the last
  cross aisle; otherwise they raise ``ValueError``. Picks they do not cover
  (standing on a cross aisle, or beyond the outer cross aisles) are inserted
  into the policy's walk where that costs least (usually nothing: the walk
  passes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import layout as _layout
from ..layout import Layout, Point
from .columns import (
    _TRANSITIONS as _TRANSITIONS,  # cleared by the tests and the benchmark
)
from .columns import column_dp
from .multi_block import vertex_dp as _vertex_dp
from .policies import policy_walk
from .tours import (
    ILS_ROUNDS,
    distinct_positions,
    held_karp_tour,
    local_search_order,
    order_from_positions,
    polish,
    route_length,
)

__all__ = [
    "HELD_KARP_EXACT_UP_TO",
    "HELD_KARP_LIMIT",
    "ILS_ROUNDS",
    "Route",
    "held_karp",
    "largest_gap",
    "local_search",
    "odoo_order",
    "s_shape",
    "shortest_route",
]

# Distinct positions up to which :func:`shortest_route` solves layouts outside
# the dynamic programme by Held-Karp (a few milliseconds at 9).
HELD_KARP_EXACT_UP_TO = 9
# Largest number of distinct positions :func:`held_karp` accepts (8,192 subsets).
HELD_KARP_LIMIT = 13
# Cross aisles the column-at-a-time programme handles (one or two blocks).
DP_MAX_CROSS_AISLES = 3
# Cross aisles the vertex-at-a-time programme handles (up to five blocks);
# beyond, Held-Karp for short lists, else the local search.
MULTI_BLOCK_MAX_CROSS_AISLES = 6
# States the vertex-at-a-time programme keeps after each vertex. Three
# blocks never have more live states than DP_STATE_CAP (486), so their routes
# are proven optimal; four blocks have up to 2,502 (five about 20,000), so
# only the DP_BEAM cheapest are kept. Sparse lists (at most SPARSE_UP_TO
# distinct positions) suffer most from the cut: they keep DP_BEAM_SPARSE
# and are then polished by 2-opt and Or-opt. Near-optimal in a fraction of
# the time: figures in bench/bench_routing.py, ``multi_block``.
DP_STATE_CAP = 500
DP_BEAM = 400
DP_BEAM_SPARSE = 800
SPARSE_UP_TO = 60

_EPS = 1e-9
_INF = float("inf")
# Names the tests and the benchmark reach for.
_route_length = route_length


@dataclass(frozen=True)
class Route:
    """A picking route.

    ``order``: indexes into the input points, in visiting order (depot
    excluded). ``length``: metres walked, depot -> picks -> depot (see the
    module docstring for the policies). ``exact``: proven optimal.
    ``lower_bound``: a proven lower bound on the optimum (equal to ``length``
    when exact; ``None`` for the baselines, which do not compute one).
    ``method``: ``'ratliff_rosenthal'``, ``'roodbergen_de_koster'``,
    ``'multi_block_dp'``, ``'held_karp'``, ``'local_search'``, ``'odoo_order'``, ``'s_shape'``,
    ``'largest_gap'`` or ``'empty'``.
    """

    order: tuple[int, ...]
    length: float
    exact: bool
    lower_bound: float | None
    method: str

    @property
    def gap(self) -> float | None:
        """Relative distance to the lower bound (0 when exact), None without a bound."""
        if self.lower_bound is None:
            return None
        if self.lower_bound <= 0:
            return 0.0 if self.length <= _EPS else _INF
        return self.length / self.lower_bound - 1.0


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def shortest_route(layout: Layout, points: Sequence[Point]) -> Route:
    """The shortest route through ``points`` (exact where possible, see the module docstring)."""
    network = layout._network
    stops = [network.resolve(point) for point in points]
    if not stops:
        return Route((), 0.0, True, 0.0, "empty")
    if len(network.cross) <= DP_MAX_CROSS_AISLES:
        order = column_dp(network, stops)
        length = route_length(network, stops, order)
        method = "ratliff_rosenthal" if len(network.cross) <= 2 else "roodbergen_de_koster"
        return Route(tuple(order), length, True, length, method)
    unique, groups = distinct_positions(stops)
    if len(network.cross) <= MULTI_BLOCK_MAX_CROSS_AISLES:
        if len(network.cross) <= 4:
            order, exact, bound = _vertex_dp(network, stops, DP_STATE_CAP)
        else:
            sparse = len(unique) <= SPARSE_UP_TO
            order, exact, bound = _vertex_dp(network, stops, DP_BEAM_SPARSE if sparse else DP_BEAM)
            if not exact and sparse and len(unique) > HELD_KARP_EXACT_UP_TO:
                order = polish(layout, network, stops, unique, groups, order)
        if exact or len(unique) > HELD_KARP_EXACT_UP_TO:
            length = route_length(network, stops, order)
            return Route(tuple(order), length, exact, length if exact else min(bound, length), "multi_block_dp")
    if len(unique) <= HELD_KARP_EXACT_UP_TO:
        return _held_karp_route(network, stops, unique, groups)
    return _local_search_route(layout, network, points, stops, unique, groups)


def held_karp(layout: Layout, points: Sequence[Point]) -> Route:
    """Exact optimum by Held-Karp over the distinct positions (at most :data:`HELD_KARP_LIMIT`)."""
    network = layout._network
    stops = [network.resolve(point) for point in points]
    unique, groups = distinct_positions(stops)
    if len(unique) > HELD_KARP_LIMIT:
        raise ValueError(f"held_karp: at most {HELD_KARP_LIMIT} distinct positions, got {len(unique)}")
    return _held_karp_route(network, stops, unique, groups)


def local_search(layout: Layout, points: Sequence[Point]) -> Route:
    """Heuristic route with a proven lower bound, for any layout.

    Starts from nearest neighbour (and the S-shape and largest-gap orders
    where those policies apply), improves each by 2-opt and Or-opt moves on
    the shortest-path distances, keeps the best, then kicks it (double
    bridge) and improves again up to :data:`ILS_ROUNDS` times, stopping as
    soon as it meets the lower bound. The bound is the Held-Karp 1-tree bound
    (subgradient optimised) on the same distances; ``exact`` is True when the
    route meets it. Deterministic: the same input gives the same route.
    """
    network = layout._network
    stops = [network.resolve(point) for point in points]
    unique, groups = distinct_positions(stops)
    return _local_search_route(layout, network, points, stops, unique, groups)


def odoo_order(layout: Layout, points: Sequence[Point], names: Sequence[str]) -> Route:
    """Odoo's order: the bins sorted by location name (ties keep the input order)."""
    if len(names) != len(points):
        raise ValueError(f"names: expected {len(points)} names, got {len(names)}")
    order = tuple(sorted(range(len(points)), key=lambda i: (names[i], i)))
    length = _layout.tour_length(layout, [points[i] for i in order])
    return Route(order, length, False, None, "odoo_order")


def s_shape(layout: Layout, points: Sequence[Point]) -> Route:
    """The S-shape (traversal) policy.

    One block, the textbook rule: from the depot to the pick aisle at the
    left end, then every aisle holding a pick is traversed entirely, left to
    right; when their number is odd the last one is entered from the front,
    to its farthest pick, and left the same way; back to the depot.

    Several blocks (Roodbergen & de Koster's multi-block S-shape, in this
    variant): walk up the leftmost pick aisle to the near side of the farthest
    block holding picks, picking on the way; in that block apply the textbook
    rule from its near side, sweeping right; then block by block towards the
    depot, entered from its far side, sweep its subaisles with picks from the
    end nearer the picker, traversing each except, when their number is
    even, the last, which is entered from the near side and left the same
    way, so that the picker always leaves a block on its near side (a block
    without picks is crossed along the aisle the picker is in).
    """
    return _policy_route(layout, points, "s_shape")


def largest_gap(layout: Layout, points: Sequence[Point]) -> Route:
    """The largest-gap policy.

    One block, the textbook rule: the leftmost pick aisle is traversed to the
    back; along the back cross aisle, each following pick aisle but the last
    is entered from the back as far as its largest gap (the longest stretch
    between two adjacent picks or a pick and an aisle end) and left the same
    way; the rightmost pick aisle is traversed to the front; along the front
    cross aisle each pick aisle is entered from the front to its largest gap;
    back to the depot. A single pick aisle is entered from the front to its
    farthest pick.

    Several blocks (our variant of Roodbergen & de Koster's multi-block
    largest gap): walk up the leftmost pick aisle to the near side of the
    farthest block holding picks, picking on the way; traverse that block's
    leftmost pick subaisle (or, if it is the block's only one, enter it to its
    farthest pick and come back); then each block, from the farthest towards
    the depot, is handled like the one-block rule between its far and near
    cross aisles (far side left to right, the rightmost pick subaisle
    traversed, near side right to left), so the picker leaves every block on
    its near side (a block without picks is crossed along the aisle the
    picker is in).
    """
    return _policy_route(layout, points, "largest_gap")


def _held_karp_route(network, stops, unique, groups):
    if not stops:
        return Route((), 0.0, True, 0.0, "held_karp")
    nodes = [network.resolve(network.depot), *unique]
    d = [[network.between(a, b) for b in nodes] for a in nodes]
    order = order_from_positions([n - 1 for n in held_karp_tour(d)], groups)
    length = route_length(network, stops, order)
    return Route(tuple(order), length, True, length, "held_karp")


def _local_search_route(layout, network, points, stops, unique, groups):
    if not stops:
        return Route((), 0.0, True, 0.0, "local_search")
    order, length, exact, bound = local_search_order(layout, network, points, stops, unique, groups)
    return Route(tuple(order), length, exact, bound, "local_search")


def _policy_route(layout, points, method):
    order, length = policy_walk(layout, points, method)
    return Route(order, length, False, None, method)
