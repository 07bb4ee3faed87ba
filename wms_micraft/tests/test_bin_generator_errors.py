from odoo.exceptions import UserError

from .common import WmsCase


class TestBinGeneratorErrors(WmsCase):
    """Bad patterns are refused with a message naming the field, and nothing is created."""

    def assertRefused(self, field_label, expected_text, **values):
        before = self.env["stock.location"].search_count([])
        layouts_before = self.env["wms.layout.aisle"].search_count([])
        with self.assertRaises(UserError) as caught:
            self.generate(**values)
        message = str(caught.exception)
        self.assertTrue(message.startswith(field_label + ":"), message)
        self.assertIn(expected_text, message)
        self.assertEqual(self.env["stock.location"].search_count([]), before)
        self.assertEqual(self.env["wms.layout.aisle"].search_count([]), layouts_before)
        return message

    def test_empty_range(self):
        self.assertRefused("To aisle", "is empty", aisle_from=5, aisle_to=2)
        self.assertRefused("To level", "is empty", level_from=3, level_to=1)

    def test_negative_range(self):
        self.assertRefused("From bay", "0 or more", bay_from=-1)

    def test_negative_capacity(self):
        self.assertRefused("Max weight per bin", "cannot be negative", max_weight=-5)

    def test_zero_dimension(self):
        self.assertRefused("Bin width (m)", "greater than 0", bin_width=0)

    def test_pattern_without_distinguishing_placeholder(self):
        message = self.assertRefused("Name pattern", "twice", name_pattern="{zone}-{aisle}-{bay}")
        self.assertIn("A-1-1", message)

    def test_unknown_placeholder(self):
        self.assertRefused("Barcode pattern", "unknown placeholder(s) row", barcode_pattern="{zone}{row}")

    def test_barcode_overlapping_existing_location(self):
        other = self.env["stock.location"].create({
            "name": "Old shelf", "barcode": "A010201", "location_id": self.stock.id, "usage": "internal",
        })
        message = self.assertRefused("Barcode pattern", "already used by location Old shelf")
        self.assertIn("A010201", message)
        self.assertTrue(other.exists())

    def test_name_overlapping_existing_location(self):
        self.env["stock.location"].create({
            "name": "A-02-01-01", "barcode": "OLD-1", "location_id": self.stock.id, "usage": "internal",
        })
        self.assertRefused("Name pattern", "A-02-01-01 already exists")

    def test_aisles_too_close(self):
        self.assertRefused("Aisle spacing (m)", "racks would overlap", aisle_spacing=2.0)

    def test_partial_rerun_creates_only_missing_bins(self):
        self.generate(aisle_to=1)
        wizard = self.generate(aisle_to=2)
        self.assertEqual((wizard.created_count, wizard.existing_count), (8, 8))
        self.assertEqual(self.env["stock.location"].search_count([("wms_zone_id", "=", self.zone.id)]), 16)
        self.assertEqual(len(self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)]).aisle_ids), 2)

    def test_preview_names_first_bin_and_count(self):
        wizard = self.env["wms.bin.generator"].create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id,
            "aisle_from": 1, "aisle_to": 2, "bay_from": 1, "bay_to": 10, "level_from": 1, "level_to": 3,
        })
        self.assertEqual(wizard.bin_count, 60)
        self.assertIn("A-01-01-01", wizard.preview)
        wizard.aisle_to = 0
        self.assertEqual(wizard.bin_count, 0)
        self.assertTrue(wizard.preview.startswith("To aisle:"), wizard.preview)
