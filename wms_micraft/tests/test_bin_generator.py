from .common import WmsCase


class TestBinGenerator(WmsCase):
    def test_generate_counts_names_and_coordinates(self):
        wizard = self.generate()
        self.assertEqual(wizard.created_count, 24)
        self.assertEqual(wizard.existing_count, 0)
        bins = self.env["stock.location"].search([("wms_zone_id", "=", self.zone.id)])
        self.assertEqual(len(bins), 24)
        self.assertTrue(all(bins.mapped("wms_is_bin")))
        self.assertEqual(set(bins.mapped("location_id")), {self.stock})
        first = self.bin("A010101")
        self.assertEqual(first.name, "A-01-01-01")
        self.assertEqual((first.wms_aisle, first.wms_bay, first.wms_level), ("01", "01", 1))
        # aisle 1 at x=0; odd bay on the left: -(1.5/2 + 1/2) = -1.25; first slot centre y=0.5
        self.assertAlmostEqual(first.wms_x, -1.25)
        self.assertAlmostEqual(first.wms_y, 0.5)
        self.assertAlmostEqual(first.wms_z, 0.0)
        # aisle 3, bay 4 (right side, second slot), level 2
        last = self.bin("A030402")
        self.assertAlmostEqual(last.wms_x, 2 * 3.5 + 1.25)
        self.assertAlmostEqual(last.wms_y, 1.5)
        self.assertAlmostEqual(last.wms_z, 0.6)
        self.assertEqual(last.warehouse_id, self.warehouse)

    def test_generate_twice_creates_nothing_and_says_so(self):
        self.generate()
        again = self.generate()
        self.assertEqual(again.created_count, 0)
        self.assertEqual(again.existing_count, 24)
        self.assertIn("Nothing to create", again.result_message)
        self.assertEqual(self.env["stock.location"].search_count([("wms_zone_id", "=", self.zone.id)]), 24)

    def test_generate_extends_layout(self):
        self.generate()
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)])
        self.assertEqual(len(layout), 1)
        self.assertEqual(layout.aisle_ids.mapped("position"), [0.0, 3.5, 7.0])
        self.assertEqual(layout.cross_aisle_ids.mapped("position"), [0.0, 2.0])
        self.assertEqual((layout.depot_x, layout.depot_y), (0.0, 0.0))
