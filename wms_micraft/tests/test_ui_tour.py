from odoo.tests import HttpCase, tagged


class WmsTourCase(HttpCase):
    """Seed data the browser tours rely on.

    Zone "T" (Tour zone) has no bins: the foundation tour generates them.
    Zone "M" gets 4 bins at level 1 (one aisle at x = 10 m, away from the
    tour's racks at x = 0 and 3.5 m), with 30 units of "WMS Tour Widget" in
    M-01-01-01, whose capacity is 100 units: a 30 % "low" fill.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.stock = cls.warehouse.lot_stock_id
        Zone = cls.env["wms.zone"]
        cls.zone_t = Zone.create({
            "name": "Tour zone", "code": "T", "warehouse_id": cls.warehouse.id, "color_hex": "#9467BD",
        })
        cls.zone_m = Zone.create({
            "name": "Map zone", "code": "M", "warehouse_id": cls.warehouse.id, "color_hex": "#2CA02C",
        })
        cls.env["wms.bin.generator"].create({
            "warehouse_id": cls.warehouse.id, "zone_id": cls.zone_m.id,
            "aisle_from": 1, "aisle_to": 1, "bay_from": 1, "bay_to": 4, "level_from": 1, "level_to": 1,
            "origin_x": 10.0, "max_units": 100.0,
        }).action_generate()
        cls.stocked_bin = cls.env["stock.location"].search([("barcode", "=", "M010101")])
        cls.product = cls.env["product.product"].create({"name": "WMS Tour Widget", "is_storable": True})
        quant = cls.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": cls.product.id, "location_id": cls.stocked_bin.id, "inventory_quantity": 30,
        })
        quant.action_apply_inventory()

    def bins(self, zone):
        return self.env["stock.location"].search([("wms_zone_id", "=", zone.id), ("wms_is_bin", "=", True)])


@tagged("post_install", "-at_install")
class TestWmsFoundationTour(WmsTourCase):

    def test_seed(self):
        """The data the tours expect, checked without a browser."""
        self.assertEqual(len(self.bins(self.zone_m)), 4)
        self.assertFalse(self.bins(self.zone_t))
        data = self.warehouse.wms_map_data()
        stocked = next(b for b in data["bins"] if b["id"] == self.stocked_bin.id)
        self.assertEqual(stocked["fill_state"], "low")
        self.assertAlmostEqual(stocked["fill"], 30.0)
        contents = self.stocked_bin.wms_bin_contents()
        self.assertEqual([line["product"] for line in contents["lines"]], ["WMS Tour Widget"])

    def test_foundation_tour(self):
        self.start_tour("/odoo/inventory", "wms_micraft_foundation_tour", login="admin")
        # What the tour did, seen from the database.
        generated = self.bins(self.zone_t)
        self.assertEqual(len(generated), 16, "aisles 1-2 x bays 1-4 x levels 1-2")
        self.assertEqual(
            set(generated.mapped("name")),
            {f"T-{a:02d}-{b:02d}-{lvl:02d}" for a in (1, 2) for b in range(1, 5) for lvl in (1, 2)},
        )
        self.assertEqual(generated.location_id, self.stock)
        self.assertEqual(sorted(set(generated.mapped("wms_x"))), [-1.25, 1.25, 2.25, 4.75])
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)])
        self.assertEqual(sorted(layout.aisle_ids.mapped("position")), [0.0, 3.5, 10.0])
        # The map sees the new bins too.
        data = self.warehouse.wms_map_data()
        self.assertEqual(len(data["bins"]), 20)


@tagged("post_install", "-at_install")
class TestWmsMapMobileTour(WmsTourCase):
    """The map on a phone: fits the screen, bins can be tapped, empty warehouse message."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.empty_warehouse = cls.env["stock.warehouse"].create({"name": "Empty WMS warehouse", "code": "WMSE"})

    def test_map_mobile_tour(self):
        self.start_tour(
            "/odoo/action-wms_micraft.action_wms_warehouse_map", "wms_micraft_map_mobile_tour", login="admin"
        )
        self.assertFalse(self.env["stock.location"].search_count([("warehouse_id", "=", self.empty_warehouse.id),
                                                                  ("wms_is_bin", "=", True)]))


@tagged("post_install", "-at_install")
class TestWmsMapFromLayoutTour(WmsTourCase):
    """Layout form > Open map opens the map on that layout's warehouse (client action params)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_warehouse = cls.env["stock.warehouse"].create({"name": "Second WMS warehouse", "code": "WMS2"})
        zone = cls.env["wms.zone"].create({"name": "Second zone", "code": "S", "warehouse_id": cls.second_warehouse.id})
        cls.env["wms.bin.generator"].create({
            "warehouse_id": cls.second_warehouse.id, "zone_id": zone.id,
            "aisle_from": 1, "aisle_to": 1, "bay_from": 1, "bay_to": 2, "level_from": 1, "level_to": 1,
        }).action_generate()

    def test_map_from_layout_tour(self):
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.second_warehouse.id)])
        self.assertEqual(layout.action_open_map()["params"], {"warehouse_id": self.second_warehouse.id})
        self.start_tour("/odoo/action-wms_micraft.action_wms_layouts", "wms_micraft_map_from_layout_tour",
                        login="admin")
