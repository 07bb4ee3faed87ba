"""Dock slots: where and when a truck can be unloaded or loaded (no Odoo import).

Inputs
------
:class:`Door` rows: direction (``inbound``, ``outbound`` or ``both``),
capabilities (a set of words such as trailer types, ``refrigerated``,
``side_loading``), the most pallets it takes, opening hours per weekday
(``{0: ((480, 1020),)}`` = Monday 08:00-17:00, minutes from midnight, Monday
is 0; a day without an entry is closed), exceptions (closed ``(start, end)``
intervals: holidays, maintenance) and the busy intervals of its existing
appointments. A :class:`Request`: how long, from when, until when, which
direction, capabilities and pallets, how many slots, the step of proposed
start times, and whether to spread them across doors. An optional
:class:`Yard`: at most ``max_trucks`` arrivals per window of
``window_minutes`` (windows aligned on midnight), with the arrival times of
the warehouse's existing appointments.

Every interval is half-open, ``[start, end)``: an appointment ending at 10:00
and another starting at 10:00 do not overlap (the database constraint uses
the same ``[)`` ranges). All datetimes are naive and in one frame, the
warehouse's local time; the caller converts.

Door rules (a door failing one is never proposed; :func:`refusal` says which)
----------------------------------------------------------------------------
``direction``   the door is inbound only and the truck delivers outbound, or
                the reverse (``both`` takes either).
``capability``  the door lacks a capability the truck needs.
``pallets``     the load has more pallets than the door takes.

Time rules (:func:`time_refusal`)
---------------------------------
``end_before_start``  the end is not after the start.
``closed``            part of ``[start, end)`` is outside the opening hours.
``exception``         part of it falls in an exception (the exception is returned too).
``busy``              it overlaps an existing appointment of the door.
``yard``              the yard already takes ``max_trucks`` arrivals in that window.

Output
------
:func:`free_slots` returns :class:`Slot` (door, start, end), earliest first
and, at equal start, in the order the doors were given. Without ``spread``
every door and start time is a candidate; with ``spread`` each door is
proposed at most once (its earliest slot), so the planner sees a choice of
doors rather than the same door at successive times.
"""

import dataclasses
import datetime
import heapq
import itertools
import math

DIRECTIONS = ("inbound", "outbound", "both")
DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Door:
    door_id: int
    direction: str = "both"
    capabilities: frozenset = frozenset()
    max_pallets: int = 0  # 0: no limit
    hours: dict = dataclasses.field(default_factory=dict)  # weekday -> ((start_min, end_min), ...)
    exceptions: tuple = ()  # ((start, end), ...) closed
    busy: tuple = ()  # ((start, end), ...) existing appointments

    def __post_init__(self):
        if self.direction not in DIRECTIONS:
            raise ValueError(f"door {self.door_id}: direction {self.direction!r}, expected one of {DIRECTIONS}")
        for weekday, windows in self.hours.items():
            if weekday not in range(7):
                raise ValueError(f"door {self.door_id}: weekday {weekday!r}, expected 0 (Monday) to 6")
            for start, end in windows:
                if not 0 <= start < end <= 1440:
                    raise ValueError(f"door {self.door_id}: opening hours {start}-{end} minutes, "
                                     "expected 0 <= start < end <= 1440")


@dataclasses.dataclass(frozen=True)
class Request:
    duration: int  # minutes
    start: datetime.datetime  # not before
    end: datetime.datetime  # the slot ends by then
    direction: str = "both"  # "both": no requirement
    capabilities: frozenset = frozenset()
    pallets: int = 0
    count: int = 5
    step: int = 15  # minutes between proposed start times, aligned on midnight
    spread: bool = False

    def __post_init__(self):
        if self.duration <= 0:
            raise ValueError(f"duration {self.duration!r} minutes, expected more than 0")
        if self.step <= 0:
            raise ValueError(f"step {self.step!r} minutes, expected more than 0")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction {self.direction!r}, expected one of {DIRECTIONS}")


@dataclasses.dataclass(frozen=True)
class Yard:
    max_trucks: int
    window_minutes: int
    arrivals: tuple = ()  # start datetimes of the warehouse's existing appointments

    def counts(self):
        counts = {}
        for arrival in self.arrivals:
            key = _window(arrival, self.window_minutes)
            counts[key] = counts.get(key, 0) + 1
        return counts


@dataclasses.dataclass(frozen=True, order=True)
class Slot:
    start: datetime.datetime
    end: datetime.datetime
    door_id: int


