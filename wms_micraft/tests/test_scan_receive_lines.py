from odoo import Command

from .test_scan_receive import ReceiveCase


class TestReceiveSeveralMoves(ReceiveCase):
    """A receipt with several moves of one product (two purchase lines): the count is spread as Odoo does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dozen = cls.env.ref("uom.product_uom_dozen")

    def receipt_moves(self, *moves):
        """A receipt of ``moves`` = [(product, quantity, uom, price)]: different prices keep Odoo from merging them."""
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "location_id": self.supplier.id, "location_dest_id": self.stock.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": quantity, "product_uom": uom.id,
                "location_id": self.supplier.id, "location_dest_id": self.stock.id, "price_unit": price,
            }) for product, quantity, uom, price in moves],
        })
        picking.action_confirm()
        self.assertEqual(len(picking.move_ids), len(moves), "Odoo must keep the moves apart (as purchase lines)")
        return picking

    def receive(self, picking, *quantities):
        session, _ = self.open("receive")
        session.scan(picking.name)
        for quantity in quantities:
            session.scan("4012345000009")
            screen = session.act("quantity", quantity)
            self.assertEqual(screen["message"]["type"], "success", screen["message"])
        return session.act("done")

    def backorder(self, picking):
        return self.env["stock.picking"].search([("backorder_id", "=", picking.id)])

    def test_everything_received_fills_both_moves_and_leaves_no_backorder(self):
        picking = self.receipt_moves((self.widget, 5, self.uom_unit, 7.0), (self.widget, 3, self.uom_unit, 7.5))
        first, second = picking.move_ids.sorted("id")
        before = self.stock_qty(self.widget)
        screen = self.receive(picking, 8)
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual(picking.state, "done")
        self.assertEqual((first.state, first.quantity), ("done", 5))
        self.assertEqual((second.state, second.quantity), ("done", 3))
        self.assertFalse(self.backorder(picking))
        self.assertEqual(self.stock_qty(self.widget) - before, 8)

    def test_two_counts_fill_the_moves_in_order_and_the_rest_waits(self):
        picking = self.receipt_moves((self.widget, 5, self.uom_unit, 7.0), (self.widget, 3, self.uom_unit, 7.5))
        first, second = picking.move_ids.sorted("id")
        self.receive(picking, 4, 2)
        self.assertEqual((first.state, first.quantity), ("done", 5))
        self.assertEqual((second.state, second.quantity), ("done", 1))
        backorder = self.backorder(picking)
        self.assertEqual(backorder.move_ids.product_uom_qty, 2)
        self.assertEqual(backorder.move_ids.price_unit, 7.5)

    def test_moves_in_dozens_are_counted_in_units(self):
        # 1 Dozen + 6 Units of a product counted in Units: 18 units arrive.
        picking = self.receipt_moves((self.widget, 1, self.dozen, 84.0), (self.widget, 6, self.uom_unit, 7.5))
        dozen_move, unit_move = picking.move_ids.sorted("id")
        before = self.stock_qty(self.widget)
        session, _ = self.open("receive")
        session.scan(picking.name)
        session.scan("4012345000009")
        screen = session.act("quantity", 18)
        self.assertRegex(screen["message"]["body"], r"Counted 18(\.0)? Units")
        session.act("done")
        self.assertEqual(picking.state, "done")
        self.assertFalse(self.backorder(picking))
        # The Dozens move got a line of 1 Dozen (12 units): Odoo's own conversion at the boundary.
        self.assertEqual((dozen_move.move_line_ids.quantity, dozen_move.move_line_ids.product_uom_id),
                         (1, self.dozen))
        self.assertEqual((dozen_move.state, dozen_move.quantity, dozen_move.product_qty), ("done", 1, 12))
        self.assertEqual((unit_move.state, unit_move.quantity), ("done", 6))
        self.assertEqual(self.stock_qty(self.widget) - before, 18)

    def test_part_of_a_dozen_is_written_in_units(self):
        # Two moves of 1 Dozen each; 20 units arrive: 12 fill the first, 8 (not a whole number of
        # Dozens) go on the second in Units, and 4 units wait in the backorder.
        picking = self.receipt_moves((self.widget, 1, self.dozen, 84.0), (self.widget, 1, self.dozen, 90.0))
        first, second = picking.move_ids.sorted("id")
        before = self.stock_qty(self.widget)
        self.receive(picking, 20)
        self.assertEqual((first.state, first.product_qty, first.move_line_ids.quantity_product_uom), ("done", 12, 12))
        self.assertEqual((second.move_line_ids.quantity, second.move_line_ids.product_uom_id), (8, self.uom_unit))
        self.assertEqual(second.state, "done")
        # Odoo's own backorder of the rest, in Dozens at their 0.01 rounding (0.33 Dozen).
        backorder = self.backorder(picking)
        self.assertEqual((backorder.move_ids.product_uom_qty, backorder.move_ids.product_uom), (0.33, self.dozen))
        self.assertEqual(self.stock_qty(self.widget) - before, 20)


class TestReceiveSerials(ReceiveCase):
    """A serial-tracked product received by scan: one serial per unit, a serial counted once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.phone = cls.make_product("Phone", weight=0.2, volume=0.001, tracking="serial", barcode="4006381333948")
        cls.sold = cls.env["stock.lot"].create({"name": "SN-IN-STOCK", "product_id": cls.phone.id})
        cls.put_stock(cls.phone, cls.bin_c, 1, cls.sold)

    def serial_qty(self, name):
        lot = self.env["stock.lot"].search([("product_id", "=", self.phone.id), ("name", "=", name)])
        return self.stock_qty(self.phone, lot) if lot else 0.0

    def test_each_serial_counts_one_unit_and_a_serial_is_counted_once(self):
        picking = self.receipt((self.phone, 3, 100.0))
        session, _ = self.open("receive")
        session.scan(picking.name)
        screen = session.scan("4006381333948")
        self.assertEqual(screen["state"], "scan_lot")
        screen = session.scan("SN-001")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertIn("SN-001", screen["message"]["body"])
        # The next serial follows directly: one scan per unit.
        self.assertEqual(screen["state"], "scan_lot")
        screen = session.scan("SN-002")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertRefused(session, lambda: session.scan("SN-001"), "SN-001", "already counted")
        self.assertRefused(session, lambda: session.scan("SN-IN-STOCK"), "SN-IN-STOCK", "already in stock")
        self.assertEqual(screen["progress"], {"done": 2.0, "total": 3.0})
        # A GS1 label carrying a serial and its GTIN: counted at once.
        screen = session.scan("0104006381333948" + "21SN-003")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual(screen["state"], "scan_product")
        self.assertRefused(session, lambda: session.scan("4006381333948"), "more than expected")
        screen = session.act("done")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual(picking.state, "done")
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", picking.id)]))
        self.assertEqual([self.serial_qty(name) for name in ("SN-001", "SN-002", "SN-003")], [1, 1, 1])
        self.assertEqual(sorted(picking.move_line_ids.mapped("lot_id.name")), ["SN-001", "SN-002", "SN-003"])
        self.assertEqual(picking.move_line_ids.mapped("quantity"), [1, 1, 1])

    def test_a_label_giving_several_units_of_one_serial_is_refused(self):
        picking = self.receipt((self.phone, 3, 100.0))
        session, _ = self.open("receive")
        session.scan(picking.name)
        FNC1 = "\x1d"
        self.assertRefused(session, lambda: session.scan("0104006381333948" + "21SN-010" + FNC1 + "302"),
                           "SN-010", "serial", "one unit")
        session.scan("4006381333948")
        self.assertRefused(session, lambda: session.scan("SN-IN-STOCK"), "already in stock", "Stock")


