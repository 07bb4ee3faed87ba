from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import WmsCase


@tagged("post_install", "-at_install")
class TestPickingValidateScanned(WmsCase):
    """stock.picking._wms_validate_scanned: the one way scan flows validate through Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["stock.location"]
        cls.source = Location.create({"name": "VAL-SRC", "location_id": cls.stock.id, "usage": "internal"})
        cls.dest = Location.create({"name": "VAL-DST", "location_id": cls.stock.id, "usage": "internal"})

    def _transfer(self, product, quantity):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.int_type_id.id,
            "location_id": self.source.id, "location_dest_id": self.dest.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": quantity, "product_uom": product.uom_id.id,
                "location_id": self.source.id, "location_dest_id": self.dest.id})],
        })
        picking.action_confirm()
        return picking

    def _qty(self, product, location):
        return sum(self.env["stock.quant"].search([("product_id", "=", product.id),
                                                   ("location_id", "=", location.id)]).mapped("quantity"))

    def test_validates_what_was_scanned_and_returns_the_backorder(self):
        product = self.make_product("Validate widget")
        self.put_stock(product, self.source, 10)
        picking = self._transfer(product, 10)
        picking.action_assign()
        picking.move_line_ids.write({"quantity": 4, "picked": True})

        backorders = picking._wms_validate_scanned()

        self.assertEqual(picking.state, "done")
        self.assertEqual(len(backorders), 1)
        self.assertEqual(backorders.backorder_id, picking)
        self.assertEqual(backorders.move_ids.product_uom_qty, 6)
        self.assertEqual(self._qty(product, self.dest), 4)
        self.assertEqual(self._qty(product, self.source), 6)

    def test_a_wizard_from_odoo_is_one_clear_error_and_changes_nothing(self):
        product = self.make_product("Expired widget", tracking="lot", use_expiration_date=True)
        lot = self.env["stock.lot"].create({"name": "VAL-OLD", "product_id": product.id,
                                            "expiration_date": fields.Datetime.now() - timedelta(days=3)})
        self.put_stock(product, self.source, 5, lot=lot)
        picking = self._transfer(product, 5)
        self.env["stock.move.line"].create({
            "move_id": picking.move_ids.id, "picking_id": picking.id, "product_id": product.id,
            "lot_id": lot.id, "quantity": 5, "picked": True,
            "location_id": self.source.id, "location_dest_id": self.dest.id})

        with self.assertRaisesRegex(UserError, rf"{picking.name} needs a decision in Odoo \(Confirmation\)"):
            picking._wms_validate_scanned(skip_expired=False)
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(self._qty(product, self.dest), 0)

        # By default (the scan flows checked the lot at scan time) Odoo's expired-lot wizard is skipped.
        self.assertFalse(picking._wms_validate_scanned())
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(product, self.dest), 5)
