"""Dock appointments: the slot finder's speed, and booking under concurrency with no double booking.

    python3 bench/bench_dock.py                # engine only (plain Python)
    python3 bench/bench_dock.py --db DB        # + concurrent booking on DB (scripts/bench.sh dock: a fresh database)

1. Slot finder (``engine/dock_slots.py``, no database): a week (Monday to
   Friday 06:00-22:00) at 20 doors (inbound/outbound/both, some refrigerated,
   some side loading, one closed a day for maintenance) holding 500
   appointments; 400 queries (30 to 120 minutes, random direction and
   needs, from a random moment of the week, 5 slots, half of them spread
   across doors). ``slot_finder_ms``: p50 of one query (p95 beside it).
2. Booking (Odoo, PostgreSQL): the same 20 doors and 500 appointments
   created through the ORM and committed; then ``concurrent_clients``
   threads, each with its own cursor from the Odoo registry, each making
   ``attempts_per_client`` bookings of 60 minutes on one of 4 doors on the
   Wednesday (so that they collide often), one transaction per attempt,
   committed when won, rolled back when refused. Afterwards the database is
   searched for two live appointments of one door that overlap
   (``double_bookings``, must be 0). ``bookings_per_s``: decided attempts
   (won or refused) per second of wall time over all clients;
   ``refused_by_postgresql``: refusals made by the exclusion constraint
   (both transactions had passed the ORM's overlap check: true races).
Figures go to bench/results/dock.json (the Odoo part only when --db is given;
earlier Odoo figures are kept otherwise).
"""

import argparse
import datetime
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wms_micraft"))
from odoo_env import RESULTS, odoo_env, table, write_results  # noqa: E402

from engine import dock_slots  # noqa: E402

SEED = 15
DOORS = 20
APPOINTMENTS = 500
QUERIES = 400
CLIENTS = 12
ATTEMPTS_PER_CLIENT = 25
MONDAY = datetime.datetime(2027, 1, 4)
OPEN = (6 * 60, 22 * 60)


def door_specs(rng):
    """(name, direction, refrigerated, side_loading, maintenance weekday or None) for each door."""
    specs = []
    for index in range(DOORS):
        direction = ("inbound", "outbound", "both")[index % 3]
        specs.append((f"Bench door {index + 1:02d}", direction, index % 5 == 0, index % 7 == 0,
                      index % 5 if index % 4 == 0 else None))
    return specs


def week_appointments(rng, specs):
    """APPOINTMENTS (door index, start, end) over the week, no overlap at a door, within opening hours."""
    per_door = [[] for _ in specs]
    placed = 0
    while placed < APPOINTMENTS:
        door = rng.randrange(len(specs))
        day = rng.randrange(5)
        if specs[door][4] == day:
            continue
        minutes = rng.choice((30, 45, 60, 90, 120))
        start = MONDAY + datetime.timedelta(days=day, minutes=rng.randrange(OPEN[0], OPEN[1] - minutes, 15))
        end = start + datetime.timedelta(minutes=minutes)
        if any(a < end and start < b for a, b in per_door[door]):
            continue
        per_door[door].append((start, end))
        placed += 1
    return per_door


def engine_doors(specs, busy):
    hours = {day: (OPEN,) for day in range(5)}
    doors = []
    for index, (_name, direction, reefer, side, maintenance) in enumerate(specs):
        capabilities = frozenset(w for w, on in (("refrigerated", reefer), ("side_loading", side)) if on)
        exceptions = () if maintenance is None else (
            (MONDAY + datetime.timedelta(days=maintenance, hours=10), MONDAY + datetime.timedelta(days=maintenance, hours=14)),)
        doors.append(dock_slots.Door(index + 1, direction, capabilities, 0, hours, exceptions, tuple(busy[index])))
    return doors


def bench_engine(rng, specs, busy):
    doors = engine_doors(specs, busy)
    times, found = [], 0
    for query in range(QUERIES):
        start = MONDAY + datetime.timedelta(minutes=rng.randrange(0, 5 * 24 * 60, 15))
        needs = frozenset(w for w, p in (("refrigerated", 0.15), ("side_loading", 0.1)) if rng.random() < p)
        request = dock_slots.Request(
            duration=rng.choice((30, 45, 60, 90, 120)), start=start, end=MONDAY + datetime.timedelta(days=7),
            direction=rng.choice(("inbound", "outbound", "both")), capabilities=needs, count=5,
            spread=query % 2 == 0)
        began = time.perf_counter()
        slots = dock_slots.free_slots(doors, request)
        times.append((time.perf_counter() - began) * 1000)
        found += bool(slots)
    times.sort()
    return {"p50": statistics.median(times), "p95": times[int(len(times) * 0.95)], "answered": found}


# ----------------------------------------------------------------------------
# Odoo part
# ----------------------------------------------------------------------------
def setup_db(env, specs, busy):
    from odoo import Command

    warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
    old = env["wms.dock.door"].with_context(active_test=False).search([("name", "like", "Bench door %")])
    env["wms.dock.appointment"].search([("door_id", "in", old.ids)]).unlink()
    old.unlink()
    warehouse.write({"wms_dock_tz": "UTC", "wms_dock_yard_max_trucks": 0})
    hours = [Command.create({"weekday": str(day), "hour_from": OPEN[0] / 60, "hour_to": OPEN[1] / 60})
             for day in range(5)]
    doors = env["wms.dock.door"].create([{
        "name": name, "warehouse_id": warehouse.id, "direction": direction, "refrigerated": reefer,
        "side_loading": side, "hour_ids": hours,
        "exception_ids": [] if maintenance is None else [Command.create({
            "date_start": MONDAY + datetime.timedelta(days=maintenance, hours=10),
            "date_end": MONDAY + datetime.timedelta(days=maintenance, hours=14), "reason": "Maintenance"})],
    } for name, direction, reefer, side, maintenance in specs])
    started = time.perf_counter()
    vals = []
    for index, intervals in enumerate(busy):
        door = doors[index]
        for start, end in intervals:
            if start.weekday() == 2 and index < 4:
                continue  # Wednesday at the first four doors is left to the race
            vals.append({"warehouse_id": warehouse.id, "door_id": door.id, "planned_start": start,
                         "planned_end": end, "refrigerated": door.refrigerated, "side_loading": door.side_loading,
                         "direction": "outbound" if door.direction == "outbound" else "inbound"})
    env["wms.dock.appointment"].create(vals)
    env.cr.commit()
    return warehouse.id, doors[:4].ids, len(vals), time.perf_counter() - started


