from datetime import timedelta

from odoo import Command, fields

from .scan_common import ScanCase


class PickCase(ScanCase):
    """ScanCase plus a product in two bins, a FEFO drug and deliveries to pick.

    Widget: 10 in A020101 (bin_c, stocked first: Odoo's FIFO reserves it
    first) and 6 in A030101 (bin_d). Drug (FEFO): lots SOON (expires in 100
    days), LATE (400 days), both 5 in A030102 (bin_e), plus LOT-OK etc. of
    ScanCase in A010101.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bin_d, cls.bin_e = cls.bin("A030101"), cls.bin("A030102")
        cls.widget = cls.make_product("Widget", weight=0.5, volume=0.002, barcode="4012345000009",
                                      standard_price=7.0)
        cls.put_stock(cls.widget, cls.bin_c, 10)
        cls.put_stock(cls.widget, cls.bin_d, 6)
        now = fields.Datetime.now()
        fefo = cls.env.ref("product_expiry.removal_fefo")
        cls.drug.categ_id = cls.env["product.category"].create({"name": "Drugs (FEFO)", "removal_strategy_id": fefo.id})
        Lot = cls.env["stock.lot"]
        cls.lot_soon = Lot.create({"name": "SOON", "product_id": cls.drug.id, "expiration_date": now + timedelta(days=100)})
        cls.lot_late = Lot.create({"name": "LATE", "product_id": cls.drug.id, "expiration_date": now + timedelta(days=400)})
        cls.lot_soon2 = Lot.create({"name": "SOON2", "product_id": cls.drug.id,
                                    "expiration_date": now + timedelta(days=90)})
        cls.put_stock(cls.drug, cls.bin_e, 5, cls.lot_soon)
        cls.put_stock(cls.drug, cls.bin_e, 5, cls.lot_late)
        cls.out_type = cls.warehouse.out_type_id
        cls.customer = cls.env.ref("stock.stock_location_customers")

    def delivery(self, *lines, picking_type=None):
        """A confirmed, reserved delivery of ``(product, quantity)`` lines."""
        picking_type = picking_type or self.out_type
        picking = self.env["stock.picking"].create({
            "picking_type_id": picking_type.id,
            "location_id": self.stock.id,
            "location_dest_id": self.customer.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": quantity, "product_uom": product.uom_id.id,
                "location_id": self.stock.id, "location_dest_id": self.customer.id,
            }) for product, quantity in lines],
        })
        picking.action_confirm()
        picking.action_assign()
        return picking

    def start_pick(self, picking, user=None):
        session, screen = self.open("pick", user=user)
        screen = session.scan(picking.name)
        self.assertNotEqual(screen["message"]["type"], "error", screen["message"])
        return session, screen

    def reserved(self, product, location, lot=None):
        quants = self.env["stock.quant"].search([("product_id", "=", product.id), ("location_id", "=", location.id),
                                                 ("lot_id", "=", lot.id if lot else False)])
        return sum(quants.mapped("reserved_quantity"))
