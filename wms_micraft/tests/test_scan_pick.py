from odoo.exceptions import AccessError

from .pick_common import PickCase


class TestPick(PickCase):
    """The pick scenario: the route, every scan, and the transfer validated by Odoo."""

    def test_happy_path_follows_the_route_and_validates_through_odoo(self):
        picking = self.delivery((self.widget, 3), (self.box, 2))
        session, screen = self.start_pick(picking)
        task = self.env["wms.task"].browse(session.data["task_id"])
        self.assertEqual((task.task_type, task.state, task.user_id), ("pick", "in_progress", self.operator))
        self.assertEqual(screen["state"], "scan_bin")
        self.assertEqual(screen["progress"], {"done": 0, "total": 2})
        # The visiting order is the stored shortest route, not the location names.
        route = picking.move_line_ids.sorted("wms_route_sequence")
        self.assertTrue(all(route.mapped("wms_route_sequence")))
        self.assertEqual(session.data["queue"], route.ids)
        for line in route:
            screen = session.scan(line.location_id.barcode)
            self.assertEqual(screen["state"], "scan_product", screen["message"])
            screen = session.scan(line.product_id.barcode)
            if line.quantity > 1:
                self.assertEqual((screen["state"], screen["input"]), ("quantity", "quantity"))
                screen = session.act("quantity", line.quantity)
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertIn(picking.name, screen["message"]["body"])
        self.assertEqual(screen["state"], "select")
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.qty(self.widget, self.bin_c), 7)
        self.assertEqual(self.qty(self.box, self.bin_a), 8)
        self.assertEqual(task.state, "done")
        self.assertEqual(task.quantity_done, 5)
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", picking.id)]))

    def test_repeated_scans_count_units_and_gs1_quantity(self):
        picking = self.delivery((self.widget, 4))
        session, _ = self.start_pick(picking)
        session.scan("A020101")
        screen = session.scan("4012345000009")
        self.assertEqual((screen["state"], session.data["qty"]), ("quantity", 1.0))
        session.scan("4012345000009")
        self.assertEqual(session.data["qty"], 2.0)
        # (01) GTIN + (30) count 2: completes the line by itself.
        screen = session.scan("0104012345000009" + "302")
        self.assertEqual(picking.state, "done", screen["message"])
        self.assertEqual(self.qty(self.widget, self.bin_c), 6)

    def test_bad_inputs_are_refused_and_change_nothing(self):
        picking = self.delivery((self.widget, 3))
        session, _ = self.start_pick(picking)
        self.assertRefused(session, lambda: session.scan("A010101"), "Wrong bin", "A-01-01-01", "A-02-01-01")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "5901234123457", "a bin")
        self.assertRefused(session, lambda: session.scan("NO-SUCH-CODE"), "Unknown barcode", "NO-SUCH-CODE")
        self.assertRefused(session, lambda: session.scan("A02\x070101"), "Unreadable", "0x07")
        session.scan("A020101")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "Wrong product", "Box", "Widget")
        self.assertRefused(session, lambda: session.scan("0104012345000009" + "304"), "more than expected", "3")
        session.scan("4012345000009")
        self.assertRefused(session, lambda: session.act("quantity", 5), "more than expected", "at most 3")
        self.assertRefused(session, lambda: session.act("quantity", "lots"), "not a quantity")
        self.assertRefused(session, lambda: session.act("zero_check"), "cannot be done here")
        self.assertEqual(self.reserved(self.widget, self.bin_c), 3)

    def test_replayed_request_is_applied_once(self):
        picking = self.delivery((self.widget, 3))
        session, _ = self.start_pick(picking)
        session.scan("A020101", request_id="r1")
        session.scan("4012345000009", request_id="r2")
        first = session.act("quantity", 3, request_id="r3")
        self.assertEqual(picking.state, "done")
        moves_before = self.env["stock.move"].search_count([])
        again = session.act("quantity", 3, request_id="r3")
        self.assertTrue(again["replayed"])
        self.assertEqual(again["message"], first["message"])
        self.assertEqual(self.env["stock.move"].search_count([]), moves_before)
        self.assertEqual(self.qty(self.widget, self.bin_c), 7)

    def test_lots_held_expired_and_fefo(self):
        picking = self.delivery((self.drug, 3))
        line = picking.move_line_ids
        # FEFO reserved the lot that expires first among those not past their date.
        self.assertEqual(line.lot_id, self.lot_soon)
        self.assertEqual(line.location_id, self.bin_e)
        session, _ = self.start_pick(picking)
        session.scan("A030102")
        # A later lot would break first-expired-first-out.
        self.assertRefused(session, lambda: session.scan("LATE"), "LATE", "SOON", "first expired")
        # Lots of the same product elsewhere: held, expired, or not in this bin.
        self.assertRefused(session, lambda: session.scan("LOT-HELD"), "LOT-HELD", "on hold")
        self.assertRefused(session, lambda: session.scan("LOT-OLD"), "LOT-OLD", "expired")
        self.assertRefused(session, lambda: session.scan("LOT-OK"), "LOT-OK", "A-03-01-02", "0.0 Units free")
        screen = session.scan("0104006381333931" + "10SOON" + "\x1d" + "303")
        self.assertEqual(picking.state, "done", screen["message"])
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_soon)
        self.assertEqual(self.qty(self.drug, self.bin_e, self.lot_soon), 2)

    def test_lot_substitution_allowed_when_fefo_allows_it(self):
        # SOON2 expires before SOON: arriving later in the bin, FEFO still prefers it.
        self.put_stock(self.drug, self.bin_e, 4, self.lot_soon2)
        picking = self.delivery((self.drug, 3))
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_soon2)
        picking.do_unreserve()
        # Reserve SOON by hand (a planner's choice): the picker may take SOON2 instead...
        self.env["stock.move.line"].create({
            "move_id": picking.move_ids.id, "picking_id": picking.id, "product_id": self.drug.id,
            "product_uom_id": self.drug.uom_id.id, "lot_id": self.lot_soon.id, "quantity": 3,
            "location_id": self.bin_e.id, "location_dest_id": self.customer.id,
        })
        self.assertEqual(self.reserved(self.drug, self.bin_e, self.lot_soon), 3)
        session, _ = self.start_pick(picking)
        session.scan("A030102")
        screen = session.scan("SOON2")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        session.act("quantity", 3)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_soon2)
        self.assertEqual(self.qty(self.drug, self.bin_e, self.lot_soon2), 1)
        self.assertEqual(self.qty(self.drug, self.bin_e, self.lot_soon), 5)
        self.assertEqual(self.reserved(self.drug, self.bin_e, self.lot_soon), 0)

    def test_short_pick_reserves_the_rest_elsewhere_and_asks_for_a_count(self):
        picking = self.delivery((self.widget, 4))
        self.assertEqual(picking.move_line_ids.location_id, self.bin_c)
        session, _ = self.start_pick(picking)
        session.scan("A020101")
        session.scan("4012345000009")
        screen = session.act("quantity", 1)
        self.assertEqual(screen["state"], "confirm_short")
        screen = session.act("confirm")
        self.assertEqual(screen["message"]["type"], "warning")
        self.assertIn("Short pick", screen["message"]["body"])
        self.assertIn("A-03-01-01", screen["message"]["body"])
        count = self.env["wms.task"].search([("task_type", "=", "count"), ("location_id", "=", self.bin_c.id)])
        self.assertEqual(len(count), 1)
        self.assertIn(picking.name, count.note)
        # The rest was reserved in the other bin and added to the route.
        self.assertEqual(self.reserved(self.widget, self.bin_c), 1)
        self.assertEqual(self.reserved(self.widget, self.bin_d), 3)
        self.assertEqual(screen["state"], "scan_bin")
        self.assertIn("A-03-01-01", screen["instruction"])
        session.scan("A030101")
        session.scan("4012345000009")
        session.act("quantity", 3)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.qty(self.widget, self.bin_c), 9)
        self.assertEqual(self.qty(self.widget, self.bin_d), 3)
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", picking.id)]))

    def test_short_pick_leaves_the_rest_to_an_odoo_backorder(self):
        self.out_type.wms_short_pick_policy = "backorder"
        picking = self.delivery((self.widget, 4))
        session, _ = self.start_pick(picking)
        session.scan("A020101")
        session.scan("4012345000009")
        session.act("quantity", 1)
        screen = session.act("confirm")
        self.assertIn("backorder", screen["message"]["body"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 1)
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(backorder.move_ids.product_uom_qty, 3)
        self.assertIn(backorder.name, screen["message"]["body"])
        self.assertEqual(self.qty(self.widget, self.bin_c), 9)
        count = self.env["wms.task"].search([("task_type", "=", "count"), ("location_id", "=", self.bin_c.id)])
        self.assertEqual((len(count), count.warehouse_id), (1, self.warehouse))

    def test_nothing_found_at_all(self):
        self.out_type.wms_short_pick_policy = "backorder"
        picking = self.delivery((self.widget, 2))
        session, _ = self.start_pick(picking)
        session.scan("A020101")
        session.act("short")
        screen = session.act("confirm")
        self.assertIn("stays open", screen["message"]["body"])
        task = self.env["wms.task"].search([("picking_id", "=", picking.id), ("task_type", "=", "pick")])
        self.assertEqual(task.state, "exception")
        self.assertEqual(picking.state, "confirmed")
        self.assertEqual(self.qty(self.widget, self.bin_c), 10)

    def test_skip_postpones_a_line(self):
        picking = self.delivery((self.widget, 1), (self.box, 1))
        session, screen = self.start_pick(picking)
        first, second = session.data["queue"]
        screen = session.act("skip")
        self.assertEqual(session.data["queue"], [second, first])
        self.assertEqual(screen["state"], "scan_bin")
        line = self.env["stock.move.line"].browse(second)
        session.scan(line.location_id.barcode)
        session.scan(line.product_id.barcode)
        self.assertEqual(session.data["queue"], [first])
        self.assertRefused(session, lambda: session.act("skip"), "last line")
        screen = session.act("done")  # finish now: the postponed line goes to a backorder
        self.assertEqual(picking.state, "done")
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(len(backorder.move_ids), 1)
        self.assertNotEqual(backorder.move_ids.product_id, line.product_id)

    def test_zero_check(self):
        picking = self.delivery((self.widget, 16))  # empties both bins
        session, _ = self.start_pick(picking)
        first, second = self.env["stock.move.line"].browse(session.data["queue"])
        session.scan(first.location_id.barcode)
        session.scan("4012345000009")
        screen = session.act("quantity", first.quantity)
        self.assertEqual(screen["state"], "zero_check")
        self.assertIn(first.location_id.name, screen["instruction"])
        self.assertRefused(session, lambda: session.scan("4012345000009"), "a command")
        screen = session.act("not_empty")
        count = self.env["wms.task"].search([("task_type", "=", "count")])
        self.assertEqual(count.location_id, first.location_id)
        self.assertIn(count.name, screen["message"]["body"])
        session.scan(second.location_id.barcode)
        session.scan("4012345000009")
        screen = session.act("quantity", second.quantity)
        self.assertEqual(screen["state"], "zero_check")
        screen = session.scan("WMS:CONFIRM")
        self.assertEqual(picking.state, "done", screen["message"])
        self.assertEqual(self.env["wms.task"].search_count([("task_type", "=", "count")]), 1)
        self.assertEqual(self.qty(self.widget, self.bin_c) + self.qty(self.widget, self.bin_d), 0)

    def test_tote_per_order_in_a_batch(self):
        self.out_type.wms_pick_scan_tote = True
        Package = self.env["stock.package"]
        tote1, tote2, full = (Package.create({"name": name}) for name in ("TOTE-1", "TOTE-2", "TOTE-FULL"))
        self.put_stock(self.box, self.bin_b, 3)
        self.env["stock.quant"].search([("product_id", "=", self.box.id), ("location_id", "=", self.bin_b.id)]) \
            .package_id = full
        order1 = self.delivery((self.widget, 1), (self.box, 1))
        order2 = self.delivery((self.widget, 2))
        batch = self.env["stock.picking.batch"].create({"picking_ids": [(6, 0, (order1 | order2).ids)]})
        batch.action_confirm()
        session, screen = self.start_pick(batch)
        self.assertEqual(screen["progress"]["total"], 3)
        seen = {}
        while session.state != "select":
            line = session.env["stock.move.line"].browse(session.data["queue"][0])
            session.scan(line.location_id.barcode)
            screen = session.scan(line.product_id.barcode)
            if screen["state"] == "quantity":
                screen = session.act("quantity", line.quantity)
            self.assertEqual(screen["state"], "scan_tote", screen["message"])
            own = tote1 if line.picking_id == order1 else tote2
            other = tote2 if own == tote1 else tote1
            if line.picking_id in seen:
                self.assertRefused(session, lambda: session.scan(other.name), "Wrong tote", own.name)
            elif seen:
                self.assertRefused(session, lambda: session.scan(other.name), other.name, "already holds")
                self.assertRefused(session, lambda: session.scan("TOTE-FULL"), "not empty")
            session.scan(own.name)
            seen[line.picking_id] = own
        self.assertEqual((order1.state, order2.state), ("done", "done"))
        self.assertEqual(order1.move_line_ids.result_package_id, tote1)
        self.assertEqual(order2.move_line_ids.result_package_id, tote2)

    def test_one_picker_per_transfer_and_batches_picked_whole(self):
        picking = self.delivery((self.widget, 1))
        session2, _ = self.start_pick(picking, user=self.operator2)
        session, _ = self.open("pick")
        self.assertRefused(session, lambda: session.scan(picking.name), picking.name, "Second operator")
        other = self.delivery((self.box, 1))
        batch = self.env["stock.picking.batch"].create({"picking_ids": [(6, 0, other.ids)]})
        batch.action_confirm()
        self.assertRefused(session, lambda: session.scan(other.name), other.name, batch.name, "pick the batch")

    def test_released_to_the_queue_and_dispatched_by_next_task(self):
        picking = self.delivery((self.widget, 2))
        with self.assertRaises(AccessError):
            picking.with_user(self.operator).action_wms_release_pick()
        picking.with_user(self.manager).action_wms_release_pick()
        task = self.env["wms.task"].search([("picking_id", "=", picking.id)])
        self.assertEqual((task.task_type, task.state, task.location_id), ("pick", "ready", self.bin_c))
        session, _ = self.open("next_task")
        screen = session.act("next")
        self.assertEqual((screen["scenario"], screen["state"]), ("pick", "scan_bin"))
        self.assertEqual(screen["task"]["id"], task.id)
        session.scan("A020101")
        session.scan("4012345000009")
        screen = session.act("quantity", 2)
        self.assertEqual((screen["scenario"], screen["state"]), ("next_task", "idle"))
        self.assertEqual(picking.state, "done")

    def test_release_keeps_picked_lines_for_the_next_picker(self):
        picking = self.delivery((self.widget, 1), (self.box, 1))
        session, _ = self.start_pick(picking)
        first = self.env["stock.move.line"].browse(session.data["queue"][0])
        session.scan(first.location_id.barcode)
        session.scan(first.product_id.barcode)
        session.act("cancel")
        task = self.env["wms.task"].search([("picking_id", "=", picking.id)])
        self.assertEqual((task.state, task.user_id.id), ("ready", False))
        self.assertTrue(first.picked)
        session2, screen = self.start_pick(picking, user=self.operator2)
        self.assertEqual(screen["progress"], {"done": 1, "total": 2})
        self.assertEqual(len(session2.data["queue"]), 1)

    def test_scan_bin_and_product_optional_per_operation_type(self):
        self.out_type.write({"wms_pick_scan_bin": False, "wms_pick_scan_product": False})
        picking = self.delivery((self.widget, 2))
        session, screen = self.start_pick(picking)
        self.assertEqual((screen["state"], screen["input"]), ("quantity", "quantity"))
        session.act("quantity", 2)
        self.assertEqual(picking.state, "done")

    def test_valuation_equals_plain_odoo(self):
        self.widget.categ_id.property_cost_method = "fifo"
        by_scan = self.delivery((self.widget, 3))
        by_odoo = self.delivery((self.widget, 3))
        session, _ = self.start_pick(by_scan)
        session.scan("A020101")
        session.scan("4012345000009")
        session.act("quantity", 3)
        by_odoo.move_ids.picked = True
        by_odoo.button_validate()
        scan_move, odoo_move = by_scan.move_ids, by_odoo.move_ids
        self.assertEqual((scan_move.state, odoo_move.state), ("done", "done"))
        self.assertTrue(scan_move.is_out)
        self.assertEqual(scan_move.value, odoo_move.value)
        self.assertAlmostEqual(scan_move.value, 21.0)
        self.assertEqual(scan_move.move_line_ids.location_id, odoo_move.move_line_ids.location_id)

    def test_transfer_validated_in_odoo_closes_its_task(self):
        picking = self.delivery((self.widget, 2))
        picking.with_user(self.manager).action_wms_release_pick()
        task = self.env["wms.task"].search([("picking_id", "=", picking.id)])
        self.assertEqual(task.state, "ready")
        # A supervisor validates it from Odoo's form instead of a scanner.
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual((task.state, task.quantity_done), ("done", 2))
        # A transfer cancelled in Odoo cancels its task.
        other = self.delivery((self.box, 1))
        other.with_user(self.manager).action_wms_release_pick()
        other_task = self.env["wms.task"].search([("picking_id", "=", other.id)])
        other.action_cancel()
        self.assertEqual(other_task.state, "cancel")
