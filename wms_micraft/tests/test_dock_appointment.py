import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .dock_common import DockCase, at


class TestDockBooking(DockCase):
    def test_duration_proposed_from_the_load(self):
        # 20 pallets x 2 minutes + 20 minutes = 60 minutes
        appointment = self.book(self.door1, at(0, 9), pallets=20)
        self.assertEqual(appointment.proposed_minutes, 60)
        self.assertEqual(appointment.planned_end, at(0, 10))
        # a door's own setting wins: 3 minutes per pallet + 30 -> 90 minutes
        self.door3.write({"minutes_per_pallet": 3.0, "fixed_minutes": 30})
        appointment = self.book(self.door3, at(0, 9), pallets=20)
        self.assertEqual(appointment.planned_end, at(0, 10, 30))
        self.assertTrue(appointment.name.startswith("DOCK/"))
        self.assertRegex(appointment.code, r"^DA[A-Z2-9]{10}$")

    def test_overlap_refused_touching_allowed(self):
        first = self.book(self.door1, at(0, 9), at(0, 10))
        # refused before the row is written: no failed query in the server log
        with self.assertNoLogs("odoo.sql_db", "ERROR"), self.assertRaisesRegex(ValidationError, rf"Door 1 is already booked from 2027-01-04 09:00 to "
                                                     rf"2027-01-04 10:00 by appointment {re.escape(first.name)}"):
            self.book(self.door1, at(0, 9, 30), at(0, 10, 30))
        with self.assertRaisesRegex(ValidationError, re.escape(first.name)):
            self.book(self.door1, at(0, 8), at(0, 11))  # covering it
        before = self.book(self.door1, at(0, 8), at(0, 9))  # touching on the left
        after = self.book(self.door1, at(0, 10), at(0, 11))  # touching on the right
        self.assertEqual(self.env["wms.dock.appointment"].search_count([("door_id", "=", self.door1.id)]), 3)
        # another door at the same time is fine
        self.book(self.door3, at(0, 9), at(0, 10), direction="inbound")
        # moving an appointment onto another is refused, nothing written
        with self.assertRaisesRegex(ValidationError, re.escape(first.name)):
            after.write({"planned_start": at(0, 9, 45), "planned_end": at(0, 10, 45)})
        self.assertEqual((after.planned_start, after.planned_end), (at(0, 10), at(0, 11)))
        # a cancelled appointment frees its slot
        first.action_cancel()
        again = self.book(self.door1, at(0, 9), at(0, 10))
        self.assertEqual(again.state, "requested")
        self.assertEqual(before.planned_end, again.planned_start)

    def test_end_before_start_refused(self):
        with self.assertRaisesRegex(ValidationError, r"ends \(2027-01-04 09:00\) before it starts "
                                                     r"\(2027-01-04 10:00\)"):
            self.book(self.door1, at(0, 10), at(0, 9))
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self.book(self.door1, at(0, 10), at(0, 10))
        self.assertFalse(self.env["wms.dock.appointment"].search([("door_id", "=", self.door1.id)]))

    def test_opening_hours_and_exceptions(self):
        with self.assertRaisesRegex(ValidationError, r"Door 1 is not open for all of 2027-01-04 16:30 - "
                                                     r"2027-01-04 17:30"):
            self.book(self.door1, at(0, 16, 30), at(0, 17, 30))
        with self.assertRaisesRegex(ValidationError, "Door 1 is not open"):
            self.book(self.door1, at(5, 9), at(5, 10))  # Saturday
        with self.assertRaisesRegex(ValidationError, r"Door 1 is closed from 2027-01-06 00:00 to 2027-01-07 00:00 "
                                                     r"\(Leveller repair\)"):
            self.book(self.door1, at(2, 9), at(2, 10))
        # the last hour of the day, ending at closing time, is fine
        self.assertTrue(self.book(self.door1, at(0, 16), at(0, 17)))

    def test_direction_and_capabilities(self):
        with self.assertRaisesRegex(ValidationError, "Door 1 is for Inbound trucks only; appointment .* is Outbound"):
            self.book(self.door1, at(0, 9), at(0, 10), direction="outbound")
        with self.assertRaisesRegex(ValidationError, "Door 1 does not fit appointment .*, which needs: Container 40'"):
            self.book(self.door1, at(0, 9), at(0, 10), trailer_type_id=self.container.id)
        with self.assertRaisesRegex(ValidationError, "Door 3 does not fit .*, which needs: refrigerated"):
            self.book(self.door3, at(0, 9), at(0, 10), refrigerated=True)
        with self.assertRaisesRegex(ValidationError, "Door 1 takes at most 26 pallets; appointment .* brings 27"):
            self.book(self.door1, at(0, 9), at(0, 10), pallets=27)
        # what fits: a box trailer at door 1, a reefer container at door 2 (any trailer type)
        self.book(self.door1, at(0, 9), at(0, 10), trailer_type_id=self.box.id, pallets=26)
        self.book(self.door2, at(0, 9), at(0, 10), trailer_type_id=self.container.id, refrigerated=True)

    def test_yard_capacity(self):
        self.warehouse.write({"wms_dock_yard_max_trucks": 2, "wms_dock_yard_window_minutes": 60})
        self.book(self.door1, at(0, 9), at(0, 9, 30))
        self.book(self.door3, at(0, 9, 15), at(0, 9, 45), direction="inbound")
        with self.assertRaisesRegex(ValidationError, "already takes 2 trucks arriving in the 60 minutes"):
            self.book(self.door2, at(0, 9, 30), at(0, 10))
        self.book(self.door2, at(0, 10), at(0, 10, 30))

    def test_free_slots(self):
        self.book(self.door1, at(0, 8), at(0, 12))
        self.book(self.door3, at(0, 8), at(0, 9), direction="inbound")
        slots = self.warehouse.wms_dock_free_slots(60, at(0, 0), at(7, 0), direction="inbound", count=3,
                                                   spread=True)
        self.assertEqual([(s["door_id"], s["start"], s["end"]) for s in slots],
                         [(self.door3.id, at(0, 9), at(0, 10)), (self.door1.id, at(0, 12), at(0, 13))])
        # a box trailer fits door 1 (listed) and door 3 (any); a container only door 3
        slots = self.warehouse.wms_dock_free_slots(60, at(0, 0), at(7, 0), direction="inbound",
                                                   trailer_type_id=self.container.id, count=1)
        self.assertEqual(slots[0]["door_id"], self.door3.id)
        # every proposed slot books
        slot = slots[0]
        booked = self.book(self.door3, slot["start"], slot["end"], direction="inbound",
                           trailer_type_id=self.container.id)
        self.assertEqual(booked.planned_start, at(0, 9))


