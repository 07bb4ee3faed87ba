"""Walking distances in a parallel-aisle warehouse (no Odoo import).

Model
-----
The classic order-picking layout of Ratliff & Rosenthal and Roodbergen &
de Koster: parallel picking aisles crossed at right angles by cross aisles.
A picker walks only along aisle centre lines and cross-aisle centre lines, so
the distance between two bins is the length of the shortest walk on that
network, never the straight line through the racks.

Internally everything is expressed in ``(u, v)``: ``u`` is the position across
the aisles and ``v`` the position along them. For ``orientation='y'`` (aisles
run along the y axis) ``u = x`` and ``v = y``; for ``orientation='x'`` the axes
are swapped. Callers use real ``(x, y)`` coordinates for bins and the depot.

Assumptions
-----------
* Aisle width is ignored: a bin on either side of an aisle is picked from the
  aisle centre line at the bin's ``v`` (clamped into the aisle), at no lateral
  cost. A bin belongs to the aisle whose centre line is nearest in ``u``.
* A cross aisle at ``v = c`` is one continuous corridor across the whole
  layout (from the smallest to the largest aisle ``u``, extended to the
  depot). It connects to every aisle whose extent contains ``c``; an aisle that
  stops short of it (irregular layouts) cannot be entered or left there.
* Two aisles never share a ``u``: a "column" holds one aisle.
* The depot stands on a cross aisle and can only leave through it.
* Turning, congestion and speed differences are ignored; distances are
  symmetric metres.

Computation
-----------
Let ``S(p)`` be the cross aisles point ``p`` can step onto directly (those its
aisle reaches, or the one it stands on). If ``S(p)`` and ``S(q)`` share a cross
aisle, the shortest walk is
``min over shared c of |v_p - c| + |u_p - u_q| + |c - v_q|``: any walk needs
at least ``|u_p - u_q|`` across, and since each ``S`` is a contiguous run of
cross aisles, a shared one lies between the cross aisle any walk leaves ``p``'s
aisle by and the one it enters ``q``'s aisle by, so switching to it costs no
more. That closed form drives both
:func:`distance` and the vectorised :func:`distance_matrix`. Only when no cross
aisle is shared (some aisles do not reach every cross aisle) is a Dijkstra
search run over the graph of aisle/cross-aisle intersections.

:func:`path` and :func:`route_path` give the walk itself as ``(x, y)``
waypoints, for drawing: they follow the same cases (same aisle, the best
shared cross aisle, or the Dijkstra predecessors), so a polyline is exactly as
long as the distance it illustrates.
"""

from __future__ import annotations

import bisect
import heapq
import math
import operator
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple, Sequence

from .errors import EngineError

# Metres of slack when matching positions (cross aisle at an aisle end, depot
# on a cross aisle): coordinates come from user-entered floats.
TOLERANCE = 1e-6

ORIENTATIONS = ("x", "y")

_INF = math.inf


def _to_uv(orientation: str, x: float, y: float) -> tuple[float, float]:
    return (x, y) if orientation == "y" else (y, x)


@dataclass(frozen=True)
class Aisle:
    """A picking aisle: its centre line at ``u``, from ``v_start`` to ``v_end``."""

    name: str
    u: float
    v_start: float
    v_end: float

    def reaches(self, v: float) -> bool:
        """Whether a cross aisle at ``v`` meets this aisle (ends included)."""
        return self.v_start - TOLERANCE <= v <= self.v_end + TOLERANCE


@dataclass(frozen=True)
class Point:
    """A place on the walking network.

    ``aisle`` is the index of the aisle (in ``Layout.aisles``) the point lies
    in, or ``None`` for a point standing on a cross aisle (the depot).
    """

    aisle: int | None
    u: float
    v: float


