from odoo.tests import users

from .common import WmsCase


class TestOccupancy(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(max_weight=100.0, max_units=50.0)  # 24 bins, 1 x 1 x 0.5 m = 0.5 m3 each
        cls.box = cls.make_product("Box", weight=2.0, volume=0.01)
        cls.drum = cls.make_product("Drum", weight=10.0, volume=0.1, tracking="lot")
        cls.lot1 = cls.env["stock.lot"].create({"name": "L1", "product_id": cls.drum.id})
        cls.lot2 = cls.env["stock.lot"].create({"name": "L2", "product_id": cls.drum.id})

    def test_values_by_weight_volume_units(self):
        bin_ = self.bin("A010101")
        self.put_stock(self.box, bin_, 10)         # 20 kg, 0.1 m3, 10 units
        self.put_stock(self.drum, bin_, 2, self.lot1)  # 20 kg, 0.2 m3, 2 units
        self.put_stock(self.drum, bin_, 1, self.lot2)  # 10 kg, 0.1 m3, 1 unit
        bin_.invalidate_recordset()
        self.assertAlmostEqual(bin_.wms_units, 13)
        self.assertAlmostEqual(bin_.wms_weight, 50)
        self.assertAlmostEqual(bin_.wms_volume, 0.4)
        self.assertEqual(bin_.wms_product_count, 2)
        self.assertEqual(bin_.wms_lot_count, 2)
        self.assertAlmostEqual(bin_.wms_capacity_volume, 0.5)
        self.assertAlmostEqual(bin_.wms_fill_weight, 50.0)
        self.assertAlmostEqual(bin_.wms_fill_volume, 80.0)
        self.assertAlmostEqual(bin_.wms_fill_units, 26.0)
        self.assertAlmostEqual(bin_.wms_fill, 80.0)
        self.assertEqual(bin_.wms_fill_state, "medium")

    def test_empty_full_and_category_capacity(self):
        empty, full, categorised = self.bin("A010102"), self.bin("A010201"), self.bin("A010202")
        self.put_stock(self.box, full, 50)  # 50 of 50 units
        category = self.env["stock.storage.category"].create({"name": "Small", "max_weight": 40.0, "wms_max_units": 8})
        categorised.write({"storage_category_id": category.id, "wms_max_weight": 0.0, "wms_max_units": 0.0})
        self.put_stock(self.box, categorised, 4)  # 8 kg of 40, 4 units of 8 -> 50%
        (empty | full | categorised).invalidate_recordset()
        self.assertEqual((empty.wms_fill_state, empty.wms_fill), ("empty", 0.0))
        self.assertEqual(full.wms_fill_state, "full")
        self.assertAlmostEqual(categorised.wms_capacity_weight, 40.0)
        self.assertAlmostEqual(categorised.wms_capacity_units, 8.0)
        self.assertAlmostEqual(categorised.wms_fill, 50.0)

    def test_stock_moved_out_frees_the_bin(self):
        bin_ = self.bin("A020101")
        self.put_stock(self.box, bin_, 25)
        self.assertAlmostEqual(bin_.wms_fill_units, 50.0)
        quant = self.env["stock.quant"].search([("location_id", "=", bin_.id)])
        quant.with_context(inventory_mode=True).write({"inventory_quantity": 0})
        quant.action_apply_inventory()
        bin_.invalidate_recordset()
        self.assertEqual(bin_.wms_fill_state, "empty")

    def test_grouped_view_for_pivot_and_graph(self):
        self.put_stock(self.box, self.bin("A010101"), 50)
        self.put_stock(self.box, self.bin("A010102"), 10)
        groups = self.env["wms.bin.occupancy"]._read_group(
            [("zone_id", "=", self.zone.id)], ["fill_state"], ["__count", "units:sum"])
        by_state = {state: (count, units) for state, count, units in groups}
        self.assertEqual(by_state["full"], (1, 50.0))
        self.assertEqual(by_state["low"], (1, 10.0))
        self.assertEqual(by_state["empty"][0], 22)

    def _read_page(self, bins):
        bins.invalidate_recordset()
        return bins.mapped("wms_fill")

    @users("wms_operator")
    def test_query_count_does_not_grow_with_bins(self):
        few = self.env["stock.location"].search([("wms_zone_id", "=", self.zone.id)], limit=3)
        many = self.env["stock.location"].search([("wms_zone_id", "=", self.zone.id)])
        self._read_page(few)  # warm-up caches (ACLs, rules)
        with self.assertQueryCount(wms_operator=1):
            self._read_page(few)
        with self.assertQueryCount(wms_operator=1):
            self._read_page(many)
        extra = self.env["wms.bin.generator"].sudo().create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id, "aisle_from": 4, "aisle_to": 12,
            "bay_from": 1, "bay_to": 10, "level_from": 1, "level_to": 4,
        })
        extra.action_generate()
        many = self.env["stock.location"].search([("wms_zone_id", "=", self.zone.id)])
        self.assertEqual(len(many), 24 + 360)
        with self.assertQueryCount(wms_operator=1):
            self._read_page(many)

    @users("wms_operator")
    def test_map_data_query_count_is_flat(self):
        warehouse = self.warehouse.with_user(self.env.user)
        warehouse.wms_map_data()
        self.env.invalidate_all()
        with self.assertQueryCount(wms_operator=10):
            small = warehouse.wms_map_data()
        self.env["wms.bin.generator"].sudo().create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id, "aisle_from": 4, "aisle_to": 8,
            "bay_from": 1, "bay_to": 10, "level_from": 1, "level_to": 4,
        }).action_generate()
        self.env.invalidate_all()
        with self.assertQueryCount(wms_operator=10):
            large = warehouse.wms_map_data()
        self.assertEqual(len(small["bins"]), 24)
        self.assertEqual(len(large["bins"]), 224)
        self.assertEqual(len(large["layout"]["aisles"]), 8)
