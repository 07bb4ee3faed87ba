from .putaway_common import PutawayCase

# Extra queries of directed putaway on a one-line receipt's confirmation (candidates,
# engine, suggestion, putaway task, bin booking) over Odoo's own confirmation.
DIRECTED_OVERHEAD = 30
# Queries of one suggestion asked outside a receipt (nothing shared with other lines).
SUGGEST_BUDGET = 20


class TestPutawayQueryCount(PutawayCase):
    def measure(self, call):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = call()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def confirm_one_line(self, product, strategy="directed"):
        self.warehouse.wms_putaway_strategy = strategy
        picking = self.receipt((product, 3), confirm=False)
        count, _ = self.measure(picking.action_confirm)
        self.assertEqual(picking.move_line_ids.location_dest_id.wms_is_bin, strategy == "directed")
        return count

    def suggest(self, product):
        count, location = self.measure(lambda: self.stock._get_putaway_strategy(product, quantity=2))
        self.assertTrue(location.wms_is_bin)
        return count

    def counts(self, product):
        self.put_stock(product, self.bin("A030402"), 5)
        return (self.confirm_one_line(product), self.suggest(product), self.confirm_one_line(product, "odoo"))

    def test_queries_per_line_flat_with_warehouse_size(self):
        self.counts(self.make_product("Warm-up", weight=1.0))  # registry caches
        small = self.counts(self.make_product("Small", weight=1.0))
        self.env["wms.bin.generator"].create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id, "aisle_from": 4, "aisle_to": 28,
            "bay_from": 1, "bay_to": 20, "level_from": 1, "level_to": 4, "max_units": 20,
        }).action_generate()
        self.assertEqual(self.env["stock.location"].search_count([("wms_zone_id", "=", self.zone.id)]), 2024)
        product = self.make_product("Large", weight=1.0)
        self.put_stock(product, self.bin("A030402"), 5)
        with self.assertQueryCount(small[1]):
            self.env.invalidate_all()
            self.stock._get_putaway_strategy(product, quantity=2)
        large = self.counts(product)
        # Odoo's own confirmation reads bins 1,000 at a time (34 -> 36 queries here); the
        # directed one does not grow at all.
        self.assertEqual(large[:2], small[:2], f"queries (directed receipt, suggestion, Odoo receipt): "
                                               f"24 bins {small}, 2,024 bins {large}")
        self.assertLessEqual(small[0] - small[2], DIRECTED_OVERHEAD)
        self.assertLessEqual(small[1], SUGGEST_BUDGET)
