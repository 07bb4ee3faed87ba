"""Directed putaway: choose the bins an arriving item goes to, and say why (no Odoo import).

Inputs
------
An :class:`Item` (what arrives: product, quantity, unit weight and volume,
lot and expiry, velocity class, temperature class, quarantine flag, whether
it may be split) and :class:`Candidate` bins (free weight / volume / units
after everything already stored *and promised* to open putaways, what is in
them, the storage-category rule, height, walking distance from the dock,
temperature class, quarantine, blocked). Capacities are ``None`` when the bin
has no such limit.

Hard rules (a bin failing one is never suggested)
--------------------------------------------------
``blocked``        a blocked bin.
``temperature``    the bin's temperature class differs from the item's.
``quarantine``     quarantined goods go to quarantine bins only, other goods never do.
``capacity``       not even one step (one unit for unit products) fits in the
                   free weight, volume, units or the per-product capacity
                   (Odoo's storage-category capacity line).
``not_empty``      storage category "empty bins only" and the bin holds (or
                   is promised) something.
``other_product``  storage category "same product only" and the bin holds (or
                   is promised) another product, or the item mixes products.
``expiry_mix``     the bin holds the same product with a lot of another
                   expiry date (FEFO picking would take the wrong one), unless
                   ``Rules.allow_expiry_mix``.

Soft scores (the ranking, each a share of its weight in :class:`Weights`)
--------------------------------------------------------------------------
``consolidation``  the product is already in the bin; ``same_lot`` adds when
                   the same lot is.
``velocity``       the item's velocity class (A fast, B, C slow) against the
                   bin's class: 1 when equal, 0.5 one class apart, 0 two apart.
                   A bin's class is given, or derived from its walking distance
                   rank among the candidates (nearest ``Rules.class_shares[0]``
                   are A, the next ``class_shares[1]`` B, the rest C).
``height``         waist height (``Rules.golden_zone``, metres above floor)
                   for fast movers: A 1, B 0.5, C 0 of the weight.
``distance``       ``1 - distance / farthest`` from the dock: a short walk to
                   put the goods away.
``fit``            how full the tightest capacity of the bin is after the
                   putaway (best fit: fill bins instead of scattering).

Each suggestion carries its breakdown (points per score, and the facts they
came from) so a supervisor can read why a bin was chosen.

Quantities
----------
A bin that takes the whole quantity is always preferred to a split. When no
bin can, a splittable item is split greedily: the best-scored bin takes what
fits, then the next, until all is placed (or no bin is left, ``unplaced``).
Quantities placed are multiples of ``Item.step`` (1 for goods counted in units).
A bin's unit capacity counts pieces: ``Item.unit_count`` Units per unit of
quantity (12 for Dozens, 0 for goods weighed in kg, which only weight and
volume limit).

Speed
-----
:class:`Planner` is built once for a set of candidates (one receipt) and
answers each line in time independent of the number of bins in practice: the
static part of the score (velocity, height, distance) is sorted once per
(velocity class, temperature, quarantine) and the search stops as soon as no
remaining bin could beat the best found (branch and bound: the dynamic part
is at most ``fit``, plus consolidation for the few bins already holding the
product, which are scored first). Each placement is booked in the planner, so
two lines of the same receipt never overfill one bin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

CLASSES = ("A", "B", "C")
SCORES = ("consolidation", "same_lot", "velocity", "height", "distance", "fit")
REASONS = ("blocked", "temperature", "quarantine", "capacity", "not_empty", "other_product", "expiry_mix",
           "excluded")
EPSILON = 1e-9
MAX_PARTS = 50  # a split never spreads one line over more bins than this


@dataclass(frozen=True)
class Weights:
    """Points of each soft score (a bin scoring fully on every score gets their sum)."""

    consolidation: float = 40.0
    same_lot: float = 10.0
    velocity: float = 25.0
    height: float = 10.0
    distance: float = 20.0
    fit: float = 15.0

    def __post_init__(self):
        for name in SCORES:
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{name}: a weight must be a finite number >= 0, got {value!r}")


@dataclass(frozen=True)
class Rules:
    """Rules of the warehouse that are not per bin."""

    allow_expiry_mix: bool = False
    golden_zone: tuple = (0.6, 1.6)  # metres above the floor where picking is easiest
    class_shares: tuple = (0.2, 0.3)  # share of candidates (nearest first) in class A, then B

    def __post_init__(self):
        low, high = self.golden_zone
        if not low <= high:
            raise ValueError(f"golden_zone: low must not exceed high, got {self.golden_zone!r}")
        a, b = self.class_shares
        if a < 0 or b < 0 or a + b > 1:
            raise ValueError(f"class_shares: two shares >= 0 summing to at most 1, got {self.class_shares!r}")


@dataclass(frozen=True)
class Item:
    """What arrives. ``quantity`` and capacities in the product's unit."""

    product_id: int
    quantity: float
    unit_weight: float = 0.0
    unit_volume: float = 0.0
    lot_id: int | None = None
    expiry: object = None  # any comparable value (date, ordinal); None when unknown
    velocity: str = "B"
    temperature: str = "ambient"
    quarantine: bool = False
    splittable: bool = True
    mixed: bool = False  # a package holding several products
    step: float = 1.0
    # Units of a bin's unit capacity one unit of ``quantity`` takes: 1 for goods counted in
    # Units, 12 for Dozens, 0 for goods measured by weight, length or volume (kg never add to pieces).
    unit_count: float = 1.0

    def __post_init__(self):
        if not self.quantity > 0:
            raise ValueError(f"quantity: must be above 0, got {self.quantity!r}")
        if self.unit_weight < 0 or self.unit_volume < 0:
            raise ValueError("unit_weight, unit_volume: cannot be negative")
        if self.velocity not in CLASSES:
            raise ValueError(f"velocity: one of {CLASSES}, got {self.velocity!r}")
        if not self.step > 0:
            raise ValueError(f"step: must be above 0, got {self.step!r}")
        if self.unit_count < 0:
            raise ValueError(f"unit_count: cannot be negative, got {self.unit_count!r}")