class TestDockStates(DockCase):
    def test_happy_path_with_timestamps(self):
        appointment = self.book(self.door1, at(0, 9), at(0, 10), vehicle_plate="AB-123-CD")
        appointment.with_user(self.manager).action_confirm()
        operator = appointment.with_user(self.operator)
        for verb, state, stamp in (("action_arrive", "arrived", "date_arrived"),
                                   ("action_at_door", "at_door", "date_at_door"),
                                   ("action_start", "in_progress", "date_started"),
                                   ("action_end", "done", "date_done"),
                                   ("action_check_out", "done", "date_checked_out")):
            getattr(operator, verb)()
            self.assertEqual(appointment.state, state, verb)
            self.assertTrue(appointment[stamp], stamp)
        with self.assertRaisesRegex(UserError, "was already checked out"):
            operator.action_check_out()

    def test_bad_transitions_name_the_state(self):
        appointment = self.book(self.door1, at(0, 9), at(0, 10))
        with self.assertRaisesRegex(UserError, f"Appointment {re.escape(appointment.name)} is Requested: "
                                               "it cannot be checked out"):
            appointment.action_check_out()
        with self.assertRaisesRegex(UserError, "is Requested: it cannot be sent to the door"):
            appointment.action_at_door()
        appointment.action_cancel()
        with self.assertRaisesRegex(UserError, "is Cancelled: it cannot be checked in"):
            appointment.action_arrive()
        with self.assertRaisesRegex(UserError, "is Cancelled: it cannot be cancelled"):
            appointment.action_cancel()
        self.assertFalse(appointment.date_arrived)
        no_door = self.env["wms.dock.appointment"].create({
            "warehouse_id": self.warehouse.id, "planned_start": at(0, 9), "direction": "inbound"})
        with self.assertRaisesRegex(UserError, "has no door: choose a door before confirming"):
            no_door.action_confirm()


