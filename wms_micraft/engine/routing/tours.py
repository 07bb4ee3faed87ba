"""Tours on the shortest-path distances: Held-Karp, local search, 1-tree bound (no Odoo import).

For layouts the dynamic programmes do not cover, and as references:

* :func:`held_karp_tour`: the exact optimum over the distinct positions (node
  0 the depot), the Held-Karp recursion over subsets; :func:`.held_karp` and
  :func:`.shortest_route` use it up to 13 and 9 positions.
* :func:`local_search_order`: nearest neighbour (and the S-shape and
  largest-gap orders where those policies apply), each improved by 2-opt and
  Or-opt on the shortest-path distances, the best kicked (double bridge) and
  improved again up to ``ILS_ROUNDS`` times, stopping as soon as it meets
  the Held-Karp 1-tree lower bound (subgradient optimised) on the same
  distances. Deterministic: the same input gives the same route.
* :func:`polish`: 2-opt and Or-opt on a given order (after a capped
  programme).

Picks at the same position are one node and stay next to each other
(:func:`distinct_positions`, :func:`order_from_positions`).
"""

from __future__ import annotations

import itertools
import math
import operator
import random

from .. import layout as _layout
from ..layout import Point
from .policies import policy_walk

# Kicks of the local search's perturbation phase (fewer for long lists).
ILS_ROUNDS = 100

_INF = math.inf
_EPS = 1e-9


def walk_length(network, stops) -> float:
    """Shortest walk through ``stops`` in order (as :func:`layout.tour_length`)."""
    between = network.between
    return sum(between(a, b) for a, b in itertools.pairwise(stops))


def route_length(network, stops, order):
    """Depot -> ``stops`` in ``order`` -> depot, the shortest way between consecutive ones."""
    depot = network.resolve(network.depot)
    return walk_length(network, [depot, *[stops[i] for i in order], depot])


def position_key(stop):
    return (stop.aisle, stop.v) if stop.aisle is not None else (None, stop.u, stop.v)


def distinct_positions(stops):
    """Distinct positions (first stop of each) and the point indexes at each."""
    index, unique, groups = {}, [], []
    for i, stop in enumerate(stops):
        key = position_key(stop)
        slot = index.get(key)
        if slot is None:
            index[key] = slot = len(unique)
            unique.append(stop)
            groups.append([])
        groups[slot].append(i)
    return unique, groups


def order_from_positions(position_order, groups):
    return [i for position in position_order for i in groups[position]]


def held_karp_tour(d):
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


def local_search_order(layout, network, points, stops, unique, groups):
    """``(order, length, exact, lower bound)`` of the local search (see :func:`.local_search`)."""
    d = _layout.distance_matrix(layout, [network.depot, *[Point(s.aisle, s.u, s.v) for s in unique]])
    n = len(d)  # node 0 the depot, node p + 1 the distinct position p
    position_of = {position_key(stop): p + 1 for p, stop in enumerate(unique)}

    starts = [_nearest_neighbour(d)]
    for policy in ("s_shape", "largest_gap"):
        try:
            policy_order, _ = policy_walk(layout, points, policy)
        except ValueError:
            continue
        tour = [0, *dict.fromkeys(position_of[position_key(stops[i])] for i in policy_order)]
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
    order = order_from_positions([p - 1 for p in best_tour[1:]], groups)
    length = route_length(network, stops, order)
    bound = min(bound, length)
    exact = length - bound <= 1e-9 * max(1.0, length)
    return order, length, exact, bound


def polish(layout, network, stops, unique, groups, order):
    """``order`` improved by 2-opt and Or-opt on the shortest-path distances (never longer)."""
    d = _layout.distance_matrix(layout, [network.depot, *[Point(s.aisle, s.u, s.v) for s in unique]])
    n = len(d)
    position_of = {position_key(stop): p + 1 for p, stop in enumerate(unique)}
    tour = [0, *dict.fromkeys(position_of[position_key(stops[i])] for i in order)]
    neighbours = [sorted((j for j in range(n) if j != i), key=d[i].__getitem__)[:12] for i in range(n)]
    better = _improve(d, tour, neighbours)
    if _tour_cost(d, better) < _tour_cost(d, tour) - _EPS:
        return order_from_positions([p - 1 for p in better[1:]], groups)
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