@dataclass(slots=True)
class Candidate:
    """A bin as the planner sees it. Loads include promised (open) putaways.

    ``products``: ``{product_id: quantity}`` stored or promised (at least the
    products the planner will be asked about); ``product_count``: how many
    different products the bin holds or is promised in all (may exceed
    ``len(products)`` when the caller only loaded some); ``lots``:
    ``{product_id: {lot_id: expiry}}``; ``product_caps``: the storage
    category's ``{product_id: max quantity}``.
    """

    bin_id: int
    free_weight: float | None = None
    free_volume: float | None = None
    free_units: float | None = None
    products: dict = field(default_factory=dict)
    product_count: int = 0
    lots: dict = field(default_factory=dict)
    product_caps: dict = field(default_factory=dict)
    allow_new_product: str = "mixed"  # Odoo storage category: mixed / same / empty
    velocity: str | None = None  # None: derived from distance
    z: float = 0.0
    distance: float = 0.0
    temperature: str = "ambient"
    quarantine: bool = False
    blocked: bool = False
    # capacities (None = no limit), for the fill ratio of the fit score
    capacity_weight: float | None = None
    capacity_volume: float | None = None
    capacity_units: float | None = None


@dataclass
class Suggestion:
    bin_id: int
    quantity: float
    score: float
    breakdown: dict


@dataclass
class Plan:
    """The answer for one item: where each part goes, and what could not be placed."""

    suggestions: list
    unplaced: float
    considered: int  # bins evaluated (the rest were bounded away or filtered out)

    @property
    def bin_id(self):
        return self.suggestions[0].bin_id if self.suggestions else None


# ----------------------------------------------------------------------------
# Rules and scores of one bin
# ----------------------------------------------------------------------------
def _floor_step(value, step):
    if value is None:
        return math.inf
    if value <= 0:
        return 0.0
    return math.floor(value / step + 1e-7) * step


def max_quantity(item: Item, bin_: Candidate) -> float:
    """How much of ``item`` fits in ``bin_`` by capacity alone (a multiple of ``item.step``, may be inf)."""
    counted = bin_.free_units is not None and item.unit_count > 0
    limits = [_floor_step(bin_.free_units / item.unit_count if counted else None, item.step)]
    if item.unit_weight > 0 and bin_.free_weight is not None:
        limits.append(_floor_step(bin_.free_weight / item.unit_weight, item.step))
    elif bin_.free_weight is not None and bin_.free_weight < -EPSILON:
        limits.append(0.0)
    if item.unit_volume > 0 and bin_.free_volume is not None:
        limits.append(_floor_step(bin_.free_volume / item.unit_volume, item.step))
    cap = bin_.product_caps.get(item.product_id)
    if cap is not None:
        limits.append(_floor_step(cap - bin_.products.get(item.product_id, 0.0), item.step))
    return min(limits)


