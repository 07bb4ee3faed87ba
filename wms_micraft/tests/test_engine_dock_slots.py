"""Unit tests of the plain-Python dock slot finder (no Odoo, no database).

Loaded by ``engine_loader`` like the other engine tests. Speed is measured by bench/bench_dock.py.
The calendars are hand-made; Monday 7 December 2026 is day 0.
"""

import datetime
import random
import unittest

from .engine_loader import engine_module

dock = engine_module("dock_slots")
Door, Request, Slot, Yard = dock.Door, dock.Request, dock.Slot, dock.Yard

MONDAY = datetime.datetime(2026, 12, 7)
WEEKDAYS_8_17 = {day: ((8 * 60, 17 * 60),) for day in range(5)}  # Monday to Friday 08:00-17:00


def at(day, hour, minute=0):
    return MONDAY + datetime.timedelta(days=day, hours=hour, minutes=minute)


def monday_request(**values):
    values.setdefault("duration", 60)
    return Request(start=at(0, 0), end=at(7, 0), **values)


class TestDoorRules(unittest.TestCase):
    def test_direction_capabilities_pallets(self):
        inbound = Door(1, "inbound", frozenset({"reefer"}), max_pallets=26, hours=WEEKDAYS_8_17)
        self.assertIsNone(dock.refusal(inbound, monday_request(direction="inbound")))
        self.assertIsNone(dock.refusal(inbound, monday_request()))  # "both": no requirement
        self.assertEqual(dock.refusal(inbound, monday_request(direction="outbound")), "direction")
        self.assertEqual(dock.refusal(inbound, monday_request(capabilities=frozenset({"side_loading"}))),
                         "capability")
        self.assertIsNone(dock.refusal(inbound, monday_request(capabilities=frozenset({"reefer"}), pallets=26)))
        self.assertEqual(dock.refusal(inbound, monday_request(pallets=27)), "pallets")
        both = Door(2, "both", hours=WEEKDAYS_8_17)
        self.assertIsNone(dock.refusal(both, monday_request(direction="outbound", pallets=99)))

    def test_bad_inputs_name_the_value(self):
        with self.assertRaisesRegex(ValueError, "direction 'sideways'"):
            Door(1, "sideways")
        with self.assertRaisesRegex(ValueError, "opening hours 600-500"):
            Door(1, hours={0: ((600, 500),)})
        with self.assertRaisesRegex(ValueError, "weekday 7"):
            Door(1, hours={7: ((0, 60),)})
        with self.assertRaisesRegex(ValueError, "duration 0 minutes"):
            monday_request(duration=0)