class TestDockRights(DockCase):
    def test_operator_cannot_create_doors_cancel_or_write_state(self):
        with self.assertRaisesRegex(AccessError, "wms.dock.door"):
            self.env["wms.dock.door"].with_user(self.operator).create(
                {"name": "Door 9", "warehouse_id": self.warehouse.id})
        appointment = self.book(self.door1, at(0, 9), at(0, 10))
        as_operator = appointment.with_user(self.operator)
        with self.assertRaisesRegex(AccessError, "Only a WMS manager can cancel dock appointments"):
            as_operator.action_cancel()
        with self.assertRaisesRegex(AccessError, "Only a WMS manager can confirm"):
            as_operator.action_confirm()
        with self.assertRaisesRegex(AccessError, "wms.dock.appointment"):
            as_operator.write({"vehicle_plate": "XX"})
        with self.assertRaisesRegex(AccessError, "changes only through its buttons"):
            appointment.with_user(self.manager).write({"state": "done"})
        self.assertEqual(appointment.state, "requested")
        # the operator reads and runs the gate and door actions
        self.assertEqual(as_operator.door_id.name, "Door 1")
        as_operator.action_arrive()
        self.assertEqual(appointment.state, "arrived")


    def test_multi_company_isolation(self):
        appointment = self.book(self.door1, at(0, 9), at(0, 10))
        other_company = self.env["res.company"].create({"name": "Other Dock Co"})
        other_user = new_test_user(
            self.env, "wms_dock_other", groups="wms_micraft.group_wms_manager",
            company_id=other_company.id, company_ids=[(6, 0, other_company.ids)])
        self.assertFalse(self.env["wms.dock.appointment"].with_user(other_user).search([("id", "=", appointment.id)]))
        self.assertFalse(self.env["wms.dock.door"].with_user(other_user).search([("id", "=", self.door1.id)]))
        # shared trailer types are seen by every company
        self.assertIn(self.box, self.env["wms.dock.trailer.type"].with_user(other_user).search([]))


class TestDockTransfers(DockCase):
    def test_receipt_shows_its_appointment(self):
        supplier = self.env.ref("stock.stock_location_suppliers")
        receipt = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.in_type_id.id, "location_id": supplier.id,
            "location_dest_id": self.warehouse.lot_stock_id.id})
        appointment = self.book(self.door1, at(0, 9), at(0, 10), picking_ids=[(6, 0, receipt.ids)])
        self.assertEqual(receipt.wms_dock_appointment_ids, appointment)
        self.assertEqual(receipt.with_user(self.operator).wms_dock_appointment_ids.name, appointment.name)
        form = self.env["stock.picking"].with_user(self.operator).get_views([(False, "form")])
        self.assertIn("wms_dock_appointment_ids", form["views"]["form"]["arch"])


class TestDockViews(DockCase):
    def test_every_view_opens_for_operator_and_manager(self):
        for user in (self.operator, self.manager):
            views = self.env["wms.dock.appointment"].with_user(user).get_views(
                [(False, view) for view in ("list", "form", "calendar", "pivot", "graph", "search")])
            self.assertIn('date_start="planned_start"', views["views"]["calendar"]["arch"])
            self.assertIn('color="door_id"', views["views"]["calendar"]["arch"])
            self.env["wms.dock.door"].with_user(user).get_views([(False, "list"), (False, "form")])
        form = self.env["wms.dock.appointment"].with_user(self.operator).get_views([(False, "form")])
        # manager-only buttons are not shown to operators
        self.assertNotIn("action_cancel", form["views"]["form"]["arch"])
        self.assertIn("action_arrive", form["views"]["form"]["arch"])