def refusal(item: Item, bin_: Candidate, rules: Rules = Rules()) -> str | None:
    """The first hard rule ``bin_`` breaks for ``item`` (see module docstring), or None."""
    if bin_.blocked:
        return "blocked"
    if bin_.temperature != item.temperature:
        return "temperature"
    if bin_.quarantine != item.quarantine:
        return "quarantine"
    reason = _content_refusal(item, bin_, rules)
    if reason:
        return reason
    if max_quantity(item, bin_) < item.step - EPSILON:
        return "capacity"
    return None


def _content_refusal(item, bin_, rules):
    others = bin_.product_count - (1 if bin_.products.get(item.product_id, 0.0) > EPSILON else 0)
    if bin_.allow_new_product == "empty" and bin_.product_count:
        return "not_empty"
    if bin_.allow_new_product == "same" and (others > 0 or item.mixed):
        return "other_product"
    if not rules.allow_expiry_mix and item.expiry is not None:
        for lot_id, expiry in bin_.lots.get(item.product_id, {}).items():
            if lot_id != item.lot_id and expiry is not None and expiry != item.expiry:
                return "expiry_mix"
    return None


def _match(item_class, bin_class):
    return 1.0 - abs(CLASSES.index(item_class) - CLASSES.index(bin_class)) / 2.0


def _height_share(item_class, z, rules):
    low, high = rules.golden_zone
    if not low <= z <= high:
        return 0.0
    return {"A": 1.0, "B": 0.5, "C": 0.0}[item_class]


def _fill_after(item, bin_, quantity):
    ratios = []
    if bin_.capacity_weight:
        ratios.append((bin_.capacity_weight - (bin_.free_weight or 0.0) + item.unit_weight * quantity)
                      / bin_.capacity_weight)
    if bin_.capacity_volume:
        ratios.append((bin_.capacity_volume - (bin_.free_volume or 0.0) + item.unit_volume * quantity)
                      / bin_.capacity_volume)
    if bin_.capacity_units:
        ratios.append((bin_.capacity_units - (bin_.free_units or 0.0) + item.unit_count * quantity)
                      / bin_.capacity_units)
    cap = bin_.product_caps.get(item.product_id)
    if cap:
        ratios.append((bin_.products.get(item.product_id, 0.0) + quantity) / cap)
    return min(1.0, max(ratios)) if ratios else 0.0


def score(item, bin_, quantity, bin_class, farthest, weights=Weights(), rules=Rules()):
    """``(total, breakdown)`` of putting ``quantity`` of ``item`` in ``bin_`` (hard rules not checked)."""
    present = bin_.products.get(item.product_id, 0.0) > EPSILON
    same_lot = present and item.lot_id is not None and item.lot_id in bin_.lots.get(item.product_id, {})
    fill = _fill_after(item, bin_, quantity)
    points = {
        "consolidation": weights.consolidation if present else 0.0,
        "same_lot": weights.same_lot if same_lot else 0.0,
        "velocity": weights.velocity * _match(item.velocity, bin_class),
        "height": weights.height * _height_share(item.velocity, bin_.z, rules),
        "distance": weights.distance * (1.0 - bin_.distance / farthest) if farthest > 0 else weights.distance,
        "fit": weights.fit * fill,
    }
    total = sum(points.values())
    breakdown = {name: round(value, 2) for name, value in points.items()}
    breakdown.update(total=round(total, 2), bin_class=bin_class, item_class=item.velocity,
                     distance_m=round(bin_.distance, 1), fill_after=round(fill, 3), z_m=round(bin_.z, 2))
    return total, breakdown


def bin_classes(candidates, rules=Rules()):
    """``{bin_id: class}``: the given class, else by walking-distance rank (nearest first)."""
    ranked = sorted(candidates, key=lambda b: (b.distance, b.bin_id))
    count = len(ranked)
    a_end = round(count * rules.class_shares[0])
    b_end = a_end + round(count * rules.class_shares[1])
    classes = {}
    for rank, bin_ in enumerate(ranked):
        derived = "A" if rank < a_end else ("B" if rank < b_end else "C")
        classes[bin_.bin_id] = bin_.velocity or derived
    return classes


