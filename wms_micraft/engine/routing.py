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
  deciding one vertex at a time (``method`` ``'multi_block_dp'``, see below),
  exact for three blocks; for four and five it keeps the
  :data:`DP_BEAM` cheapest states after each vertex (sparse lists: more,
  then 2-opt and Or-opt): a near-optimal
  route (``exact`` False, with a simple lower bound) unless the states fit
  under the cap. Lists of at most :data:`HELD_KARP_EXACT_UP_TO` distinct
  positions the capped programme could not prove go to Held-Karp.
* more cross aisles: Held-Karp (exact) up to :data:`HELD_KARP_EXACT_UP_TO`
  distinct positions, otherwise :func:`local_search`, a heuristic that reports
  a proven lower bound (``exact`` is True only if the bound meets the length).

Baselines, computed on the same network: :func:`odoo_order` (bins sorted by
location name, what Odoo does), :func:`s_shape` and :func:`largest_gap` (the
classic routing policies, the walk each policy prescribes), and
:func:`held_karp` (brute force for small lists, used by tests and benchmarks).

The exact dynamic programme
---------------------------
The layout is a grid: columns (aisle centre lines, plus the positions of the
depot and of any pick standing on a cross aisle between aisles) cut the cross
aisles into horizontal edges; an aisle is cut by the cross aisles it reaches
into *subaisles* (vertical edges), which hold the picks strictly between two
cross aisles. An optimal tour is a connected multigraph with even degrees that
uses every edge at most twice and touches every pick (the Eulerian-subgraph
view of Ratliff & Rosenthal). Parts of an aisle beyond the outermost cross
aisle it reaches are dead ends, walked there and back to the farthest pick.

The programme sweeps the columns from left to right. Its state at the cut
after a column is, per cross aisle, how many times (0, 1 or 2) the partial
tour crosses the cut along it, and which crossings belong to the same
connected piece. For one block these are exactly Ratliff & Rosenthal's
equivalence classes: (1, 1, joined) = UU1C, (2, 0) = E01C, (0, 2) = 0E1C,
(2, 2, joined) = EE1C, (2, 2, apart) = EE2C, (0, 0) = 000C (nothing yet); the
seventh, 001C (tour complete), is the closing step. A column chooses, for
each subaisle, one of Ratliff & Rosenthal's six configurations (traverse once,
traverse twice, largest gap: in from both ends, in from the low end, in from
the high end, not entered) and the crossings leaving to the right; the
transition checks even degrees, that every required vertex is touched, and
that no piece is left behind unless it is the whole tour with nothing left to
visit on the right. Transitions depend only on the state and the shape of the
column, so they are computed once and cached; a column costs a few hundred
dictionary operations whatever the number of picks. The chosen
configurations are then rebuilt as a multigraph, an Eulerian circuit is
walked from the depot, and the picks are listed in the order it first reaches
them: that order, walked the shortest way between consecutive picks, has
exactly the optimal length (it cannot be longer than the circuit, nor shorter
than the optimum).

Any number of cross aisles
--------------------------
A column's configurations multiply with its subaisles (up to 5 ** 4 for four
blocks) and its states with the cross aisles, so beyond two blocks the
programme decides one vertex at a time, bottom to top within a column (a
broken profile, as in Pansart, Catusse & Cambazard's 2018 exact programme for
rectangular warehouses). The state after vertex ``j`` holds, for the rows
below it, the crossings leaving to the right and, for ``j`` and above, those
coming from the left, each with its piece label (the partition is
non-crossing, the graph being planar), plus the uplink: what the subaisle
above the last vertex brings to the next one (nothing, a touch from a return,
a join of even or odd parity). A step chooses that subaisle's configuration
and the vertex's crossings to the right (0, 1 or 2: no edge needs more, Dunn
et al. 2025), checks parity and coverage, merges pieces, and lets a piece end
only as the whole tour. States are numbered once per process and the steps
of each (row, subaisle kinds, required, last column) cached, so a vertex
costs a dictionary update per live state and choice. Three blocks have at most
486 live states; four have up to 2,502, which is where :data:`DP_BEAM` cuts
(measured against the uncut programme in bench/bench_routing.py).

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

import bisect
import itertools
import math
import operator
import random
from collections.abc import Sequence
from dataclasses import dataclass

from . import layout as _layout
from .layout import TOLERANCE, Layout, Point