class TestFreeSlots(unittest.TestCase):
    def test_earliest_first_and_touching_slots_allowed(self):
        # Door 1 busy 08:00-10:00 Monday: a one-hour slot starts at 10:00 sharp (touching is fine).
        door = Door(1, hours=WEEKDAYS_8_17, busy=((at(0, 8), at(0, 10)),))
        slots = dock.free_slots([door], monday_request(count=3))
        self.assertEqual(slots, [Slot(at(0, 10), at(0, 11), 1), Slot(at(0, 10, 15), at(0, 11, 15), 1),
                                 Slot(at(0, 10, 30), at(0, 11, 30), 1)])
        # A one-hour hole between two appointments 10:00-11:00 fits exactly.
        door = Door(1, hours={0: ((8 * 60, 12 * 60),)}, busy=((at(0, 8), at(0, 10)), (at(0, 11), at(0, 12))))
        self.assertEqual(dock.free_slots([door], monday_request()), [Slot(at(0, 10), at(0, 11), 1)])
        # ...and a 61-minute truck does not fit anywhere that Monday (and there is no other day).
        self.assertEqual(dock.free_slots([door], monday_request(duration=61)), [])

    def test_opening_hours_per_weekday(self):
        # Open Tuesday 06:00-08:00 and 14:00-15:30 only; asked from Monday: Tuesday 06:00 first, then 06:30.
        door = Door(1, hours={1: ((6 * 60, 8 * 60), (14 * 60, 15 * 60 + 30))})
        slots = dock.free_slots([door], monday_request(duration=90, step=30, count=5))
        self.assertEqual([slot.start for slot in slots], [at(1, 6), at(1, 6, 30), at(1, 14)])
        # The request's own start rounds up to the step: asked from Tuesday 06:05 -> 06:30 first.
        late = Request(duration=90, start=at(1, 6, 5), end=at(2, 0), step=30)
        self.assertEqual([slot.start for slot in dock.free_slots([door], late)], [at(1, 6, 30), at(1, 14)])

    def test_night_shift_across_midnight(self):
        # Monday 22:00-24:00 and Tuesday 00:00-02:00 are one opening: a 3-hour slot fits from 22:00.
        door = Door(1, hours={0: ((22 * 60, 1440),), 1: ((0, 2 * 60),)})
        slots = dock.free_slots([door], monday_request(duration=180, step=60))
        self.assertEqual(slots, [Slot(at(0, 22), at(1, 1), 1), Slot(at(0, 23), at(1, 2), 1)])

    def test_exceptions_respected(self):
        # Maintenance Monday 09:00-12:00 and a holiday all Tuesday.
        door = Door(1, hours=WEEKDAYS_8_17, exceptions=((at(0, 9), at(0, 12)), (at(1, 0), at(2, 0))))
        slots = dock.free_slots([door], monday_request(duration=120, step=60, count=8))
        # 08:00-10:00 would cross the maintenance; after it 12:00..15:00 starts; then Wednesday 08:00.
        self.assertEqual([slot.start for slot in slots],
                         [at(0, 12), at(0, 13), at(0, 14), at(0, 15), at(2, 8), at(2, 9), at(2, 10), at(2, 11)])

    def test_capabilities_and_direction_filter_doors(self):
        doors = [
            Door(1, "outbound", frozenset({"reefer"}), hours=WEEKDAYS_8_17),
            Door(2, "inbound", frozenset(), hours=WEEKDAYS_8_17),
            Door(3, "both", frozenset({"reefer", "side_loading"}), hours=WEEKDAYS_8_17,
                 busy=((at(0, 8), at(0, 9)),)),
        ]
        reefer_in = monday_request(direction="inbound", capabilities=frozenset({"reefer"}), count=2)
        # door 1 is outbound only, door 2 has no reefer: only door 3, after its 08:00-09:00 booking
        self.assertEqual(dock.free_slots(doors, reefer_in),
                         [Slot(at(0, 9), at(0, 10), 3), Slot(at(0, 9, 15), at(0, 10, 15), 3)])
        # any inbound: door 2 at 08:00 comes first, then door 2 again at 08:15 (no spread)
        self.assertEqual(dock.free_slots(doors, monday_request(direction="inbound", count=2)),
                         [Slot(at(0, 8), at(0, 9), 2), Slot(at(0, 8, 15), at(0, 9, 15), 2)])

    def test_spread_across_doors(self):
        doors = [Door(door_id, hours=WEEKDAYS_8_17, busy=((at(0, 8), at(0, 8 + door_id)),)) for door_id in (1, 2, 3)]
        # Without spread the same door at successive times; at equal times the doors' order breaks ties.
        self.assertEqual([(s.door_id, s.start) for s in dock.free_slots(doors, monday_request(count=3, step=60))],
                         [(1, at(0, 9)), (1, at(0, 10)), (2, at(0, 10))])
        # With spread: each door once, earliest first.
        spread = dock.free_slots(doors, monday_request(count=5, step=60, spread=True))
        self.assertEqual([(s.door_id, s.start) for s in spread], [(1, at(0, 9)), (2, at(0, 10)), (3, at(0, 11))])

    def test_yard_capacity(self):
        # Two doors, at most 2 arrivals per hour; one truck already arrives at 08:30 at another door.
        doors = [Door(1, hours=WEEKDAYS_8_17), Door(2, hours=WEEKDAYS_8_17)]
        yard = Yard(max_trucks=2, window_minutes=60, arrivals=(at(0, 8, 30), at(0, 8, 45)))
        slots = dock.free_slots(doors, monday_request(count=2, step=30), yard)
        # the 08:00-09:00 window is full: nothing may start before 09:00
        self.assertEqual(slots, [Slot(at(0, 9), at(0, 10), 1), Slot(at(0, 9), at(0, 10), 2)])
        self.assertEqual(dock.time_refusal(doors[0], at(0, 8), at(0, 9), yard), ("yard", None))
        self.assertIsNone(dock.time_refusal(doors[0], at(0, 9), at(0, 10), yard))


