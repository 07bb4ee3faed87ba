"""Routing policies: S-shape and largest gap, the walks they prescribe (no Odoo import).

The classic policies of Roodbergen & de Koster (2001), one block and their
multi-block variants (the rules are in :func:`.s_shape` and
:func:`.largest_gap`), built as waypoints on the same network as the exact
methods, for comparison.

Conventions
-----------
* A policy's ``length`` is its own path (an S-shape traverses an aisle even
  when turning back would be shorter), at least the ``tour_length`` of its
  order.
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

from ..layout import TOLERANCE, Point

_INF = math.inf
_EPS = 1e-9


def policy_walk(layout, points, method):
    """``(order, length)`` of the walk the policy ``method`` prescribes (see :class:`_Policy`)."""
    network = layout._network
    stops = [network.resolve(point) for point in points]
    if not stops:
        return (), 0.0
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
    between = network.between
    length = sum(between(a, b) for (a, _), (b, _) in itertools.pairwise(walk))
    return order, length


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
