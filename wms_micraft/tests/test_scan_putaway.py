from datetime import timedelta

from odoo import fields
from odoo.tests import freeze_time

from .putaway_common import PutawayMixin
from .scan_common import ScanCase


class TestScanPutaway(ScanCase, PutawayMixin):
    """The putaway scan flow on one-step receipts: every step, every refused input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_putaway()
        cls.bins.write({"wms_max_units": 20})
        cls.crate_scan = cls.make_product("Crate", weight=2.0)
        # The engine's first choice for Box and Drug on this rack, pinned so that a change of
        # ranking shows here (the ranking rules themselves are proven in test_engine_putaway):
        # A010101 has no room (25 units in a 20-unit bin); A010302 comes first, A010402 next.
        cls.first_bin, cls.second_bin = cls.bin("A010302"), cls.bin("A010402")

    def start(self, *lines):
        """A receipt planned by the engine and the operator's session on its first putaway task."""
        picking = self.receipt(*lines)
        session, screen = self.open("next_task")
        screen = session.act("next")
        self.assertEqual((screen["scenario"], screen["state"]), ("putaway", "scan_bin"), screen["message"])
        task = self.env["wms.task"].browse(screen["task"]["id"])
        self.assertEqual((task.task_type, task.picking_id, task.user_id), ("putaway", picking, self.operator))
        return picking, session, task

    def suggested(self, task):
        return task._wms_todo_lines()[:1].location_dest_id

    def store(self, session, bin_, barcode, quantity):
        screen = session.scan(bin_.barcode)
        self.assertEqual(screen["state"], "scan_product", screen["message"])
        screen = session.scan(barcode)
        self.assertEqual(screen["state"], "quantity", screen["message"])
        return session.act("quantity", quantity)

    def test_happy_path_validates_the_receipt_through_odoo(self):
        picking, session, task = self.start((self.box, 5))
        target = self.suggested(task)
        self.assertEqual(target, self.first_bin)
        screen = session.screen()
        self.assertIn(target.display_name, screen["instruction"])
        self.assertEqual(screen["expect"], ["bin"])
        screen = self.store(session, target, "5901234123457", 5)
        self.assertEqual(screen["scenario"], "next_task")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertIn(picking.name, screen["message"]["body"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.qty(self.box, self.first_bin), 5)
        self.assertEqual(self.qty(self.box, self.bin_a), 10)
        self.assertEqual((task.state, task.quantity_done), ("done", 5))
        suggestion = picking.move_line_ids.wms_putaway_suggestion_ids
        self.assertEqual((suggestion.state, suggestion.followed), ("done", True))
        self.assertEqual(self.operator.wms_last_bin_id, target)

    def test_quantity_by_repeated_scans_and_gs1_count(self):
        picking, session, task = self.start((self.box, 3))
        session.scan(self.suggested(task).barcode)
        session.scan("5901234123457")  # the product: counting starts
        session.scan("5901234123457")
        self.assertEqual(session.data["quantity"], 1.0)
        screen = session.scan("0105901234123457" + "302")  # GS1 (01) + (30) 2: two more
        self.assertEqual(session.data["quantity"], 3.0, screen["message"])
        self.assertRefused(session, lambda: session.scan("5901234123457"), "4.0", "at most 3")
        session.act("quantity")
        self.assertEqual(picking.state, "done")

    def test_line_split_over_bins_then_stored_bin_by_bin(self):
        picking, session, task = self.start((self.box, 50))
        self.assertGreater(len(task.move_line_ids), 1)
        bins_used = self.env["stock.location"]
        for _step in range(10):
            if task.state == "done":
                break
            target = self.suggested(task)
            left = task._wms_todo_lines()[:1].quantity
            self.store(session, target, "5901234123457", left)
            bins_used |= target
        self.assertEqual(picking.state, "done")
        self.assertEqual(sum(self.qty(self.box, b) for b in self.bins), 60)  # 10 were in A010101
        for location in self.bins:
            self.assertLessEqual(self.qty(self.box, location) + self.qty(self.drug, location), 20, location.barcode)
        self.assertGreater(len(bins_used), 1)

    def test_another_bin_accepted_when_it_passes_the_rules(self):
        picking, session, task = self.start((self.box, 5))
        target = self.suggested(task)
        self.assertEqual(target, self.first_bin)
        other = self.bin("A030402")
        screen = self.store(session, other, "5901234123457", 5)
        self.assertEqual(screen["scenario"], "next_task", screen["message"])
        self.assertEqual(self.qty(self.box, other), 5)
        suggestion = picking.move_line_ids.wms_putaway_suggestion_ids
        self.assertEqual((suggestion.bin_id, suggestion.actual_bin_id, suggestion.followed),
                         (target, other, False))
        self.assertIn(other.display_name, suggestion.reason)
        self.assertIn(target.display_name, suggestion.reason)

    def test_room_of_another_bin_limits_the_quantity(self):
        picking, session, task = self.start((self.box, 15))
        other = self.bin("A030402")
        self.put_stock(self.box, other, 12)  # 8 units of room left
        session.scan(other.barcode)
        session.scan("5901234123457")
        self.assertRefused(session, lambda: session.act("quantity", 9), "9", "at most 8")
        screen = session.act("quantity", 8)
        self.assertEqual(screen["state"], "scan_bin", screen["message"])
        self.assertEqual(task._wms_placed_quantity(), 8)
        self.assertEqual(picking.state, "assigned")

    def test_bin_full_plans_the_rest_again(self):
        picking, session, task = self.start((self.box, 6))
        full = self.suggested(task)
        session.scan(full.barcode)
        screen = session.scan("WMS:FULL")
        self.assertEqual(screen["state"], "scan_bin")
        self.assertEqual(screen["message"]["type"], "warning")
        following = self.suggested(task)
        self.assertEqual((full, following), (self.first_bin, self.second_bin))
        self.assertNotEqual(following, full)
        self.assertIn(full.display_name, screen["message"]["body"])
        self.assertIn(following.display_name, screen["message"]["body"])
        replaced = self.env["wms.putaway.suggestion"].search([("picking_id", "=", picking.id),
                                                              ("state", "=", "cancelled")])
        self.assertEqual(replaced.bin_id, full)
        self.assertIn("declared full", replaced.reason)
        # the full bin is now refused for this task, with the reason
        self.assertRefused(session, lambda: session.scan(full.barcode), full.display_name, "no room left",
                           following.display_name)
        self.store(session, following, "5901234123457", 6)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.qty(self.box, self.second_bin), 6)
        self.assertEqual(self.qty(self.box, self.first_bin), 0)

    def test_done_early_leaves_an_odoo_backorder_planned_again(self):
        picking, session, task = self.start((self.box, 5))
        target = self.suggested(task)
        screen = self.store(session, target, "5901234123457", 3)
        self.assertEqual(screen["state"], "scan_bin")
        screen = session.act("done")
        self.assertEqual(screen["scenario"], "next_task", screen["message"])
        self.assertEqual((picking.state, picking.move_ids.quantity), ("done", 3))
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        self.assertEqual(backorder.state, "assigned")
        self.assertIn(backorder.move_line_ids.location_dest_id, self.bins)
        self.assertEqual(self.env["wms.task"].search([("picking_id", "=", backorder.id)]).quantity, 2)

    def test_other_lines_of_the_receipt_keep_their_tasks(self):
        picking = self.receipt((self.box, 5), (self.drug, 4))
        tasks = self.env["wms.task"].search([("picking_id", "=", picking.id)])
        task = tasks.filtered(lambda t: t.product_id == self.box)
        other_task = tasks - task
        self.assertEqual((len(task), other_task.product_id), (1, self.drug))
        session, _ = self.open("next_task")
        screen = session.scan(task.name)  # the Box task, taken by its name
        self.assertEqual((screen["scenario"], screen["state"]), ("putaway", "scan_bin"), screen["message"])
        other_lines = other_task.move_line_ids
        self.store(session, self.suggested(task), "5901234123457", 5)
        self.assertEqual(task.state, "done")
        self.assertEqual(other_task.move_line_ids, other_lines)
        self.assertEqual(other_lines.exists(), other_lines)
        self.assertEqual(other_task.picking_id, other_lines.picking_id)
        self.assertNotEqual(other_task.picking_id, picking)
        self.assertEqual(other_task.picking_id.state, "assigned")

    def test_gs1_lot_and_expiry_create_the_lot_on_a_receipt(self):
        picking, session, task = self.start((self.drug, 4))
        session.scan(self.suggested(task).barcode)
        # (01) GTIN of 4006381333931, (17) expiry 2031-06-30, (10) NEW-7
        screen = session.scan("0104006381333931" + "17310630" + "10NEW-7")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        lot = self.env["stock.lot"].search([("name", "=", "NEW-7"), ("product_id", "=", self.drug.id)])
        self.assertEqual(lot.expiration_date.date().isoformat(), "2031-06-30")
        session.act("quantity", 4)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id, lot)

    def test_refused_inputs_change_nothing(self):
        picking, session, task = self.start((self.box, 5))
        target = self.suggested(task)
        expected = target.display_name
        # scan_bin
        self.assertRefused(session, lambda: session.scan("NOPE-404"), "Unknown barcode", "NOPE-404")
        self.assertRefused(session, lambda: session.scan(""), "Unreadable")
        self.assertRefused(session, lambda: session.scan("A01\x070101"), "Unreadable")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "5901234123457", "expected a bin")
        self.assertEqual(target, self.first_bin)
        blocked = self.bin("A030401")
        blocked.write({"wms_blocked": True, "wms_block_reason": "Beam bent"})
        self.assertRefused(session, lambda: session.scan(blocked.barcode), blocked.display_name, "blocked", expected)
        full = self.bin("A020101")
        self.put_stock(self.crate_scan, full, 20)
        self.assertRefused(session, lambda: session.scan(full.barcode), full.display_name, "no room left", expected)
        cold = self.env["wms.zone"].create({"name": "Cold", "code": "C", "warehouse_id": self.warehouse.id,
                                            "temperature_class": "chilled"})
        blocked.write({"wms_blocked": False, "wms_zone_id": cold.id})
        self.assertRefused(session, lambda: session.scan(blocked.barcode), "temperature class", expected)
        quarantine = self.env["wms.zone"].create({"name": "Q", "code": "Q", "warehouse_id": self.warehouse.id,
                                                  "zone_type": "quarantine"})
        blocked.wms_zone_id = quarantine
        self.assertRefused(session, lambda: session.scan(blocked.barcode), "quarantine", expected)
        input_location = self.warehouse.wh_input_stock_loc_id
        input_location.write({"barcode": "WH-INPUT-X", "active": True})
        self.assertRefused(session, lambda: session.scan("WH-INPUT-X"), "not a putaway bin", expected)
        self.assertRefused(session, lambda: session.act("explode"), "'explode'")
        # scan_product
        session.scan(target.barcode)
        self.assertRefused(session, lambda: session.scan("4006381333931"), "Wrong product", "Drug", "Box")
        self.assertRefused(session, lambda: session.scan("LOT-OK"), "Wrong product", "Box")
        self.assertRefused(session, lambda: session.scan(target.barcode), "expected a product or a lot")
        # quantity
        session.scan("5901234123457")
        self.assertRefused(session, lambda: session.act("quantity", 6), "6", "at most 5")
        self.assertRefused(session, lambda: session.act("quantity", -1), "-1")
        self.assertRefused(session, lambda: session.act("quantity", "abc"), "'abc'")
        self.assertRefused(session, lambda: session.scan("4006381333931"), "Wrong product", "Box")
        self.assertEqual(picking.state, "assigned")

    def test_refused_lots(self):
        picking, session, task = self.start((self.drug, 4))
        session.scan(self.suggested(task).barcode)
        self.assertRefused(session, lambda: session.scan("LOT-OLD"), "LOT-OLD", "expired")
        self.assertRefused(session, lambda: session.scan("LOT-HELD"), "LOT-HELD", "on hold", "Recall 42")
        # a GS1 lot whose expiry is past is not created
        self.assertRefused(session, lambda: session.scan("0104006381333931" + "17200101" + "10OLD-9"),
                           "OLD-9", "expired")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "OLD-9")]))
        screen = session.scan("4006381333931")
        self.assertEqual(screen["state"], "scan_lot")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "Wrong product", "Drug")
        screen = session.scan("LOT-OK")
        self.assertEqual(screen["state"], "quantity", screen["message"])

    def test_a_label_expiring_today_is_accepted_at_receive_and_at_putaway(self):
        """One expiry rule: a lot expiring today (in the operator's time zone) is still good today, everywhere.

        It was accepted at receipt (``expiry < today``) but refused at putaway
        (``expiry <= today``, in UTC).
        """
        today = fields.Date.context_today(self.env["stock.lot"].with_user(self.operator))
        label = "0104006381333931" + "17" + today.strftime("%y%m%d") + "10"
        # Putaway: the label's lot is created at the scan.
        _picking, session, task = self.start((self.drug, 4))
        session.scan(self.suggested(task).barcode)
        screen = session.scan(label + "TODAY-P")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        # Receive (a receipt without putaway tasks): the label's lot is counted (created at validation).
        self.warehouse.wms_putaway_task_mode = "none"
        receipt = self.receipt((self.drug, 3))
        session, _screen = self.open("receive")
        screen = session.scan(receipt.name)
        self.assertEqual(screen["state"], "scan_product", screen["message"])
        screen = session.scan(label + "TODAY-R")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        lot = self.env["stock.lot"].search([("name", "=", "TODAY-P"), ("product_id", "=", self.drug.id)])
        self.assertEqual(lot.expiration_date.date(), today)
        self.assertFalse(lot._wms_is_expired())
        # From tomorrow on, the same label is refused at both.
        with freeze_time(today + timedelta(days=1)):
            self.assertTrue(lot._wms_is_expired())
            self.assertTrue(self.env["stock.lot"]._wms_expiry_passed(today))

    def test_lot_of_another_expiry_refused_in_a_bin_holding_the_product(self):
        """One-step receipt: the lot is only known at the scan, the bin's expiry rule is checked then."""
        self.put_stock(self.drug, self.bin_c, 2, self.lot_ok)
        picking, session, task = self.start((self.drug, 4))
        self.assertEqual(self.suggested(task), self.bin_c)  # consolidated with the drug already there
        session.scan(self.bin_c.barcode)
        self.assertRefused(session, lambda: session.scan("0104006381333931" + "17310630" + "10NEW-8"),
                           self.bin_c.display_name, "another expiry date")
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "NEW-8")]))
        screen = session.scan("0104006381333931" + "10LOT-OK")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        session.act("quantity", 4)
        self.assertEqual(self.qty(self.drug, self.bin_c, self.lot_ok), 6)

    def test_wrong_lot_on_a_line_with_its_lot(self):
        """Two-step: the storage line carries the lot received; another lot is refused."""
        self.warehouse.reception_steps = "two_steps"
        receipt = self.receipt((self.drug, 3))
        receipt.move_line_ids.lot_id = self.lot_ok
        receipt.move_ids.picked = True
        receipt.button_validate()
        storage = receipt.move_ids.move_dest_ids.picking_id
        task = self.env["wms.task"].search([("picking_id", "=", storage.id)])
        self.assertEqual((task.lot_id, task.location_id), (self.lot_ok, self.warehouse.wh_input_stock_loc_id))
        session, _ = self.open("next_task")
        screen = session.act("next")
        self.assertEqual(screen["scenario"], "putaway")
        self.assertEqual(self.suggested(task), self.first_bin)
        session.scan(self.first_bin.barcode)
        self.env["stock.lot"].create({"name": "LOT-OTHER", "product_id": self.drug.id})
        self.assertRefused(session, lambda: session.scan("LOT-OTHER"), "Wrong lot", "LOT-OTHER", "LOT-OK")
        screen = session.scan("LOT-OK")
        session.act("quantity", 3)
        self.assertEqual(storage.state, "done")
        self.assertEqual(self.qty(self.drug, self.first_bin, self.lot_ok), 3)

    def test_replayed_request_applied_once(self):
        picking, session, task = self.start((self.box, 5))
        target = self.suggested(task)
        session.scan(target.barcode, request_id="p1")
        session.scan("5901234123457", request_id="p2")
        first = session.act("quantity", 5, request_id="p3")
        self.assertEqual(picking.state, "done")
        moves = self.env["stock.move"].search_count([("state", "=", "done")])
        again = session.act("quantity", 5, request_id="p3")
        self.assertTrue(again["replayed"])
        self.assertEqual(again["message"], first["message"])
        self.assertEqual(self.env["stock.move"].search_count([("state", "=", "done")]), moves)
        self.assertEqual(target, self.first_bin)
        self.assertEqual(self.qty(self.box, self.first_bin), 5)

    def test_task_of_another_operator_refused(self):
        picking, session, task = self.start((self.box, 5))
        other_session, _ = self.open("next_task", user=self.operator2)
        # another operator's task is not even visible to them
        self.assertRefused(other_session, lambda: other_session.scan(task.name), task.name, "Expected a task")
        self.assertEqual(task.user_id, self.operator)
