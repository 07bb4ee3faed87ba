from odoo import Command
from odoo.tests import users, warmup

from .scan_common import ScanCase

FNC1 = "\x1d"


class ReceiveCase(ScanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env.ref("stock.stock_location_suppliers")
        cls.widget = cls.make_product("Widget", weight=0.5, volume=0.002, barcode="4012345000009",
                                      standard_price=7.0)

    def receipt(self, *lines):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.in_type_id.id,
            "location_id": self.supplier.id, "location_dest_id": self.stock.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": quantity, "product_uom": product.uom_id.id,
                "location_id": self.supplier.id, "location_dest_id": self.stock.id, "price_unit": price,
            }) for product, quantity, price in lines],
        })
        picking.action_confirm()
        return picking

    def stock_qty(self, product, lot=None):
        quants = self.env["stock.quant"].search([
            ("product_id", "=", product.id), ("location_id", "child_of", self.stock.id),
            ("lot_id", "=", lot.id if lot else False)])
        return sum(quants.mapped("quantity"))


class TestReceive(ReceiveCase):
    """The receive scenario: counts by scan, lots from GS1, validation by Odoo."""

    def test_count_by_scans_and_keypad_then_odoo_backorder(self):
        picking = self.receipt((self.widget, 10, 7.0))
        before = self.stock_qty(self.widget)
        session, screen = self.open("receive")
        self.assertEqual((screen["state"], screen["expect"]), ("select", ["transfer", "product"]))
        screen = session.scan(picking.name)
        self.assertEqual(screen["state"], "scan_product", screen["message"])
        screen = session.scan("4012345000009")
        self.assertEqual((screen["state"], session.data["qty"]), ("quantity", 1.0))
        session.scan("4012345000009")
        self.assertEqual(session.data["qty"], 2.0)
        screen = session.act("quantity", 4)
        self.assertEqual((screen["state"], screen["message"]["type"]), ("scan_product", "success"))
        self.assertEqual(screen["progress"], {"done": 4.0, "total": 10.0})
        # Nothing is written before "done": the receipt is untouched.
        self.assertFalse(any(picking.move_line_ids.mapped("picked")))
        screen = session.act("done")
        self.assertEqual(screen["message"]["type"], "success", screen["message"])
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.quantity, 4)
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(backorder.move_ids.product_uom_qty, 6)
        self.assertIn(backorder.name, screen["message"]["body"])
        self.assertEqual(self.stock_qty(self.widget) - before, 4)

    def test_gs1_label_creates_the_lot_with_its_expiry(self):
        picking = self.receipt((self.drug, 6, 3.0))
        session, _ = self.open("receive")
        # Scanning the product first finds the receipt expecting it.
        screen = session.scan("0104006381333931" + "17281231" + "10NEW-LOT-1" + FNC1 + "302")
        self.assertEqual(screen["state"], "quantity", screen["message"])
        self.assertEqual(session.data["picking_id"], picking.id)
        self.assertEqual(session.data["qty"], 2.0)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "NEW-LOT-1")]))
        session.act("quantity")
        session.act("done")
        lot = self.env["stock.lot"].search([("name", "=", "NEW-LOT-1"), ("product_id", "=", self.drug.id)])
        self.assertEqual(lot.expiration_date.date().isoformat(), "2028-12-31")
        self.assertEqual(self.stock_qty(self.drug, lot), 2)
        self.assertEqual(picking.move_line_ids.lot_id, lot)

    def test_typed_supplier_lot_and_existing_lot(self):
        picking = self.receipt((self.drug, 6, 3.0))
        session, _ = self.open("receive")
        session.scan(picking.name)
        screen = session.scan("4006381333931")
        self.assertEqual(screen["state"], "scan_lot")
        # No expiry on the label and none the product could compute: refused, the label's date is needed.
        self.assertRefused(session, lambda: session.scan("SUPPLIER-77"), "SUPPLIER-77", "expiry")
        self.drug.expiration_time = 730
        screen = session.scan("SUPPLIER-77")  # the supplier's own lot name: a new lot
        self.assertEqual(screen["state"], "quantity", screen["message"])
        session.act("quantity", 3)
        session.scan("4006381333931")
        session.scan("LOT-OK")  # an existing lot of that product
        session.act("quantity", 3)
        session.act("done")
        new_lot = self.env["stock.lot"].search([("name", "=", "SUPPLIER-77")])
        self.assertEqual(self.stock_qty(self.drug, new_lot), 3)
        self.assertEqual(self.stock_qty(self.drug, self.lot_ok), 8)
        self.assertEqual(picking.state, "done")
        self.assertFalse(self.env["stock.picking"].search([("backorder_id", "=", picking.id)]))

    def test_bad_inputs_are_refused_and_change_nothing(self):
        picking = self.receipt((self.widget, 5, 7.0), (self.drug, 4, 3.0))
        delivery = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id, "location_id": self.stock.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id})
        session, _ = self.open("receive")
        self.assertRefused(session, lambda: session.scan(delivery.name), delivery.name, "not a receipt")
        self.assertRefused(session, lambda: session.scan("NO-SUCH-CODE"), "Unknown barcode", "NO-SUCH-CODE")
        self.assertRefused(session, lambda: session.scan("WID\x07GET"), "Unreadable", "0x07")
        session.scan(picking.name)
        self.assertRefused(session, lambda: session.scan("5901234123457"), "Box", "not expected", "Widget")
        self.assertRefused(session, lambda: session.scan("A010101"), "a bin", "a product")
        self.assertRefused(session, lambda: session.act("done"), "cannot be done here")
        # Expired by the label's date; a held lot; over-quantity.
        self.assertRefused(session, lambda: session.scan("0104006381333931" + "17250101" + "10OLD-1"),
                           "OLD-1", "expired", "2025-01-01")
        self.assertRefused(session, lambda: session.scan("0104006381333931" + "10LOT-HELD"), "LOT-HELD", "on hold")
        self.assertRefused(session, lambda: session.scan("0104012345000009" + "306"), "more than expected", "5")
        session.scan("4012345000009")
        self.assertRefused(session, lambda: session.act("quantity", 6), "at most 5")
        self.assertRefused(session, lambda: session.act("quantity", "a few"), "not a quantity")
        self.assertRefused(session, lambda: session.scan("5901234123457"), "Wrong product", "Box", "Widget")
        session.act("quantity", 5, request_id="count-1")
        self.assertRefused(session, lambda: session.scan("4012345000009"), "more than expected")
        # A replayed count is applied once.
        again = session.act("quantity", 5, request_id="count-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(len(session.data["counts"]), 1)
        session.act("done")
        self.assertEqual(picking.state, "done")
        self.assertEqual(sum(picking.move_ids.mapped("quantity")), 5)

    def test_one_step_receipt_with_putaway_tasks_is_stored_not_counted(self):
        self.warehouse.write({"wms_putaway_strategy": "directed", "wms_putaway_task_mode": "line"})
        picking = self.receipt((self.widget, 3, 7.0))
        task = self.env["wms.task"].search([("task_type", "=", "putaway"),
                                            ("move_line_ids", "in", picking.move_line_ids.ids)])
        self.assertTrue(task, "directed putaway plans a one-step receipt into tasks when it is confirmed")
        session, _ = self.open("receive")
        self.assertRefused(session, lambda: session.scan(picking.name), picking.name, "putaway tasks", task.name)
        self.assertRefused(session, lambda: session.scan("4012345000009"), picking.name, "putaway tasks")

    def test_cancel_forgets_the_counts(self):
        picking = self.receipt((self.widget, 5, 7.0))
        session, _ = self.open("receive")
        session.scan(picking.name)
        session.scan("4012345000009")
        session.act("quantity", 2)
        screen = session.act("cancel")
        self.assertEqual(screen["state"], "select")
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(any(picking.move_line_ids.mapped("picked")))

    def test_valuation_equals_plain_odoo(self):
        self.widget.categ_id.property_cost_method = "fifo"
        by_scan = self.receipt((self.widget, 4, 9.5))
        by_odoo = self.receipt((self.widget, 4, 9.5))
        session, _ = self.open("receive")
        session.scan(by_scan.name)
        session.scan("4012345000009")
        session.act("quantity", 4)
        session.act("done")
        by_odoo.move_ids.quantity = 4
        by_odoo.move_ids.picked = True
        by_odoo.button_validate()
        scan_move, odoo_move = by_scan.move_ids, by_odoo.move_ids
        self.assertEqual((scan_move.state, odoo_move.state), ("done", "done"))
        self.assertTrue(scan_move.is_in)
        self.assertEqual(scan_move.value, odoo_move.value)
        self.assertGreater(scan_move.value, 0)
        self.assertEqual(scan_move.price_unit, odoo_move.price_unit)
        self.assertEqual(scan_move.move_line_ids.location_dest_id, odoo_move.move_line_ids.location_dest_id)


# Taking a receipt creates and starts its receive task (task sequence, insert under the
# one-open-receive-per-receipt index, savepoint): once per receipt, like pick's TAKE_BUDGET.
TAKE_BUDGET = 28


class TestReceiveQueryCount(ReceiveCase):
    def _steps(self):
        picking = self.receipt((self.widget, 10, 7.0), (self.box, 5, 2.0))
        return self.run_steps("receive", [
            ("scan_receipt", "scan", picking.name),
            ("scan_product", "scan", "4012345000009"),
            ("scan_again", "scan", "4012345000009"),
            ("quantity", "act", "quantity", 3),
            ("wrong_product_refused", "scan", "4006381333931"),
        ], budgets={"scan_receipt": TAKE_BUDGET})

    @users("wms_operator")
    @warmup
    def test_steps_within_budget_and_flat(self):
        self.assertFlatSteps(self._steps)