def bench_booking(db, warehouse_id, door_ids, directions):
    from odoo import SUPERUSER_ID, api
    from odoo.exceptions import ValidationError
    from odoo.modules.registry import Registry
    from odoo.tools import mute_logger

    registry = Registry(db)
    won, refused, errors = [0] * CLIENTS, [0] * CLIENTS, []
    # Count the refusals PostgreSQL made (both transactions had passed the ORM's check: a true race).
    by_postgresql = []
    model_class = registry["wms.dock.appointment"]
    overlap_message = model_class._wms_overlap_message

    def counting_overlap_message(self, error):
        by_postgresql.append(1)
        return overlap_message(self, error)

    model_class._wms_overlap_message = counting_overlap_message
    barrier = threading.Barrier(CLIENTS)

    def client(number):
        rng = random.Random(SEED * 100 + number)
        barrier.wait()
        for _ in range(ATTEMPTS_PER_CLIENT):
            door = rng.choice(door_ids)
            start = MONDAY + datetime.timedelta(days=2, minutes=rng.randrange(OPEN[0], OPEN[1] - 60, 15))
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                try:
                    env["wms.dock.appointment"].create({
                        "warehouse_id": warehouse_id, "door_id": door, "direction": directions[door],
                        "planned_start": start, "planned_end": start + datetime.timedelta(minutes=60)})
                    cr.commit()
                    won[number] += 1
                except ValidationError as error:
                    cr.rollback()
                    if "already booked" not in str(error):
                        errors.append(str(error))
                    refused[number] += 1
                except Exception as error:  # noqa: BLE001 - counted and printed
                    cr.rollback()
                    errors.append(repr(error))

    threads = [threading.Thread(target=client, args=(number,)) for number in range(CLIENTS)]
    began = time.perf_counter()
    with mute_logger("odoo.sql_db"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    seconds = time.perf_counter() - began
    with registry.cursor() as cr:
        cr.execute("""
            SELECT count(*) FROM wms_dock_appointment a JOIN wms_dock_appointment b
              ON a.door_id = b.door_id AND a.id < b.id
             AND a.planned_start < b.planned_end AND b.planned_start < a.planned_end
             WHERE a.state NOT IN ('cancelled', 'no_show') AND b.state NOT IN ('cancelled', 'no_show')""")
        doubles = cr.fetchone()[0]
    model_class._wms_overlap_message = overlap_message
    return {"won": sum(won), "refused": sum(refused), "errors": errors, "seconds": seconds, "doubles": doubles,
            "by_postgresql": len(by_postgresql)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a database with wms_micraft installed (the concurrent part)")
    args = parser.parse_args()
    rng = random.Random(SEED)
    specs = door_specs(rng)
    busy = week_appointments(rng, specs)
    engine = bench_engine(rng, specs, busy)
    path = RESULTS / "dock.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results.update({
        "doors": DOORS, "appointments": APPOINTMENTS, "slot_finder_queries": QUERIES,
        "slot_finder_ms": round(engine["p50"], 3), "slot_finder_p95_ms": round(engine["p95"], 3),
        "slot_finder_answered": engine["answered"], "slot_finder_goal_ms": 20,
    })
    rows = [("slot finder p50 (ms)", f"{engine['p50']:.3f}", "<= 20"),
            ("slot finder p95 (ms)", f"{engine['p95']:.3f}", "")]
    if args.db:
        with odoo_env(args.db) as env:
            warehouse_id, race_doors, created, setup_s = setup_db(env, specs, busy)
            directions = {door.id: "outbound" if door.direction == "outbound" else "inbound"
                          for door in env["wms.dock.door"].browse(race_doors)}
        booking = bench_booking(args.db, warehouse_id, race_doors, directions)
        attempts = CLIENTS * ATTEMPTS_PER_CLIENT
        results.update({
            "appointments_in_db": created, "concurrent_clients": CLIENTS, "booking_attempts": attempts,
            "bookings_won": booking["won"], "bookings_refused": booking["refused"],
            "booking_errors": len(booking["errors"]), "double_bookings": booking["doubles"],
            "refused_by_postgresql": booking["by_postgresql"],
            "bookings_per_s": round((booking["won"] + booking["refused"]) / booking["seconds"], 1),
            "setup_create_500_s": round(setup_s, 2),
        })
        rows += [("concurrent clients", CLIENTS, ">= 10"), ("booking attempts", attempts, ""),
                 ("won / refused", f"{booking['won']} / {booking['refused']}", ""),
                 ("refused by PostgreSQL (races)", booking["by_postgresql"], ""),
                 ("other errors", len(booking["errors"]), "0"),
                 ("double bookings (in the DB)", booking["doubles"], "0"),
                 ("bookings per s", results["bookings_per_s"], "")]
        for error in booking["errors"][:5]:
            print("error:", error)
    table(rows, ("measure", "value", "goal"))
    print("written", write_results("dock", results))


if __name__ == "__main__":
    main()
