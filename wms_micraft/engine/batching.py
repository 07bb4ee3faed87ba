"""Order batching: group orders into carts so that pickers walk least (no Odoo import).

Problem
-------
Each :class:`Order` has lines at bins (network points of a
:class:`~.layout.Layout`, see :func:`.layout.locate`) with a weight, a volume
and a number of units. A cart takes whole orders (one tote per order) within
its :class:`CartLimits` (orders, lines, weight, volume; ``None`` = no limit);
a wave takes orders within its :class:`WaveLimits` (orders, lines). The
length of a cart is what the exact route engine
(:func:`.routing.shortest_route`) gives for all the bins of its orders; a
plan minimises the total over its carts (Gademann & van de Velde 2005 call
it the order batching problem; NP-hard from three orders per cart on).

:func:`plan_carts` (the engine)
-------------------------------
1. **Wave**. Orders are taken most urgent first: higher ``priority``, then
   earlier ``cutoff`` (``None`` last), then input order; first fit: an order
   that would overflow the wave is left out (``wave_full``) and later,
   smaller ones may still be taken. An order no cart can hold is left out
   (``too_big_for_a_cart``) unless ``allow_split``, when it is cut into
   parts that each fit (one tote per part; a single line that fits no cart
   still leaves the order out).
2. **Seed construction** (De Koster, van der Poort & Wolters 1999). A cart is
   opened with the farthest unassigned order (longest route alone; ties: the
   more urgent); then the order adding the least walking is added while one
   fits. "Least walking" is first estimated by a cheap proxy (per aisle, how
   deep the cart must go from the front or the back, plus the width walked
   along the cross aisles) over the orders nearest the seed; the
   :data:`EXACT_CANDIDATES` best by the proxy are measured by the exact route
   engine and the shortest added length wins.
3. **Local search**. Moves (an order to another cart, or to a cart of its
   own) and swaps (two orders of two carts), accepted when they shorten the
   total exact length. Waves of up to :data:`SMALL_INSTANCE` orders measure
   every move and swap of each order in turn and take the best; larger waves
   estimate them by the proxy over the carts nearest each order and measure
   the most promising (:func:`_ranked_search`). Repeated while it improves.
   With evaluations left, it restarts from a perturbed best plan (a tenth of
   the orders moved or swapped at random by the seeded generator) and keeps
   the best plan found.

Every candidate plan is checked against every limit before it is measured,
so no plan ever breaks one. Route lengths are memoised per set of orders
(``frozenset`` of order indexes).

Determinism
-----------
The search is bounded by a number of route evaluations (memo misses),
``max_evaluations``, by default :data:`EVALUATIONS_PER_SECOND` times the
``time_budget`` (the construction always completes; the bound stops the
local search and the restarts). The same input, seed and ``max_evaluations`` give the same
plan. The wall clock is only a safety net: if ``time_budget`` runs out first
(a machine much slower than assumed), the search stops early with the best
plan so far; ``Plan.stopped_by`` then says ``"time"`` and only then may the
plan differ between runs.

Speed
-----
On one or two blocks the route engine is exact and takes 1-2 ms for a cart
of 80 bins; a wave of 1,000 orders in carts of 8 is planned in about 3.5 s
of CPU (bench/bench_batching.py). On layouts with three blocks or more the
route engine runs its local search (about 0.2 s for 100 bins), so the
default bound of evaluations takes far longer than the budget and the clock
stops the search: plans are then valid but may differ between runs, and
the construction and the measuring of its carts, which always complete,
can overrun the budget (200 orders on three blocks: 5.8 s of CPU for 5 s).

Exact references
----------------
:func:`exact_plan` solves small instances exactly (set partitioning by
dynamic programme over subsets: ``best[mask] = min over feasible carts S
holding the lowest order of mask of length(S) + best[mask - S]``), and
:func:`matching_plan` solves carts of at most two orders exactly (the same
programme restricted to pairs: a minimum-weight perfect matching with
singletons). :func:`single_order_length` is the baseline of picking each
order alone.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from . import routing
from .layout import Layout, Point

__all__ = [
    "EVALUATIONS_PER_SECOND",
    "EXACT_CANDIDATES",
    "EXACT_MAX_ORDERS",
    "REASONS",
    "Cart",
    "CartLimits",
    "Line",
    "Order",
    "Plan",
    "WaveLimits",
    "check_plan",
    "exact_plan",
    "matching_plan",
    "plan_carts",
    "select_wave",
    "single_order_length",
]

# Reason codes of orders left out of a plan.
REASONS = ("wave_full", "too_big_for_a_cart", "empty")
# Route evaluations the search is allowed per second of budget: the
# deterministic bound. On one block, 1,000 orders in carts of 8 (about 80
# bins a cart) cost 3.4 s of CPU for 769 evaluations, the proxy work
# included (bench/bench_batching.py).
EVALUATIONS_PER_SECOND = 150
# Candidates measured exactly when the construction adds an order to a cart.
EXACT_CANDIDATES = 3
# Orders nearest the seed (by the proxy) considered when filling its cart.
POOL_PER_CART_SLOT = 8
# Large waves: carts (nearest by the proxy) an order may move to, and swap into.
NEIGHBOUR_CARTS = 8
SWAP_CARTS = 6
# Large waves: moves per order measured exactly in a round, the best by the proxy (1 measured
# best on the benchmark: 29,299 m against 29,494 m with 2 and 29,491 m with 3) ...
CANDIDATES_PER_ORDER = 1
# ... among those the proxy does not estimate longer (metres).
PROXY_SLACK = 0.0
# Waves of at most this many orders are searched exhaustively (every move and swap measured).
SMALL_INSTANCE = 40
# Perturbed restarts of the local search, at most.
RESTARTS = 50
# Largest instance exact_plan / matching_plan accept.
EXACT_MAX_ORDERS = 16
_EPS = 1e-9
_INF = math.inf


@dataclass(frozen=True)
class Line:
    """One line: the bin's network point, and what it adds to the cart."""

    point: Point
    weight: float = 0.0
    volume: float = 0.0
    units: float = 1.0