def rank(item, candidates, weights=Weights(), rules=Rules()):
    """Every candidate for ``item``, best first: ``(ranked, refused)``.

    ``ranked`` is a list of :class:`Suggestion` for the quantity each bin
    could take (at most ``item.quantity``), ``refused`` ``{bin_id: reason}``.
    Evaluates every bin: for explanations, tests and one-bin checks; the
    :class:`Planner` does the same ranking without looking at every bin.
    """
    classes = bin_classes(candidates, rules)
    farthest = max((b.distance for b in candidates), default=0.0)
    ranked, refused = [], {}
    for bin_ in candidates:
        reason = refusal(item, bin_, rules)
        if reason:
            refused[bin_.bin_id] = reason
            continue
        quantity = min(item.quantity, max_quantity(item, bin_))
        total, breakdown = score(item, bin_, quantity, classes[bin_.bin_id], farthest, weights, rules)
        ranked.append(Suggestion(bin_.bin_id, quantity, total, breakdown))
    ranked.sort(key=lambda s: (s.quantity < item.quantity - EPSILON, -s.score, s.breakdown["distance_m"], s.bin_id))
    return ranked, refused


# ----------------------------------------------------------------------------
# The planner: many items against one set of bins
# ----------------------------------------------------------------------------
class Planner:
    """Suggests bins for item after item, booking each placement.

    :param candidates: :class:`Candidate` bins (the planner updates their loads)
    :param weights, rules: see :class:`Weights`, :class:`Rules`
    """

    def __init__(self, candidates, weights=Weights(), rules=Rules()):
        self.weights = weights
        self.rules = rules
        self.bins = {b.bin_id: b for b in candidates}
        self.classes = bin_classes(candidates, rules)
        self.farthest = max((b.distance for b in candidates), default=0.0)
        self._orders = {}
        self._holders = {}  # product_id -> bin ids holding it (stored or promised)
        for bin_ in candidates:
            for product_id, quantity in bin_.products.items():
                if quantity > EPSILON:
                    self._holders.setdefault(product_id, set()).add(bin_.bin_id)

    def _static(self, item_class, bin_):
        w = self.weights
        distance = w.distance * (1.0 - bin_.distance / self.farthest) if self.farthest > 0 else w.distance
        return (w.velocity * _match(item_class, self.classes[bin_.bin_id])
                + w.height * _height_share(item_class, bin_.z, self.rules) + distance)

    def _order(self, item):
        """Bins that can ever take this kind of item, best static score first, and their largest room.

        Built once per kind of item. The largest free units, volume and weight
        of the kind's bins (``None``: some bin has no such limit) only shrink
        as placements are booked, so they stay valid bounds: a quantity above
        them fits in no bin, and the search for a whole bin is skipped.
        """
        key = (item.velocity, item.temperature, item.quarantine)
        entry = self._orders.get(key)
        if entry is None:
            rows = [
                (self._static(item.velocity, b), b) for b in self.bins.values()
                if not b.blocked and b.temperature == item.temperature and b.quarantine == item.quarantine
            ]
            rows.sort(key=lambda r: (-r[0], r[1].distance, r[1].bin_id))
            bins = [b for _static, b in rows]

            def largest(name):
                values = [getattr(b, name) for b in bins]
                return None if any(v is None for v in values) else max(values, default=0.0)

            entry = self._orders[key] = (rows, largest("free_units"), largest("free_volume"), largest("free_weight"))
        return entry

    def _best(self, item, quantity, exclude, whole):
        """Best bin for ``quantity`` (whole: must take it all; else: takes what fits)."""
        probe = item if quantity == item.quantity else _with_quantity(item, quantity)
        rows, max_units, max_volume, max_weight = self._order(item)
        need = quantity if whole else probe.step
        weight, volume, step = probe.unit_weight * need, probe.unit_volume * need, probe.step
        units = probe.unit_count * need
        if whole and ((max_units is not None and max_units < units - EPSILON)
                      or (max_volume is not None and volume > max_volume + EPSILON)
                      or (max_weight is not None and weight > max_weight + EPSILON)):
            return None, 0  # no bin has that much room, whatever its other loads
        best = None  # (sort key, bin, quantity, total)
        considered = 0

        def consider(bin_):
            nonlocal best, considered
            considered += 1
            # cheap capacity test first: most bins of a busy warehouse fail it
            free = bin_.free_units
            if free is not None and units > 0 and free < units - EPSILON:
                return
            free = bin_.free_weight
            if free is not None and (free < weight - EPSILON or free < -EPSILON):
                return
            free = bin_.free_volume
            if free is not None and free < volume - EPSILON:
                return
            if _content_refusal(probe, bin_, self.rules):
                return
            fits = min(quantity, max_quantity(probe, bin_))
            if fits < need - EPSILON or fits < step - EPSILON:
                return
            total = self._static(probe.velocity, bin_) + self._dynamic(probe, bin_, fits)
            key = (-total, bin_.distance, bin_.bin_id)
            if best is None or key < best[0]:
                best = (key, bin_, fits, total)

        holders = self._holders.get(item.product_id, ())
        for bin_id in holders:
            bin_ = self.bins[bin_id]
            if bin_id in exclude or bin_.blocked or bin_.temperature != item.temperature \
                    or bin_.quarantine != item.quarantine:
                continue
            consider(bin_)
        ceiling = self.weights.fit + EPSILON
        for static, bin_ in rows:
            if best is not None and static + ceiling < -best[0][0]:
                break  # no bin further down can beat the best one
            if bin_.bin_id in exclude or bin_.bin_id in holders:
                continue
            consider(bin_)
        return best, considered

    def _dynamic(self, item, bin_, quantity):
        w = self.weights
        present = bin_.products.get(item.product_id, 0.0) > EPSILON
        points = w.fit * _fill_after(item, bin_, quantity)
        if present:
            points += w.consolidation
            if item.lot_id is not None and item.lot_id in bin_.lots.get(item.product_id, {}):
                points += w.same_lot
        return points

    def suggest(self, item, exclude=(), book=True):
        """The :class:`Plan` for ``item``; placements are booked unless ``book`` is False.

        ``exclude``: bin ids not to use (a bin the operator found full...).
        """
        exclude = set(exclude)
        suggestions, considered = [], 0
        best, seen = self._best(item, item.quantity, exclude, whole=True)
        considered += seen
        if best:
            parts = [best]
        elif item.splittable:
            # Each part is booked before looking for the next one (the same bin
            # is never counted twice); the bookings are undone below and booked
            # again only if asked, so a dry run leaves the planner unchanged.
            parts, remaining, undo = [], item.quantity, []
            while remaining > EPSILON and len(parts) < MAX_PARTS:
                best, seen = self._best(item, remaining, exclude, whole=False)
                considered += seen
                if not best:
                    break
                parts.append(best)
                exclude.add(best[1].bin_id)
                undo.append(self.book(item, best[1].bin_id, best[2]))
                remaining -= best[2]
            for token in reversed(undo):
                self._unbook(token)
        else:
            parts = []
        placed = 0.0
        for _key, bin_, quantity, _total in parts:
            probe = _with_quantity(item, quantity)
            total, breakdown = score(probe, bin_, quantity, self.classes[bin_.bin_id], self.farthest,
                                     self.weights, self.rules)
            suggestions.append(Suggestion(bin_.bin_id, quantity, total, breakdown))
            placed += quantity
        if book:
            for suggestion in suggestions:
                self.book(item, suggestion.bin_id, suggestion.quantity)
        return Plan(suggestions, max(0.0, item.quantity - placed), considered)

    def book(self, item, bin_id, quantity):
        """Count ``quantity`` of ``item`` as promised to ``bin_id``; returns what undoes it."""
        bin_ = self.bins.get(bin_id)
        if bin_ is None:
            return None
        lot_added = False
        if item.lot_id is not None:
            lots = bin_.lots.setdefault(item.product_id, {})
            if item.lot_id not in lots:
                lots[item.lot_id] = item.expiry
                lot_added = True
        self._add(item, bin_, quantity)
        return (item, bin_, quantity, lot_added)

    def _unbook(self, token):
        if token is None:
            return
        item, bin_, quantity, lot_added = token
        self._add(item, bin_, -quantity)
        if lot_added:
            lots = bin_.lots[item.product_id]
            lots.pop(item.lot_id, None)
            if not lots:
                del bin_.lots[item.product_id]

    def _add(self, item, bin_, quantity):
        if bin_.free_weight is not None:
            bin_.free_weight -= item.unit_weight * quantity
        if bin_.free_volume is not None:
            bin_.free_volume -= item.unit_volume * quantity
        if bin_.free_units is not None:
            bin_.free_units -= item.unit_count * quantity
        before = bin_.products.get(item.product_id, 0.0)
        after = before + quantity
        if abs(after) <= EPSILON:
            bin_.products.pop(item.product_id, None)
        else:
            bin_.products[item.product_id] = after
        holders = self._holders.setdefault(item.product_id, set())
        if before <= EPSILON < after:
            bin_.product_count += 1
            holders.add(bin_.bin_id)
        elif after <= EPSILON < before:
            bin_.product_count -= 1
            holders.discard(bin_.bin_id)


def _with_quantity(item, quantity):
    return Item(**{**item.__dict__, "quantity": quantity})