@dataclass(frozen=True)
class Layout:
    """Immutable warehouse geometry; see the module docstring for the model.

    Aisles and cross aisles are sorted on construction (and lists turned into
    tuples) so that aisle indices in :class:`Point` are stable and the layout
    stays hashable. Construction does not validate: call :meth:`validate`, or
    let the first distance computation do it.
    """

    aisles: tuple[Aisle, ...]
    cross_aisles: tuple[float, ...]
    depot: tuple[float, float]
    orientation: str = "y"

    def __post_init__(self):
        object.__setattr__(self, "aisles", tuple(sorted(self.aisles, key=lambda aisle: aisle.u)))
        object.__setattr__(self, "cross_aisles", tuple(sorted(float(c) for c in self.cross_aisles)))
        object.__setattr__(self, "depot", tuple(float(c) for c in self.depot))

    @classmethod
    def regular(
        cls,
        aisle_count: int,
        aisle_length: float,
        aisle_spacing: float,
        cross_aisle_count: int = 2,
        origin: tuple[float, float] = (0.0, 0.0),
        depot: tuple[float, float] | None = None,
        orientation: str = "y",
        names: Sequence[str] | None = None,
    ) -> Layout:
        """A rectangular layout of equal aisles and evenly spaced cross aisles.

        ``origin`` is the real ``(x, y)`` of the front end of the first aisle.
        One cross aisle lies at the front; with two or more, the last lies at
        the back and the others split the aisles into equal blocks. The depot
        defaults to the front end of the first aisle.
        """
        if orientation not in ORIENTATIONS:
            raise EngineError("orientation_invalid", f"orientation: must be 'x' or 'y', got {orientation!r}",
                              "orientation", value=orientation)
        if aisle_count < 1:
            raise EngineError("too_few", f"aisle_count: must be at least 1, got {aisle_count}", "aisle_count",
                              value=aisle_count, minimum=1)
        if not aisle_length > 0:
            raise EngineError("not_positive", f"aisle_length: must be positive, got {aisle_length}", "aisle_length",
                              value=aisle_length)
        if aisle_count > 1 and not aisle_spacing > 0:
            raise EngineError("not_positive", f"aisle_spacing: must be positive, got {aisle_spacing}", "aisle_spacing",
                              value=aisle_spacing)
        if cross_aisle_count < 1:
            raise EngineError("too_few", f"cross_aisle_count: must be at least 1, got {cross_aisle_count}",
                              "cross_aisle_count", value=cross_aisle_count, minimum=1)
        if names is None:
            names = [f"A{index + 1}" for index in range(aisle_count)]
        elif len(names) != aisle_count:
            raise EngineError("aisle_names_count", f"names: expected {aisle_count} aisle names, got {len(names)}",
                              "names", expected=aisle_count, count=len(names))
        u0, v0 = _to_uv(orientation, *origin)
        aisles = tuple(
            Aisle(str(name), u0 + index * aisle_spacing, v0, v0 + aisle_length)
            for index, name in enumerate(names)
        )
        # ``length * (j / (n - 1))`` makes the last cross aisle land exactly on
        # the aisle ends (``j / (n - 1) == 1.0``), so they always connect.
        gaps = max(cross_aisle_count - 1, 1)
        cross_aisles = tuple(v0 + aisle_length * (j / gaps) for j in range(cross_aisle_count))
        if depot is None:
            depot = _to_uv(orientation, u0, v0)  # the swap is its own inverse
        layout = cls(aisles, cross_aisles, depot, orientation)
        layout.validate()
        return layout

    def to_uv(self, x: float, y: float) -> tuple[float, float]:
        """Real ``(x, y)`` to ``(across aisles, along aisles)``."""
        return _to_uv(self.orientation, x, y)

    def to_xy(self, u: float, v: float) -> tuple[float, float]:
        """``(across aisles, along aisles)`` back to real ``(x, y)``."""
        return _to_uv(self.orientation, u, v)

    def validate(self) -> None:
        """Raise ``EngineError`` (a ``ValueError``) if the layout cannot be walked.

        Its ``field`` is the offending input (``aisles``, ``cross_aisles``,
        ``depot``, ``orientation``) and its ``code`` says what is wrong, so
        callers can point the user at it in their own words.
        """
        if self.orientation not in ORIENTATIONS:
            raise EngineError("orientation_invalid", f"orientation: must be 'x' or 'y', got {self.orientation!r}",
                              "orientation", value=self.orientation)
        if not self.aisles:
            raise EngineError("no_aisle", "aisles: a layout needs at least one aisle", "aisles")
        for aisle in self.aisles:
            if not all(math.isfinite(value) for value in (aisle.u, aisle.v_start, aisle.v_end)):
                raise EngineError("aisle_not_finite", f"aisles: aisle {aisle.name!r} has a non-finite coordinate",
                                  "aisles", aisle=aisle.name)
            if aisle.v_end <= aisle.v_start:
                raise EngineError(
                    "aisle_not_positive",
                    f"aisles: aisle {aisle.name!r} has a non-positive length "
                    f"(starts at {aisle.v_start:g}, ends at {aisle.v_end:g})",
                    "aisles", aisle=aisle.name, start=aisle.v_start, end=aisle.v_end,
                )
        for left, right in zip(self.aisles, self.aisles[1:]):
            if right.u - left.u <= TOLERANCE:
                raise EngineError(
                    "aisles_share_position",
                    f"aisles: aisles {left.name!r} and {right.name!r} share the position {left.u:g}",
                    "aisles", aisle=left.name, other=right.name, position=left.u,
                )
        if not self.cross_aisles:
            raise EngineError("no_cross_aisle", "cross_aisles: a layout needs at least one cross aisle", "cross_aisles")
        if not all(math.isfinite(c) for c in self.cross_aisles):
            raise EngineError("cross_aisle_not_finite", "cross_aisles: positions must be finite numbers", "cross_aisles")
        for lower, upper in zip(self.cross_aisles, self.cross_aisles[1:]):
            if upper - lower <= TOLERANCE:
                raise EngineError("cross_aisles_share_position",
                                  f"cross_aisles: two cross aisles share the position {lower:g}", "cross_aisles",
                                  position=lower)
        for c in self.cross_aisles:
            if not any(aisle.reaches(c) for aisle in self.aisles):
                raise EngineError("cross_aisle_meets_no_aisle", f"cross_aisles: the cross aisle at {c:g} meets no aisle",
                                  "cross_aisles", position=c)
        for aisle in self.aisles:
            if not any(aisle.reaches(c) for c in self.cross_aisles):
                raise EngineError(
                    "aisle_meets_no_cross_aisle",
                    f"aisles: aisle {aisle.name!r} meets no cross aisle, so its bins cannot be reached",
                    "aisles", aisle=aisle.name,
                )
        if len(self.depot) != 2 or not all(math.isfinite(c) for c in self.depot):
            raise EngineError("depot_not_finite", f"depot: must be a finite (x, y) pair, got {self.depot!r}", "depot",
                              depot=self.depot)
        _, depot_v = self.to_uv(*self.depot)
        if not any(abs(depot_v - c) <= TOLERANCE for c in self.cross_aisles):
            axis = "y" if self.orientation == "y" else "x"
            positions = ", ".join(f"{c:g}" for c in self.cross_aisles)
            raise EngineError(
                "depot_not_on_cross_aisle",
                f"depot: {self.depot!r} is not on a cross aisle ({axis} must be one of {positions})",
                "depot", depot=self.depot, axis=axis, positions=positions,
            )

    @cached_property
    def _network(self) -> _Network:
        # Frozen dataclasses still have an instance ``__dict__``, which is
        # where ``cached_property`` stores the value: built once per layout.
        return _Network(self)