class TestTimeRefusal(unittest.TestCase):
    door = Door(1, hours=WEEKDAYS_8_17, exceptions=((at(2, 0), at(3, 0)),), busy=((at(0, 10), at(0, 11)),))

    def test_each_rule(self):
        self.assertEqual(dock.time_refusal(self.door, at(0, 9), at(0, 9)), ("end_before_start", None))
        self.assertEqual(dock.time_refusal(self.door, at(0, 9), at(0, 8)), ("end_before_start", None))
        self.assertEqual(dock.time_refusal(self.door, at(0, 7), at(0, 9)), ("closed", None))
        self.assertEqual(dock.time_refusal(self.door, at(0, 16), at(0, 18)), ("closed", None))
        self.assertEqual(dock.time_refusal(self.door, at(5, 9), at(5, 10)), ("closed", None))  # Saturday
        self.assertEqual(dock.time_refusal(self.door, at(2, 9), at(2, 10)), ("exception", (at(2, 0), at(3, 0))))
        self.assertEqual(dock.time_refusal(self.door, at(0, 10, 30), at(0, 11, 30)),
                         ("busy", (at(0, 10), at(0, 11))))
        # touching the busy interval on either side is fine
        self.assertIsNone(dock.time_refusal(self.door, at(0, 9), at(0, 10)))
        self.assertIsNone(dock.time_refusal(self.door, at(0, 11), at(0, 12)))
        # moving the appointment itself: its own interval is ignored
        self.assertIsNone(dock.time_refusal(self.door, at(0, 10, 30), at(0, 11, 30),
                                            ignore=((at(0, 10), at(0, 11)),)))


class TestAgainstBruteForce(unittest.TestCase):
    def test_random_calendars(self):
        """Every proposed slot passes time_refusal, and no earlier grid start was missed."""
        rng = random.Random(7)
        for _case in range(60):
            doors = []
            for door_id in range(1, 4):
                busy, cursor = [], at(0, rng.randint(6, 10))
                for _ in range(rng.randint(0, 6)):
                    cursor += datetime.timedelta(minutes=rng.choice((0, 15, 45, 90)))
                    end = cursor + datetime.timedelta(minutes=rng.choice((30, 60, 120)))
                    busy.append((cursor, end))
                    cursor = end
                exceptions = ((at(0, 12), at(0, 13)),) if rng.random() < 0.5 else ()
                doors.append(Door(door_id, hours={0: ((6 * 60, 20 * 60),), 1: ((6 * 60, 20 * 60),)},
                                  exceptions=exceptions, busy=tuple(busy)))
            request = Request(duration=rng.choice((30, 45, 60, 150)), start=at(0, 0), end=at(2, 0), count=6)
            slots = dock.free_slots(doors, request)
            brute = sorted(
                Slot(start, start + datetime.timedelta(minutes=request.duration), door.door_id)
                for door in doors
                for start in (at(0, 0) + datetime.timedelta(minutes=15 * k) for k in range(4 * 48))
                if dock.time_refusal(door, start, start + datetime.timedelta(minutes=request.duration)) is None
            )
            brute.sort(key=lambda s: (s.start, s.door_id))
            self.assertEqual(slots, brute[:6])