class TestReceiveTask(ReceiveCase):
    """Taking a receipt starts its receive task: a second receiver is refused by name, nothing changed."""

    def test_second_receiver_is_refused_by_name_until_the_first_gives_up(self):
        picking = self.receipt((self.widget, 5, 7.0))
        first, _ = self.open("receive")
        first.scan(picking.name)
        task = self.env["wms.task"].search([("picking_id", "=", picking.id), ("task_type", "=", "receive")])
        self.assertEqual((task.state, task.user_id, task.warehouse_id), ("in_progress", self.operator, self.warehouse))
        first.scan("4012345000009")
        first.act("quantity", 2)
        second, _ = self.open("receive", user=self.operator2)
        self.assertRefused(second, lambda: second.scan(picking.name), picking.name, "being received by wms_operator")
        self.assertRefused(second, lambda: second.scan("4012345000009"), picking.name, "being received by")
        # The first receiver cancels: the receipt is free, the second takes it and validates it.
        first.act("cancel")
        self.assertEqual(task.state, "cancel")
        screen = second.scan(picking.name)
        self.assertEqual(screen["state"], "scan_product", screen["message"])
        second.scan("4012345000009")
        second.act("quantity", 5)
        second.act("done")
        self.assertEqual(picking.state, "done")
        second_task = self.env["wms.task"].search([("picking_id", "=", picking.id), ("state", "=", "done")])
        self.assertEqual((second_task.user_id, second_task.quantity_done), (self.operator2, 5))
        self.assertEqual(second_task.move_line_ids, picking.move_line_ids)

    def test_a_receipt_taken_from_the_receiver_meanwhile_is_not_validated(self):
        picking = self.receipt((self.widget, 5, 7.0))
        session, _ = self.open("receive")
        session.scan(picking.name)
        session.scan("4012345000009")
        session.act("quantity", 5)
        task = self.env["wms.task"].search([("picking_id", "=", picking.id), ("task_type", "=", "receive")])
        task.with_user(self.manager).action_reassign(self.operator2.id)
        self.assertRefused(session, lambda: session.act("done"), picking.name, "being received by Second operator")
        self.assertEqual(picking.state, "assigned")

    def test_a_product_scan_takes_the_earliest_receipt_nobody_receives(self):
        held, free = self.receipt((self.widget, 5, 7.0)), self.receipt((self.widget, 4, 7.0))
        first, _ = self.open("receive")
        first.scan(held.name)
        second, _ = self.open("receive", user=self.operator2)
        screen = second.scan("4012345000009")
        self.assertEqual((screen["state"], second.data["picking_id"]), ("quantity", free.id), screen["message"])
