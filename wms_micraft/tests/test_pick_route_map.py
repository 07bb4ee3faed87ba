import math

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import users, warmup

from .common import WmsCase

# wms_route_map_data of a computed route, whatever the number of bins in the warehouse.
MAP_DATA_BUDGET = 20


def polyline_length(polyline):
    return sum(math.dist(a, b) for a, b in zip(polyline, polyline[1:]))


class TestPickRouteMap(WmsCase):
    """The route of a transfer or batch as the warehouse map draws it (``wms_route_map_data``).

    The rack of ``WmsCase``: aisles at x = 0, 3.5 and 7 m, 2 m long (front
    cross aisle at y = 0, back one at y = 2), bins 1.25 m either side of the
    aisle centre line, two levels; the depot at the front of aisle 1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate()
        cls.layout = cls.env["wms.layout"].search([("warehouse_id", "=", cls.warehouse.id)])
        cls.customer = cls.env.ref("stock.stock_location_customers")
        # Bins spread over the three aisles, front and back, both levels.
        codes = ("A010101", "A030401", "A020201", "A010402", "A030102", "A020302")
        cls.bins = [cls.bin(code) for code in codes]
        cls.products = [cls.make_product(f"Route product {i}") for i in range(len(codes))]
        for product, bin_ in zip(cls.products, cls.bins):
            cls.put_stock(product, bin_, 10)

    def delivery(self, products=None, quantity=2):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.stock.id, "location_dest_id": self.customer.id,
            "move_ids": [Command.create({"product_id": p.id, "product_uom_qty": quantity,
                                         "location_id": self.stock.id, "location_dest_id": self.customer.id})
                         for p in (products or self.products)],
        })
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.state, "assigned")
        return picking

    def assert_walk(self, polyline, stops_in_order):
        """Depot to depot, axis-parallel, through every stop in this order."""
        depot = (self.layout.depot_x, self.layout.depot_y)
        self.assertAlmostEqual(math.dist(polyline[0], depot), 0, delta=1e-6)
        self.assertAlmostEqual(math.dist(polyline[-1], depot), 0, delta=1e-6)
        for (x1, y1), (x2, y2) in zip(polyline, polyline[1:]):
            self.assertTrue(x1 == x2 or y1 == y2, f"segment ({x1}, {y1}) -> ({x2}, {y2}) cuts through a rack")
        index = 0
        for stop in stops_in_order:
            while math.dist(polyline[index], stop) > 1e-6:
                index += 1
                self.assertLess(index, len(polyline), f"the walk misses {stop} or reaches it out of order")

    def test_route_drawn_as_computed(self):
        picking = self.delivery()
        picking.action_wms_optimise_route()
        data = picking.wms_route_map_data()
        lines = picking.move_line_ids.sorted("wms_route_sequence")

        self.assertEqual(data["warehouse_id"], self.warehouse.id)
        self.assertEqual((data["model"], data["id"]), ("stock.picking", picking.id))
        # One numbered stop per bin, in route order, at the bin, picked from its aisle.
        self.assertEqual([s["sequence"] for s in data["stops"]], [1, 2, 3, 4, 5, 6])
        self.assertEqual([s["bin_id"] for s in data["stops"]], lines.location_id.ids)
        self.assertEqual([s["name"] for s in data["stops"]], lines.location_id.mapped("name"))
        aisles = self.layout.aisle_ids.mapped("position")
        for stop, line in zip(data["stops"], lines):
            self.assertEqual((stop["x"], stop["y"]), (line.location_id.wms_x, line.location_id.wms_y))
            self.assertIn(stop["pick_x"], aisles)
            self.assertAlmostEqual(abs(stop["pick_x"] - stop["x"]), 1.25)
            self.assertEqual(stop["pick_y"], stop["y"])
            self.assertEqual(stop["lines"], [{
                "sequence": line.wms_route_sequence, "product": line.product_id.display_name, "lot": "",
                "quantity": 2.0, "uom": line.product_uom_id.name,
            }])

        # The route: through every stop in route order, as long as the stored length (0.1 m precision).
        self.assert_walk(data["path"], [(s["pick_x"], s["pick_y"]) for s in data["stops"]])
        self.assertAlmostEqual(polyline_length(data["path"]), picking.wms_route_length, delta=0.05)
        # Odoo's order: the same bins by location name.
        by_name = sorted(data["stops"], key=lambda s: self.env["stock.location"].browse(s["bin_id"]).complete_name)
        self.assert_walk(data["path_odoo"], [(s["pick_x"], s["pick_y"]) for s in by_name])
        self.assertAlmostEqual(polyline_length(data["path_odoo"]), picking.wms_route_length_odoo, delta=0.05)
        self.assertNotEqual(data["path"], data["path_odoo"])

        self.assertEqual(data["length"], picking.wms_route_length)
        self.assertEqual(data["length_odoo"], picking.wms_route_length_odoo)
        self.assertLess(data["length"], data["length_odoo"])
        self.assertTrue(data["exact"])
        self.assertAlmostEqual(data["saving"], picking.wms_route_saving)
        self.assertGreater(data["saving"], 0)
        self.assertEqual(data["off_map"], [])

    def test_route_computed_when_missing_or_stale(self):
        picking = self.delivery(self.products[:3])
        self.assertFalse(picking.wms_route_length)
        data = picking.wms_route_map_data()
        self.assertTrue(picking.wms_route_length)
        self.assertEqual(sorted(picking.move_line_ids.mapped("wms_route_sequence")), [1, 2, 3])
        self.assertEqual(len(data["stops"]), 3)
        self.assertAlmostEqual(polyline_length(data["path"]), picking.wms_route_length, delta=0.05)

        # The only pick in aisle 3 now comes from aisle 1: the stored lengths no longer match
        # the bins, so the map recomputes a shorter route instead of drawing the old one.
        before = picking.wms_route_length
        line = picking.move_line_ids.filtered(lambda ml: ml.product_id == self.products[1])
        self.assertEqual(line.location_id, self.bin("A030401"))
        near = self.bin("A010302")
        self.put_stock(self.products[1], near, 10)
        line.location_id = near
        data = picking.wms_route_map_data()
        self.assertEqual({s["bin_id"] for s in data["stops"]}, {self.bins[0].id, near.id, self.bins[2].id})
        self.assertLess(picking.wms_route_length, before)
        self.assertAlmostEqual(polyline_length(data["path"]), picking.wms_route_length, delta=0.05)
        self.assertAlmostEqual(polyline_length(data["path_odoo"]), picking.wms_route_length_odoo, delta=0.05)

        # A product added after the route was computed: its line gets a place on the route.
        self.env["stock.move"].create({
            "picking_id": picking.id, "product_id": self.products[4].id, "product_uom_qty": 1,
            "location_id": self.stock.id, "location_dest_id": self.customer.id,
        })._action_confirm()
        picking.action_assign()
        data = picking.wms_route_map_data()
        self.assertEqual(sorted(picking.move_line_ids.mapped("wms_route_sequence")), [1, 2, 3, 4])
        self.assertIn(self.bins[4].id, [s["bin_id"] for s in data["stops"]])
        self.assertAlmostEqual(polyline_length(data["path"]), picking.wms_route_length, delta=0.05)

    def test_batch_lines_in_one_bin_are_one_stop(self):
        pickings = self.delivery() | self.delivery(quantity=3)
        batch = self.env["stock.picking.batch"].create({"picking_ids": [Command.set(pickings.ids)]})
        batch.action_confirm()
        action = batch.action_wms_route_map()
        self.assertEqual(action["params"], {"res_model": "stock.picking.batch", "res_id": batch.id})
        data = batch.wms_route_map_data()
        self.assertEqual((data["model"], data["id"]), ("stock.picking.batch", batch.id))
        self.assertEqual(len(batch.move_line_ids), 12)
        # Each bin holds a line of each transfer: six stops of two lines, not twelve stops.
        self.assertEqual(len(data["stops"]), 6)
        self.assertEqual(len({s["bin_id"] for s in data["stops"]}), 6)
        for stop in data["stops"]:
            self.assertEqual(sorted(line["quantity"] for line in stop["lines"]), [2.0, 3.0])
        sequences = [line["sequence"] for stop in data["stops"] for line in stop["lines"]]
        self.assertEqual(sequences, list(range(1, 13)))
        self.assert_walk(data["path"], [(s["pick_x"], s["pick_y"]) for s in data["stops"]])
        self.assertAlmostEqual(polyline_length(data["path"]), batch.wms_route_length, delta=0.05)
        self.assertAlmostEqual(polyline_length(data["path_odoo"]), batch.wms_route_length_odoo, delta=0.05)

    def test_lines_outside_the_layout_are_listed_off_map(self):
        product = self.make_product("Off map product")
        self.put_stock(product, self.stock, 5)  # the stock location itself: no bin coordinates
        picking = self.delivery(self.products[:2] + [product])
        data = picking.wms_route_map_data()
        self.assertEqual(len(data["stops"]), 2)
        self.assertEqual([(o["sequence"], o["name"]) for o in data["off_map"]], [(3, self.stock.display_name)])
        self.assertEqual(data["off_map"][0]["lines"][0]["product"], "Off map product")

    def test_open_the_map_from_the_form(self):
        picking = self.delivery()
        action = picking.action_wms_route_map()
        self.assertEqual(action["tag"], "wms_micraft.warehouse_map")
        self.assertEqual(action["params"], {"res_model": "stock.picking", "res_id": picking.id})
        self.assertIn(picking.name, action["name"])

    def test_no_layout_refused(self):
        other = self.env["stock.warehouse"].create({"name": "No layout", "code": "NL"})
        product = self.products[0]
        self.put_stock(product, other.lot_stock_id, 1)
        picking = self.env["stock.picking"].create({
            "picking_type_id": other.out_type_id.id, "location_id": other.lot_stock_id.id,
            "location_dest_id": self.customer.id,
            "move_ids": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                         "location_id": other.lot_stock_id.id, "location_dest_id": self.customer.id})],
        })
        picking.action_confirm()
        picking.action_assign()
        for call in (picking.wms_route_map_data, picking.action_wms_route_map):
            with self.assertRaises(UserError) as caught:
                call()
            message = str(caught.exception)
            self.assertIn(picking.name, message)
            self.assertIn("No layout", message)
            self.assertIn("no layout with aisles and cross aisles", message)
        # A layout without aisles is no better.
        self.env["wms.layout"].create({"warehouse_id": other.id})
        with self.assertRaises(UserError):
            picking.wms_route_map_data()
        self.assertFalse(picking.wms_route_length)

    def test_nothing_to_pick_refused(self):
        picking = self.delivery(self.products[:1])
        picking.action_cancel()
        with self.assertRaises(UserError) as caught:
            picking.wms_route_map_data()
        self.assertIn("has no line to pick", str(caught.exception))


class TestPickRouteMapQueries(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generate()
        cls.customer = cls.env.ref("stock.stock_location_customers")
        codes = ("A010101", "A030401", "A020201", "A010402", "A030102", "A020302")
        cls.products = [cls.make_product(f"Counted product {i}") for i in range(len(codes))]
        for product, code in zip(cls.products, codes):
            cls.put_stock(product, cls.bin(code), 10)
        cls.picking = cls.env["stock.picking"].create({
            "picking_type_id": cls.warehouse.out_type_id.id,
            "location_id": cls.stock.id, "location_dest_id": cls.customer.id,
            "move_ids": [Command.create({"product_id": p.id, "product_uom_qty": 1, "location_id": cls.stock.id,
                                         "location_dest_id": cls.customer.id}) for p in cls.products],
        })
        cls.picking.action_confirm()
        cls.picking.action_assign()
        cls.picking.action_wms_optimise_route()

    def count(self):
        picking = self.picking.with_user(self.env.user)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with self.assertQueryCount(wms_operator=MAP_DATA_BUDGET):
            data = picking.wms_route_map_data()
        self.assertEqual(len(data["stops"]), 6)
        return self.env.cr.sql_log_count - before

    @users("wms_operator")
    @warmup
    def test_query_count_flat_with_the_number_of_bins(self):
        self.count()  # warm the registry caches (access rights, record rules)
        small = self.count()
        self.env["wms.bin.generator"].sudo().create({
            "warehouse_id": self.warehouse.id, "zone_id": self.zone.id, "aisle_from": 4, "aisle_to": 13,
            "bay_from": 1, "bay_to": 20, "level_from": 1, "level_to": 4,
        }).action_generate()
        self.assertEqual(self.env["stock.location"].sudo().search_count([("wms_zone_id", "=", self.zone.id)]), 824)
        large = self.count()
        self.assertLessEqual(small, MAP_DATA_BUDGET)
        self.assertEqual(large, small, f"{small} queries with 24 bins, {large} with 824")