class _Stop(NamedTuple):
    """A validated :class:`Point` with what the distance formulas need."""

    aisle: int | None
    cross: int | None  # cross-aisle index for a point standing on a cross aisle
    u: float
    v: float
    reach: tuple[float, ...]  # per cross aisle: walk to step onto it, inf if not directly


class _Network:
    """The walking graph of a validated layout, with lazily cached searches.

    Nodes are the intersections of aisles with the cross aisles they reach;
    edges join neighbouring nodes along a cross aisle or along an aisle.
    """

    def __init__(self, layout: Layout):
        layout.validate()
        self.cross = layout.cross_aisles
        self.aisle_u = [aisle.u for aisle in layout.aisles]
        self.aisle_v = [(aisle.v_start, aisle.v_end) for aisle in layout.aisles]
        self.spans = [
            tuple(j for j, c in enumerate(self.cross) if aisle.reaches(c)) for aisle in layout.aisles
        ]
        depot_u, depot_v = layout.to_uv(*layout.depot)
        self.u_min = min(self.aisle_u[0], depot_u)
        self.u_max = max(self.aisle_u[-1], depot_u)
        self.depot = Point(None, depot_u, self.cross[self._cross_index(depot_v)])

        self.node_u: list[float] = []
        self.node_v: list[float] = []
        self.node_at: dict[tuple[int, int], int] = {}
        self.on_cross: list[list[int]] = [[] for _ in self.cross]
        for i, span in enumerate(self.spans):  # aisles in u order: on_cross stays sorted by u
            for j in span:
                node = len(self.node_u)
                self.node_u.append(self.aisle_u[i])
                self.node_v.append(self.cross[j])
                self.node_at[i, j] = node
                self.on_cross[j].append(node)
        self.on_cross_u = [[self.node_u[node] for node in nodes] for nodes in self.on_cross]
        self.adjacency: list[list[tuple[int, float]]] = [[] for _ in self.node_u]
        for nodes in self.on_cross:
            for a, b in zip(nodes, nodes[1:]):
                self._link(a, b, self.node_u[b] - self.node_u[a])
        for i, span in enumerate(self.spans):
            for j, k in zip(span, span[1:]):
                self._link(self.node_at[i, j], self.node_at[i, k], self.cross[k] - self.cross[j])
        self._searches: dict[int, list[float]] = {}
        self._parents: dict[int, list[int]] = {}  # per search source: predecessor of each node

    def _link(self, a: int, b: int, length: float) -> None:
        self.adjacency[a].append((b, length))
        self.adjacency[b].append((a, length))

    def _cross_index(self, v: float) -> int:
        j = bisect.bisect_left(self.cross, v)
        for candidate in (j - 1, j):
            if 0 <= candidate < len(self.cross) and abs(self.cross[candidate] - v) <= TOLERANCE:
                return candidate
        raise ValueError(f"{v:g} is not the position of a cross aisle")

    def resolve(self, point: Point) -> _Stop:
        """Check that ``point`` lies on the network and precompute its reach."""
        if point.aisle is None:
            j = self._cross_index(point.v)
            if not self.u_min - TOLERANCE <= point.u <= self.u_max + TOLERANCE:
                raise ValueError(f"{point} lies beyond the end of its cross aisle")
            reach = [_INF] * len(self.cross)
            reach[j] = 0.0
            return _Stop(None, j, point.u, self.cross[j], tuple(reach))
        i = point.aisle
        if not 0 <= i < len(self.aisle_u):
            raise ValueError(f"{point} refers to an unknown aisle")
        u = self.aisle_u[i]
        v_start, v_end = self.aisle_v[i]
        if abs(point.u - u) > TOLERANCE or not v_start - TOLERANCE <= point.v <= v_end + TOLERANCE:
            raise ValueError(f"{point} does not lie on aisle {i} (u={u:g}, v from {v_start:g} to {v_end:g})")
        reach = [_INF] * len(self.cross)
        for j in self.spans[i]:
            reach[j] = abs(point.v - self.cross[j])
        return _Stop(i, None, u, point.v, tuple(reach))

    def between(self, p: _Stop, q: _Stop) -> float:
        """Walk between two resolved stops (why the shortcut is exact: module docstring)."""
        if p.aisle is not None and p.aisle == q.aisle:
            return abs(p.v - q.v)
        via_shared = min(map(operator.add, p.reach, q.reach))
        if via_shared < _INF:
            return via_shared + abs(p.u - q.u)
        return self.via_graph(p, q)

    def via_graph(self, p: _Stop, q: _Stop) -> float:
        """Shortest walk for points that share no cross aisle."""
        return self._graph_walk(p, q)[0]

    def _graph_walk(self, p: _Stop, q: _Stop) -> tuple[float, int, int]:
        """Length of the shortest walk through the graph, with the nodes it enters and leaves by."""
        best, entry, exit_ = _INF, -1, -1
        q_exits = self._exits(q)
        for node, cost in self._exits(p):
            from_node = self._search(node)
            for other, other_cost in q_exits:
                total = cost + from_node[other] + other_cost
                if total < best:
                    best, entry, exit_ = total, node, other
        if best == _INF:
            raise ValueError(f"no walkable path between (u, v) = ({p.u:g}, {p.v:g}) and ({q.u:g}, {q.v:g})")
        return best, entry, exit_

    def walk(self, p: _Stop, q: _Stop) -> list[tuple[float, float]]:
        """``(u, v)`` waypoints of the walk :meth:`between` measures, ends included.

        Consecutive waypoints share ``u`` (along an aisle) or ``v`` (along a
        cross aisle); repeated and collinear waypoints are not removed here.
        """
        start, end = (p.u, p.v), (q.u, q.v)
        if p.aisle is not None and p.aisle == q.aisle:
            return [start, end]
        shared = list(map(operator.add, p.reach, q.reach))
        via_shared = min(shared)
        if via_shared < _INF:
            c = self.cross[shared.index(via_shared)]
            return [start, (p.u, c), (q.u, c), end]
        _, entry, exit_ = self._graph_walk(p, q)
        parent = self._parents[entry]
        nodes = [exit_]
        while nodes[-1] != entry:
            nodes.append(parent[nodes[-1]])
        return [start, *((self.node_u[n], self.node_v[n]) for n in reversed(nodes)), end]

    def _exits(self, stop: _Stop) -> list[tuple[int, float]]:
        """The nodes bracketing ``stop`` on its aisle or cross aisle, with the walk to each.

        Any walk to a farther node passes through one of these, so they are
        the only entry points the graph search needs.
        """
        if stop.aisle is None:
            nodes, nodes_u = self.on_cross[stop.cross], self.on_cross_u[stop.cross]
            k = bisect.bisect_left(nodes_u, stop.u)
            neighbours = [n for n in (k - 1, k) if 0 <= n < len(nodes)]
            return [(nodes[n], abs(stop.u - nodes_u[n])) for n in neighbours]
        span = self.spans[stop.aisle]
        below = [j for j in span if self.cross[j] <= stop.v]
        above = [j for j in span if self.cross[j] >= stop.v]
        return [
            (self.node_at[stop.aisle, j], abs(stop.v - self.cross[j])) for j in set(below[-1:] + above[:1])
        ]

    def _search(self, source: int) -> list[float]:
        """Dijkstra from one node, cached: irregular layouts reuse few sources."""
        if source not in self._searches:
            dist = [_INF] * len(self.node_u)
            parent = [-1] * len(self.node_u)  # kept for drawing the walk (``walk``)
            dist[source] = 0.0
            heap = [(0.0, source)]
            while heap:
                d, node = heapq.heappop(heap)
                if d > dist[node]:
                    continue
                for other, length in self.adjacency[node]:
                    candidate = d + length
                    if candidate < dist[other]:
                        dist[other] = candidate
                        parent[other] = node
                        heapq.heappush(heap, (candidate, other))
            self._searches[source] = dist
            self._parents[source] = parent
        return self._searches[source]


