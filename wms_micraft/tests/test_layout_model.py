import psycopg2.errors

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import WmsCase


class TestLayoutModel(WmsCase):
    """Walking distances between real bins, through the warehouse layout."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # aisles at x = 0, 3.5, 7; 4 bays both sides -> aisle 2 m long; cross aisles y=0 and y=2
        cls.generate()
        cls.layout = cls.env["wms.layout"].search([("warehouse_id", "=", cls.warehouse.id)])

    def test_same_aisle_is_straight_along_the_aisle(self):
        # A010101 (left, y=0.5) to A010301 (left, second slot, y=1.5): 1 m; both sides share the aisle
        self.assertAlmostEqual(self.bin("A010101").wms_walking_distance(self.bin("A010301")), 1.0)
        self.assertAlmostEqual(self.bin("A010101").wms_walking_distance(self.bin("A010201")), 0.0)

    def test_other_aisle_goes_round_the_shorter_cross_aisle(self):
        # aisle 1 y=0.5 -> aisle 3 y=1.5: front 0.5 + 7 + 1.5 = 9; back 1.5 + 7 + 0.5 = 9
        self.assertAlmostEqual(self.bin("A010101").wms_walking_distance(self.bin("A030301")), 9.0)
        # aisle 1 y=0.5 -> aisle 2 y=0.5: front 0.5 + 3.5 + 0.5 = 4.5 (back would be 1.5+3.5+1.5)
        self.assertAlmostEqual(self.bin("A010101").wms_walking_distance(self.bin("A020101")), 4.5)

    def test_distance_is_not_straight_line(self):
        a, b = self.bin("A010301"), self.bin("A020301")  # both at y=1.5, 3.5+2.5 apart in x
        straight = abs(a.wms_x - b.wms_x)
        walked = a.wms_walking_distance(b)
        # through the back cross aisle: 0.5 + 3.5 + 0.5 = 4.5, longer than 3.5 between aisle lines
        self.assertAlmostEqual(walked, 4.5)
        self.assertGreater(walked, 3.5)
        self.assertNotAlmostEqual(walked, straight)

    def test_depot_and_matrix(self):
        bins = self.bin("A010101") | self.bin("A030402")
        # depot at (0, 0): to aisle 3 (x=7), y=1.5 -> 7 + 1.5
        self.assertAlmostEqual(self.layout.depot_distance(self.bin("A030402")), 8.5)
        matrix = self.layout.distance_matrix(bins)
        self.assertEqual(matrix[0][0], 0.0)
        self.assertAlmostEqual(matrix[0][1], 0.5 + 7 + 1.5)
        self.assertAlmostEqual(matrix[0][1], matrix[1][0])

    def test_middle_cross_aisle_shortcut(self):
        self.layout.cross_aisle_ids.unlink()
        self.env["wms.layout.cross.aisle"].create([
            {"layout_id": self.layout.id, "position": 0.0},
            {"layout_id": self.layout.id, "position": 1.0},
        ])
        # aisle 1 y=1.5 -> aisle 2 y=1.5 via middle (y=1): 0.5 + 3.5 + 0.5
        self.assertAlmostEqual(self.bin("A010301").wms_walking_distance(self.bin("A020301")), 4.5)

    def test_invalid_geometry_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["wms.layout.cross.aisle"].create({"layout_id": self.layout.id, "position": 50.0})
        self.assertIn("Cross aisles: the cross aisle at 50 m meets no aisle", str(caught.exception))
        self.assertNotIn("cross_aisles", str(caught.exception))

    def test_bin_without_layout(self):
        other_wh = self.env["stock.warehouse"].create({"name": "Empty WH", "code": "EWH"})
        loc = self.env["stock.location"].create({"name": "X", "location_id": other_wh.lot_stock_id.id})
        loc2 = self.env["stock.location"].create({"name": "Y", "location_id": other_wh.lot_stock_id.id})
        with self.assertRaises(UserError) as caught:
            loc.wms_walking_distance(loc2)
        self.assertIn("has no layout", str(caught.exception))
        with self.assertRaises(UserError):
            loc.wms_walking_distance(self.bin("A010101"))

    def test_warehouse_layout_accessor(self):
        """stock.warehouse._wms_layout: the one layout, none for a warehouse without one or no warehouse."""
        self.assertEqual(len(self.layout), 1)
        self.assertEqual(self.warehouse._wms_layout(), self.layout)
        self.assertEqual(self.warehouse._wms_get_or_create_layout(), self.layout)
        other_wh = self.env["stock.warehouse"].create({"name": "Bare WH", "code": "BWH"})
        self.assertFalse(other_wh._wms_layout())
        self.assertFalse(self.env["stock.warehouse"]._wms_layout())
        created = other_wh._wms_get_or_create_layout()
        self.assertEqual(created.warehouse_id, other_wh)
        self.assertEqual(other_wh._wms_layout(), created)

    def test_zone_code_unique_per_warehouse_and_colour_checked(self):
        with self.assertRaises(ValidationError):
            self.env["wms.zone"].create({"name": "Bad", "code": "B", "warehouse_id": self.warehouse.id, "color_hex": "red"})
        with self.assertRaisesRegex(psycopg2.errors.UniqueViolation, "wms_zone_code_warehouse_unique"), \
                mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["wms.zone"].create({"name": "Dup", "code": "A", "warehouse_id": self.warehouse.id})
            self.env.flush_all()
        self.assertEqual(self.zone.bin_count, 24)
