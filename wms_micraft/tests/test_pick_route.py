import io

from odoo.tools.pdf import PdfReader  # pypdf or PyPDF2, whichever the Odoo image ships

from odoo import Command
from odoo.exceptions import UserError

from .common import WmsCase


class TestPickRoute(WmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 6 aisles x 20 bays (10 per side, aisles 10 m long), one level
        cls.generate(aisle_to=6, bay_to=20, level_to=1)
        cls.customer = cls.env.ref("stock.stock_location_customers")
        cls.products = [cls.make_product(f"P{i}") for i in range(6)]
        # Front and back of aisles 1-3: by name Odoo walks each aisle front to back and
        # comes back to the front of the next one; the shortest route serpentines.
        cls.bins = [cls.bin(code) for code in ("A010101", "A012001", "A020101", "A022001", "A030101", "A032001")]
        for product, bin_ in zip(cls.products, cls.bins):
            cls.put_stock(product, bin_, 5)

    def delivery(self):
        picking = self.env["stock.picking"].create({
            "picking_type_id": self.warehouse.out_type_id.id,
            "location_id": self.stock.id, "location_dest_id": self.customer.id,
            "move_ids": [Command.create({"product_id": p.id, "product_uom_qty": 2, "location_id": self.stock.id,
                                         "location_dest_id": self.customer.id}) for p in self.products],
        })
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.state, "assigned")
        return picking

    def test_route_is_stored_and_shorter_than_odoo_order(self):
        picking = self.delivery()
        picking.action_wms_optimise_route()
        lines = picking.move_line_ids.sorted("wms_route_sequence")
        self.assertEqual(lines.mapped("wms_route_sequence"), list(range(1, 7)))
        layout = self.env["wms.layout"].search([("warehouse_id", "=", self.warehouse.id)])
        # the stored length is the length of walking the stored order
        walked = layout.depot_distance(lines[0].location_id) + layout.depot_distance(lines[-1].location_id) + sum(
            a.location_id.wms_walking_distance(b.location_id) for a, b in zip(lines, lines[1:]))
        self.assertAlmostEqual(picking.wms_route_length, walked, places=6)
        self.assertTrue(picking.wms_route_exact)
        self.assertLess(picking.wms_route_length, picking.wms_route_length_odoo)
        self.assertGreater(picking.wms_route_saving, 0)

    def test_batch_route_and_picklist(self):
        pickings = self.delivery() | self.delivery()
        batch = self.env["stock.picking.batch"].create({"picking_ids": [Command.set(pickings.ids)]})
        batch.action_confirm()
        action = batch.action_wms_print_picklist()
        self.assertEqual(len(batch.move_line_ids.mapped("wms_route_sequence")), 12)
        self.assertEqual(sorted(batch.move_line_ids.mapped("wms_route_sequence")), list(range(1, 13)))
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        text = PdfReader(io.BytesIO(attachment.raw)).pages[0].extract_text()
        first = batch.move_line_ids.sorted("wms_route_sequence")[0]
        self.assertIn(first.location_id.name, text)
        self.assertIn(f"Route {batch.wms_route_length:.1f} m", text)
        self.assertIn(f"Odoo's order {batch.wms_route_length_odoo:.1f} m", text)
        # pick lines appear in route order on the list
        positions = [text.index(ml.location_id.name) for ml in batch.move_line_ids.sorted("wms_route_sequence")
                     if text.count(ml.location_id.name) == 1]
        self.assertEqual(positions, sorted(positions))

    def test_no_layout_refused(self):
        other = self.env["stock.warehouse"].create({"name": "No layout", "code": "NL"})
        picking = self.env["stock.picking"].create({
            "picking_type_id": other.out_type_id.id, "location_id": other.lot_stock_id.id,
            "location_dest_id": self.customer.id,
            "move_ids": [Command.create({"product_id": self.products[0].id, "product_uom_qty": 1,
                                         "location_id": other.lot_stock_id.id, "location_dest_id": self.customer.id})],
        })
        with self.assertRaises(UserError) as caught:
            picking.action_wms_optimise_route()
        self.assertIn("has no line to pick", str(caught.exception))
        picking.action_confirm()
        self.put_stock(self.products[0], other.lot_stock_id, 1)
        picking.action_assign()
        with self.assertRaises(UserError) as caught:
            picking.action_wms_optimise_route()
        self.assertIn("no layout", str(caught.exception))
