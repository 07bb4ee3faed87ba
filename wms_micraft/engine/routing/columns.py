"""Exact routes on one and two blocks: the dynamic programme over columns (no Odoo import).

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

:func:`build_columns`, :func:`segment_options` and :func:`euler_order` are
shared with the programme for more blocks (:mod:`.multi_block`).
"""

from __future__ import annotations

import bisect
import itertools
import math

from ..layout import TOLERANCE

_INF = math.inf
_EPS = 1e-9

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


def build_columns(network, stops):
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


def segment_options(column, s, cross):
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


def column_dp(network, stops):
    """Optimal visiting order for layouts with at most three cross aisles."""
    cross = network.cross
    k = len(cross)
    columns = build_columns(network, stops)
    depot = network.resolve(network.depot)
    depot_column = min(range(len(columns)), key=lambda c: abs(columns[c].u - depot.u))

    # Per column: the subaisle options, required vertices and fixed tail cost.
    shapes = []
    fixed = 0.0
    needs = []
    for c, column in enumerate(columns):
        options = [segment_options(column, s, cross) for s in range(k - 1)]
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
    return euler_order(columns, chosen, cross, depot_column, depot.cross, len(stops))


def euler_order(columns, chosen, cross, depot_column, depot_cross, count):
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