__all__ = [
    "HELD_KARP_EXACT_UP_TO",
    "HELD_KARP_LIMIT",
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
# Kicks of the local search's perturbation phase (fewer for long lists).
ILS_ROUNDS = 100

_INF = math.inf
_EPS = 1e-9


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
        order = _column_dp(network, stops)
        length = _route_length(network, stops, order)
        method = "ratliff_rosenthal" if len(network.cross) <= 2 else "roodbergen_de_koster"
        return Route(tuple(order), length, True, length, method)
    unique, groups = _distinct_positions(stops)
    if len(network.cross) <= MULTI_BLOCK_MAX_CROSS_AISLES:
        if len(network.cross) <= 4:
            order, exact, bound = _vertex_dp(network, stops, DP_STATE_CAP)
        else:
            sparse = len(unique) <= SPARSE_UP_TO
            order, exact, bound = _vertex_dp(network, stops, DP_BEAM_SPARSE if sparse else DP_BEAM)
            if not exact and sparse and len(unique) > HELD_KARP_EXACT_UP_TO:
                order = _polish(layout, network, stops, unique, groups, order)
        if exact or len(unique) > HELD_KARP_EXACT_UP_TO:
            length = _route_length(network, stops, order)
            return Route(tuple(order), length, exact, length if exact else min(bound, length), "multi_block_dp")
    if len(unique) <= HELD_KARP_EXACT_UP_TO:
        return _held_karp_route(network, stops, unique, groups)
    return _local_search_route(layout, network, points, stops, unique, groups)


def held_karp(layout: Layout, points: Sequence[Point]) -> Route:
    """Exact optimum by Held-Karp over the distinct positions (at most :data:`HELD_KARP_LIMIT`)."""
    network = layout._network
    stops = [network.resolve(point) for point in points]
    unique, groups = _distinct_positions(stops)
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
    unique, groups = _distinct_positions(stops)
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


# ---------------------------------------------------------------------------
# Helpers shared by the methods
# ---------------------------------------------------------------------------


def _walk(network, stops) -> float:
    """Shortest walk through ``stops`` in order (as :func:`layout.tour_length`)."""
    between = network.between
    return sum(between(a, b) for a, b in itertools.pairwise(stops))


def _route_length(network, stops, order):
    """Depot -> ``stops`` in ``order`` -> depot, the shortest way between consecutive ones."""
    depot = network.resolve(network.depot)
    return _walk(network, [depot, *[stops[i] for i in order], depot])


def _position_key(stop):
    return (stop.aisle, stop.v) if stop.aisle is not None else (None, stop.u, stop.v)


def _distinct_positions(stops):
    """Distinct positions (first stop of each) and the point indexes at each."""
    index, unique, groups = {}, [], []
    for i, stop in enumerate(stops):
        key = _position_key(stop)
        slot = index.get(key)
        if slot is None:
            index[key] = slot = len(unique)
            unique.append(stop)
            groups.append([])
        groups[slot].append(i)
    return unique, groups


def _order_from_positions(position_order, groups):
    return [i for position in position_order for i in groups[position]]


# ---------------------------------------------------------------------------
# Exact dynamic programme over the columns
# ---------------------------------------------------------------------------

# Subaisle configurations (Ratliff & Rosenthal's six).
_NONE, _ONCE, _TWICE, _LOW, _HIGH, _GAP = range(6)
# Effect of each: (parity at the low vertex, parity at the high vertex,
# touches low, touches high, joins low and high).
_EFFECT = {
    _NONE: (0, 0, False, False, False),
    _ONCE: (1, 1, True, True, True),
    _TWICE: (0, 0, True, True, True),
    _LOW: (0, 0, True, False, False),
    _HIGH: (0, 0, False, True, False),
    _GAP: (0, 0, True, True, False),
}
_EMPTY_KINDS = (_NONE,)
_FREE_KINDS = (_NONE, _ONCE, _TWICE)

# (state, kinds, required, last) -> [(next state or None if the tour closes,
# combo index, crossings to the right)]; a handful of keys per layout shape.
_TRANSITIONS: dict = {}


class _Column:
    """One column of the grid: an aisle, or a bare point of the cross aisles."""

    __slots__ = ("aisle", "high_tail", "low_tail", "segments", "span", "u", "vertex")

    def __init__(self, u, aisle, span, k):
        self.u = u
        self.aisle = aisle
        self.span = span  # (first, last) cross aisle reached, or None
        self.vertex = [[] for _ in range(k)]  # point indexes at each cross aisle
        self.segments = [[] for _ in range(k - 1)]  # (v, index) strictly inside subaisle s
        self.low_tail = []  # (v, index) below the first cross aisle reached
        self.high_tail = []  # beyond the last one


def _find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _union(parent, a, b):
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[ra] = rb


def _transitions(state, kinds, required, last):
    key = (state, kinds, required, last)
    found = _TRANSITIONS.get(key)
    if found is not None:
        return found
    k = len(required)
    result = []
    for combo_index, combo in enumerate(itertools.product(*kinds)):
        parent = list(range(k))  # union-find over the column's vertices
        parity = [state[2 * j] & 1 for j in range(k)]
        touched = [state[2 * j] > 0 for j in range(k)]
        first_with_label = {}
        for j in range(k):
            if state[2 * j]:
                label = state[2 * j + 1]
                if label in first_with_label:
                    _union(parent, j, first_with_label[label])
                else:
                    first_with_label[label] = j
        for s, kind in enumerate(combo):
            low_parity, high_parity, low_touch, high_touch, joins = _EFFECT[kind]
            parity[s] ^= low_parity
            parity[s + 1] ^= high_parity
            touched[s] = touched[s] or low_touch
            touched[s + 1] = touched[s + 1] or high_touch
            if joins:
                _union(parent, s, s + 1)
        if last:
            if any(parity):
                continue
            choices = [(0,)] * k
        else:
            choices = [(1,) if parity[j] else (0, 2) for j in range(k)]
        for outs in itertools.product(*choices):
            if any(required[j] and not (touched[j] or outs[j]) for j in range(k)):
                continue
            roots = {_find(parent, j) for j in range(k) if touched[j] or outs[j]}
            leaving = {_find(parent, j) for j in range(k) if outs[j]}
            if roots != leaving:
                # A piece ends here: only the whole tour may, once complete.
                if len(roots) == 1 and not leaving:
                    result.append((None, combo_index, 0))
                continue
            labels = {}
            nxt = []
            for j in range(k):
                if outs[j]:
                    root = _find(parent, j)
                    if root not in labels:
                        labels[root] = len(labels) + 1
                    nxt += [outs[j], labels[root]]
                else:
                    nxt += [0, 0]
            result.append((tuple(nxt), combo_index, sum(outs)))
    _TRANSITIONS[key] = result
    return result


def _build_columns(network, stops):
    """Columns sorted by u, with every pick filed under its vertex, subaisle or tail."""
    k = len(network.cross)
    cross = network.cross
    columns = [
        _Column(u, i, (span[0], span[-1]), k)
        for i, (u, span) in enumerate(zip(network.aisle_u, network.spans))
    ]
    aisle_u = network.aisle_u
    extra_u = []
    for stop in [network.resolve(network.depot), *[s for s in stops if s.aisle is None]]:
        i = bisect.bisect_left(aisle_u, stop.u)
        if any(0 <= n < len(aisle_u) and abs(aisle_u[n] - stop.u) <= TOLERANCE for n in (i - 1, i)):
            continue
        extra_u.append(stop.u)
    for u in sorted(extra_u):
        if not any(abs(u - other.u) <= TOLERANCE for other in columns if other.aisle is None):
            columns.append(_Column(u, None, None, k))
    columns.sort(key=lambda column: column.u)
    positions = [column.u for column in columns]

    def column_at(u):
        i = bisect.bisect_left(positions, u)
        best = min((n for n in (i - 1, i) if 0 <= n < len(positions)), key=lambda n: abs(positions[n] - u))
        return columns[best]

    aisle_column = {column.aisle: column for column in columns if column.aisle is not None}
    for index, stop in enumerate(stops):
        if stop.aisle is None:
            column_at(stop.u).vertex[stop.cross].append(index)
            continue
        column = aisle_column[stop.aisle]
        first, last = column.span
        v = stop.v
        if v < cross[first] - TOLERANCE:
            column.low_tail.append((v, index))
        elif v > cross[last] + TOLERANCE:
            column.high_tail.append((v, index))
        else:
            j = bisect.bisect_left(cross, v)
            if j < k and abs(cross[j] - v) <= TOLERANCE:
                column.vertex[j].append(index)
            elif j > 0 and abs(cross[j - 1] - v) <= TOLERANCE:
                column.vertex[j - 1].append(index)
            else:
                column.segments[j - 1].append((v, index))
    return columns


def _segment_options(column, s, cross):
    """(kinds, costs, distinct positions) of subaisle ``s`` of ``column``."""
    if column.span is None or not column.span[0] <= s < column.span[1]:
        return _EMPTY_KINDS, (0.0,), ()
    low, high = cross[s], cross[s + 1]
    length = high - low
    picks = column.segments[s]
    if not picks:
        return _FREE_KINDS, (0.0, length, 2 * length), ()
    levels = sorted({v for v, _ in picks})
    kinds = [_ONCE, _TWICE, _LOW, _HIGH]
    low_cost, high_cost = 2 * (levels[-1] - low), 2 * (high - levels[0])
    costs = [length, 2 * length, low_cost, high_cost]
    if len(levels) > 1:
        gap = max(b - a for a, b in itertools.pairwise(levels))
        gap_cost = 2 * (length - gap)
        # In from both ends only pays when it is cheaper than either end alone
        # (it touches both vertices and joins nothing, see the module docstring).
        if gap_cost < min(low_cost, high_cost):
            kinds.append(_GAP)
            costs.append(gap_cost)
    return tuple(kinds), tuple(costs), tuple(levels)


def _column_dp(network, stops):
    """Optimal visiting order for layouts with at most three cross aisles."""
    cross = network.cross
    k = len(cross)
    columns = _build_columns(network, stops)
    depot = network.resolve(network.depot)
    depot_column = min(range(len(columns)), key=lambda c: abs(columns[c].u - depot.u))

    # Per column: the subaisle options, required vertices and fixed tail cost.
    shapes = []
    fixed = 0.0
    needs = []
    for c, column in enumerate(columns):
        options = [_segment_options(column, s, cross) for s in range(k - 1)]
        required = [bool(column.vertex[j]) for j in range(k)]
        if column.low_tail:
            required[column.span[0]] = True
            fixed += 2 * (cross[column.span[0]] - min(v for v, _ in column.low_tail))
        if column.high_tail:
            required[column.span[1]] = True
            fixed += 2 * (max(v for v, _ in column.high_tail) - cross[column.span[1]])
        if c == depot_column:
            required[depot.cross] = True
        kinds = tuple(option[0] for option in options)
        combo_costs = [sum(costs) for costs in itertools.product(*(option[1] for option in options))]
        shapes.append((kinds, tuple(required), combo_costs, options))
        needs.append(any(required) or any(column.segments))

    # Every pick stands at the depot: nothing to walk.
    elsewhere = any(
        any(column.segments) or (c != depot_column and any(shapes[c][1])) for c, column in enumerate(columns)
    )
    if not fixed and not elsewhere and sum(shapes[depot_column][1]) == 1:
        return list(range(len(stops)))

    need_after = [False] * (len(columns) + 1)
    for c in range(len(columns) - 1, -1, -1):
        need_after[c] = need_after[c + 1] or needs[c]

    empty = (0,) * (2 * k)
    frontier = {empty: 0.0}
    back = []
    best, best_at = _INF, None
    last_index = len(columns) - 1
    for c, column in enumerate(columns):
        kinds, required, combo_costs, _ = shapes[c]
        last = c == last_index
        width = 0.0 if last else columns[c + 1].u - column.u
        can_close = not need_after[c + 1]
        nxt, came_from = {}, {}
        for state, cost in frontier.items():
            for target, combo, crossings in _transitions(state, kinds, required, last):
                total = cost + combo_costs[combo] + crossings * width
                if target is None:
                    if can_close and total < best - _EPS:
                        best, best_at = total, (c, state, combo)
                elif total < nxt.get(target, _INF):
                    nxt[target] = total
                    came_from[target] = (state, combo)
        back.append(came_from)
        frontier = nxt
    if best_at is None:
        raise ValueError("no walkable route visits every pick: part of the layout is cut off")

    # Backtrack the chosen configuration of each column.
    close_column, state, combo = best_at
    chosen = {close_column: (combo, (0,) * k)}
    for c in range(close_column - 1, -1, -1):
        previous, combo = back[c][state]
        chosen[c] = (combo, tuple(state[2 * j] for j in range(k)))
        state = previous
    chosen = {
        c: (list(itertools.product(*(option[0] for option in shapes[c][3])))[combo], outs)
        for c, (combo, outs) in chosen.items()
    }
    return _euler_order(columns, chosen, cross, depot_column, depot.cross, len(stops))


def _euler_order(columns, chosen, cross, depot_column, depot_cross, count):
    """Rebuild the chosen multigraph, walk an Eulerian circuit, list picks as first reached."""
    node_ids = {}
    node_points = []
    adjacency = []
    edge_count = [0]

    def node(key, points=()):
        nid = node_ids.get(key)
        if nid is None:
            node_ids[key] = nid = len(node_points)
            node_points.append([])
            adjacency.append([])
        node_points[nid].extend(points)
        return nid

    def edge(a, b, times):
        for _ in range(times):
            e = edge_count[0]
            edge_count[0] += 1
            adjacency[a].append((b, e))
            adjacency[b].append((a, e))

    def chain(nids, times):
        for a, b in itertools.pairwise(nids):
            edge(a, b, times)

    def levels(picks, reverse=False):
        """Distinct positions along a subaisle or tail as nodes, in walking order."""
        by_v = {}
        for v, index in picks:
            by_v.setdefault(v, []).append(index)
        return [(v, by_v[v]) for v in sorted(by_v, reverse=reverse)]

    for c, column in enumerate(columns):
        for j in range(len(cross)):
            node(("V", c, j), column.vertex[j])

    for c, (combo, outs) in chosen.items():
        column = columns[c]
        for j, times in enumerate(outs):
            if times:
                edge(node_ids["V", c, j], node_ids["V", c + 1, j], times)
        for s, kind in enumerate(combo):
            if kind == _NONE:
                continue
            low, high = node_ids["V", c, s], node_ids["V", c, s + 1]
            inner = [node(("S", c, s, v), indexes) for v, indexes in levels(column.segments[s])]
            full = [low, *inner, high]
            if kind == _ONCE:
                chain(full, 1)
            elif kind == _TWICE:
                chain(full, 2)
            elif kind == _LOW:
                chain(full[:-1], 2)
            elif kind == _HIGH:
                chain(full[1:], 2)
            else:  # _GAP: leave out the largest gap between two picks
                vs = [v for v, _ in levels(column.segments[s])]
                g = max(range(len(vs) - 1), key=lambda n: vs[n + 1] - vs[n])
                chain(full[: g + 2], 2)
                chain(full[g + 2 :], 2)
        if column.low_tail:
            anchor = node_ids["V", c, column.span[0]]
            tail = [node(("L", c, v), indexes) for v, indexes in levels(column.low_tail, reverse=True)]
            chain([anchor, *tail], 2)
        if column.high_tail:
            anchor = node_ids["V", c, column.span[1]]
            tail = [node(("H", c, v), indexes) for v, indexes in levels(column.high_tail)]
            chain([anchor, *tail], 2)

    # Hierholzer's algorithm from the depot (the circuit is the order in which
    # nodes leave the stack), then the picks in order of first arrival.
    used = [False] * edge_count[0]
    pointer = [0] * len(adjacency)
    stack = [node_ids["V", depot_column, depot_cross]]
    circuit = []
    while stack:
        v = stack[-1]
        edges = adjacency[v]
        p = pointer[v]
        while p < len(edges) and used[edges[p][1]]:
            p += 1
        pointer[v] = p
        if p == len(edges):
            circuit.append(stack.pop())
        else:
            w, e = edges[p]
            used[e] = True
            stack.append(w)
    seen = [False] * len(adjacency)
    order = []
    for nid in reversed(circuit):
        if not seen[nid]:
            seen[nid] = True
            order.extend(node_points[nid])
    if len(order) != count:  # every pick sits on a node the tour touches
        raise AssertionError(f"route rebuilt with {len(order)} of {count} picks")
    return order


# ---------------------------------------------------------------------------
# Exact dynamic programme for any number of cross aisles: one vertex at a time
# ---------------------------------------------------------------------------

# Uplink kinds: what the subaisle below brings to the vertex being decided.
_UP_NONE, _UP_TOUCH, _UP_EVEN, _UP_ODD = range(4)
_NO_SUBAISLE = ((_NONE,), (0.0,), ())
# States are numbered once and for all: a state is a tuple, per cross aisle
# (crossings, piece label), then the uplink (kind, piece label).
_STATE_ID: dict = {}
_STATES: list = []
# (row, kinds, required, last) -> {state id: [(next state id or -1 when the
# tour closes, kind position * 3 + crossings to the right)]}.
_VERTEX_STEPS: dict = {}


def _state_id(state, k):
    sid = _STATE_ID.get(state)
    if sid is None:
        sid = _STATE_ID[state] = len(_STATES)
        _STATES.append(state)
    return sid


def _vertex_step(sid, j, kinds, required, last):
    """Transitions deciding vertex ``j`` of a column: the subaisle above it and its crossings to the right.

    A state holds, per cross aisle, the crossings leaving to the right for
    rows below ``j`` and those coming from the left for rows ``j`` and above,
    each with the label of its piece, then what the subaisle below ``j``
    brings (the uplink). Labels are renumbered in order of first appearance,
    so equal situations share one state.
    """
    state = _STATES[sid]
    k = len(state) // 2 - 1
    up_kind, up_label = state[2 * k], state[2 * k + 1]
    a, left_label = state[2 * j], state[2 * j + 1]
    merge = a and up_kind >= _UP_EVEN and up_label != left_label
    old_labels = {state[2 * r + 1] for r in range(k) if state[2 * r]}
    if up_kind >= _UP_EVEN:
        old_labels.add(up_label)
    if merge:  # the vertex joins the piece from the left and the one from below
        old_labels.discard(up_label)
    result = []
    for position, kind in enumerate(kinds):
        low_parity, _, low_touch, high_touch, joins = _EFFECT[kind]
        parity = (a + (up_kind == _UP_ODD) + low_parity) & 1
        touched = a > 0 or up_kind != _UP_NONE or low_touch
        if last:
            crossings = () if parity else (0,)
        else:
            crossings = (1,) if parity else (0, 2)
        for b in crossings:
            slots = list(state[: 2 * k])
            if not (touched or b):
                if required:
                    continue
                uplink = (_UP_TOUCH, 0) if high_touch else (_UP_NONE, 0)
                result.append((_state_id(_normalise(slots, uplink, k), k), 3 * position + b))
                continue
            fresh = 0  # a new piece: 0 is never the label of one in a state
            piece = left_label if a else (up_label if up_kind >= _UP_EVEN else fresh)
            if merge:
                for r in range(k):
                    if slots[2 * r] and slots[2 * r + 1] == up_label:
                        slots[2 * r + 1] = left_label
            slots[2 * j] = b
            slots[2 * j + 1] = piece if b else 0
            if joins:
                uplink = (_UP_ODD if kind == _ONCE else _UP_EVEN, piece)
            else:
                uplink = (_UP_TOUCH if high_touch else _UP_NONE, 0)
            labels = {slots[2 * r + 1] for r in range(k) if slots[2 * r]}
            if uplink[0] >= _UP_EVEN:
                labels.add(uplink[1])
            if (piece == fresh and fresh not in labels) or not old_labels <= labels:
                # A piece ends here: only the whole tour may, once complete.
                if not labels and uplink[0] == _UP_NONE:
                    result.append((-1, 3 * position + b))
                continue
            result.append((_state_id(_normalise(slots, uplink, k), k), 3 * position + b))
    return result


def _normalise(slots, uplink, k):
    names = {}
    out = []
    for r in range(k):
        count = slots[2 * r]
        if count:
            label = slots[2 * r + 1]
            if label not in names:
                names[label] = len(names) + 1
            out += (count, names[label])
        else:
            out += (0, 0)
    kind, label = uplink
    if kind >= _UP_EVEN:
        out += (kind, names.setdefault(label, len(names) + 1))
    else:
        out += (kind, 0)
    return tuple(out)


def _vertex_dp(network, stops, beam=None):
    """Visiting order by the vertex-at-a-time programme: ``(order, exact, lower bound)``.

    Optimal unless ``beam`` caps the states kept after each vertex (the
    cheapest ones) and the cap was reached; then ``exact`` is False and the
    bound is the sum of what disjoint parts of any tour must cost.
    """
    cross = network.cross
    k = len(cross)
    columns = _build_columns(network, stops)
    depot = network.resolve(network.depot)
    depot_column = min(range(len(columns)), key=lambda c: abs(columns[c].u - depot.u))

    options, requireds, fixed = [], [], 0.0
    for c, column in enumerate(columns):
        row_options = [_segment_options(column, s, cross) for s in range(k - 1)] + [_NO_SUBAISLE]
        required = [bool(column.vertex[j]) for j in range(k)]
        if column.low_tail:
            required[column.span[0]] = True
            fixed += 2 * (cross[column.span[0]] - min(v for v, _ in column.low_tail))
        if column.high_tail:
            required[column.span[1]] = True
            fixed += 2 * (max(v for v, _ in column.high_tail) - cross[column.span[1]])
        if c == depot_column:
            required[depot.cross] = True
        options.append(row_options)
        requireds.append(required)

    elsewhere = any(
        any(column.segments) or (c != depot_column and any(requireds[c])) for c, column in enumerate(columns)
    )
    if not fixed and not elsewhere and sum(requireds[depot_column]) == 1:
        return list(range(len(stops))), True, 0.0

    # need_after[c][j]: something left to visit after deciding vertex j of
    # column c (the subaisle above it is decided with it).
    need_after = [None] * len(columns)
    later = False
    for c in range(len(columns) - 1, -1, -1):
        row_need = [False] * k
        for j in range(k - 1, -1, -1):
            row_need[j] = later
            later = later or requireds[c][j] or (j < k - 1 and bool(columns[c].segments[j]))
        need_after[c] = row_need

    frontier = {_state_id((0,) * (2 * k + 2), k): 0.0}
    back = []
    best, best_at = _INF, None
    exact = True
    last_index = len(columns) - 1
    for c, column in enumerate(columns):
        last = c == last_index
        width = 0.0 if last else columns[c + 1].u - column.u
        for j in range(k):
            kinds, costs, _ = options[c][j]
            deltas = [cost + b * width for cost in costs for b in (0, 1, 2)]
            required = requireds[c][j]
            can_close = not need_after[c][j]
            table = _VERTEX_STEPS.setdefault((j, kinds, required, last), {})
            nxt, came_from = {}, {}
            get = nxt.get
            for sid, cost in frontier.items():
                moves = table.get(sid)
                if moves is None:
                    moves = table[sid] = _vertex_step(sid, j, kinds, required, last)
                for target, move in moves:
                    total = cost + deltas[move]
                    if target < 0:
                        if can_close and total < best - _EPS:
                            best, best_at = total, (len(back), sid, move)
                    elif total < get(target, _INF):
                        nxt[target] = total
                        came_from[target] = sid << 5 | move
            back.append(came_from)
            if beam and len(nxt) > beam:
                threshold = sorted(nxt.values())[beam - 1]
                nxt = {sid: cost for sid, cost in nxt.items() if cost <= threshold}
                exact = False
            frontier = nxt
    if best_at is None:
        if not exact:  # the cut dropped every state that could finish: no cut
            return _vertex_dp(network, stops)
        raise ValueError("no walkable route visits every pick: part of the layout is cut off")

    step, sid, move = best_at
    decisions = {step: move}
    for s in range(step - 1, -1, -1):
        link = back[s][sid]
        sid, move = link >> 5, link & 31
        decisions[s] = move
    chosen = {}
    for s, move in decisions.items():
        c, j = divmod(s, k)
        combo, outs = chosen.setdefault(c, ([_NONE] * (k - 1), [0] * k))
        position, outs[j] = divmod(move, 3)
        if j < k - 1:
            combo[j] = options[c][j][0][position]
    order = _euler_order(columns, chosen, cross, depot_column, depot.cross, len(stops))
    if exact:
        return order, True, best + fixed
    # A bound from disjoint parts of any tour: the tails, each subaisle's
    # cheapest configuration, and the walk to the outermost columns to visit and back.
    visited = [c for c, column in enumerate(columns) if any(requireds[c]) or any(column.segments)]
    bound = fixed + 2 * (columns[visited[-1]].u - columns[visited[0]].u)
    for c, column in enumerate(columns):
        bound += sum(min(costs) for kinds, costs, levels in options[c] if levels)
    return order, False, bound


# ---------------------------------------------------------------------------
# Held-Karp
# ---------------------------------------------------------------------------


def _held_karp_route(network, stops, unique, groups):
    if not stops:
        return Route((), 0.0, True, 0.0, "held_karp")
    nodes = [network.resolve(network.depot), *unique]
    d = [[network.between(a, b) for b in nodes] for a in nodes]
    tour = _held_karp_tour(d)
    order = _order_from_positions([n - 1 for n in tour], groups)
    length = _route_length(network, stops, order)
    return Route(tuple(order), length, True, length, "held_karp")


def _held_karp_tour(d):
    """Optimal tour over nodes 1..n of matrix ``d`` (node 0 the depot), as a node list."""
    n = len(d) - 1
    if n == 0:
        return []
    full = (1 << n) - 1
    column = [[d[i + 1][j + 1] for i in range(n)] for j in range(n)]  # column[j][i] = d(i, j)
    cost = [None] * (full + 1)
    for j in range(n):
        row = [_INF] * n
        row[j] = d[0][j + 1]
        cost[1 << j] = row
    add = operator.add
    for mask in range(1, full + 1):
        if cost[mask] is not None:
            continue
        row = [_INF] * n
        rest = mask
        while rest:
            bit = rest & -rest
            rest ^= bit
            j = bit.bit_length() - 1
            row[j] = min(map(add, cost[mask ^ bit], column[j]))
        cost[mask] = row
    last = min(range(n), key=lambda j: cost[full][j] + d[j + 1][0])
    tour = [last]
    mask = full
    while mask & (mask - 1):
        value = cost[mask][last]
        previous_mask = mask ^ (1 << last)
        previous_row = cost[previous_mask]
        last = next(i for i in range(n) if previous_row[i] + column[last][i] == value)
        mask = previous_mask
        tour.append(last)
    tour.reverse()
    return [j + 1 for j in tour]


# ---------------------------------------------------------------------------
# Heuristic: nearest neighbour / policy starts, 2-opt and Or-opt, 1-tree bound
# ---------------------------------------------------------------------------


def _local_search_route(layout, network, points, stops, unique, groups):
    if not stops:
        return Route((), 0.0, True, 0.0, "local_search")
    d = _layout.distance_matrix(layout, [network.depot, *[Point(s.aisle, s.u, s.v) for s in unique]])
    n = len(d)  # node 0 the depot, node p + 1 the distinct position p
    position_of = {_position_key(stop): p + 1 for p, stop in enumerate(unique)}

    starts = [_nearest_neighbour(d)]
    for policy in ("s_shape", "largest_gap"):
        try:
            route = _policy_route(layout, points, policy)
        except ValueError:
            continue
        tour = [0, *dict.fromkeys(position_of[_position_key(stops[i])] for i in route.order)]
        starts.append(tour)

    neighbours = [sorted((j for j in range(n) if j != i), key=d[i].__getitem__)[:12] for i in range(n)]
    best_tour, best_length = None, _INF
    for tour in starts:
        tour = _improve(d, tour, neighbours)
        length = _tour_cost(d, tour)
        if length < best_length - _EPS:
            best_tour, best_length = tour, length
    bound = min(_one_tree_bound(d, best_length), best_length)
    best_tour, best_length = _perturb(d, best_tour, best_length, bound, neighbours)
    order = _order_from_positions([p - 1 for p in best_tour[1:]], groups)
    length = _route_length(network, stops, order)
    bound = min(bound, length)
    exact = length - bound <= 1e-9 * max(1.0, length)
    return Route(tuple(order), length, exact, bound, "local_search")


def _polish(layout, network, stops, unique, groups, order):
    """``order`` improved by 2-opt and Or-opt on the shortest-path distances (never longer)."""
    d = _layout.distance_matrix(layout, [network.depot, *[Point(s.aisle, s.u, s.v) for s in unique]])
    n = len(d)
    position_of = {_position_key(stop): p + 1 for p, stop in enumerate(unique)}
    tour = [0, *dict.fromkeys(position_of[_position_key(stops[i])] for i in order)]
    neighbours = [sorted((j for j in range(n) if j != i), key=d[i].__getitem__)[:12] for i in range(n)]
    better = _improve(d, tour, neighbours)
    if _tour_cost(d, better) < _tour_cost(d, tour) - _EPS:
        return _order_from_positions([p - 1 for p in better[1:]], groups)
    return order


def _perturb(d, tour, length, bound, neighbours):
    """Iterated local search: kick the best tour (double bridge), improve, keep if shorter.

    Stops early once the tour meets the lower bound. Seeded by the size, so a
    given input always gives the same route.
    """
    n = len(tour)
    if n < 5:
        return tour, length
    rng = random.Random(n)
    rounds = max(10, min(ILS_ROUNDS, 3000 // n))
    for _ in range(rounds):
        if length - bound <= 1e-9 * max(1.0, length):
            break
        a, b, c = sorted(rng.sample(range(1, n), 3))
        kicked = tour[:a] + tour[b:c] + tour[a:b] + tour[c:]
        kicked = _improve(d, kicked, neighbours)
        kicked_length = _tour_cost(d, kicked)
        if kicked_length < length - _EPS:
            tour, length = kicked, kicked_length
    return tour, length


def _nearest_neighbour(d):
    n = len(d)
    tour, left = [0], set(range(1, n))
    while left:
        here = d[tour[-1]]
        nxt = min(left, key=lambda j: (here[j], j))
        tour.append(nxt)
        left.remove(nxt)
    return tour


def _tour_cost(d, tour):
    return sum(d[a][b] for a, b in zip(tour, tour[1:] + tour[:1]))


def _improve(d, tour, neighbours):
    """2-opt and Or-opt until neither improves; the depot (node 0) stays first."""
    tour = list(tour)
    if len(tour) < 4:
        return tour
    while True:
        changed = _two_opt(d, tour, neighbours)
        tour[1:] = tour[:0:-1]  # the same cycle run backwards: 2-opt from the other end
        changed = _two_opt(d, tour, neighbours) or changed
        changed = _or_opt(d, tour, neighbours) or changed
        if not changed:
            return tour


def _two_opt(d, tour, neighbours):
    """Moves replacing edges (a, succ a), (c, succ c) by (a, c), (succ a, succ c)."""
    n = len(tour)
    position = [0] * n
    for p, node in enumerate(tour):
        position[node] = p
    changed = False
    improved = True
    while improved:
        improved = False
        for i in range(n):
            a, b = tour[i], tour[(i + 1) % n]
            ab = d[a][b]
            for c in neighbours[a]:
                ac = d[a][c]
                if ac >= ab - _EPS:
                    break
                j = position[c]
                e = tour[(j + 1) % n]
                if c == b or e == a:
                    continue
                if ac + d[b][e] - ab - d[c][e] < -_EPS:
                    low, high = (i, j) if i < j else (j, i)
                    segment = tour[low + 1 : high + 1]
                    segment.reverse()
                    tour[low + 1 : high + 1] = segment
                    for p in range(low + 1, high + 1):
                        position[tour[p]] = p
                    improved = changed = True
                    break
    return changed


def _or_opt(d, tour, neighbours):
    """Move a run of 1 to 3 picks elsewhere, possibly reversed (never the depot)."""
    n = len(tour)
    changed = False
    improved = True
    while improved:
        improved = False
        for length in (1, 2, 3):
            for i in range(1, n - length + 1):
                run = tour[i : i + length]
                p, q = tour[i - 1], tour[(i + length) % n]
                first, last = run[0], run[-1]
                removal = d[p][first] + d[last][q] - d[p][q]
                if removal <= _EPS:
                    continue
                rest = tour[:i] + tour[i + length :]
                where = {node: k for k, node in enumerate(rest)}
                best = (_EPS, None, None)  # gains below _EPS are rounding noise
                for anchor in {*neighbours[first], *neighbours[last]}:
                    k = where.get(anchor)
                    if k is None:
                        continue
                    for x in (k - 1, k):
                        a, b = rest[x % len(rest)], rest[(x + 1) % len(rest)]
                        if (a, b) == (p, q):
                            continue
                        forward = d[a][first] + d[last][b] - d[a][b]
                        backward = d[a][last] + d[first][b] - d[a][b]
                        gain = removal - min(forward, backward)
                        if gain > best[0]:
                            best = (gain, (x + 1) % len(rest), forward > backward)
                if best[1] is not None:
                    _, at, flip = best
                    if at == 0:
                        at = len(rest)
                    moved = run[::-1] if flip else run
                    tour[:] = rest[:at] + moved + rest[at:]
                    improved = changed = True
                    break
            if improved:
                break
    return changed


def _one_tree_bound(d, upper):
    """Held-Karp 1-tree lower bound on the tour over all nodes of ``d``."""
    n = len(d)
    if n <= 1:
        return 0.0
    if n <= 3:
        return _tour_cost(d, list(range(n)))
    pi = [0.0] * n
    best = 0.0
    step = 2.0
    iterations = max(10, min(100, int(1_000_000 / (n * n))))
    stale = 0
    for _ in range(iterations):
        # Prim over nodes 1..n-1 with costs d + pi, then the two cheapest edges of node 0.
        degree = [0] * n
        inside = [False] * n
        key = [_INF] * n
        link = [-1] * n
        key[1] = 0.0
        tree = 0.0
        for _ in range(n - 1):
            u = min((v for v in range(1, n) if not inside[v]), key=key.__getitem__)
            inside[u] = True
            tree += key[u]
            if link[u] >= 0:
                degree[u] += 1
                degree[link[u]] += 1
            row, pu = d[u], pi[u]
            for v in range(1, n):
                if not inside[v]:
                    w = row[v] + pu + pi[v]
                    if w < key[v]:
                        key[v], link[v] = w, u
        zero = sorted(range(1, n), key=lambda v: d[0][v] + pi[v])[:2]
        tree += sum(d[0][v] + pi[0] + pi[v] for v in zero)
        degree[0] = 2
        for v in zero:
            degree[v] += 1
        value = tree - 2 * sum(pi)
        if value > best + _EPS:
            best, stale = value, 0
        else:
            stale += 1
            if stale >= 5:
                step, stale = step / 2, 0
        norm = sum((g - 2) ** 2 for g in degree)
        if norm == 0:  # the 1-tree is a tour: optimal
            return value
        t = step * max(upper - value, 0.0) / norm
        if t <= 1e-12:
            break
        for v in range(n):
            pi[v] += t * (degree[v] - 2)
    return best


# ---------------------------------------------------------------------------
# Routing policies: S-shape and largest gap
# ---------------------------------------------------------------------------


def _policy_route(layout, points, method):
    network = layout._network
    stops = [network.resolve(point) for point in points]
    if not stops:
        return Route((), 0.0, False, None, method)
    k = len(network.cross)
    if k < 2 or any(len(span) != k for span in network.spans):
        raise ValueError(
            f"{method}: needs a rectangular layout (every aisle meeting every cross aisle, at least two)"
        )
    depot = network.resolve(network.depot)
    if depot.cross not in (0, k - 1):
        raise ValueError(f"{method}: needs the depot on the first or the last cross aisle")
    policy = _Policy(network, stops, depot)
    if method == "s_shape":
        policy.s_shape()
    else:
        policy.largest_gap()
    walk = policy.finish()
    order = tuple(index for _, index in walk if index is not None)
    length = _walk(network, [stop for stop, _ in walk])
    return Route(order, length, False, None, method)


class _Policy:
    """Builds a policy's walk as waypoints joined by straight runs along one aisle or cross aisle.

    Cross aisles are numbered from the depot's side (``near`` 0), blocks
    between them likewise; ``depth`` is the distance from the depot's cross
    aisle along the aisles.
    """

    def __init__(self, network, stops, depot):
        self.network = network
        self.depot = depot
        cross = list(network.cross)
        if depot.cross != 0:
            cross.reverse()
        self.cross = cross  # from the depot's side
        self.blocks = len(cross) - 1
        self.u = network.aisle_u
        # subaisles[b][aisle] = [(depth, index)] sorted; extras: picks the policy does not cover.
        self.subaisles = [{} for _ in range(self.blocks)]
        self.extras = []
        depths = [abs(c - cross[0]) for c in cross]
        for index, stop in enumerate(stops):
            if stop.aisle is None:
                self.extras.append(index)
                continue
            if (
                not min(cross) + TOLERANCE < stop.v < max(cross) - TOLERANCE  # past the outer cross aisles
                or any(abs(stop.v - c) <= TOLERANCE for c in cross)  # on a cross aisle
            ):
                self.extras.append(index)
                continue
            depth = abs(stop.v - cross[0])
            b = bisect.bisect_right(depths, depth) - 1
            self.subaisles[b].setdefault(stop.aisle, []).append((depth, index))
        for block in self.subaisles:
            for picks in block.values():
                picks.sort()
        self.stops = stops
        self.depths = depths
        self.walk = [(depot, None)]

    # -- waypoints -----------------------------------------------------------

    def corner(self, aisle, c):
        """Go to where ``aisle`` meets cross aisle ``c`` (numbered from the depot)."""
        stop = self.network.resolve(Point(aisle, self.u[aisle], self.cross[c]))
        self.walk.append((stop, None))

    def pick(self, picks, reverse=False):
        for _, index in sorted(picks, reverse=reverse):
            self.walk.append((self.stops[index], index))

    def finish(self):
        self.walk.append((self.depot, None))
        between = self.network.between
        for index in self.extras:  # cheapest insertion, in input order
            stop = self.stops[index]
            walk = self.walk
            best, at = _INF, 1
            for n in range(len(walk) - 1):
                a, b = walk[n][0], walk[n + 1][0]
                extra = between(a, stop) + between(stop, b) - between(a, b)
                if extra < best - _EPS:
                    best, at = extra, n + 1
            walk.insert(at, (stop, index))
        return self.walk

    def split(self, b, picks):
        """A subaisle's picks reached from the near side and from the far side (largest gap)."""
        depths = [depth for depth, _ in picks]
        ends = [self.depths[b], *depths, self.depths[b + 1]]
        gaps = [high - low for low, high in itertools.pairwise(ends)]
        g = max(range(len(gaps)), key=gaps.__getitem__)
        return picks[:g], picks[g:]

    def start(self):
        """Farthest block with picks and leftmost pick aisle (None if nothing is in an aisle)."""
        used = [b for b in range(self.blocks) if self.subaisles[b]]
        if not used:
            return None, None
        far = max(used)
        left = min((aisle for b in used for aisle in self.subaisles[b]), key=self.u.__getitem__)
        return far, left

    def climb(self, left, far):
        """From the depot up the left pick aisle to the near side of block ``far``, picking."""
        self.corner(left, 0)
        for b in range(far):
            self.pick(self.subaisles[b].pop(left, []))
            self.corner(left, b + 1)

    # -- policies ------------------------------------------------------------

    def s_shape(self):
        far, left = self.start()
        if far is None:
            return
        self.climb(left, far)
        u = self.u
        aisles = sorted(self.subaisles[far], key=u.__getitem__)
        traversed = len(aisles) - len(aisles) % 2  # an odd one out is entered and left at the front
        near_side = True
        current = left
        for n, aisle in enumerate(aisles):
            picks = self.subaisles[far][aisle]
            if n < traversed:
                if near_side:
                    self.corner(aisle, far)
                    self.pick(picks)
                    self.corner(aisle, far + 1)
                else:
                    self.corner(aisle, far + 1)
                    self.pick(picks, reverse=True)
                    self.corner(aisle, far)
                near_side = not near_side
            else:
                self.corner(aisle, far)
                self.pick(picks)
                self.corner(aisle, far)
            current = aisle
        for b in range(far - 1, -1, -1):
            current = self.s_shape_block(b, current)
        self.corner(current, 0)

    def s_shape_block(self, b, current):
        """Block ``b`` entered on its far side at aisle ``current``; leaves on its near side."""
        u = self.u
        aisles = sorted(self.subaisles[b], key=u.__getitem__)
        if not aisles:
            self.corner(current, b)
            return current
        if abs(u[aisles[-1]] - u[current]) < abs(u[aisles[0]] - u[current]):
            aisles.reverse()
        traversed = len(aisles) if len(aisles) % 2 else len(aisles) - 1
        far_side = True
        for n, aisle in enumerate(aisles):
            picks = self.subaisles[b][aisle]
            if n < traversed:
                if far_side:
                    self.corner(aisle, b + 1)
                    self.pick(picks, reverse=True)
                    self.corner(aisle, b)
                else:
                    self.corner(aisle, b)
                    self.pick(picks)
                    self.corner(aisle, b + 1)
                far_side = not far_side
            else:
                self.corner(aisle, b)
                self.pick(picks)
                self.corner(aisle, b)
            current = aisle
        return current

    def largest_gap(self):
        far, left = self.start()
        if far is None:
            return
        self.climb(left, far)
        first, *others = sorted(self.subaisles[far], key=self.u.__getitem__)
        self.corner(first, far)
        self.pick(self.subaisles[far].pop(first))
        if others:  # traverse the farthest block's leftmost pick subaisle, then the block rule
            self.corner(first, far + 1)
            current = self.largest_gap_block(far, first)
        else:  # its only pick subaisle: in from the near side and back
            self.corner(first, far)
            current = first
        for b in range(far - 1, -1, -1):
            current = self.largest_gap_block(b, current)
        self.corner(current, 0)

    def largest_gap_block(self, b, current):
        """Block ``b`` entered on its far side at aisle ``current``; leaves on its near side."""
        aisles = sorted(self.subaisles[b], key=self.u.__getitem__)
        if not aisles:
            self.corner(current, b)
            return current
        parts = {aisle: self.split(b, self.subaisles[b][aisle]) for aisle in aisles}
        for aisle in aisles[:-1]:
            far_part = parts[aisle][1]
            if far_part:
                self.corner(aisle, b + 1)
                self.pick(far_part, reverse=True)
                self.corner(aisle, b + 1)
        last = aisles[-1]
        self.corner(last, b + 1)
        self.pick(self.subaisles[b][last], reverse=True)
        self.corner(last, b)
        current = last
        for aisle in reversed(aisles[:-1]):
            near_part = parts[aisle][0]
            if near_part:
                self.corner(aisle, b)
                self.pick(near_part)
                self.corner(aisle, b)
                current = aisle
        return current