def _window(moment, minutes):
    midnight = datetime.datetime.combine(moment.date(), datetime.time())
    return midnight, int((moment - midnight).total_seconds() // 60) // minutes


def refusal(door, request):
    """The door rule ``door`` breaks for ``request``, or None when it fits."""
    if request.direction != "both" and door.direction not in (request.direction, "both"):
        return "direction"
    if not request.capabilities <= door.capabilities:
        return "capability"
    if door.max_pallets and request.pallets > door.max_pallets:
        return "pallets"
    return None


def _merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(pair) for pair in merged]


def _subtract(intervals, holes):
    """Merged ``intervals`` minus merged ``holes`` (both sorted lists of pairs)."""
    result = []
    holes = list(holes)
    index = 0
    for start, end in intervals:
        while index < len(holes) and holes[index][1] <= start:
            index += 1
        cursor, scan = start, index
        while scan < len(holes) and holes[scan][0] < end:
            if holes[scan][0] > cursor:
                result.append((cursor, holes[scan][0]))
            cursor = max(cursor, holes[scan][1])
            scan += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def open_intervals(door, start, end):
    """The door's opening hours within ``[start, end)``, exceptions removed, merged."""
    windows = []
    day = datetime.datetime.combine(start.date(), datetime.time())
    while day < end:
        for from_min, to_min in door.hours.get(day.weekday(), ()):
            a = max(start, day + datetime.timedelta(minutes=from_min))
            b = min(end, day + datetime.timedelta(minutes=to_min))
            if a < b:
                windows.append((a, b))
        day += DAY
    return _subtract(_merge(windows), _merge(door.exceptions))


def free_intervals(door, start, end):
    """Open and not busy within ``[start, end)``."""
    return _subtract(open_intervals(door, start, end), _merge(door.busy))


def time_refusal(door, start, end, yard=None, ignore=()):
    """The time rule ``[start, end)`` breaks on ``door`` as ``(code, detail)``, or None.

    ``detail`` is the exception or busy interval hit. ``ignore`` lists busy
    intervals not to count (the appointment being moved).
    """
    if end <= start:
        return "end_before_start", None
    for hole in sorted(door.exceptions):
        if hole[0] < end and start < hole[1]:
            return "exception", hole
    opened = open_intervals(dataclasses.replace(door, exceptions=()), start, end)
    if not any(a <= start and end <= b for a, b in opened):
        return "closed", None
    for busy in sorted(door.busy):
        if busy not in ignore and busy[0] < end and start < busy[1]:
            return "busy", busy
    if yard and yard.counts().get(_window(start, yard.window_minutes), 0) >= yard.max_trucks:
        return "yard", None
    return None


def _door_slots(door, request, yard_counts, yard):
    """Candidate slots of one door, earliest first (a generator: only what is asked is computed)."""
    duration = datetime.timedelta(minutes=request.duration)
    step = request.step
    for a, b in free_intervals(door, request.start, request.end):
        midnight = datetime.datetime.combine(a.date(), datetime.time())
        offset = math.ceil((a - midnight).total_seconds() / 60 / step) * step
        slot_start = midnight + datetime.timedelta(minutes=offset)
        while slot_start + duration <= b:
            if not yard or yard_counts.get(_window(slot_start, yard.window_minutes), 0) < yard.max_trucks:
                yield Slot(slot_start, slot_start + duration, door.door_id)
            slot_start += datetime.timedelta(minutes=step)


def free_slots(doors, request, yard=None):
    """The first ``request.count`` free slots over ``doors`` that fit ``request``, earliest first."""
    yard_counts = yard.counts() if yard else {}
    eligible = [door for door in doors if refusal(door, request) is None]
    if request.spread:
        # each door at most once: its first slot is all that is needed
        firsts = ((rank, next(_door_slots(door, request, yard_counts, yard), None)) for rank, door in enumerate(eligible))
        ranked = sorted((slot.start, rank, slot) for rank, slot in firsts if slot)
        return [slot for _start, _rank, slot in ranked[:request.count]]
    streams = [
        ((slot.start, rank, slot) for slot in _door_slots(door, request, yard_counts, yard))
        for rank, door in enumerate(eligible)
    ]
    return [slot for _start, _rank, slot in itertools.islice(heapq.merge(*streams), request.count)]


__all__ = [
    "Door",
    "Request",
    "Slot",
    "Yard",
    "free_intervals",
    "free_slots",
    "open_intervals",
    "refusal",
    "time_refusal",
]