def locate(layout: Layout, x: float, y: float) -> Point:
    """The network point a bin at real ``(x, y)`` is picked from.

    The bin belongs to the aisle with the nearest centre line (bins line both
    sides; on an exact tie the aisle with the smaller ``u`` wins) and is
    reached at its ``v`` clamped into that aisle.
    """
    network = layout._network
    u, v = layout.to_uv(x, y)
    positions = network.aisle_u
    i = bisect.bisect_left(positions, u)
    if i == len(positions) or (i > 0 and u - positions[i - 1] <= positions[i] - u):
        i -= 1
    v_start, v_end = network.aisle_v[i]
    return Point(i, positions[i], min(max(v, v_start), v_end))


def depot_point(layout: Layout) -> Point:
    """The depot as a network point, standing exactly on its cross aisle."""
    return layout._network.depot


def distance(layout: Layout, p: Point, q: Point) -> float:
    """Walking distance in metres between two network points.

    Raises ``ValueError`` if a point is not on the network or no walk joins them.
    """
    network = layout._network
    return network.between(network.resolve(p), network.resolve(q))


def distance_matrix(layout: Layout, points: Sequence[Point]) -> list[list[float]]:
    """All pairwise walking distances, ``result[i][j] == distance(points[i], points[j])``.

    Each row is built with list-wide operations from the per-point reach of
    every cross aisle (``O(n^2 * k)`` for ``k`` cross aisles), then entries of
    points in the same aisle are overwritten by the straight walk, and the
    rare pairs sharing no cross aisle go through the graph search.
    """
    network = layout._network
    stops = [network.resolve(point) for point in points]
    positions = [stop.u for stop in stops]
    columns = list(zip(*(stop.reach for stop in stops)))  # one column per cross aisle
    same_aisle: dict[int, list[int]] = defaultdict(list)
    for index, stop in enumerate(stops):
        if stop.aisle is not None:
            same_aisle[stop.aisle].append(index)

    across: dict[float, list[float]] = {}  # |u - u_j| per distinct u: points share few aisles
    matrix = []
    for stop in stops:
        if stop.u not in across:
            across[stop.u] = [abs(stop.u - u) for u in positions]
        # Element-wise minimum over cross aisles of reach(stop) + reach(other);
        # those this point cannot step onto would only add inf, so skip them.
        # (A conditional expression is about 4x faster than ``map(min, ...)``.)
        nearest = None
        for own, column in zip(stop.reach, columns):
            if own < _INF:
                walks = map(own.__add__, column)
                if nearest is None:
                    nearest = list(walks)
                else:
                    nearest = [a if a < b else b for a, b in zip(nearest, walks)]
        row = list(map(operator.add, nearest, across[stop.u]))
        if stop.aisle is not None:
            for index in same_aisle[stop.aisle]:
                row[index] = abs(stop.v - stops[index].v)
        matrix.append(row)

    for i, row in enumerate(matrix):
        if _INF in row:
            for j in range(i + 1, len(row)):
                if row[j] == _INF:
                    row[j] = matrix[j][i] = network.via_graph(stops[i], stops[j])
    return matrix


