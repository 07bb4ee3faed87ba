from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

# What static/src/tours/wms_route_map_tour.js expects from the seed below.
ROUTE_STOPS = 6
ROUTE_LEGEND = "Route 26.0 m · Odoo's order 41.0 m · 37% shorter (proven shortest)"


@tagged("post_install", "-at_install")
class TestRouteMapTour(HttpCase):
    """An operator opens the pick route of a delivery on the warehouse map.

    Zone "R": aisles 1-3, bays 1-10 (5 m long aisles), one level. The delivery
    picks "Route widget 1-6" from the front (bay 1) and back (bay 10) bins of
    each aisle: by location name Odoo walks each aisle up and back, the
    shortest route serpentines.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.operator = new_test_user(cls.env, "route_op", groups="wms_micraft.group_wms_operator", password="route_op")
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        zone = cls.env["wms.zone"].create({"name": "Route zone", "code": "R", "warehouse_id": cls.warehouse.id})
        cls.env["wms.bin.generator"].create({
            "warehouse_id": cls.warehouse.id, "zone_id": zone.id,
            "aisle_from": 1, "aisle_to": 3, "bay_from": 1, "bay_to": 10, "level_from": 1, "level_to": 1,
        }).action_generate()
        Location = cls.env["stock.location"]
        cls.bins = [Location.search([("barcode", "=", code)])
                    for code in ("R010101", "R011001", "R020101", "R021001", "R030101", "R031001")]
        customer = cls.env.ref("stock.stock_location_customers")
        stock = cls.warehouse.lot_stock_id
        products = cls.env["product.product"].create([
            {"name": f"Route widget {i}", "is_storable": True} for i in range(1, ROUTE_STOPS + 1)])
        for product, bin_ in zip(products, cls.bins):
            cls.env["stock.quant"].with_context(inventory_mode=True).create({
                "product_id": product.id, "location_id": bin_.id, "inventory_quantity": 5,
            }).action_apply_inventory()
        cls.picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.warehouse.out_type_id.id, "location_id": stock.id,
            "location_dest_id": customer.id,
            "move_ids": [Command.create({"product_id": p.id, "product_uom_qty": 2, "location_id": stock.id,
                                         "location_dest_id": customer.id}) for p in products],
        })
        cls.picking.action_confirm()
        cls.picking.action_assign()

    def test_seed(self):
        """The lengths and stops the tour reads, computed without a browser."""
        self.assertEqual(self.picking.state, "assigned")
        data = self.picking.wms_route_map_data()
        self.assertEqual(len(data["stops"]), ROUTE_STOPS)
        legend = (f"Route {data['length']:.1f} m · Odoo's order {data['length_odoo']:.1f} m · "
                  f"{data['saving']:.0f}% shorter (proven shortest)")
        self.assertTrue(data["exact"])
        self.assertEqual(legend, ROUTE_LEGEND)

    def test_route_map_tour(self):
        self.assertFalse(self.picking.wms_route_length)
        self.start_tour(f"/odoo/action-stock.action_picking_tree_all/{self.picking.id}",
                        "wms_micraft_route_map_tour", login="route_op")
        # Opening the map computed and stored the route the map drew.
        self.assertEqual(sorted(self.picking.move_line_ids.mapped("wms_route_sequence")),
                         list(range(1, ROUTE_STOPS + 1)))
        self.assertEqual((self.picking.wms_route_length, self.picking.wms_route_length_odoo), (26.0, 41.0))
