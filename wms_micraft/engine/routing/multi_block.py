"""Routes on three to five blocks: the programme deciding one vertex at a time (no Odoo import).

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
486 live states; four have up to 2,502, five about 20,000: there the caller
(:func:`.shortest_route`, constants ``DP_BEAM`` and ``DP_BEAM_SPARSE``) passes
``beam``, and only the cheapest states are kept after each vertex; the route
is then near-optimal, not proven (measured against the uncut programme in
bench/bench_routing.py, section ``multi_block``).
"""

from __future__ import annotations

import math

from .columns import _EFFECT, _NONE, _ONCE, build_columns, euler_order, segment_options

_INF = math.inf
_EPS = 1e-9


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


def vertex_dp(network, stops, beam=None):
    """Visiting order by the vertex-at-a-time programme: ``(order, exact, lower bound)``.

    Optimal unless ``beam`` caps the states kept after each vertex (the
    cheapest ones) and the cap was reached; then ``exact`` is False and the
    bound is the sum of what disjoint parts of any tour must cost.
    """
    cross = network.cross
    k = len(cross)
    columns = build_columns(network, stops)
    depot = network.resolve(network.depot)
    depot_column = min(range(len(columns)), key=lambda c: abs(columns[c].u - depot.u))

    options, requireds, fixed = [], [], 0.0
    for c, column in enumerate(columns):
        row_options = [segment_options(column, s, cross) for s in range(k - 1)] + [_NO_SUBAISLE]
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
            return vertex_dp(network, stops)
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
    order = euler_order(columns, chosen, cross, depot_column, depot.cross, len(stops))
    if exact:
        return order, True, best + fixed
    # A bound from disjoint parts of any tour: the tails, each subaisle's
    # cheapest configuration, and the walk to the outermost columns to visit and back.
    visited = [c for c, column in enumerate(columns) if any(requireds[c]) or any(column.segments)]
    bound = fixed + 2 * (columns[visited[-1]].u - columns[visited[0]].u)
    for c, column in enumerate(columns):
        bound += sum(min(costs) for kinds, costs, levels in options[c] if levels)
    return order, False, bound
