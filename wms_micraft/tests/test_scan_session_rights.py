"""A scanner session is the server's: operators cannot write it, and validation trusts none of it.

The step that moves stock checks again, at that moment, what it moves: the
quantity still free in the source bin (Odoo's available quantity, strict)
and the lot's status (on hold, expired), whatever the session's stored data
say and whatever happened since the quantity was entered.
"""

from odoo import fields
from odoo.exceptions import AccessError

from .scan_common import ScanCase


class TestScanSessionRights(ScanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crate = cls.make_product("Crate", barcode="CRATE-1")
        cls.put_stock(cls.crate, cls.bin_c, 5)

    def at_destination(self, bin_barcode, product_barcode, quantity):
        session, _screen = self.open("move_stock")
        session.scan(bin_barcode)
        session.scan(product_barcode)
        screen = session.act("quantity", quantity)
        self.assertEqual(screen["state"], "scan_destination", screen["message"])
        return session

    def test_operator_cannot_write_create_or_delete_sessions(self):
        session = self.at_destination("A020101", "CRATE-1", 5)
        mine = session.with_user(self.operator)
        for vals in ({"state": "scan_destination"}, {"data": dict(session.data, quantity=50)},
                     {"user_id": self.operator2.id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "not allowed to modify"):
                mine.write(vals)
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.env["wms.scan.session"].with_user(self.operator).create({
                "scenario": "move_stock", "warehouse_id": self.warehouse.id, "state": "scan_destination"})
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.env["wms.scan.request"].with_user(self.operator).create({
                "session_id": session.id, "request_id": "forged", "response": {}})
        with self.assertRaisesRegex(AccessError, "not allowed to delete"):
            mine.unlink()
        session.invalidate_recordset()
        self.assertEqual(session.data["quantity"], 5)

    def test_tampered_quantity_is_refused_at_validation(self):
        session = self.at_destination("A020101", "CRATE-1", 5)
        session.sudo().write({"data": dict(session.data, quantity=50)})
        self.assertRefused(session, lambda: session.scan("A010102"),
                           "Only 5.0 Units of Crate are free in", "A-02-01-01", "not 50")
        self.assertEqual(self.qty(self.crate, self.bin_c), 5)
        self.assertEqual(self.qty(self.crate, self.bin_b), 0)
        self.assertFalse(self.env["stock.move"].search([("product_id", "=", self.crate.id),
                                                        ("location_id", "=", self.bin_c.id)]))

    def test_stock_reserved_meanwhile_is_refused_at_validation(self):
        session = self.at_destination("A020101", "CRATE-1", 4)
        # a delivery reserves 3 of the 5 between the quantity and the destination scans
        delivery = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id, "location_id": self.bin_c.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "move_ids": [fields.Command.create({
                "product_id": self.crate.id, "product_uom_qty": 3, "product_uom": self.crate.uom_id.id,
                "location_id": self.bin_c.id, "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            })],
        })
        delivery.action_confirm()
        delivery.action_assign()
        self.assertEqual(delivery.state, "assigned")
        self.assertRefused(session, lambda: session.scan("A010102"), "Only 2.0 Units of Crate", "not 4.0")
        self.assertEqual(self.qty(self.crate, self.bin_c), 5)

    def test_lot_put_on_hold_meanwhile_is_refused_at_validation(self):
        session = self.at_destination("A010101", "LOT-OK", 2)
        self.lot_ok.with_user(self.manager).action_wms_hold("Customer complaint 9")
        self.assertRefused(session, lambda: session.scan("A010102"), "LOT-OK is on hold (Customer complaint 9)")
        self.assertEqual(self.qty(self.drug, self.bin_a, self.lot_ok), 5)

    def test_tampered_lot_is_refused_at_validation(self):
        session = self.at_destination("A010101", "LOT-OK", 2)
        for lot, words in ((self.lot_held, ("LOT-HELD is on hold (Recall 42)",)),
                           (self.lot_old, ("LOT-OLD expired on",))):
            with self.subTest(lot=lot.name):
                session.sudo().write({"data": dict(session.data, lot_id=lot.id)})
                self.assertRefused(session, lambda: session.scan("A010102"), *words)
        self.assertEqual(self.qty(self.drug, self.bin_b), 0)

    def test_tampered_task_quantity_is_refused_at_validation(self):
        task = self.env["wms.task"].create({
            "task_type": "move", "warehouse_id": self.warehouse.id, "location_id": self.bin_a.id,
            "location_dest_id": self.bin_b.id, "product_id": self.box.id, "quantity": 3,
        })
        session, _screen = self.open("next_task")
        session.act("next")
        session.scan("A010101")
        session.scan("5901234123457")
        session.act("quantity", 3)
        session.sudo().write({"data": dict(session.data, quantity=9)})
        self.assertRefused(session, lambda: session.scan("A010102"), "Only 3.0 Units of Box", "not 9")
        self.assertEqual((task.state, task.quantity_done), ("in_progress", 0.0))
        self.assertEqual(self.qty(self.box, self.bin_a), 10)

    def test_the_owner_check_stays(self):
        session = self.at_destination("A020101", "CRATE-1", 5)
        with self.assertRaisesRegex(AccessError, "belongs to"):
            session.with_user(self.operator2).scan("A010102")
        self.assertEqual(self.qty(self.crate, self.bin_c), 5)