@dataclass(frozen=True)
class Order:
    """An order (a delivery). ``lines``: :class:`Line` or ``(point, weight, volume, units)`` tuples.

    ``priority``: higher is more urgent. ``cutoff``: any sortable value (a
    datetime, an ordinal), earlier first; ``None`` after every cutoff.
    """

    id: Hashable
    lines: tuple = ()
    priority: int = 0
    cutoff: object = None

    def __post_init__(self):
        lines = tuple(line if isinstance(line, Line) else Line(*line) for line in self.lines)
        object.__setattr__(self, "lines", lines)


@dataclass(frozen=True)
class CartLimits:
    """What one cart holds; ``None`` is no limit. ``max_orders`` is the number of totes."""

    max_orders: int | None = None
    max_lines: int | None = None
    max_weight: float | None = None
    max_volume: float | None = None

    def __post_init__(self):
        for name in ("max_orders", "max_lines", "max_weight", "max_volume"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ValueError(f"{name}: must be above 0 or None, got {value!r}")


@dataclass(frozen=True)
class WaveLimits:
    """What one wave holds; ``None`` is no limit."""

    max_orders: int | None = None
    max_lines: int | None = None

    def __post_init__(self):
        for name in ("max_orders", "max_lines"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name}: must be 0 or more, or None, got {value!r}")


@dataclass(frozen=True)
class Cart:
    """One cart: its orders (ids, a split order once per part), route length and route.

    ``route``: ``(order id, line index)`` in walking order.
    """

    order_ids: tuple
    length: float
    route: tuple


@dataclass(frozen=True)
class Plan:
    """The carts of a wave, their total length and the orders left out (``{id: reason}``)."""

    carts: tuple
    length: float
    left_out: dict = field(default_factory=dict)
    method: str = "seed_local_search"
    evaluations: int = 0  # route engine calls (memo misses)
    stopped_by: str = "converged"  # "converged", "evaluations" or "time"

    @property
    def order_ids(self):
        return [order_id for cart in self.carts for order_id in cart.order_ids]


# ---------------------------------------------------------------------------
# Orders as the search sees them
# ---------------------------------------------------------------------------


class _Part:
    """An order, or a part of a split order: what a tote on the cart holds."""

    __slots__ = ("index", "lines", "order", "points", "volume", "weight")

    def __init__(self, order, line_indexes):
        self.order = order
        self.lines = tuple(line_indexes)
        self.points = [order.lines[i].point for i in self.lines]
        self.weight = sum(order.lines[i].weight for i in self.lines)
        self.volume = sum(order.lines[i].volume for i in self.lines)


class _Proxy:
    """A cheap estimate of a group's walk, to rank candidates before the exact route.

    Per aisle, the deepest pick from the front and from the back cross aisle;
    a group's estimate is, over the aisles it visits, the cheapest of going in
    from the front and back, going in from the back and back, or walking the
    aisle through, plus twice the width walked along the cross aisles. An
    order's profile is sparse (the aisles it visits), a group's is an
    :class:`_Envelope`.
    """

    def __init__(self, layout):
        network = layout._network
        self.aisles = len(network.aisle_u)
        self.front = [network.cross[span[0]] if span else 0.0 for span in network.spans]
        self.back = [network.cross[span[-1]] if span else 0.0 for span in network.spans]
        self.through = [b - f for f, b in zip(self.front, self.back)]
        self.depot_u = network.depot.u

    def profile(self, points):
        """``(((aisle, front depth, back depth), ...), lowest u, highest u)`` of some points."""
        depth = {}
        low = high = self.depot_u
        for point in points:
            low, high = min(low, point.u), max(high, point.u)
            i = point.aisle
            if i is None:
                continue
            f = max(point.v - self.front[i], 0.0)
            b = max(self.back[i] - point.v, 0.0)
            old = depth.get(i)
            depth[i] = (f, b) if old is None else (max(old[0], f), max(old[1], b))
        return tuple((i, f, b) for i, (f, b) in sorted(depth.items())), low, high

    def envelope(self, profiles):
        envelope = _Envelope(self)
        for profile in profiles:
            envelope.add(profile)
        return envelope

    def cost(self, profiles):
        return self.envelope(profiles).total


class _Envelope:
    """A group's per-aisle depths and proxy cost, growing as profiles are added."""

    __slots__ = ("back", "cost", "front", "high", "low", "proxy", "total")

    def __init__(self, proxy):
        self.proxy = proxy
        self.front = [-1.0] * proxy.aisles  # -1: aisle not visited
        self.back = [-1.0] * proxy.aisles
        self.cost = [0.0] * proxy.aisles
        self.low = self.high = proxy.depot_u
        self.total = 0.0

    def added(self, profile):
        """Proxy metres the group grows by with ``profile`` (called often: kept flat)."""
        aisles, low, high = profile
        extra = 0.0
        if low < self.low:
            extra += 2 * (self.low - low)
        if high > self.high:
            extra += 2 * (high - self.high)
        front, back, cost, through = self.front, self.back, self.cost, self.proxy.through
        for i, f, b in aisles:
            f0, b0 = front[i], back[i]
            if f > f0 or b > b0:
                # Comparisons, not min/max calls: this is the hot loop of the search.
                if f0 > f:  # noqa: PLR1730
                    f = f0
                if b0 > b:  # noqa: PLR1730
                    b = b0
                c = 2 * f if f < b else 2 * b
                t = through[i]
                extra += (c if c < t else t) - cost[i]  # noqa: FURB136
        return extra

    def add(self, profile):
        self.total += self.added(profile)
        aisles, low, high = profile
        self.low, self.high = min(low, self.low), max(high, self.high)
        front, back, cost, through = self.front, self.back, self.cost, self.proxy.through
        for i, f, b in aisles:
            front[i] = max(front[i], f)
            back[i] = max(back[i], b)
            cost[i] = min(2 * front[i], 2 * back[i], through[i])


class _Search:
    """Feasibility, memoised exact lengths and the evaluation budget of one planning call."""

    def __init__(self, layout, parts, limits, max_evaluations, deadline):
        self.layout = layout
        self.parts = parts
        self.limits = limits
        self.memo = {}
        self.evaluations = 0
        self.max_evaluations = max_evaluations
        self.deadline = deadline
        self.stopped_by = None

    def fits(self, group):
        limits, parts = self.limits, self.parts
        if limits.max_orders is not None and len(group) > limits.max_orders:
            return False
        lines = weight = volume = 0
        for i in group:
            part = parts[i]
            lines += len(part.lines)
            weight += part.weight
            volume += part.volume
        return not (
            (limits.max_lines is not None and lines > limits.max_lines)
            or (limits.max_weight is not None and weight > limits.max_weight + _EPS)
            or (limits.max_volume is not None and volume > limits.max_volume + _EPS)
        )

    def exhausted(self):
        if self.stopped_by is None:
            if self.max_evaluations is not None and self.evaluations >= self.max_evaluations:
                self.stopped_by = "evaluations"
            elif self.deadline is not None and time.perf_counter() > self.deadline:
                self.stopped_by = "time"
        return self.stopped_by is not None

    def length(self, group):
        return self.route(group).length

    def route(self, group):
        """The exact route through the group's bins, parts in ascending order (memoised)."""
        key = frozenset(group)
        value = self.memo.get(key)
        if value is None:
            if key:
                self.evaluations += 1
            points = [point for i in sorted(key) for point in self.parts[i].points]
            value = self.memo[key] = routing.shortest_route(self.layout, points)
        return value


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def _urgency(order, position):
    return (-order.priority, order.cutoff is None, order.cutoff if order.cutoff is not None else 0, position)


def _fits_alone(order, line_indexes, limits):
    lines = [order.lines[i] for i in line_indexes]
    return not (
        (limits.max_lines is not None and len(lines) > limits.max_lines)
        or (limits.max_weight is not None and sum(line.weight for line in lines) > limits.max_weight + _EPS)
        or (limits.max_volume is not None and sum(line.volume for line in lines) > limits.max_volume + _EPS)
    )


def _split(order, limits):
    """Parts of an order that each fit a cart alone (lines in input order, first fit); None if a line cannot."""
    parts, current = [], []
    for i in range(len(order.lines)):
        if not _fits_alone(order, [i], limits):
            return None
        if _fits_alone(order, [*current, i], limits):
            current.append(i)
        else:
            parts.append(current)
            current = [i]
    if current:
        parts.append(current)
    return parts


def select_wave(orders: Sequence[Order], cart_limits: CartLimits, wave_limits: WaveLimits | None = None,
                allow_split: bool = False):
    """The orders a wave takes, most urgent first, as ``(taken, left_out)``.

    ``taken``: list of ``(order, [line index lists, one per part])`` in
    urgency order; ``left_out``: ``{order id: reason}`` (see :data:`REASONS`).
    """
    wave_limits = wave_limits or WaveLimits()
    ranked = sorted(range(len(orders)), key=lambda n: _urgency(orders[n], n))
    taken, left_out, seen = [], {}, set()
    order_count = line_count = 0
    for n in ranked:
        order = orders[n]
        if order.id in seen:
            raise ValueError(f"orders: the id {order.id!r} is given twice")
        seen.add(order.id)
        if not order.lines:
            left_out[order.id] = "empty"
            continue
        every_line = list(range(len(order.lines)))
        if _fits_alone(order, every_line, cart_limits):
            parts = [every_line]
        elif allow_split:
            parts = _split(order, cart_limits)
        else:
            parts = None
        if parts is None:
            left_out[order.id] = "too_big_for_a_cart"
            continue
        if (wave_limits.max_orders is not None and order_count + 1 > wave_limits.max_orders) or (
            wave_limits.max_lines is not None and line_count + len(order.lines) > wave_limits.max_lines
        ):
            left_out[order.id] = "wave_full"
            continue
        taken.append((order, parts))
        order_count += 1
        line_count += len(order.lines)
    return taken, left_out


def single_order_length(layout: Layout, orders: Sequence[Order]) -> float:
    """Baseline: metres walked picking each order alone, by the exact route engine."""
    return sum(routing.shortest_route(layout, [line.point for line in order.lines]).length
               for order in orders if order.lines)


def plan_carts(
    orders: Sequence[Order],
    cart_limits: CartLimits,
    layout: Layout,
    wave_limits: WaveLimits | None = None,
    seed: int = 0,
    time_budget: float = 5.0,
    allow_split: bool = False,
    max_evaluations: int | None = None,
) -> Plan:
    """Group the wave's orders into carts minimising the total exact route length.

    See the module docstring for the method. ``max_evaluations`` bounds the
    route evaluations (default ``EVALUATIONS_PER_SECOND * time_budget``);
    ``time_budget`` (seconds) also stops the search, as a safety net only.
    """
    start = time.perf_counter()
    if max_evaluations is None:
        max_evaluations = max(int(EVALUATIONS_PER_SECOND * time_budget), 1)
    parts, left_out = _prepare(orders, cart_limits, wave_limits, allow_split)
    search = _Search(layout, parts, cart_limits, max_evaluations, start + time_budget)
    proxy = _Proxy(layout)
    profiles = [proxy.profile(part.points) for part in parts]
    rng = random.Random(seed)
    improve = _local_search if len(parts) <= SMALL_INSTANCE else _ranked_search
    carts = _construct(search, proxy, profiles)
    carts = improve(search, proxy, profiles, carts)
    best, best_length = carts, _total(search, carts)
    # Restarts from a perturbed best plan while evaluations are left.
    rounds = 0
    while not search.exhausted() and len(parts) > 1 and rounds < RESTARTS:
        rounds += 1
        candidate = _perturb(search, best, rng)
        candidate = improve(search, proxy, profiles, candidate)
        length = _total(search, candidate)
        if length < best_length - _EPS:
            best, best_length = candidate, length
    method = "seed_local_search"
    return _plan(search, best, left_out, method, search.stopped_by or "converged")


def _prepare(orders, cart_limits, wave_limits, allow_split):
    taken, left_out = select_wave(orders, cart_limits, wave_limits, allow_split)
    parts = []
    for order, line_lists in taken:
        for lines in line_lists:
            parts.append(_Part(order, lines))
    for index, part in enumerate(parts):
        part.index = index
    return parts, left_out


def _total(search, carts):
    return sum(search.length(cart) for cart in carts)


def _plan(search, carts, left_out, method, stopped_by):
    parts = search.parts
    # Parts are numbered in urgency order: the cart holding the most urgent order comes first.
    carts = sorted((sorted(cart) for cart in carts if cart), key=lambda cart: cart[0])
    result = []
    total = 0.0
    for cart in carts:
        tags = [(parts[i].order.id, line_index) for i in cart for line_index in parts[i].lines]
        route = search.route(cart)
        result.append(Cart(tuple(parts[i].order.id for i in cart), route.length,
                           tuple(tags[k] for k in route.order)))
        total += route.length
    return Plan(tuple(result), total, dict(left_out), method, search.evaluations, stopped_by)


# ---------------------------------------------------------------------------
# Construction
# ---------------------------------------------------------------------------


def _construct(search, proxy, profiles):
    """Seed construction: open a cart with the farthest order, add the order adding least while one fits."""
    parts = search.parts
    n = len(parts)
    alone = [proxy.cost([profile]) for profile in profiles]  # seeds by the proxy: no route call
    unassigned = set(range(n))
    carts = []
    slots = search.limits.max_orders or n
    exact_candidates = EXACT_CANDIDATES if n <= SMALL_INSTANCE else 1
    while unassigned:
        # The farthest order first (ties: the more urgent, i.e. the lower index).
        seed = min(unassigned, key=lambda i: (-alone[i], i))
        unassigned.discard(seed)
        cart = [seed]
        envelope = proxy.envelope([profiles[seed]])
        pool = sorted(unassigned, key=lambda i: (envelope.added(profiles[i]), i))
        pool = pool[: max(POOL_PER_CART_SLOT * slots, 16)]
        while pool:
            pool = [i for i in pool if search.fits([*cart, i])]
            if not pool:
                break
            pool.sort(key=lambda i: (envelope.added(profiles[i]), i))
            if exact_candidates > 1 and len(pool) > 1:
                base = search.length(cart)
                best = min(pool[:exact_candidates], key=lambda i: (search.length([*cart, i]) - base, i))
            else:
                best = pool[0]
            cart.append(best)
            unassigned.discard(best)
            pool.remove(best)
            envelope.add(profiles[best])
        carts.append(cart)
    return carts


# ---------------------------------------------------------------------------
# Local search: move and swap
# ---------------------------------------------------------------------------


def _local_search(search, proxy, profiles, carts):
    """Best move or swap of each order in turn, measured exactly, while one improves (small instances)."""
    carts = [list(cart) for cart in carts if cart]
    length = search.length
    improved = True
    while improved and not search.exhausted():
        improved = False
        for i in range(len(search.parts)):
            if search.exhausted():
                break
            a = next(k for k, cart in enumerate(carts) if i in cart)
            source = carts[a]
            before_a = length(source)
            rest = [j for j in source if j != i]
            after_a = length(rest)
            best_gain, best_move = _EPS, None
            if rest:  # to a cart of its own
                gain = before_a - after_a - length([i])
                if gain > best_gain:
                    best_gain, best_move = gain, (None, None)
            for b, target in enumerate(carts):
                if b == a or search.exhausted():
                    continue
                before_b = length(target)
                if search.fits([*target, i]):
                    gain = before_a + before_b - after_a - length([*target, i])
                    if gain > best_gain:
                        best_gain, best_move = gain, (b, None)
                for j in target:
                    new_a, new_b = [*rest, j], [*[k for k in target if k != j], i]
                    if search.fits(new_a) and search.fits(new_b):
                        gain = before_a + before_b - length(new_a) - length(new_b)
                        if gain > best_gain:
                            best_gain, best_move = gain, (b, j)
            if best_move is not None:
                _apply(carts, a, i, *best_move)
                carts = [cart for cart in carts if cart]
                improved = True
    return carts


def _apply(carts, a, i, b, j):
    """Order ``i`` of cart ``a`` to cart ``b`` (a new cart if None), and ``j`` of ``b`` to ``a`` if given."""
    carts[a] = [k for k in carts[a] if k != i]
    if b is None:
        carts.append([i])
        return
    carts[b] = [k for k in carts[b] if k != j] + [i]
    if j is not None:
        carts[a].append(j)


def _ranked_search(search, proxy, profiles, carts):
    """Move/swap search for large waves: moves ranked by the proxy, then measured exactly.

    A round estimates by the proxy, for each order, moving it to each of the
    :data:`NEIGHBOUR_CARTS` carts nearest it and swapping it with an order of
    the :data:`SWAP_CARTS` nearest, keeps its :data:`CANDIDATES_PER_ORDER`
    best estimates, and measures all of them exactly, the most promising
    first, accepting each that shortens the total (a candidate whose carts
    changed earlier in the round waits for the next one). The next round
    re-estimates only the orders whose cart, or one of whose nearest carts,
    changed: the others' candidates were measured already and would be
    refused again. Rounds repeat while a move is accepted and evaluations
    are left.
    """
    carts = [list(cart) for cart in carts if cart]  # cart numbers stay fixed: emptied carts stay, empty
    length = search.length
    nearest = {}  # order -> carts nearest it by the proxy (when first seen or after it moved)
    envelopes, without = {}, {}  # cart -> envelope; (cart, order) -> envelope of the cart without it
    dirty = set(range(len(carts)))
    while not search.exhausted() and dirty:
        for a in dirty:
            cart = carts[a]
            envelopes[a] = proxy.envelope([profiles[i] for i in cart])
            for i in cart:
                without[a, i] = proxy.envelope([profiles[k] for k in cart if k != i])
        candidates = []
        for a, cart in enumerate(carts):
            for i in cart:
                if a not in dirty and i in nearest and dirty.isdisjoint(nearest[i]):
                    continue
                candidates.extend(_estimates(search, carts, profiles, envelopes, without, nearest, a, i))
        candidates.sort(key=_candidate_key)
        dirty = set()
        moved = set()
        for _, (a, i, b, j) in candidates:
            if search.exhausted():
                break
            if a in dirty or b in dirty or i in moved:
                continue
            source, target = carts[a], carts[b]
            new_a = [k for k in source if k != i] + ([j] if j is not None else [])
            new_b = [k for k in target if k != j] + [i]
            gain = length(source) + length(target) - length(new_a) - length(new_b)
            if gain > _EPS:
                _apply(carts, a, i, b, j)
                dirty.update((a, b))
                moved.update((i, j))
                nearest.pop(i, None)
                nearest.pop(j, None)
    return [cart for cart in carts if cart]


def _estimates(search, carts, profiles, envelopes, without, nearest, a, i):
    """The best moves and swaps of order ``i`` (in cart ``a``) by the proxy: ``[(estimate, (a, i, b, j))]``."""
    cart, profile = carts[a], profiles[i]
    saving = envelopes[a].total - without[a, i].total
    if i not in nearest:
        added = [(envelopes[k].added(profile), k) for k in range(len(carts)) if k != a and carts[k]]
        added.sort()
        nearest[i] = [k for _, k in added[:NEIGHBOUR_CARTS]]
    found = []
    for rank, b in enumerate(nearest[i]):
        target = carts[b]
        if b == a or not target:
            continue
        estimate = envelopes[b].added(profile) - saving
        if estimate < PROXY_SLACK and search.fits([*target, i]):
            found.append((estimate, (a, i, b, None)))
        if rank < SWAP_CARTS:
            for j in target:
                # j leaving b and joining a without i; i joining b without j.
                estimate = (without[a, i].added(profiles[j]) - saving
                            + without[b, j].added(profile) - envelopes[b].total + without[b, j].total)
                if estimate < PROXY_SLACK:
                    new_a = [k for k in cart if k != i] + [j]
                    new_b = [k for k in target if k != j] + [i]
                    if search.fits(new_a) and search.fits(new_b):
                        found.append((estimate, (a, i, b, j)))
    found.sort(key=_candidate_key)
    return found[:CANDIDATES_PER_ORDER]


def _candidate_key(candidate):
    estimate, (a, i, b, j) = candidate
    return (estimate, a, i, b, -1 if j is None else j)


def _perturb(search, carts, rng):
    """Move a few random orders to random carts where they fit (the seeded generator decides)."""
    carts = [list(cart) for cart in carts]
    moves = max(2, len(search.parts) // 10)
    for _ in range(moves):
        a = rng.randrange(len(carts))
        if not carts[a]:
            continue
        i = carts[a][rng.randrange(len(carts[a]))]
        b = rng.randrange(len(carts) + 1)
        if b == a:
            continue
        if b == len(carts):
            carts.append([])
        target = carts[b]
        if target and rng.random() < 0.5:  # swap with one of the target's orders
            j = target[rng.randrange(len(target))]
            new_a = [k for k in carts[a] if k != i] + [j]
            new_b = [k for k in target if k != j] + [i]
            if search.fits(new_a) and search.fits(new_b):
                carts[a], carts[b] = new_a, new_b
        elif search.fits([*target, i]):
            carts[a] = [k for k in carts[a] if k != i]
            carts[b] = [*target, i]
        carts = [cart for cart in carts if cart]
    return carts


# ---------------------------------------------------------------------------
# Exact references
# ---------------------------------------------------------------------------


def exact_plan(
    orders: Sequence[Order],
    cart_limits: CartLimits,
    layout: Layout,
    wave_limits: WaveLimits | None = None,
    allow_split: bool = False,
) -> Plan:
    """The optimal plan, by dynamic programme over subsets (at most :data:`EXACT_MAX_ORDERS` orders/parts).

    The wave is selected as in :func:`plan_carts`; then
    ``best[mask] = min over feasible carts S holding the lowest order of mask
    of length(S) + best[mask - S]``, every feasible cart measured by the exact
    route engine (so keep carts small: 12 orders in carts of 4 is 793 routes).
    """
    parts, left_out = _prepare(orders, cart_limits, wave_limits, allow_split)
    n = len(parts)
    if n > EXACT_MAX_ORDERS:
        raise ValueError(f"exact_plan: at most {EXACT_MAX_ORDERS} orders, got {n}")
    search = _Search(layout, parts, cart_limits, None, None)
    cap = min(cart_limits.max_orders or n, n)
    # Feasible carts by their lowest order (extending a cart that breaks a limit never helps).
    carts_by_low = [[] for _ in range(n)]
    for low in range(n):
        stack = [((low,), 1 << low)]
        while stack:
            members, mask = stack.pop()
            if not search.fits(members):
                continue
            carts_by_low[low].append((mask, search.length(members), members))
            if len(members) < cap:
                for j in range(members[-1] + 1, n):
                    stack.append(((*members, j), mask | (1 << j)))
    full = (1 << n) - 1
    best = {0: (0.0, None)}

    def solve(mask):
        if mask in best:
            return best[mask][0]
        low = (mask & -mask).bit_length() - 1
        value, choice = _INF, None
        for cart_mask, cart_length, members in carts_by_low[low]:
            if cart_mask & mask == cart_mask:
                total = cart_length + solve(mask & ~cart_mask)
                if total < value - _EPS:
                    value, choice = total, members
        best[mask] = (value, choice)
        return value

    solve(full)
    carts, mask = [], full
    while mask:
        members = best[mask][1]
        carts.append(list(members))
        for i in members:
            mask &= ~(1 << i)
    return _plan(search, carts, left_out, "exact", "converged")


def matching_plan(
    orders: Sequence[Order],
    cart_limits: CartLimits,
    layout: Layout,
    wave_limits: WaveLimits | None = None,
) -> Plan:
    """The optimal plan with carts of at most two orders (a minimum-weight matching, singletons allowed).

    Solved by :func:`exact_plan` with ``max_orders`` capped at 2: the
    programme then only enumerates pairs, an exact matching.
    """
    limits = CartLimits(
        max_orders=min(cart_limits.max_orders or 2, 2),
        max_lines=cart_limits.max_lines,
        max_weight=cart_limits.max_weight,
        max_volume=cart_limits.max_volume,
    )
    plan = exact_plan(orders, limits, layout, wave_limits)
    return Plan(plan.carts, plan.length, plan.left_out, "matching", plan.evaluations, plan.stopped_by)


def check_plan(plan: Plan, orders: Sequence[Order], cart_limits: CartLimits,
               wave_limits: WaveLimits | None = None) -> list:
    """Broken limits of a plan, as readable strings (empty when it keeps every limit).

    Checks each cart's orders, lines, weight and volume, the wave's orders
    and lines, that no order is in two carts (unless split, then each of its
    lines is picked exactly once) and that every order is either planned or
    left out.
    """
    by_id = {order.id: order for order in orders}
    wave_limits = wave_limits or WaveLimits()
    problems = []
    picked = {}
    for number, cart in enumerate(plan.carts):
        lines = [by_id[order_id].lines[k] for order_id, k in cart.route]
        for order_id, k in cart.route:
            picked.setdefault(order_id, []).append(k)
        limits = cart_limits
        if limits.max_orders is not None and len(cart.order_ids) > limits.max_orders:
            problems.append(f"cart {number}: {len(cart.order_ids)} orders")
        if limits.max_lines is not None and len(lines) > limits.max_lines:
            problems.append(f"cart {number}: {len(lines)} lines")
        if limits.max_weight is not None and sum(line.weight for line in lines) > limits.max_weight + 1e-6:
            problems.append(f"cart {number}: weight {sum(line.weight for line in lines):g}")
        if limits.max_volume is not None and sum(line.volume for line in lines) > limits.max_volume + 1e-6:
            problems.append(f"cart {number}: volume {sum(line.volume for line in lines):g}")
    for order_id, indexes in picked.items():
        if sorted(indexes) != list(range(len(by_id[order_id].lines))):
            problems.append(f"order {order_id!r}: lines picked {sorted(indexes)}")
        if order_id in plan.left_out:
            problems.append(f"order {order_id!r}: planned and left out")
    for order in orders:
        if order.id not in picked and order.id not in plan.left_out:
            problems.append(f"order {order.id!r}: neither planned nor left out")
    if wave_limits.max_orders is not None and len(picked) > wave_limits.max_orders:
        problems.append(f"wave: {len(picked)} orders")
    wave_lines = sum(len(indexes) for indexes in picked.values())
    if wave_limits.max_lines is not None and wave_lines > wave_limits.max_lines:
        problems.append(f"wave: {wave_lines} lines")
    return problems