def tour_length(
    layout: Layout,
    points_in_order: Sequence[Point],
    start: Point | None = None,
    end: Point | None = None,
) -> float:
    """Length of a walk visiting ``points_in_order``; starts and ends at the depot by default."""
    network = layout._network
    route = [
        network.depot if start is None else start,
        *points_in_order,
        network.depot if end is None else end,
    ]
    stops = [network.resolve(point) for point in route]
    return sum(network.between(a, b) for a, b in zip(stops, stops[1:]))


def _simplify(waypoints: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop repeated waypoints and those in the middle of a straight run.

    A middle waypoint is dropped only when it lies between its neighbours, so
    a walk that turns back on itself keeps its turning point and its length.
    """
    kept: list[tuple[float, float]] = []
    for point in waypoints:
        if kept and kept[-1] == point:
            continue
        if len(kept) >= 2:
            (u0, v0), (u1, v1) = kept[-2], kept[-1]
            u2, v2 = point
            if (u0 == u1 == u2 and min(v0, v2) <= v1 <= max(v0, v2)) or (
                v0 == v1 == v2 and min(u0, u2) <= u1 <= max(u0, u2)
            ):
                kept[-1] = point
                continue
        kept.append(point)
    return kept


def path(layout: Layout, p: Point, q: Point) -> list[tuple[float, float]]:
    """Real ``(x, y)`` waypoints of a shortest walk from ``p`` to ``q``.

    Every segment runs along an aisle or a cross aisle, and the polyline is
    exactly :func:`distance` long. It starts at ``p`` and ends at ``q`` (a
    single waypoint when they coincide).
    """
    network = layout._network
    waypoints = network.walk(network.resolve(p), network.resolve(q))
    return [layout.to_xy(u, v) for u, v in _simplify(waypoints)]


def route_path(layout: Layout, points: Sequence[Point], order: Sequence[int]) -> list[tuple[float, float]]:
    """Real ``(x, y)`` polyline of the tour depot -> ``points[i] for i in order`` -> depot.

    Each leg is the :func:`path` between consecutive stops, so the polyline
    is exactly :func:`tour_length` long. Every stop stays a waypoint (in
    visiting order; a stop at the same place as the one before adds none),
    so a drawing can number them on the line.
    """
    network = layout._network
    route = [network.depot, *(points[i] for i in order), network.depot]
    stops = [network.resolve(point) for point in route]
    polyline = [(stops[0].u, stops[0].v)]
    for a, b in zip(stops, stops[1:]):
        polyline.extend(_simplify(network.walk(a, b))[1:])
    return [layout.to_xy(u, v) for u, v in polyline]
