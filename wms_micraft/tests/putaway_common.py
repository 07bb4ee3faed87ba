from odoo import Command

from .common import WmsCase


class PutawayMixin:
    """Receipts from a vendor into a warehouse with directed putaway."""

    @classmethod
    def setup_putaway(cls):
        cls.warehouse.write({"wms_putaway_strategy": "directed", "wms_putaway_task_mode": "line"})
        cls.bins = cls.env["stock.location"].search([("wms_zone_id", "=", cls.zone.id)])
        cls.supplier = cls.env.ref("stock.stock_location_suppliers")
        cls.vendor = cls.env["res.partner"].create({"name": "Vendor"})

    @classmethod
    def receipt(cls, *lines, picking_type=None, confirm=True):
        """A receipt from the vendor; ``lines`` are (product, quantity) pairs. Confirmed (so planned) by default."""
        picking_type = picking_type or cls.warehouse.in_type_id
        destination = picking_type.default_location_dest_id
        picking = cls.env["stock.picking"].create({
            "picking_type_id": picking_type.id,
            "partner_id": cls.vendor.id,
            "location_id": cls.supplier.id,
            "location_dest_id": destination.id,
            "move_ids": [Command.create({
                "product_id": product.id, "product_uom_qty": quantity, "product_uom": product.uom_id.id,
                "location_id": cls.supplier.id, "location_dest_id": destination.id,
            }) for product, quantity in lines],
        })
        if confirm:
            picking.action_confirm()
        return picking

    def forecast_units(self, location):
        """Stock plus open incoming minus open outgoing units: what capacity is checked against."""
        self.env.flush_all()
        volume, units = location._wms_forecast_load().get(location.id, (0.0, 0.0))
        return units

    def placements(self, picking):
        return sorted((line.product_id.name, line.location_dest_id.barcode, line.quantity)
                      for line in picking.move_line_ids)


class PutawayCase(PutawayMixin, WmsCase):
    """The WmsCase rack (zone A: aisles 1-3, bays 1-4, levels 1-2) at 20 units per bin, directed putaway.

    The layout depot is at the front of aisle 1 (generator default), so A-01-01-01 is nearest.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(max_units=20)
        cls.setup_putaway()
        cls.box = cls.make_product("Box", weight=1.0, volume=0.001, barcode="5901234123457", standard_price=10.0)
        cls.crate = cls.make_product("Crate", weight=2.0, volume=0.002, standard_price=25.0)
