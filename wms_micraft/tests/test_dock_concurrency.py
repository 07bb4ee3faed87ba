import threading

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .dock_common import at


@tagged("post_install", "-at_install")
class TestDockConcurrency(TransactionCase):
    """Two supervisors booking one door at the same instant, through two real connections.

    The door is committed (no data in the test transaction: the other
    connections would not see it) and removed afterwards. Each booking runs in
    its own connection and commits; PostgreSQL's exclusion constraint decides.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            self.tz = warehouse.wms_dock_tz
            warehouse.wms_dock_tz = "UTC"
            door = env["wms.dock.door"].create({
                "name": "Race door", "warehouse_id": warehouse.id, "direction": "both",
                "hour_ids": [Command.create({"weekday": str(day), "hour_from": 0, "hour_to": 24}) for day in range(7)],
            })
            self.ids = {"warehouse": warehouse.id, "door": door.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["wms.dock.appointment"].search([("door_id", "=", self.ids["door"])]).unlink()
            env["wms.dock.door"].browse(self.ids["door"]).unlink()
            env["stock.warehouse"].browse(self.ids["warehouse"]).wms_dock_tz = self.tz

    def _race(self, slots):
        """Book ``slots`` ((start, end) pairs) at once, one connection each; returns {index: name or error}."""
        barrier = threading.Barrier(len(slots))
        results = {}

        def book(index, start, end):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    Appointment = env["wms.dock.appointment"]
                    # each connection takes its snapshot first, then all insert together
                    Appointment.search_count([("door_id", "=", self.ids["door"])])
                    barrier.wait(timeout=10)
                    try:
                        results[index] = Appointment.create({
                            "warehouse_id": self.ids["warehouse"], "door_id": self.ids["door"],
                            "direction": "inbound", "planned_start": start, "planned_end": end,
                        }).name
                    except ValidationError as error:
                        cr.rollback()
                        results[index] = error
            except Exception as error:  # noqa: BLE001 - reported by the assertions below
                results[index] = error

        threads = [threading.Thread(target=book, args=(index, *slot)) for index, slot in enumerate(slots)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        self.assertFalse(any(thread.is_alive() for thread in threads))
        return results

    def _booked(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["wms.dock.appointment"].search([("door_id", "=", self.ids["door"])]).mapped("name")

    def test_overlapping_bookings_at_once_exactly_one_wins(self):
        results = self._race([(at(0, 9), at(0, 10)), (at(0, 9, 30), at(0, 10, 30))])
        winners = [value for value in results.values() if isinstance(value, str)]
        losers = [value for value in results.values() if not isinstance(value, str)]
        self.assertEqual(len(winners), 1, results)
        self.assertEqual(len(losers), 1, results)
        self.assertIsInstance(losers[0], ValidationError)
        self.assertIn("Race door is already booked from 2027-01-04 09:", str(losers[0]))
        self.assertIn(f"by appointment {winners[0]}", str(losers[0]))
        self.assertEqual(self._booked(), winners)

    def test_touching_bookings_at_once_both_win(self):
        results = self._race([(at(0, 9), at(0, 10)), (at(0, 10), at(0, 11))])
        self.assertTrue(all(isinstance(value, str) for value in results.values()), results)
        self.assertEqual(sorted(self._booked()), sorted(results.values()))

    def test_second_booking_waits_for_the_first_then_is_refused(self):
        cr1 = self.registry.cursor()
        self.addCleanup(cr1.close)
        env1 = api.Environment(cr1, SUPERUSER_ID, {"tracking_disable": True})
        first = env1["wms.dock.appointment"].create({
            "warehouse_id": self.ids["warehouse"], "door_id": self.ids["door"], "direction": "inbound",
            "planned_start": at(0, 9), "planned_end": at(0, 10)})
        env1.flush_all()
        results = self._race_one_after(first.name, cr1)
        self.assertIsInstance(results.get("second"), ValidationError, results)
        self.assertIn(f"by appointment {first.name}", str(results["second"]))
        self.assertEqual(self._booked(), [first.name])

    def _race_one_after(self, first_name, cr1):
        results = {}

        def second():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                try:
                    results["second"] = env["wms.dock.appointment"].create({
                        "warehouse_id": self.ids["warehouse"], "door_id": self.ids["door"], "direction": "inbound",
                        "planned_start": at(0, 9, 30), "planned_end": at(0, 10, 30)}).name
                except ValidationError as error:
                    cr.rollback()
                    results["second"] = error

        with mute_logger("odoo.sql_db"):
            thread = threading.Thread(target=second)
            thread.start()
            thread.join(timeout=2)
            self.assertTrue(thread.is_alive(), "the second booking must wait for the first's transaction")
            cr1.commit()
            thread.join(timeout=30)
        self.assertFalse(thread.is_alive())
        return results
