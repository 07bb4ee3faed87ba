from unittest.mock import patch

from .common import WmsCase


class TestCapacityQueries(WmsCase):
    """Odoo's storage-category putaway over bins with WMS capacity: the capacity check reads the
    candidates' loads a chunk at a time (one query), not one query per candidate bin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate(aisle_to=2, max_units=10, max_volume=100)  # 16 bins, 10 units each
        cls.category = cls.env["stock.storage.category"].create({"name": "Shelf", "allow_new_product": "mixed"})
        cls.bins = cls.env["stock.location"].search([("wms_zone_id", "=", cls.zone.id)], order="complete_name, id")
        cls.bins.storage_category_id = cls.category
        cls.box = cls.make_product("Box")
        cls.filler = cls.make_product("Filler")
        cls.env["stock.putaway.rule"].create({
            "location_in_id": cls.stock.id, "location_out_id": cls.stock.id,
            "storage_category_id": cls.category.id, "sublocation": "closest_location",
        })

    def _putaway(self, quantity=1):
        """(chosen bin, number of load reads) for one Odoo putaway call."""
        Location = type(self.env["stock.location"])
        original = Location._wms_forecast_load
        reads = []

        def counted(records):
            reads.append(len(records))
            return original(records)

        self.env.invalidate_all()
        with patch.object(Location, "_wms_forecast_load", counted):
            location = self.stock._get_putaway_strategy(self.box, quantity=quantity)
        return location, reads

    def test_full_bins_cost_one_load_read(self):
        for bin_ in self.bins[:3]:
            self.put_stock(self.filler, bin_, 10)  # full: 10 of 10 units
        location, reads = self._putaway()
        self.assertEqual(location, self.bins[3])  # the first bin with room, after three full ones
        self.assertEqual(len(reads), 1)
        for bin_ in self.bins[3:12]:
            self.put_stock(self.filler, bin_, 10)
        location, reads = self._putaway()
        self.assertEqual(location, self.bins[12])  # twelve full bins tested...
        self.assertEqual(len(reads), 1)            # ...with one read of their loads
        self.assertGreaterEqual(reads[0], 13)

    def test_a_partly_full_bin_takes_what_fits(self):
        """The chunked read gives each bin its own load: 5 more fit beside 5 of 10, 6 do not."""
        for bin_ in self.bins[:2]:
            self.put_stock(self.filler, bin_, 10)
        self.put_stock(self.filler, self.bins[2], 5)
        location, _reads = self._putaway(quantity=5)
        self.assertEqual(location, self.bins[2])  # 5 + 5 <= 10
        location, _reads = self._putaway(quantity=6)
        self.assertEqual(location, self.bins[3])  # 5 + 6 > 10: the next bin
        self.assertFalse(self.bins[2].with_context(wms_capacity_loads=None)._check_can_be_used(self.box, quantity=6))
